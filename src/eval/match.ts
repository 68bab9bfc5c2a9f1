/**
 * A case's review scored against its labels: each comment (static or Claude, inline or in the
 * summary) matched to the expectations it meets — same path, lines overlapping within ±2 or the
 * same enclosing exported function, the severity and category asked for, the words found — and
 * the inline comments that meet none counted as noise. Pure.
 */
import type { Category } from '../core/categories.js';
import { severityRank, type Finding } from '../core/finding.js';
import type { EvalCase, Expectation, ExpectationResult, Forbid, ScoredComment } from './types.js';

export const LINE_SLACK = 2;

export interface ReviewedComment {
  finding: Finding;
  inline: boolean;
  /** The rule's category (static) or Claude's (`claude/<category>`). */
  category?: Category;
}

export interface CaseScore {
  expectations: ExpectationResult[];
  comments: ScoredComment[];
  inline: number;
  noise: number;
  overBudget: boolean;
  forbiddenHits: number;
}

export function scoreCase(c: EvalCase, comments: readonly ReviewedComment[]): CaseScore {
  const scored: ScoredComment[] = comments.map(({ finding: f, inline, category }) => {
    const text = c.head.get(f.path);
    const fn = text === undefined ? undefined : enclosingFunction(text, f.line);
    const matches = c.expect.filter((e) => meets(e, f, category, fn)).map((e) => e.id);
    const near = c.expect.some((e) => e.path === f.path && isNear(e, f, fn));
    const forbidden = c.forbid.find((x) => x.path === f.path && overlaps([f.line, f.endLine], x.lines, 0));
    return {
      source: f.source,
      ruleId: f.ruleId,
      severity: f.severity,
      path: f.path,
      line: f.line,
      endLine: f.endLine,
      message: f.message,
      inline,
      matches,
      labelled: near || forbidden !== undefined,
      ...(forbidden ? { forbidden: forbidden.why } : {}),
    };
  });
  const expectations = c.expect.map((e): ExpectationResult => {
    const by = scored.filter((s) => s.matches.includes(e.id));
    return {
      id: e.id,
      label: e.label,
      minSeverity: e.minSeverity,
      matched: by.length > 0,
      matchedInline: by.some((s) => s.inline),
      bySource: [...new Set(by.map((s) => s.source))].sort(),
    };
  });
  const inline = scored.filter((s) => s.inline);
  const noise = inline.filter((s) => s.matches.length === 0).length;
  return {
    expectations,
    comments: scored,
    inline: inline.length,
    noise,
    overBudget: noise > c.maxInline,
    forbiddenHits: inline.filter((s) => s.forbidden !== undefined).length,
  };
}

function meets(e: Expectation, f: Finding, category: Category | undefined, fn: string | undefined): boolean {
  if (e.path !== f.path || !isNear(e, f, fn)) return false;
  if (severityRank(f.severity) < severityRank(e.minSeverity)) return false;
  if (e.category && (!category || !e.category.includes(category))) return false;
  const text = `${f.ruleId}\n${f.message}\n${f.detail ?? ''}`.toLowerCase();
  return e.words.every((w) => w.toLowerCase().split('|').some((alt) => alt !== '' && text.includes(alt)));
}

function isNear(e: Expectation, f: Finding, fn: string | undefined): boolean {
  if (e.lines && overlaps([f.line, f.endLine], e.lines, LINE_SLACK)) return true;
  return e.function !== undefined && fn === e.function;
}

export function overlaps(a: readonly [number, number], b: readonly [number, number], slack: number): boolean {
  return a[0] <= b[1] + slack && b[0] <= a[1] + slack;
}

/**
 * The exported declaration a line belongs to: the nearest `export const|function|class NAME` at or
 * above it (up to the next one), or undefined above the first. Text-level, like a reader's eye.
 */
export function enclosingFunction(text: string, line: number): string | undefined {
  const lines = text.split('\n');
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^export\s+(?:default\s+)?(?:async\s+)?(?:const|let|function\*?|class)\s+([A-Za-z_$][\w$]*)/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

/** Forbidden lines in words, for a report. */
export function describeForbid(f: Forbid): string {
  return `${f.path}:${f.lines[0]}${f.lines[1] !== f.lines[0] ? `-${f.lines[1]}` : ''} (${f.why})`;
}
