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

/**
 * The `@convex-dev/eslint-plugin` rule that checks what each of ours checks. A project that
 * silenced the plugin's rule on a line (`// eslint-disable-next-line @convex-dev/no-filter-in-query
 * -- few rows`) has already reviewed that line for the same problem: repeating it is noise.
 */
const ESLINT_EQUIVALENTS: Readonly<Record<string, string>> = {
  'no-old-registered-function-syntax': 'no-old-function-syntax',
  'require-args-validator': 'require-args-validator',
  'require-access-control': 'public-function-auth-check',
  'import-wrong-runtime': 'import-wrong-runtime',
  'explicit-table-ids': 'explicit-table-name',
  'no-filter-in-query': 'no-filter-on-db-query',
  'no-collect-in-query': 'unbounded-collect',
  'no-top-of-hour-crons': 'top-of-hour-cron',
  'no-schema-import-cycle': 'schema-import-cycle',
  'no-duplicate-indexes': 'redundant-index',
  'no-process-env': 'no-process-env',
};

const ESLINT_PATTERN = /(?:\/\/|\/\*)\s*eslint-disable(-next-line|-line)?(?=[\s*]|$)([^\n]*)/g;

/**
 * ESLint comments that disable a `@convex-dev/*` rule, as suppressions of our equivalent rule:
 * `eslint-disable-next-line` (the next line), `eslint-disable-line` (its own line) and a block
 * `/* eslint-disable … *\/` (the whole file; a later `eslint-enable` is not tracked). Comments
 * that name no `@convex-dev/` rule (a bare disable, other plugins) silence nothing of ours.
 */
export function parseEslintSuppressions(text: string): Suppression[] {
  const found: Suppression[] = [];
  for (const match of text.matchAll(ESLINT_PATTERN)) {
    const isBlock = match[0].startsWith('/*');
    let rest = match[2];
    if (isBlock) rest = rest.split('*/')[0];
    const ruleIds = rest
      .split(/\s--\s|\s--$/)[0]
      .split(/[\s,]+/)
      .map((name) => (name.startsWith('@convex-dev/') ? ESLINT_EQUIVALENTS[name.slice('@convex-dev/'.length)] : undefined))
      .filter((id): id is string => id !== undefined);
    if (ruleIds.length === 0) continue;
    const line = text.slice(0, match.index).split('\n').length;
    if (match[1] === '-next-line') found.push({ kind: 'next-line', line, ruleIds });
    else if (match[1] === '-line') found.push({ kind: 'next-line', line: line - 1, ruleIds });
    else if (isBlock) found.push({ kind: 'file', line, ruleIds });
  }
  return found;
}
