import type { RuleMeta } from './rule.js';

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
 * The `@convex-dev/eslint-plugin` rules that check what ours check (plugin rule name, without
 * the `@convex-dev/` prefix → our rule id), from the rules' `eslintEquivalent`. A project that
 * silenced the plugin's rule on a line (`// eslint-disable-next-line @convex-dev/no-filter-in-query
 * -- few rows`) has already reviewed that line for the same problem: repeating it is noise.
 */
export type EslintEquivalents = ReadonlyMap<string, string>;

export function eslintEquivalents(rules: readonly Pick<RuleMeta, 'id' | 'eslintEquivalent'>[]): EslintEquivalents {
  const map = new Map<string, string>();
  for (const rule of rules) if (rule.eslintEquivalent) map.set(rule.eslintEquivalent, rule.id);
  return map;
}

const ESLINT_PATTERN = /(?:\/\/|\/\*)\s*eslint-disable(-next-line|-line)?(?=[\s*]|$)([^\n]*)/g;

/**
 * ESLint comments that disable a `@convex-dev/*` rule, as suppressions of our equivalent rule:
 * `eslint-disable-next-line` (the next line), `eslint-disable-line` (its own line) and a block
 * `/* eslint-disable … *\/` (the whole file; a later `eslint-enable` is not tracked). Comments
 * that name no `@convex-dev/` rule (a bare disable, other plugins) silence nothing of ours.
 */
export function parseEslintSuppressions(text: string, equivalents: EslintEquivalents): Suppression[] {
  const found: Suppression[] = [];
  for (const match of text.matchAll(ESLINT_PATTERN)) {
    const isBlock = match[0].startsWith('/*');
    let rest = match[2];
    if (isBlock) rest = rest.split('*/')[0];
    const ruleIds = rest
      .split(/\s--\s|\s--$/)[0]
      .split(/[\s,]+/)
      .map((name) => (name.startsWith('@convex-dev/') ? equivalents.get(name.slice('@convex-dev/'.length)) : undefined))
      .filter((id): id is string => id !== undefined);
    if (ruleIds.length === 0) continue;
    const line = text.slice(0, match.index).split('\n').length;
    if (match[1] === '-next-line') found.push({ kind: 'next-line', line, ruleIds });
    else if (match[1] === '-line') found.push({ kind: 'next-line', line: line - 1, ruleIds });
    else if (isBlock) found.push({ kind: 'file', line, ruleIds });
  }
  return found;
}
