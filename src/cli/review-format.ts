/**
 * The review command's outputs: for people, every inline comment as the pull request would show
 * it (a path:line header, then the markdown body without hidden markers), the summary comment
 * and a one-line verdict; for tools, one JSON envelope.
 */
import { ruleTitle } from '../convex/rules/index.js';
import { compareByLocation, countBySeverity, type Finding, type SkippedFile, type Threshold } from '../core/finding.js';
import { paint as painter, plural } from '../core/text.js';
import type { InlineComment } from '../plan/plan.js';
import { renderInlineComment, renderSummaryText, withoutMarkers, type ClaudeSummary } from '../plan/render.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { ChangeReview } from '../review/review.js';

export interface ReviewContext {
  base: { ref: string; sha: string };
  /** `workingTree`: the uncommitted state on top of commit `sha` (`ref` HEAD) was reviewed. */
  head: { ref: string; sha: string; workingTree: boolean };
  changed: number;
  skipped: readonly SkippedFile[];
  failOn: Threshold;
  failing: readonly Finding[];
}

export function inlineBody(comment: InlineComment): string {
  return withoutMarkers(renderInlineComment(comment, ruleTitle));
}

export function headLabel(ctx: ReviewContext): string {
  return ctx.head.workingTree ? 'working tree' : ctx.head.sha.slice(0, 7);
}

export function summaryText(review: ChangeReview, ctx: ReviewContext): string {
  return renderSummaryText({
    plan: review.plan,
    headSha: ctx.head.sha,
    headLabel: headLabel(ctx),
    reviewedFiles: review.changed.map((f) => f.path),
    skipped: ctx.skipped,
    notes: review.notes,
    postedInline: review.plan.inline.length,
    titleOf: ruleTitle,
    ...(review.claudeSummary ? { claude: review.claudeSummary } : {}),
  });
}

export interface TextStyle {
  color: boolean;
  displayPath(repoPath: string): string;
}

export function formatReviewText(review: ChangeReview, ctx: ReviewContext, style: TextStyle): string {
  const paint = painter(style.color);
  const head = ctx.head.workingTree ? `the working tree (on ${ctx.head.sha.slice(0, 7)})` : `${ctx.head.ref} (${ctx.head.sha.slice(0, 7)})`;
  const out: string[] = [
    paint('bold', `${TOOL_NAME} review: ${head} against ${ctx.base.ref} (merge base ${ctx.base.sha.slice(0, 7)})`) +
      ` · ${plural(ctx.changed, 'changed file')}, ${plural(review.changed.length, 'Convex file')} reviewed`,
    '',
  ];
  for (const comment of byLocation(review.plan.inline)) {
    const lines = comment.startLine !== undefined ? `${comment.startLine}-${comment.line}` : `${comment.line}`;
    out.push(paint('cyan', `── ${style.displayPath(comment.path)}:${lines} ──`), '', inlineBody(comment), '');
  }
  out.push(paint('cyan', '── summary comment ──'), '', summaryText(review, ctx), '', verdict(review, ctx, style.color));
  return out.join('\n') + '\n';
}

function verdict(review: ChangeReview, ctx: ReviewContext, color: boolean): string {
  const paint = painter(color);
  const findings = review.plan.findings;
  const where = `${plural(review.changed.length, 'changed Convex file')}`;
  const gate =
    ctx.failOn === 'never'
      ? '--fail-on never'
      : ctx.failing.length > 0
        ? `fails --fail-on ${ctx.failOn} (${plural(ctx.failing.length, 'static finding')} at or above it)`
        : `passes --fail-on ${ctx.failOn}`;
  if (findings.length === 0) return paint('green', `✔ No issues in ${where}`) + ` · ${gate}`;
  const counts = countBySeverity(findings);
  const fromClaude = findings.filter((f) => f.source === 'claude').length;
  const origin = fromClaude > 0 ? `; ${findings.length - fromClaude} from the rules, ${fromClaude} from Claude` : '';
  const headline = `✖ ${plural(findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info${origin}) in ${where}`;
  const code = ctx.failing.length > 0 ? 'red' : counts.error > 0 || counts.warning > 0 ? 'yellow' : 'cyan';
  return paint(code, headline) + ` · ${plural(review.plan.inline.length, 'inline comment')} · ${gate}`;
}

export function formatReviewJson(review: ChangeReview, ctx: ReviewContext, changedFiles: readonly { path: string; status: string; previousPath?: string }[]): string {
  const reviewed = new Set(review.changed.map((f) => f.path));
  const envelope = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    base: ctx.base,
    head: ctx.head,
    files: changedFiles.map((f) => ({ path: f.path, status: f.status, ...(f.previousPath ? { previousPath: f.previousPath } : {}), reviewed: reviewed.has(f.path) })),
    skipped: ctx.skipped,
    findings: review.plan.findings,
    inline: byLocation(review.plan.inline).map((c) => ({
      path: c.path,
      line: c.line,
      ...(c.startLine !== undefined ? { startLine: c.startLine } : {}),
      fingerprint: c.finding.fingerprint,
      ruleId: c.finding.ruleId,
      source: c.finding.source,
      severity: c.finding.severity,
      suggestion: c.withSuggestion,
      body: inlineBody(c),
    })),
    claude: claudeJson(review.claudeSummary),
  };
  return JSON.stringify(envelope, null, 2) + '\n';
}

function claudeJson(summary: ClaudeSummary | undefined): Record<string, unknown> {
  if (!summary) return { ran: false, reason: 'No Convex file changed, so there was nothing for Claude to review.' };
  if (!summary.ran) return summary;
  return { ...summary, costUsd: summary.costUsd ?? null };
}

/** Inline comments in the order the pull request's Files view shows them: by path, then line. */
function byLocation(comments: readonly InlineComment[]): InlineComment[] {
  return [...comments].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.startLine ?? a.line) - (b.startLine ?? b.line) || compareByLocation(a.finding, b.finding));
}
