/**
 * Applying findings' fixes to a file's text. A fix (Finding v1) replaces whole lines, as a
 * suggestion block does, so two fixes that touch one line cannot both apply: each replacement was
 * computed from the original line and would silently undo the other's edit (the `await` fix and
 * the table-name fix on one `ctx.db.patch(…)` line did exactly that).
 *
 * The engine already merges the fixes of findings on shared lines into one (src/convex/engine/
 * line-fixes.ts), so findings of one analysis never collide here. This applier still never
 * merges, for fixes made anywhere else: fixes are taken by priority (most severe first, then top
 * to bottom, then rule id); one whose lines overlap an already taken fix is skipped and reported
 * as left.
 * The caller re-runs the rules on the result (src/fix/passes.ts), where the skipped rule fires
 * again with a fix computed from the fixed text — so both land, each written by its own rule,
 * and no text is ever guessed by combining two replacements.
 */
import { compareFindings, type Finding, type Fix } from '../core/finding.js';
import { parseSource } from '../convex/model/source-file.js';

export type FixableFinding = Finding & { fix: Fix };

export interface SkippedFix {
  finding: FixableFinding;
  reason: SkipReason;
}

export type SkipReason = 'overlaps another fix' | 'would not parse' | 'outside the file' | 'changes nothing';

export interface FileFixResult {
  text: string;
  applied: FixableFinding[];
  skipped: SkippedFix[];
}

export function hasFix(finding: Finding): finding is FixableFinding {
  return finding.fix !== undefined;
}

/**
 * Applies `findings`' fixes (all of one file, whose current text is `text`). A fix that would
 * make a file that parses stop parsing is skipped too: a fix is only ever certain on its own
 * line, and this keeps a surprise from reaching the disk.
 */
export function applyFixes(path: string, text: string, findings: readonly Finding[]): FileFixResult {
  const lines = text.split('\n');
  // A file ending in a newline splits into a last empty string, which is no line of the file.
  const lineCount = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const skipped: SkippedFix[] = [];
  const taken: FixableFinding[] = [];
  for (const finding of findings.filter(hasFix).sort(compareFindings)) {
    const { line, endLine } = finding.fix;
    if (line < 1 || endLine < line || endLine > lineCount) skipped.push({ finding, reason: 'outside the file' });
    else if (taken.some((t) => line <= t.fix.endLine && t.fix.line <= endLine)) skipped.push({ finding, reason: 'overlaps another fix' });
    else if (withoutCr(lines.slice(line - 1, endLine)).join('\n') === finding.fix.replacement) skipped.push({ finding, reason: 'changes nothing' });
    else taken.push(finding);
  }

  // Bottom to top, so the line numbers of the fixes still to apply stay those of the original.
  const parsedBefore = parses(path, text);
  const applied: FixableFinding[] = [];
  for (const finding of [...taken].sort((a, b) => b.fix.line - a.fix.line)) {
    const candidate = replaceLines(lines, finding.fix);
    if (parsedBefore && !parses(path, candidate.join('\n'))) {
      skipped.push({ finding, reason: 'would not parse' });
      continue;
    }
    lines.splice(0, lines.length, ...candidate);
    applied.push(finding);
  }
  applied.sort(compareFindings);
  skipped.sort((a, b) => compareFindings(a.finding, b.finding));
  return { text: lines.join('\n'), applied, skipped };
}

/** The lines with `fix` applied; a replaced CRLF line keeps its `\r` (fixes are written without). */
function replaceLines(lines: readonly string[], fix: Fix): string[] {
  const eol = lines[fix.line - 1].endsWith('\r') ? '\r' : '';
  const replacement = fix.replacement.split('\n').map((l) => l + eol);
  return [...lines.slice(0, fix.line - 1), ...replacement, ...lines.slice(fix.endLine)];
}

function withoutCr(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/\r$/, ''));
}

function parses(path: string, text: string): boolean {
  return parseSource(path, text).parseErrors.length === 0;
}
