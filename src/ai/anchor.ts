/**
 * Claude's comments → findings on lines a review may use. A comment goes where its `evidence` (the
 * flagged lines, quoted) is in the file — the occurrence nearest the line the model gave — and is
 * dropped when the quote is nowhere in the file. The model is told the commentable lines; when
 * the quoted lines are not among them, the anchor moves at most 3 lines within one hunk, or the
 * comment goes to the summary. Dropped too: comments the code suppresses with
 * `convex-review-disable-next-line claude`, those that say (`restates`) they repeat a static
 * finding the reader sees near the same lines, those an earlier run raised, and repeats within the
 * run. A distinct problem is never dropped for sharing lines with a static finding. Pure.
 */
import type { Finding } from '../core/finding.js';
import { assignFingerprints, MODULE_SCOPE, normalizeCode, type FingerprintKey } from '../core/fingerprint.js';
import { hunkAt, type FilePatch, type Hunk } from '../diff/patch.js';
import { isSuppressed, parseSuppressions } from '../convex/engine/suppressions.js';
import { exportedNameAt } from './code-context.js';
import { distance, findEvidence, normalizedLines, type EvidenceMatch, type LineRange } from './ground.js';
import type { ModelComment } from './output.js';
import type { DroppedComments, RaisedComment } from './report.js';
import { suggestionProblem, suggestionText, type SuggestionProblem } from './suggestion.js';

export const MAX_SNAP = 3;

/**
 * A comment that `restates` a rule repeats that rule's finding when the finding is within this
 * many lines of the quoted (or anchored) lines, or in the same exported function: a rule often
 * reports on the declaration line while the model quotes a line of its body.
 */
export const NEAR_STATIC = 3;

export interface AnchorFile {
  path: string;
  text: string;
  patch: FilePatch;
  /** The static findings that reach the reader (posted inline by this run or an earlier one). */
  staticFindings: readonly Finding[];
  /** Claude comments earlier runs posted on this file, resolved or not. */
  alreadyRaised?: readonly RaisedComment[];
}

export interface Anchored {
  /** Claude findings; those still off the diff (or on a file not in the batch) go to the summary. */
  findings: Finding[];
  /** The model's confidence (0–10) in each finding, by fingerprint (not part of Finding v1). */
  confidence: Map<string, number>;
  dropped: DroppedComments;
  /** Kept comments whose suggestion was removed: see `SuggestionProblem`. */
  suggestionsRemoved: number;
  /** Why each removed suggestion was removed, by fingerprint. */
  suggestionProblems: Map<string, SuggestionProblem>;
}

interface Placed extends LineRange {
  comment: ModelComment;
  file?: AnchorFile;
  functionName: string;
  fix?: string;
  problem?: SuggestionProblem;
}

