/**
 * `// convex-review-disable-next-line <rule-id>[, <rule-id>] -- reason` and the file-level
 * `/* convex-review-disable <rule-id> *\/`. Ids are checked against the registry.
 */
export interface Suppression {
  kind: 'next-line' | 'file';
  /** 1-based line of the comment. */
  line: number;
  ruleIds: string[];
}

const PATTERN = /(?:\/\/|\/\*)\s*convex-review-disable(-next-line)?\b([^\n]*)/g;

export function parseSuppressions(text: string): Suppression[] {
  const found: Suppression[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const isBlock = match[0].startsWith('/*');
    let rest = match[2];
    if (isBlock) rest = rest.split('*/')[0];
    const ids = rest.split(/\s--\s|\s--$/)[0].split(/[\s,]+/).filter(Boolean);
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ kind: match[1] ? 'next-line' : 'file', line, ruleIds: ids });
  }
  return found;
}

export function isSuppressed(suppressions: readonly Suppression[], ruleId: string, line: number): boolean {
  return suppressions.some(
    (s) => s.ruleIds.includes(ruleId) && (s.kind === 'file' || s.line + 1 === line),
  );
}
