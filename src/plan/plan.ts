/**
 * The review plan, pure: which findings belong to this pull request, which go inline (and on
 * which lines), which were already posted, and which go to the summary only — and why.
 */
import { compareFindings, meetsThreshold, type Finding, type Severity } from '../core/finding.js';
import type { ChangedFile } from '../change/types.js';
import { isRangeInOneHunk } from '../diff/patch.js';

export type { ChangedFile } from '../change/types.js';

export type NotInlineReason =
  | 'below-inline-severity'
  | 'not-on-added-line'
  | 'no-patch'
  | 'untouched-file'
  | 'over-max-comments'
  | 'refused-by-github'
  | 'outside-the-diff'
  | 'past-list-cap'
  | 'not-posted'
  | 'in-baseline';

export interface InlineComment {
  finding: Finding;
  path: string;
  /** The last line of the comment (GitHub's `line`). */
  line: number;
  /** The first line of a multi-line comment (GitHub's `start_line`). */
  startLine?: number;
  /** Whether the comment carries the finding's fix as a suggestion block. */
  withSuggestion: boolean;
}

export interface PlanInput {
  findings: readonly Finding[];
  /** The PR's files that are reviewed (after `paths` / `exclude`). */
  changedFiles: readonly ChangedFile[];
  /** Findings in files the PR did not touch that one of its changes still makes relevant. */
  isDependentFinding: (finding: Finding) => boolean;
  /** Fingerprints the action already posted on this PR (under any earlier path of the file). */
  posted: ReadonlySet<string>;
  /** Other fingerprints a finding is known by (its fingerprint under a renamed file's old path). */
  aliasesOf?: (finding: Finding) => readonly string[];
  /** Fingerprints of the committed baseline: findings the team already knows, shown in the summary only. */
  baseline?: ReadonlySet<string>;
  inlineMinSeverity: Severity;
  maxComments: number;
}

export interface ReviewPlan {
  /** Every finding that belongs to this pull request, most severe first. */
  findings: Finding[];
  inline: InlineComment[];
  alreadyPosted: Finding[];
  notInline: { finding: Finding; reason: NotInlineReason }[];
}

export function planReview(input: PlanInput): ReviewPlan {
  const files = new Map(input.changedFiles.map((f) => [f.path, f]));
  const findings = input.findings
    // Claude only comments on files it was given; one on any other path is shown, never lost.
    .filter((f) => files.has(f.path) || f.source === 'claude' || input.isDependentFinding(f))
    .slice()
    .sort(compareFindings);

  const plan: ReviewPlan = { findings, inline: [], alreadyPosted: [], notInline: [] };
  for (const finding of findings) {
    const ids = [finding.fingerprint, ...(input.aliasesOf?.(finding) ?? [])];
    if (ids.some((id) => input.posted.has(id))) {
      plan.alreadyPosted.push(finding);
      continue;
    }
    if (input.baseline && ids.some((id) => input.baseline!.has(id))) {
      plan.notInline.push({ finding, reason: 'in-baseline' });
      continue;
    }
    const file = files.get(finding.path);
    const placement =
      finding.source === 'claude'
        ? placeClaude(finding, file, input.inlineMinSeverity)
        : !file
          ? { reason: 'untouched-file' as const }
          : place(finding, file, input.inlineMinSeverity);
    if ('reason' in placement) {
      plan.notInline.push({ finding, reason: placement.reason });
    } else if (plan.inline.length >= input.maxComments) {
      plan.notInline.push({ finding, reason: 'over-max-comments' });
    } else {
      plan.inline.push(placement);
    }
  }
  return plan;
}

/** Static findings never move: inline on the line they name when the PR added it, else nowhere. */
function place(finding: Finding, file: ChangedFile, minSeverity: Severity): InlineComment | { reason: NotInlineReason } {
  if (!meetsThreshold(finding.severity, minSeverity)) return { reason: 'below-inline-severity' };
  if (!file.patch) return { reason: file.pastListCap ? 'past-list-cap' : 'no-patch' };
  if (!file.patch.added.has(finding.line)) return { reason: 'not-on-added-line' };
  const fix = finding.fix;
  if (fix && fix.line <= finding.line && finding.line <= fix.endLine && isRangeInOneHunk(file.patch, fix.line, fix.endLine)) {
    return {
      finding,
      path: finding.path,
      line: fix.endLine,
      ...(fix.endLine > fix.line ? { startLine: fix.line } : {}),
      withSuggestion: true,
    };
  }
  return { finding, path: finding.path, line: finding.line, withSuggestion: false };
}

/**
 * Claude's findings arrive already snapped (src/ai/anchor.ts): inline when their range lies on one
 * hunk's commentable lines — added or context, as Claude was told — else in the summary.
 */
function placeClaude(finding: Finding, file: ChangedFile | undefined, minSeverity: Severity): InlineComment | { reason: NotInlineReason } {
  if (!meetsThreshold(finding.severity, minSeverity)) return { reason: 'below-inline-severity' };
  if (file && !file.patch) return { reason: file.pastListCap ? 'past-list-cap' : 'no-patch' };
  if (!file?.patch || !isRangeInOneHunk(file.patch, finding.line, finding.endLine)) return { reason: 'outside-the-diff' };
  return {
    finding,
    path: finding.path,
    line: finding.endLine,
    ...(finding.endLine > finding.line ? { startLine: finding.line } : {}),
    withSuggestion: finding.fix !== undefined,
  };
}

export const NOT_INLINE_REASONS: Record<NotInlineReason, string> = {
  'below-inline-severity': 'below the inline severity',
  'not-on-added-line': 'on a line this PR did not add',
  'no-patch': 'file has no diff on GitHub (binary or too large)',
  'untouched-file': 'in a file this PR did not change',
  'over-max-comments': 'over the inline comment limit',
  'refused-by-github': 'GitHub refused the anchor',
  'outside-the-diff': 'Claude placed it outside the diff',
  'past-list-cap': "past GitHub's 3,000-file list, so no diff to comment on",
  'not-posted': 'the review could not be posted',
  'in-baseline': 'in the baseline (known before this PR)',
};

/** The plan after GitHub refused some inline comments: those move to the summary, none is lost. */
export function withRefused(plan: ReviewPlan, refused: readonly InlineComment[]): ReviewPlan {
  if (refused.length === 0) return plan;
  const gone = new Set(refused);
  return {
    ...plan,
    inline: plan.inline.filter((c) => !gone.has(c)),
    notInline: [...plan.notInline, ...refused.map((c) => ({ finding: c.finding, reason: 'refused-by-github' as const }))],
  };
}

/** The plan when the review could not be posted at all: every inline comment moves to the summary. */
export function notPosted(plan: ReviewPlan): ReviewPlan {
  if (plan.inline.length === 0) return plan;
  const notInline = [...plan.notInline, ...plan.inline.map((c) => ({ finding: c.finding, reason: 'not-posted' as const }))];
  return { ...plan, inline: [], notInline: notInline.sort((a, b) => compareFindings(a.finding, b.finding)) };
}
