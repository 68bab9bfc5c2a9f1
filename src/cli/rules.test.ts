import { describe, expect, it } from 'vitest';
import type { RuleMeta } from '../convex/engine/rule.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { formatRulesJson, formatRulesText, ruleRows } from './rules.js';

const meta = (id: string, over: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  title: `Title of ${id}`,
  description: `What ${id} flags.`,
  severity: 'warning',
  docsUrl: `https://docs.convex.dev/${id}`,
  category: 'correctness',
  concerns: [],
  ...over,
});

describe('rules', () => {
  it('has a row per registered rule, sorted by id, fix and opt-in from the meta', () => {
    const rows = ruleRows();
    expect(rows.map((r) => r.id)).toEqual([...ALL_RULES.map((r) => r.id)].sort());
    for (const rule of ALL_RULES) {
      const row = rows.find((r) => r.id === rule.id)!;
      expect(row).toMatchObject({ severity: rule.severity, category: rule.category, fixable: rule.fixable === true, optIn: rule.optIn === true, convexDocs: rule.docsUrl });
      expect(row.docs).toBe(`https://github.com/convex-review/convex-review/blob/main/docs/rules/${rule.id}.md`);
    }
  });

  it('prints a table with the docs link under each rule and a total', () => {
    const rows = ruleRows([meta('b-rule', { fixable: true }), meta('a-rule', { severity: 'info', optIn: true, category: 'security' })]);
    expect(formatRulesText(rows, false)).toBe(
      [
        'RULE    SEVERITY       CATEGORY     FIX  TITLE',
        'a-rule  info (opt-in)  security          Title of a-rule',
        '        https://github.com/convex-review/convex-review/blob/main/docs/rules/a-rule.md',
        'b-rule  warning        correctness  yes  Title of b-rule',
        '        https://github.com/convex-review/convex-review/blob/main/docs/rules/b-rule.md',
        '',
        "2 rules, 1 with a fix (--fix applies it); 1 opt-in (off until a setting names it: --rule ID=SEVERITY or the config file's rules).",
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with a version and every field', () => {
    const out = JSON.parse(formatRulesJson(ruleRows([meta('a-rule')])));
    expect(out).toEqual({
      version: 1,
      rules: [
        {
          id: 'a-rule',
          title: 'Title of a-rule',
          description: 'What a-rule flags.',
          severity: 'warning',
          category: 'correctness',
          fixable: false,
          optIn: false,
          docs: 'https://github.com/convex-review/convex-review/blob/main/docs/rules/a-rule.md',
          convexDocs: 'https://docs.convex.dev/a-rule',
        },
      ],
    });
  });
});
