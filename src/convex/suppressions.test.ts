import { describe, expect, it } from 'vitest';
import { isSuppressed, parseSuppressions } from './suppressions.js';

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
});
