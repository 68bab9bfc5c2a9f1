import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import type { RuleMeta } from '../convex/engine/rule.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { validateSarif as validate } from '../../test/support/sarif.js';
import { absoluteLinks, RULE_HELP } from './rule-help.js';
import { FINGERPRINT_KEY, ruleName, toSarif, type SarifLog } from './sarif.js';

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

const RULES: RuleMeta[] = [
  { id: 'unbounded-collect', title: 'Unbounded collect', description: 'Flags .collect() on unbounded queries.', severity: 'warning', docsUrl: 'https://docs.convex.dev/a', category: 'performance', concerns: ['performance'] },
  { id: 'require-args-validator', title: 'Require args validator', description: 'Public functions need args.', severity: 'error', docsUrl: 'https://docs.convex.dev/b', category: 'security', concerns: ['security'] },
  { id: 'parse-error', title: 'Parse error', description: 'The file does not parse.', severity: 'info', docsUrl: 'https://docs.convex.dev/c', category: 'correctness', concerns: [] },
];

const OURS = 'https://github.com/convex-review/convex-review/blob/main/docs/rules';
const help = (id: string, convex: string) => ({ text: `Rule docs: ${OURS}/${id}.md\nConvex docs: ${convex}`, markdown: `[Rule docs](${OURS}/${id}.md) · [Convex docs](${convex})` });

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'require-args-validator',
    source: 'static',
    severity: 'error',
    path: 'convex/messages.ts',
    line: 9,
    endLine: 9,
    message: 'Public query has no `args` validator',
    fingerprint: 'v1:0123456789abcdef',
    ...over,
  };
}

const FINDINGS: Finding[] = [
  finding({ column: 23, detail: 'Add `args: {}`.', docsUrl: 'https://docs.convex.dev/b', fix: { line: 9, endLine: 9, replacement: 'export const list = query({ args: {},' } }),
  finding({ ruleId: 'unbounded-collect', severity: 'warning', path: 'convex/chat/list.ts', line: 3, endLine: 5, column: 7, fingerprint: 'v1:1111111111111111', message: 'Unbounded collect' }),
  finding({ ruleId: 'parse-error', severity: 'info', path: 'convex/broken.ts', line: 2, endLine: 2, fingerprint: 'v1:2222222222222222', message: 'File does not parse' }),
  finding({ ruleId: 'claude/security', source: 'claude', severity: 'warning', path: 'convex/messages.ts', line: 12, endLine: 14, fingerprint: 'v1:3333333333333333', message: 'Anyone can delete any message', detail: 'Check the owner.' }),
  finding({ ruleId: 'claude/data-model', source: 'claude', severity: 'info', path: 'convex/schema.ts', line: 4, endLine: 4, fingerprint: 'v1:4444444444444444', message: 'Denormalise the count' }),
  finding({ ruleId: 'claude/security', source: 'claude', severity: 'error', path: 'convex/admin.ts', line: 1, endLine: 2, fingerprint: 'v1:5555555555555555', message: 'Admin check missing', fix: { line: 1, endLine: 2, replacement: 'a\nb' } }),
];

function run(log: SarifLog) {
  return log.runs[0];
}

