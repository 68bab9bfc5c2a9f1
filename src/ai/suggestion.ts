/**
 * Whether Claude's `suggestion` may be offered as a GitHub suggestion block: one click commits it,
 * so it must replace exactly the lines it was written for, change them, and leave a file that
 * parses. Pure.
 */
import { parseSource } from '../convex/model/source-file.js';
import type { LineRange } from './ground.js';

/** Why a suggestion was removed from a comment that is kept. */
export type SuggestionProblem =
  /** The comment does not sit exactly on the quoted lines (a snap moved it, or it goes to the summary). */
  | 'not-exact'
  /** The quote is a fragment of its lines: the replacement was not written for whole lines. */
  | 'not-the-quoted-lines'
  /** A ``` fence in it: a block of its own, or one the model wrapped it in. */
  | 'fence'
  /** The same lines again, but for trailing whitespace. */
  | 'no-change'
  /** The file would not parse with it (where it parsed without). */
  | 'breaks-parse';

/** A model's suggestion as committed: a final line break would add an empty line. */
export function suggestionText(suggestion: string): string {
  return suggestion.replace(/\r?\n$/, '');
}

/**
 * What is wrong with replacing `range` of the file by `replacement` (already `suggestionText`),
 * undefined when nothing is. Parse errors are compared with the file's own (by message), so a file
 * already broken elsewhere does not count against the suggestion.
 */
export function suggestionProblem(path: string, text: string, range: LineRange, replacement: string): SuggestionProblem | undefined {
  if (replacement.includes('```')) return 'fence';
  const lines = text.split('\n');
  const trimmed = (ls: readonly string[]): string => ls.map((l) => l.trimEnd()).join('\n').trimEnd();
  if (trimmed(replacement.split('\n')) === trimmed(lines.slice(range.start - 1, range.end))) return 'no-change';
  const changed = [...lines.slice(0, range.start - 1), ...replacement.split('\n'), ...lines.slice(range.end)].join('\n');
  const before = countMessages(parseSource(path, text).parseErrors);
  for (const e of parseSource(path, changed).parseErrors) {
    const left = before.get(e.message) ?? 0;
    if (left === 0) return 'breaks-parse';
    before.set(e.message, left - 1);
  }
  return undefined;
}

function countMessages(errors: readonly { message: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.message, (counts.get(e.message) ?? 0) + 1);
  return counts;
}
