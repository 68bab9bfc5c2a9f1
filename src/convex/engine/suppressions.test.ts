import { describe, expect, it } from 'vitest';
import { eslintEquivalents, isSuppressed, parseEslintSuppressions, parseSuppressions } from './suppressions.js';

describe('suppression comments', () => {
  const text = `// convex-review-disable-next-line no-filter-on-db-query, unbounded-collect -- small table
const a = 1;
/* convex-review-disable redundant-index */
/* convex-review-disable-next-line floating-convex-promise */
const b = 2;
// convex-review-disable-next-line
`;
  const parsed = parseSuppressions(text);

  it('parses next-line and file-level comments with their ids and lines', () => {
    expect(parsed).toEqual([
      { kind: 'next-line', line: 1, ruleIds: ['no-filter-on-db-query', 'unbounded-collect'] },
      { kind: 'file', line: 3, ruleIds: ['redundant-index'] },
      { kind: 'next-line', line: 4, ruleIds: ['floating-convex-promise'] },
      { kind: 'next-line', line: 6, ruleIds: [] },
    ]);
  });

  it('silences only the named rules on the next line, or everywhere for a file-level comment', () => {
    expect(isSuppressed(parsed, 'unbounded-collect', 2)).toBe(true);
    expect(isSuppressed(parsed, 'unbounded-collect', 3)).toBe(false);
    expect(isSuppressed(parsed, 'require-args-validator', 2)).toBe(false);
    expect(isSuppressed(parsed, 'redundant-index', 99)).toBe(true);
    expect(isSuppressed(parsed, 'floating-convex-promise', 5)).toBe(true);
  });

  it('maps plugin rule names to our ids from the rules that name an equivalent', () => {
    const map = eslintEquivalents([{ id: 'unbounded-collect', eslintEquivalent: 'no-collect-in-query' }, { id: 'db-in-action' }]);
    expect([...map]).toEqual([['no-collect-in-query', 'unbounded-collect']]);
  });

  it('reads eslint-disable comments of the equivalent @convex-dev rules, and nothing else', () => {
    const equivalents = eslintEquivalents([
      { id: 'no-filter-on-db-query', eslintEquivalent: 'no-filter-in-query' },
      { id: 'unbounded-collect', eslintEquivalent: 'no-collect-in-query' },
      { id: 'explicit-table-name', eslintEquivalent: 'explicit-table-ids' },
    ]);
    const eslint = parseEslintSuppressions(`const a = db
  // eslint-disable-next-line @convex-dev/no-filter-in-query -- few rows share a key
  .filter(x);
const b = 1; // eslint-disable-line @convex-dev/no-collect-in-query, @typescript-eslint/no-explicit-any
/* eslint-disable @convex-dev/explicit-table-ids */
// eslint-disable-next-line
// eslint-disable-next-line @typescript-eslint/no-explicit-any, other/no-filter-in-query
// eslint-disable-next-line @convex-dev/no-duplicate-indexes
`, equivalents);
    expect(eslint).toEqual([
      { kind: 'next-line', line: 2, ruleIds: ['no-filter-on-db-query'] },
      { kind: 'next-line', line: 3, ruleIds: ['unbounded-collect'] },
      { kind: 'file', line: 5, ruleIds: ['explicit-table-name'] },
    ]);
    expect(isSuppressed(eslint, 'no-filter-on-db-query', 3)).toBe(true);
    expect(isSuppressed(eslint, 'unbounded-collect', 4)).toBe(true);
    expect(isSuppressed(eslint, 'unbounded-collect', 3)).toBe(false);
  });
});