describe('toSarif', () => {
  const log = toSarif(FINDINGS, { toolVersion: '1.2.3', rules: RULES });
  const byFp = (fp: string) => run(log).results.find((r) => r.partialFingerprints[FINGERPRINT_KEY] === fp)!;

  it('is a schema-valid SARIF 2.1.0 log with the driver named convex-review', () => {
    expectValid(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run(log).tool.driver.name).toBe('convex-review');
    expect(run(log).tool.driver.version).toBe('1.2.3');
    expect(run(log).tool.driver).not.toHaveProperty('informationUri');
    expect(run(log).columnKind).toBe('utf16CodeUnits');
  });

  it('the validator really checks: a wrong level is refused', () => {
    const bad = structuredClone(log) as unknown as { runs: Array<{ results: Array<{ level: string }> }> };
    bad.runs[0].results[0].level = 'fatal';
    expect(validate(bad)).toBe(false);
  });

  it('maps severities to levels: error→error, warning→warning, info→note', () => {
    expect(byFp('v1:0123456789abcdef').level).toBe('error');
    expect(byFp('v1:1111111111111111').level).toBe('warning');
    expect(byFp('v1:2222222222222222').level).toBe('note');
    const defaults = Object.fromEntries(run(log).tool.driver.rules.map((r) => [r.id, r.defaultConfiguration?.level]));
    expect(defaults).toMatchObject({ 'require-args-validator': 'error', 'unbounded-collect': 'warning', 'parse-error': 'note' });
  });

  it('describes every registered rule, with or without results, sorted by id', () => {
    const noResults = toSarif([], { toolVersion: '1.2.3', rules: RULES });
    expectValid(noResults);
    expect(run(noResults).results).toEqual([]);
    expect(run(noResults).tool.driver.rules).toEqual([
      { id: 'parse-error', name: 'ParseError', shortDescription: { text: 'Parse error' }, fullDescription: { text: 'The file does not parse.' }, helpUri: `${OURS}/parse-error.md`, help: help('parse-error', 'https://docs.convex.dev/c'), defaultConfiguration: { level: 'note' }, properties: { tags: ['convex', 'correctness'], precision: 'medium' } },
      { id: 'require-args-validator', name: 'RequireArgsValidator', shortDescription: { text: 'Require args validator' }, fullDescription: { text: 'Public functions need args.' }, helpUri: `${OURS}/require-args-validator.md`, help: help('require-args-validator', 'https://docs.convex.dev/b'), defaultConfiguration: { level: 'error' }, properties: { tags: ['convex', 'security'], precision: 'high', 'security-severity': '7.5' } },
      { id: 'unbounded-collect', name: 'UnboundedCollect', shortDescription: { text: 'Unbounded collect' }, fullDescription: { text: 'Flags .collect() on unbounded queries.' }, helpUri: `${OURS}/unbounded-collect.md`, help: help('unbounded-collect', 'https://docs.convex.dev/a'), defaultConfiguration: { level: 'warning' }, properties: { tags: ['convex', 'performance'], precision: 'high' } },
    ]);
  });

  it("carries each rule's doc page as help.markdown, and the registered rules' tags, precision and security-severity", () => {
    const withPages = toSarif(FINDINGS, { toolVersion: '1.2.3', rules: ALL_RULES, help: RULE_HELP });
    expectValid(withPages);
    const rules = run(withPages).tool.driver.rules;
    for (const rule of ALL_RULES) {
      const entry = rules.find((r) => r.id === rule.id)!;
      expect(entry.help?.markdown, rule.id).toBe(RULE_HELP.get(rule.id));
      expect(entry.help?.markdown, rule.id).toContain(`# ${rule.id}`);
      expect(entry.help?.markdown ?? '', rule.id).not.toMatch(/\]\((?!https?:|mailto:|#)/);
      expect(entry.helpUri).toBe(`${OURS}/${rule.id}.md`);
      expect(entry.properties?.tags, rule.id).toContain(rule.category);
      expect(['high', 'medium', 'low']).toContain(entry.properties?.precision);
      if (rule.category === 'security') expect(Number(entry.properties?.['security-severity'])).toBeGreaterThan(0);
      else expect(entry.properties?.['security-severity'], rule.id).toBeUndefined();
    }
    expect(rules.find((r) => r.id === 'client-called-action-writes')?.properties?.precision).toBe('low');
  });

  it('makes relative links of a doc page absolute', () => {
    expect(absoluteLinks('see [p](../precision.md) and [x](x.md#a), [c](https://docs.convex.dev) [s](#why)', `${OURS}/a.md`)).toBe(
      'see [p](https://github.com/convex-review/convex-review/blob/main/docs/precision.md) and [x](https://github.com/convex-review/convex-review/blob/main/docs/rules/x.md#a), [c](https://docs.convex.dev) [s](#why)',
    );
  });

  it('links a static rule missing from the registry to its page, and the Convex docs its finding names in the help', () => {
    const stray = toSarif([finding({ ruleId: 'retired-rule', docsUrl: 'https://docs.convex.dev/d' })], { toolVersion: '1.2.3', rules: RULES });
    expectValid(stray);
    expect(run(stray).tool.driver.rules.find((r) => r.id === 'retired-rule')).toEqual({
      id: 'retired-rule',
      name: 'RetiredRule',
      shortDescription: { text: 'retired-rule' },
      helpUri: `${OURS}/retired-rule.md`,
      help: help('retired-rule', 'https://docs.convex.dev/d'),
    });
  });

  it('gives each Claude category one rule entry, without helpUri or default level', () => {
    const claude = run(log).tool.driver.rules.filter((r) => r.id.startsWith('claude/'));
    expect(claude).toEqual([
      { id: 'claude/data-model', name: 'ClaudeDataModel', shortDescription: { text: 'Claude review: data-model' }, properties: { tags: ['claude', 'data-model'] } },
      { id: 'claude/security', name: 'ClaudeSecurity', shortDescription: { text: 'Claude review: security' }, properties: { tags: ['claude', 'security'] } },
    ]);
    expect(byFp('v1:5555555555555555').level).toBe('error');
  });

  it('points every ruleIndex at its rule', () => {
    const rules = run(log).tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
    for (const r of run(log).results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('carries the fingerprint v1 as partialFingerprints', () => {
    expect(run(log).results.map((r) => r.partialFingerprints)).toHaveLength(FINDINGS.length);
    for (const f of FINDINGS) expect(byFp(f.fingerprint).partialFingerprints).toEqual({ 'convexReview/v1': f.fingerprint });
  });

  it('locates with a repo-root uri against %SRCROOT%, with startColumn only when known', () => {
    expect(byFp('v1:0123456789abcdef').locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'convex/messages.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 9, startColumn: 23, endLine: 9 } } },
    ]);
    expect(byFp('v1:2222222222222222').locations[0].physicalLocation.region).toEqual({ startLine: 2, endLine: 2 });
    expect(byFp('v1:3333333333333333').locations[0].physicalLocation.region).toEqual({ startLine: 12, endLine: 14 });
  });

  it('percent-encodes path segments that a URI cannot carry as they are', () => {
    const odd = toSarif([finding({ path: 'convex/my file#1.ts' })], { toolVersion: '1.2.3', rules: RULES });
    expectValid(odd);
    expect(run(odd).results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('convex/my%20file%231.ts');
  });

  it('puts the message in text and message plus detail in markdown', () => {
    expect(byFp('v1:0123456789abcdef').message).toEqual({ text: 'Public query has no `args` validator', markdown: 'Public query has no `args` validator\n\nAdd `args: {}`.' });
    expect(byFp('v1:1111111111111111').message).toEqual({ text: 'Unbounded collect' });
  });

  it('turns a fix into one replacement of whole lines, and leaves fixes out without one', () => {
    expect(byFp('v1:0123456789abcdef').fixes).toEqual([
      {
        description: { text: 'Replace line 9' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'convex/messages.ts', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 9, endLine: 9 }, insertedContent: { text: 'export const list = query({ args: {},' } }],
          },
        ],
      },
    ]);
    expect(byFp('v1:5555555555555555').fixes?.[0].description.text).toBe('Replace lines 1-2');
    expect(byFp('v1:5555555555555555').fixes?.[0].artifactChanges[0].replacements[0].insertedContent.text).toBe('a\nb');
    expect(byFp('v1:1111111111111111')).not.toHaveProperty('fixes');
  });

  it('leaves out a fix that deletes the lines (it cannot be addressed exactly by lines)', () => {
    const del = toSarif([finding({ fix: { line: 9, endLine: 10, replacement: '' } })], { toolVersion: '1.2.3', rules: RULES });
    expect(run(del).results[0]).not.toHaveProperty('fixes');
  });

  it('is deterministic: the input order does not matter and the input is not changed', () => {
    const copy = structuredClone(FINDINGS);
    const reversed = toSarif([...FINDINGS].reverse(), { toolVersion: '1.2.3', rules: [...RULES].reverse() });
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(log));
    expect(FINDINGS).toEqual(copy);
    expect(run(log).results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual([
      'convex/admin.ts',
      'convex/broken.ts',
      'convex/chat/list.ts',
      'convex/messages.ts',
      'convex/messages.ts',
      'convex/schema.ts',
    ]);
  });

  it('names rules in PascalCase', () => {
    expect(ruleName('require-args-validator')).toBe('RequireArgsValidator');
    expect(ruleName('claude/data-model')).toBe('ClaudeDataModel');
    expect(ruleName('parse-error')).toBe('ParseError');
  });

  it('is schema-valid with the real registry, describing every registered rule', () => {
    const real = toSarif(FINDINGS, { toolVersion: '0.1.0', rules: ALL_RULES });
    expectValid(real);
    const ids = run(real).tool.driver.rules.map((r) => r.id);
    for (const rule of ALL_RULES) expect(ids).toContain(rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
