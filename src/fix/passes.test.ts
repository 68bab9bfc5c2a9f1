import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { fixUntilStable, MAX_FIX_PASSES } from './passes.js';

/** A fake rule: flags the first line with `x`, fixing it to `y` (or to `x` again when `stubborn`). */
function rule(stubborn: boolean) {
  return async (files: ReadonlyMap<string, string>): Promise<Finding[]> =>
    [...files].flatMap(([path, text]) => {
      const index = text.split('\n').findIndex((l) => l.startsWith('x'));
      if (index < 0) return [];
      const line = index + 1;
      const current = text.split('\n')[index];
      const replacement = stubborn ? `x${current}` : 'y';
      return [{ ruleId: 'fake', source: 'static', severity: 'warning', path, line, endLine: line, message: 'x', fix: { line, endLine: line, replacement }, fingerprint: `v1:${path}${line}` } satisfies Finding];
    });
}

describe('fixUntilStable', () => {
  it('re-runs the rules after each pass until nothing is left to fix, and reports only changed files', async () => {
    const files = new Map([
      ['a.ts', 'x\nx\nok\n'],
      ['b.ts', 'ok\n'],
    ]);
    const analyse = rule(false);
    const outcome = await fixUntilStable({ files, first: await analyse(files), findingsOf: (f) => f, wanted: () => true, analyse });
    expect(outcome.files).toEqual([{ path: 'a.ts', before: 'x\nx\nok\n', after: 'y\ny\nok\n' }]);
    expect(outcome.applied.map((f) => f.line)).toEqual([1, 2]);
    expect(outcome.passes).toBe(2);
    expect(outcome.left).toEqual([]);
    expect(files.get('a.ts')).toBe('x\nx\nok\n');
  });

  it('stops after MAX_FIX_PASSES when a fix keeps coming back, and reports it as left', async () => {
    const files = new Map([['a.ts', 'x\n']]);
    const analyse = rule(true);
    const outcome = await fixUntilStable({ files, first: await analyse(files), findingsOf: (f) => f, wanted: () => true, analyse });
    expect(outcome.passes).toBe(MAX_FIX_PASSES);
    expect(outcome.left.map((l) => l.reason)).toEqual(['still reported after the last pass']);
  });

  it('applies only the wanted findings', async () => {
    const files = new Map([['a.ts', 'x\n']]);
    const analyse = rule(false);
    const outcome = await fixUntilStable({ files, first: await analyse(files), findingsOf: (f) => f, wanted: () => false, analyse });
    expect(outcome).toMatchObject({ files: [], applied: [], fixed: [], left: [], passes: 0 });
  });

  it('counts the findings a fix carries the edits of as fixed by it, asked of the analysis it came from', async () => {
    const files = new Map([['a.ts', 'x\nok\n']]);
    const analyse = rule(false);
    const first = await analyse(files);
    const along: Finding = { ...first[0], ruleId: 'other', fix: undefined, fingerprint: 'v1:other' };
    const outcome = await fixUntilStable({ files, first, findingsOf: (f) => f, wanted: () => true, analyse, fixedAlong: (r, f) => (r === first && f === first[0] ? [along] : []) });
    expect(outcome.applied).toEqual([first[0]]);
    expect(outcome.fixed).toEqual([
      { finding: first[0], by: first[0] },
      { finding: along, by: first[0] },
    ]);
  });
});

describe('fixUntilStable with the rule engine', () => {
  it('never loses an edit when two rules fix one line: the merged suggestion carries both', async () => {
    const { runRulesKeyed } = await import('../convex/engine/engine.js');
    const { projectOf } = await import('../../test/support/convex.js');
    const { floatingConvexPromise } = await import('../convex/rules/floating-convex-promise.js');
    const { explicitTableName } = await import('../convex/rules/explicit-table-name.js');
    const files = new Map([
      ['package.json', JSON.stringify({ dependencies: { convex: '^1.31.0' } })],
      [
        'convex/notes.ts',
        `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const touch = mutation({
  args: { id: v.id("notes"), body: v.string() },
  handler: async (ctx, { id, body }) => {
    ctx.db.patch(id, { body });
  },
});
`,
      ],
    ]);
    const analyse = async (current: ReadonlyMap<string, string>) => runRulesKeyed(projectOf(Object.fromEntries(current)), [floatingConvexPromise, explicitTableName], new Map());
    const first = await analyse(files);
    // One pass: the merged fix applies both edits at once, and nothing is left to fix.
    const outcome = await fixUntilStable({
      files,
      first,
      findingsOf: (r) => r.findings,
      wanted: () => true,
      analyse,
      fixedAlong: (r, f) => r.fixedAlong.get(f.fingerprint) ?? [],
    });
    expect(outcome.files.map((f) => f.after.split('\n')[5])).toEqual(['    await ctx.db.patch("notes", id, { body });']);
    expect(outcome.passes).toBe(1);
    expect(outcome.left).toEqual([]);
    expect(outcome.result.findings.filter((f) => f.line === 6)).toEqual([]);
    // One fix applied, two problems fixed: the table-name finding rode on the await fix.
    expect(outcome.applied.map((f) => f.ruleId)).toEqual(['floating-convex-promise']);
    expect(outcome.fixed.map((f) => [f.finding.ruleId, f.by.ruleId])).toEqual([
      ['floating-convex-promise', 'floating-convex-promise'],
      ['explicit-table-name', 'floating-convex-promise'],
    ]);
  });
});
