/**
 * Grounding a Claude comment in the code: its `evidence` (the flagged lines, quoted) is looked up
 * in the file, and the comment goes where the quote is, not where the model said it was. Pure.
 */

export interface LineRange {
  start: number;
  end: number;
}

export interface EvidenceMatch extends LineRange {
  /** The quote is these lines in full, not a fragment of them: a suggestion may replace them. */
  whole: boolean;
}

/**
 * A quote shorter than this (after normalising) only matches whole lines: a fragment as short as
 * `ctx` or `});` is found anywhere and grounds nothing.
 */
export const MIN_FRAGMENT = 10;

/** One line compared as the model may quote it: trimmed, every run of whitespace one space. */
export function normalizeLine(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

/** A file's lines, normalised, for `findEvidence` (index 0 is line 1). */
export function normalizedLines(text: string): string[] {
  return text.split('\n').map(normalizeLine);
}

/**
 * Where the quote is in the file, the occurrence nearest to `near` (the lines the model gave, at
 * any distance; a tie goes to whole lines, then to the closest start, then to the first). Each
 * line is compared whitespace-normalised, a multi-line quote on consecutive lines; the blank lines
 * around a quote are ignored. A quote matches whole lines, or — when at least `MIN_FRAGMENT` long —
 * a fragment: within one line, or from the end of its first line to the start of its last. When
 * nothing matches and every line of the quote starts with a line number (copied from the numbered
 * code or hunks of the prompt: `12 code`, `12+ code`), those numbers are taken off and the search
 * runs again. Undefined when the quote is empty or not in the file.
 */
export function findEvidence(lines: readonly string[], evidence: string, near: LineRange): EvidenceMatch | undefined {
  const quote = trimBlank(evidence.split('\n').map(normalizeLine));
  if (quote.length === 0) return undefined;
  const found = nearest(matches(lines, quote), near);
  if (found) return found;
  const numbered = /^\d+\+?(?: |$)/;
  if (!quote.every((l) => l === '' || numbered.test(l))) return undefined;
  const unnumbered = trimBlank(quote.map((l) => l.replace(numbered, '')));
  return unnumbered.length > 0 ? nearest(matches(lines, unnumbered), near) : undefined;
}

function trimBlank(quote: string[]): string[] {
  let from = 0;
  let to = quote.length;
  while (from < to && quote[from] === '') from++;
  while (to > from && quote[to - 1] === '') to--;
  return quote.slice(from, to);
}

function matches(lines: readonly string[], quote: readonly string[]): EvidenceMatch[] {
  const k = quote.length;
  const fragments = quote.join(' ').length >= MIN_FRAGMENT;
  const found: EvidenceMatch[] = [];
  for (let i = 0; i + k <= lines.length; i++) {
    const whole = quote.every((q, j) => lines[i + j] === q);
    if (whole || (fragments && isFragmentAt(lines, quote, i))) found.push({ start: i + 1, end: i + k, whole });
  }
  return found;
}

function isFragmentAt(lines: readonly string[], quote: readonly string[], i: number): boolean {
  const k = quote.length;
  if (k === 1) return lines[i].includes(quote[0]);
  if (!lines[i].endsWith(quote[0]) || !lines[i + k - 1].startsWith(quote[k - 1])) return false;
  for (let j = 1; j < k - 1; j++) if (lines[i + j] !== quote[j]) return false;
  return true;
}

function nearest(found: readonly EvidenceMatch[], near: LineRange): EvidenceMatch | undefined {
  let best: EvidenceMatch | undefined;
  for (const m of found) if (!best || closer(m, best, near)) best = m;
  return best;
}

function closer(a: EvidenceMatch, b: EvidenceMatch, near: LineRange): boolean {
  return (
    distance(a, near) - distance(b, near) ||
    Number(b.whole) - Number(a.whole) ||
    Math.abs(a.start - near.start) - Math.abs(b.start - near.start)
  ) < 0;
}

/** Lines between two ranges; 0 when they overlap. */
export function distance(a: LineRange, b: LineRange): number {
  return a.end < b.start ? b.start - a.end : b.end < a.start ? a.start - b.end : 0;
}
