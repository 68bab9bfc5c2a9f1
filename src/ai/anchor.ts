/**
 * Claude's comments → findings on lines a review may use. The model is told the commentable
 * lines; when it misses, an anchor moves at most 3 lines within one hunk, or the comment goes to
 * the summary. Comments that repeat a static finding, that the code suppresses with
 * `convex-review-disable-next-line claude`, or that repeat each other are dropped. Pure.
 */
import type { Finding } from '../core/finding.js';
import { assignFingerprints, normalizeCode, type FingerprintKey } from '../core/fingerprint.js';
import { hunkAt, type FilePatch, type Hunk } from '../diff/patch.js';
import { isSuppressed, parseSuppressions } from '../convex/engine/suppressions.js';
import { exportedNameAt } from './code-context.js';
import { CONCERNS } from './concerns.js';
import type { ModelComment } from './output.js';
import type { DroppedComments } from './report.js';

export const MAX_SNAP = 3;

export interface AnchorFile {
  path: string;
  text: string;
  patch: FilePatch;
  staticFindings: readonly Finding[];
}

export interface Anchored {
  /** Claude findings; those still off the diff (or on a file not in the batch) go to the summary. */
  findings: Finding[];
  dropped: DroppedComments;
}

export function anchorComments(comments: readonly ModelComment[], files: readonly AnchorFile[]): Anchored {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const dropped: DroppedComments = { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 };
  const placed: { comment: ModelComment; start: number; end: number; exact: boolean; file?: AnchorFile }[] = [];
  const seen = new Set<string>();
  for (const comment of comments) {
    const file = byPath.get(comment.path);
    const requested = { start: Math.min(comment.start_line ?? comment.line, comment.line), end: comment.line };
    const snapped = file ? snap(file.patch, requested.start, requested.end) : undefined;
    const range = snapped ?? requested;
    if (file && isSuppressed(parseSuppressions(file.text), 'claude', range.start)) {
      dropped.suppressed++;
      continue;
    }
    if (file && repeatsStatic(comment, range, file.staticFindings)) {
      dropped.duplicateOfStatic++;
      continue;
    }
    const key = `${comment.path}\n${range.start}\n${range.end}\n${comment.category}`;
    if (seen.has(key)) {
      dropped.repeated++;
      continue;
    }
    seen.add(key);
    placed.push({ comment, ...range, exact: snapped?.start === requested.start && snapped.end === requested.end, file });
  }

  const keys: FingerprintKey[] = placed.map((p) => ({
    ruleId: `claude/${p.comment.category}`,
    path: p.comment.path,
    functionName: p.file ? exportedNameAt(p.file.path, p.file.text, p.start) : '<module>',
    code: p.file ? normalizeCode(p.file.text.split('\n').slice(p.start - 1, p.end).join('\n')) : '',
  }));
  const fingerprints = assignFingerprints(keys);
  const findings = placed.map((p, i): Finding => {
    const c = p.comment;
    return {
      ruleId: keys[i].ruleId,
      source: 'claude',
      severity: c.severity,
      path: c.path,
      line: p.start,
      endLine: p.end,
      message: c.title,
      detail: c.body,
      // A replacement written for other lines than the ones it lands on would be wrong.
      ...(c.suggestion !== undefined && p.exact ? { fix: { line: p.start, endLine: p.end, replacement: c.suggestion } } : {}),
      fingerprint: fingerprints[i],
    };
  });
  return { findings, dropped };
}

/**
 * The range moved onto one hunk's commentable lines, each end by at most MAX_SNAP lines; a range
 * that cannot fit loses its start and stays a one-line comment on its (snapped) last line.
 */
export function snap(patch: FilePatch, start: number, end: number): { start: number; end: number } | undefined {
  const hunk = nearestHunk(patch, end);
  if (!hunk) return undefined;
  const newEnd = clamp(end, hunk);
  const newStart = clamp(start, hunk);
  if (Math.abs(newEnd - end) > MAX_SNAP) return undefined;
  if (Math.abs(newStart - start) > MAX_SNAP || newStart > newEnd) return { start: newEnd, end: newEnd };
  return { start: newStart, end: newEnd };
}

function nearestHunk(patch: FilePatch, line: number): Hunk | undefined {
  const exact = hunkAt(patch, line);
  if (exact) return exact;
  let best: Hunk | undefined;
  for (const h of patch.hunks) {
    const distance = Math.abs(clamp(line, h) - line);
    if (distance <= MAX_SNAP && (!best || distance < Math.abs(clamp(line, best) - line))) best = h;
  }
  return best;
}

/** A hunk's new-side lines are one contiguous run, so clamping lands on a commentable line. */
function clamp(line: number, hunk: Hunk): number {
  return Math.min(Math.max(line, hunk.newStart), hunk.newEnd);
}

function repeatsStatic(comment: ModelComment, range: { start: number; end: number }, statics: readonly Finding[]): boolean {
  const related = CONCERNS[comment.category];
  return statics.some((f) => related.includes(f.ruleId) && f.line <= range.end && range.start <= f.endLine);
}
