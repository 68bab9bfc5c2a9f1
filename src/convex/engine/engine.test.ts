import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { findingsOf, projectOf } from '../../../test/support/convex.js';
import { runRules, wholeLineFix } from './engine.js';
import type { Rule } from './rule.js';
import { walk } from '../model/ast.js';

/** A rule that flags every `flagMe()` call, with a fix renaming it. */
const flagMe: Rule = {
  id: 'require-args-validator', // a registry id, so suppressions naming it are valid
  title: 't',
  description: 'd',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/x',
  category: 'security',
  concerns: ['security'],
  *check(project) {
    for (const file of project.files) {
      const calls: ts.CallExpression[] = [];
      walk(file.ast, (n) => {
        if (ts.isCallExpression(n) && n.expression.getText(file.ast) === 'flagMe') calls.push(n);
      });
      for (const call of calls) {
        yield { file, node: call, message: 'm', detail: 'why', fix: { start: call.expression.getStart(file.ast), end: call.expression.getEnd(), newText: 'fixed' } };
      }
    }
  },
};

describe('the rule engine', () => {
  const files = {
    'convex/a.ts': `export const list = () => {\n  flagMe();\n  flagMe();\n};\n// convex-review-disable-next-line require-args-validator -- test\nflagMe();\n// convex-review-disable-next-line no-such-rule\nflagMe();\n`,
  };

  it('locates, fingerprints by exported function and occurrence, and applies suppressions', () => {
    const findings = runRules(projectOf(files), [flagMe], new Map()).filter((f) => f.ruleId === flagMe.id);
    expect(findings.map((f) => f.line)).toEqual([2, 3, 8]);
    expect(findings[0].fingerprint).not.toBe(findings[1].fingerprint);
    expect(findings[0].detail).toBe('why\n\nTo silence this here, put `// convex-review-disable-next-line require-args-validator -- <why>` on the line above.');
    expect(findings[0].fix).toEqual({ line: 2, endLine: 2, replacement: '  fixed();' });
  });

  it('honours an eslint-disable of the plugin rule a given rule names as its equivalent', () => {
    const text = { 'convex/a.ts': `// eslint-disable-next-line @convex-dev/flag-me -- reviewed\nflagMe();\nflagMe();\n` };
    const withEquivalent = runRules(projectOf(text), [{ ...flagMe, eslintEquivalent: 'flag-me' }], new Map());
    expect(withEquivalent.filter((f) => f.ruleId === flagMe.id).map((f) => f.line)).toEqual([3]);
    const without = runRules(projectOf(text), [flagMe], new Map());
    expect(without.filter((f) => f.ruleId === flagMe.id).map((f) => f.line)).toEqual([2, 3]);
  });

  it('keeps fingerprints when unrelated lines move', () => {
    const before = runRules(projectOf(files), [flagMe], new Map()).map((f) => f.fingerprint);
    const shifted = { 'convex/a.ts': `// a new comment\n\n${files['convex/a.ts']}` };
    const after = runRules(projectOf(shifted), [flagMe], new Map()).map((f) => f.fingerprint);
    expect(after).toEqual(before);
  });

  it('reports suppressions that name unknown or no rules', () => {
    const findings = runRules(projectOf(files), [flagMe], new Map()).filter((f) => f.ruleId === 'invalid-suppression');
    expect(findings.map((f) => [f.line, f.message])).toEqual([[7, "Suppression comment names unknown rule id 'no-such-rule'"]]);
  });

  it('applies severity settings and turns rules off', () => {
    expect(runRules(projectOf(files), [flagMe], new Map([[flagMe.id, 'error']])).filter((f) => f.ruleId === flagMe.id).map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(runRules(projectOf(files), [flagMe], new Map([[flagMe.id, 'off']])).filter((f) => f.ruleId === flagMe.id)).toEqual([]);
  });

  it('gives a file that does not parse one parse-error finding and nothing else', () => {
    const findings = runRules(projectOf({ 'convex/b.ts': 'flagMe();\nconst = ;\n' }), [flagMe], new Map());
    expect(findings.map((f) => [f.ruleId, f.line, f.severity])).toEqual([['parse-error', 2, 'info']]);
  });
});

describe('wholeLineFix', () => {
  it('widens an edit to whole lines, across lines and with CRLF endings', () => {
    const project = projectOf({ 'convex/c.ts': 'const a = 1;\r\nconst b = foo(\r\n  2);\r\nconst c = 3;\r\n' });
    const file = project.files[0];
    const start = file.text.indexOf('foo');
    const end = file.text.indexOf('2)') + 2;
    expect(wholeLineFix(file, { start, end, newText: 'bar(2)' })).toEqual({ line: 2, endLine: 3, replacement: 'const b = bar(2);' });
  });
});

describe('opt-in rules', () => {
  it('run only when a setting names them', async () => {
    const { clientCalledActionWrites } = await import('../rules/client-called-action-writes.js');
    const files = {
      'convex/jobs.ts': `import { action } from "./_generated/server";
import { internal } from "./_generated/api";
export const start = action({ args: {}, handler: async (ctx) => { await ctx.runMutation(internal.jobs.save, {}); } });
`,
    };
    expect(clientCalledActionWrites.optIn).toBe(true);
    expect(findingsOf(clientCalledActionWrites, files)).toEqual([]);
    expect(findingsOf(clientCalledActionWrites, files, new Map([['client-called-action-writes', 'info']]))).toHaveLength(1);
    expect(findingsOf(clientCalledActionWrites, files, new Map([['client-called-action-writes', 'warning']]))[0].severity).toBe('warning');
  });
});

describe('development seeding', () => {
  const performance: Rule = { ...flagMe, id: 'no-filter-on-db-query', category: 'performance' };
  const seeding = {
    'convex/seed.ts': `export const run = () => { flagMe(); };\n`,
    'convex/users.ts': `export const seedUsers = () => { flagMe(); };\nexport const list = () => { flagMe(); };\n`,
  };

  it('lowers warnings of any rule inside seeding code to info and says why', () => {
    const findings = runRules(projectOf(seeding), [performance], new Map());
    expect(findings.map((f) => `${f.path}:${f.line} ${f.severity}`)).toEqual(['convex/seed.ts:1 info', 'convex/users.ts:1 info', 'convex/users.ts:2 warning']);
    expect(findings[1].detail).toContain('Reported as info, not warning: this is development seeding code (`seedUsers` is named for seeding or development).');
    expect(findings[2].detail).not.toContain('seeding');
  });

  it('lowers a severity raised by a setting too, and keeps fingerprints', () => {
    const raised = runRules(projectOf(seeding), [performance], new Map([[performance.id, 'error']]));
    expect(raised.map((f) => f.severity)).toEqual(['info', 'info', 'error']);
    const plain = runRules(projectOf(seeding), [{ ...performance, category: 'correctness', severity: 'info' }], new Map());
    expect(raised.map((f) => f.fingerprint)).toEqual(plain.map((f) => f.fingerprint));
  });

  it('keeps security and correctness findings at their severity: seed code ships, and a broken seed is a bug', () => {
    expect(runRules(projectOf(seeding), [flagMe], new Map()).filter((f) => f.ruleId === flagMe.id).map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    const correctness: Rule = { ...flagMe, id: 'floating-convex-promise', category: 'correctness', severity: 'error' };
    expect(runRules(projectOf(seeding), [correctness], new Map()).map((f) => f.severity)).toEqual(['error', 'error', 'error']);
  });

  it('lowers reliability, maintainability and data-model findings too', () => {
    for (const category of ['reliability', 'maintainability', 'data-model'] as const) {
      const rule: Rule = { ...flagMe, id: 'no-filter-on-db-query', category };
      expect(runRules(projectOf(seeding), [rule], new Map()).map((f) => f.severity), category).toEqual(['info', 'info', 'warning']);
    }
  });
});

describe('fixes on shared lines', () => {
  const files = {
    'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
    'convex/notes.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const touch = mutation({
  args: { id: v.id("notes"), body: v.string() },
  handler: async (ctx, { id, body }) => {
    ctx.db.patch(id, { body });
  },
});
`,
  };

  it('merge into one suggestion, so applying the suggestions never loses an edit', async () => {
    const { floatingConvexPromise } = await import('../rules/floating-convex-promise.js');
    const { explicitTableName } = await import('../rules/explicit-table-name.js');
    const findings = runRules(projectOf(files), [floatingConvexPromise, explicitTableName], new Map());
    const onLine = findings.filter((f) => f.line === 6);
    expect(onLine.map((f) => f.ruleId).sort()).toEqual(['explicit-table-name', 'floating-convex-promise']);
    const withFix = onLine.filter((f) => f.fix);
    expect(withFix).toHaveLength(1);
    expect(withFix[0].fix).toEqual({ line: 6, endLine: 6, replacement: '    await ctx.db.patch("notes", id, { body });' });
    expect(withFix[0].detail).toMatch(/The suggestion also applies the fix of `(explicit-table-name|floating-convex-promise)` on the same lines\./);
    // Alone, each rule still carries its own fix.
    expect(runRules(projectOf(files), [explicitTableName], new Map())[0].fix?.replacement).toBe('    ctx.db.patch("notes", id, { body });');
  });
});