export function anchorComments(comments: readonly ModelComment[], files: readonly AnchorFile[]): Anchored {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const lines = new Map<string, string[]>();
  const dropped: DroppedComments = { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 };
  const placed: Placed[] = [];
  const seen = new Set<string>();
  for (const comment of comments) {
    const file = byPath.get(comment.path);
    const requested = { start: Math.min(comment.start_line ?? comment.line, comment.line), end: comment.line };
    const title = normalizeTitle(comment.title);
    if (!file) {
      // A file Claude was not given: nothing to ground it in, so it is shown in the summary as
      // the model put it (never lost), without a suggestion.
      const key = repeatKey(comment, MODULE_SCOPE, title);
      if (seen.has(key)) {
        dropped.repeated++;
        continue;
      }
      seen.add(key);
      placed.push({ comment, ...requested, functionName: MODULE_SCOPE, problem: comment.suggestion === undefined ? undefined : 'not-exact' });
      continue;
    }
    if (!lines.has(file.path)) lines.set(file.path, normalizedLines(file.text));
    const quoted = findEvidence(lines.get(file.path)!, comment.evidence, requested);
    if (!quoted) {
      dropped.unquoted++;
      continue;
    }
    const snapped = snap(file.patch, quoted.start, quoted.end);
    const range = snapped ?? quoted;
    const suppressions = parseSuppressions(file.text);
    if (isSuppressed(suppressions, 'claude', quoted.start) || isSuppressed(suppressions, 'claude', range.start)) {
      dropped.suppressed++;
      continue;
    }
    const functionName = exportedNameAt(file.path, file.text, range.start);
    if (restatesStatic(comment, file, [quoted, range], functionName)) {
      dropped.duplicateOfStatic++;
      continue;
    }
    if (raisedBefore(file, functionName, title)) {
      dropped.alreadyRaised++;
      continue;
    }
    const key = repeatKey(comment, functionName, title);
    if (seen.has(key)) {
      dropped.repeated++;
      continue;
    }
    seen.add(key);
    const exact = snapped !== undefined && snapped.start === quoted.start && snapped.end === quoted.end;
    placed.push({ comment, ...range, file, functionName, ...checkSuggestion(comment, file, quoted, exact) });
  }

  const keys: FingerprintKey[] = placed.map((p) => ({
    ruleId: `claude/${p.comment.category}`,
    path: p.comment.path,
    functionName: p.functionName,
    code: p.file ? normalizeCode(p.file.text.split('\n').slice(p.start - 1, p.end).join('\n')) : '',
  }));
  const fingerprints = assignFingerprints(keys);
  const confidence = new Map<string, number>();
  const suggestionProblems = new Map<string, SuggestionProblem>();
  const findings = placed.map((p, i): Finding => {
    const c = p.comment;
    confidence.set(fingerprints[i], c.confidence);
    if (p.problem) suggestionProblems.set(fingerprints[i], p.problem);
    return {
      ruleId: keys[i].ruleId,
      source: 'claude',
      severity: c.severity,
      path: c.path,
      line: p.start,
      endLine: p.end,
      message: c.title,
      detail: c.body,
      ...(p.fix !== undefined ? { fix: { line: p.start, endLine: p.end, replacement: p.fix } } : {}),
      fingerprint: fingerprints[i],
    };
  });
  return { findings, confidence, dropped, suggestionsRemoved: suggestionProblems.size, suggestionProblems };
}

/**
 * A title compared across comments: lower-cased, every run of characters other than letters and
 * digits one space, and the articles (a, an, the) left out — so "Missing auth check." and
 * "missing an auth check" are the same title, and "No auth check" is another.
 */
export function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !ARTICLES.has(w))
    .join(' ');
}

const ARTICLES = new Set(['a', 'an', 'the']);

/** The same problem twice in this run: path, enclosing exported function, category and title. */
function repeatKey(comment: ModelComment, functionName: string, title: string): string {
  return [comment.path, functionName, comment.category, title].join('\n');
}

/**
 * The comment says it restates a rule, and that rule has a finding the reader sees near the
 * quoted or anchored lines (`NEAR_STATIC`), or in the same exported function. A comment that
 * restates nothing, or a rule whose finding is elsewhere or not shown, is kept.
 */
function restatesStatic(comment: ModelComment, file: AnchorFile, ranges: readonly LineRange[], functionName: string): boolean {
  const ruleId = comment.restates;
  if (!ruleId) return false;
  return file.staticFindings.some(
    (f) =>
      f.ruleId === ruleId &&
      (ranges.some((r) => distance(r, { start: f.line, end: f.endLine }) <= NEAR_STATIC) ||
        (functionName !== MODULE_SCOPE && exportedNameAt(file.path, file.text, f.line) === functionName)),
  );
}

/** An earlier run posted a comment with the same title in the same exported function (its category is not known). */
function raisedBefore(file: AnchorFile, functionName: string, title: string): boolean {
  return (file.alreadyRaised ?? []).some(
    (r) => r.path === file.path && normalizeTitle(r.title) === title && exportedNameAt(file.path, file.text, r.line) === functionName,
  );
}

/**
 * The suggestion kept only when it can be committed as shown: on exactly the quoted lines, whole
 * lines, a change, no fence, and the file still parses (see `suggestionProblem`).
 */
function checkSuggestion(comment: ModelComment, file: AnchorFile, quoted: EvidenceMatch, exact: boolean): { fix?: string; problem?: SuggestionProblem } {
  if (comment.suggestion === undefined) return {};
  if (!exact) return { problem: 'not-exact' };
  if (!quoted.whole) return { problem: 'not-the-quoted-lines' };
  const replacement = suggestionText(comment.suggestion);
  const problem = suggestionProblem(file.path, file.text, quoted, replacement);
  return problem ? { problem } : { fix: replacement };
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
