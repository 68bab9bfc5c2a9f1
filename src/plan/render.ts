/** Markdown for the inline comments, the review body and the sticky summary. Pure. */
import type { ClaudeReport, DroppedComments } from '../ai/report.js';
import type { TokenUsage } from '../ai/pricing.js';
import { countBySeverity, type Finding, type Severity, type SkippedFile } from '../core/finding.js';
import { plural } from '../core/text.js';
import { ANY_MARKER, fingerprintMarker, runMarker, summaryMarker } from './markers.js';
import { NOT_INLINE_REASONS, type InlineComment, type ReviewPlan } from './plan.js';
import { claudeAnswerMarker, stateMarker, type ClaudeAnswer, type OpenFinding, type SummaryState } from './state.js';
import { codeSpan, sanitizeMarkdown, suggestionBlock, tableCell, truncate } from './sanitize.js';
import { ruleDocsUrl } from '../version.js';

/** GitHub refuses bodies over 65,536 characters; leave room for the marker. */
export const MAX_BODY = 65_000;
const SUMMARY_LIST_LIMIT = 25;

export const BADGE: Record<Severity, string> = { error: '🔴 **error**', warning: '🟠 **warning**', info: '🔵 **info**' };

export type TitleOf = (ruleId: string) => string;

export function renderInlineComment(comment: InlineComment, titleOf: TitleOf): string {
  const f = comment.finding;
  if (f.source === 'claude') return renderClaudeComment(comment);
  const parts = [`${BADGE[f.severity]} · ${codeSpan(f.ruleId)} · ${sanitizeMarkdown(titleOf(f.ruleId))}`, sanitizeMarkdown(f.message)];
  if (f.detail) parts.push(sanitizeMarkdown(f.detail));
  if (comment.withSuggestion && f.fix) parts.push(suggestionBlock(f.fix.replacement));
  const links = [...(f.docsUrl ? [`[Convex docs](${f.docsUrl})`] : []), `[Rule docs](${ruleDocsUrl(f.ruleId)})`];
  parts.push(links.join(' · '));
  const marker = fingerprintMarker(f.fingerprint);
  return `${truncate(parts.join('\n\n'), MAX_BODY - marker.length - 2)}\n\n${marker}`;
}

/**
 * Claude's words are the model's: sanitized like code (its title on one line), and marked as a
 * review to weigh. Only our suggestion block — its structured `suggestion`, on the exact lines it
 * named — is live; a fence in its body is text.
 */
function renderClaudeComment(comment: InlineComment): string {
  const f = comment.finding;
  const category = f.ruleId.replace(/^claude\//, '');
  const parts = [`${BADGE[f.severity]} · ${CLAUDE_TAG} · ${sanitizeMarkdown(category)} · **${sanitizeMarkdown(oneLine(f.message))}**`];
  if (f.detail) parts.push(sanitizeMarkdown(f.detail));
  if (comment.withSuggestion && f.fix) parts.push(suggestionBlock(f.fix.replacement));
  parts.push('<sub>A Claude review comment: weigh it like a colleague\'s. To silence Claude here: `// convex-review-disable-next-line claude -- <why>`</sub>');
  const marker = fingerprintMarker(f.fingerprint);
  return `${truncate(parts.join('\n\n'), MAX_BODY - marker.length - 2)}\n\n${marker}`;
}

const CLAUDE_TAG = 'Claude';
/** The first line of a Claude comment as `renderClaudeComment` writes it: badge, tag, category, bold title. */
const CLAUDE_HEADER = /^(?:🔴 \*\*error\*\*|🟠 \*\*warning\*\*|🔵 \*\*info\*\*) · Claude · [a-z-]+ · \*\*(.+)\*\*$/u;
/** Titles read back from earlier comments are cut to this many characters. */
export const MAX_RAISED_TITLE = 120;

/**
 * The title of a Claude comment this action rendered (its header line), back to plain text and
 * cut to MAX_RAISED_TITLE; undefined for any other body. Only trust it for the action's own
 * comments: the caller checks the author.
 */
export function claudeCommentTitle(body: string): string | undefined {
  const first = body.split(/\r?\n/, 1)[0];
  const m = CLAUDE_HEADER.exec(first);
  if (!m) return undefined;
  const title = m[1]
    .replace(/\\([\s\S])/g, '$1')
    .replace(/\u200d/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  if (!title) return undefined;
  return title.length > MAX_RAISED_TITLE ? `${title.slice(0, MAX_RAISED_TITLE - 1)}…` : title;
}

export function renderReviewBody(plan: ReviewPlan, headSha: string, runId: string): string {
  const counts = countBySeverity(plan.inline.map((c) => c.finding));
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
  const fromClaude = plan.inline.filter((c) => c.finding.source === 'claude').length;
  const origin = fromClaude > 0 ? `; ${plan.inline.length - fromClaude} from the rules, ${fromClaude} from Claude` : '';
  return [
    `**convex-review** · ${plural(plan.inline.length, 'new comment')} on \`${headSha.slice(0, 7)}\` (${parts.join(', ')}${origin}). The summary comment has the full picture.`,
    runMarker(headSha, runId),
  ].join('\n\n');
}

export interface SummaryInput {
  plan: ReviewPlan;
  headSha: string;
  /** Shown instead of the short head SHA (a local review of the working tree). */
  headLabel?: string;
  reviewedFiles: readonly string[];
  skipped: readonly SkippedFile[];
  /** Notes on what this run could not do or cut (3,000-file cap, read-only token, …). */
  notes: readonly string[];
  postedInline: number;
  titleOf: TitleOf;
  claude?: ClaudeSummary;
  /** What this run re-reviewed: the whole PR, or the files changed since the last review. */
  scope?: { kind: 'full'; reason: string } | { kind: 'incremental'; since: string; files: number };
  /** Static findings against the last review's state. */
  changes?: { added: number; carried: number; fixed: readonly { finding: OpenFinding; resolved: boolean }[]; cannotResolve: boolean };
  /** Saved in the summary for the next run. */
  state?: SummaryState;
  /** Claude's answer for this head, saved for a later run on the same head (when it fits). */
  claudeAnswer?: ClaudeAnswer;
}

/** What the summary says about the Claude pass. */
export type ClaudeSummary =
  | { ran: false; reason: string }
  | {
      ran: true;
      model: string;
      usage: TokenUsage;
      costUsd?: number;
      requests: number;
      reviewed: number;
      candidates: number;
      summaries: readonly string[];
      leftOut: readonly { path: string; reason: string }[];
      failures: readonly string[];
      dropped: DroppedComments;
      /** The model ids that answered, when they differ from `model`. */
      servedBy?: readonly string[];
      suggestionsRemoved?: number;
      /** One line each (title and score); the job summary lists them, the sticky summary counts them. */
      verificationDrops?: readonly string[];
      /** The head SHA whose stored answer was reused: no request was sent. */
      reusedFrom?: string;
    };

export function renderSummary(input: SummaryInput): string {
  const answer = input.claudeAnswer ? claudeAnswerMarker(input.claudeAnswer) : undefined;
  const marker = [summaryMarker(input.headSha), ...(input.state ? [stateMarker(input.state)] : []), ...(answer ? [answer] : [])].join('\n');
  return `${truncate(summaryMarkdown(input), MAX_BODY - marker.length - 2)}\n\n${marker}`;
}

/** The summary as a reader sees it, without hidden markers (the local `review` command prints it). */
export function renderSummaryText(input: SummaryInput): string {
  return summaryMarkdown(input);
}

/** A rendered comment without its hidden markers: what a reader of the pull request sees. */
export function withoutMarkers(body: string): string {
  return body.replace(ANY_MARKER, '').trimEnd();
}

/** A table row of the counts by rule: id, title, count. */
export function ruleRow(ruleId: string, count: number, titleOf: TitleOf): string {
  return `| ${tableCell(`${codeSpan(ruleId)} ${sanitizeMarkdown(oneLine(titleOf(ruleId)))}`)} | ${count} |`;
}

/** A finding as one list item: severity, where, the message, the rule. */
export function findingLine(f: Finding): string {
  return `- ${BADGE[f.severity]} ${where(f.path, f.line)} ${sanitizeMarkdown(oneLine(f.message))} (${codeSpan(f.ruleId)})`;
}

/** A model's or the code's text on one line (a title, a summary entry). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `path:line` as one code span: a path comes from the pull request or the model. */
function where(path: string, line: number): string {
  return codeSpan(`${path}:${line}`);
}

/**
 * The summary's visible text, shared by the sticky comment and the job summary. Every path, rule
 * id, title and reason shown comes from code or a model: each goes through `codeSpan` or
 * `sanitizeMarkdown`.
 */
function summaryMarkdown(input: SummaryInput): string {
  const { plan } = input;
  const counts = countBySeverity(plan.findings);
  const lines: string[] = ['## convex-review', ''];
  lines.push(
    `Reviewed \`${input.headLabel ?? input.headSha.slice(0, 7)}\` · ${plural(input.reviewedFiles.length, 'file')} · ${plural(input.postedInline, 'inline comment')} this run`,
    '',
  );
  if (input.scope) lines.push(scopeLine(input.scope, input.changes), '');
  if (plan.findings.length === 0) {
    lines.push('✅ **No issues found** in the reviewed Convex code.');
  } else {
    lines.push(`**${plural(counts.error, 'error')} · ${plural(counts.warning, 'warning')} · ${counts.info} info**`, '');
    lines.push('| Rule | Findings |', '|---|---|');
    for (const [ruleId, n] of countByRule(plan.findings)) lines.push(ruleRow(ruleId, n, input.titleOf));
  }
  if (plan.notInline.length > 0) {
    lines.push('', `### Not posted inline (${plan.notInline.length})`, '');
    for (const { finding, reason } of plan.notInline.slice(0, SUMMARY_LIST_LIMIT)) {
      lines.push(`- ${BADGE[finding.severity]} ${where(finding.path, finding.line)} ${sanitizeMarkdown(oneLine(finding.message))} (${codeSpan(finding.ruleId)}; ${NOT_INLINE_REASONS[reason]})`);
    }
    if (plan.notInline.length > SUMMARY_LIST_LIMIT) lines.push(`- … and ${plan.notInline.length - SUMMARY_LIST_LIMIT} more in the job summary`);
  }
  if (input.changes && input.changes.fixed.length > 0) lines.push('', ...fixedSection(input.changes));
  if (plan.alreadyPosted.length > 0) lines.push('', `${plural(plan.alreadyPosted.length, 'finding')} already commented on in an earlier run.`);
  if (input.skipped.length > 0) {
    lines.push('', `### Files not analyzed (${input.skipped.length})`, '');
    for (const s of input.skipped.slice(0, SUMMARY_LIST_LIMIT)) lines.push(`- ${codeSpan(s.path)}: ${sanitizeMarkdown(oneLine(s.reason))}`);
  }
  if (input.claude) lines.push('', ...claudeSection(input.claude));
  if (input.notes.length > 0) lines.push('', ...input.notes.map((n) => `> ${sanitizeMarkdown(n)}`));
  return lines.join('\n');
}

/** The summary's view of a Claude run over `candidates` files. */
export function summarizeClaude(report: ClaudeReport, candidates: number): ClaudeSummary {
  return {
    ran: true,
    model: report.model,
    usage: report.usage,
    costUsd: report.costUsd,
    requests: report.requests,
    reviewed: report.reviewed.length,
    candidates,
    summaries: report.summaries,
    leftOut: report.leftOut,
    failures: report.failures,
    dropped: report.dropped,
    ...(report.servedBy?.length ? { servedBy: report.servedBy } : {}),
    ...(report.suggestionsRemoved ? { suggestionsRemoved: report.suggestionsRemoved } : {}),
    ...(report.verificationDrops?.length ? { verificationDrops: report.verificationDrops } : {}),
    ...(report.reusedFrom ? { reusedFrom: report.reusedFrom } : {}),
  };
}

function scopeLine(scope: NonNullable<SummaryInput['scope']>, changes: SummaryInput['changes']): string {
  const what =
    scope.kind === 'incremental'
      ? `Incremental review: ${plural(scope.files, 'file')} changed since \`${scope.since.slice(0, 7)}\` re-reviewed (the rules still checked the whole PR).`
      : `Full review: ${sanitizeMarkdown(scope.reason)}.`;
  if (!changes) return what;
  return `${what} Static findings: ${changes.added} new, ${changes.carried} carried over, ${changes.fixed.length} fixed.`;
}

function fixedSection(changes: NonNullable<SummaryInput['changes']>): string[] {
  const lines = [`### Fixed since the last review (${changes.fixed.length})`, ''];
  for (const { finding, resolved } of changes.fixed.slice(0, SUMMARY_LIST_LIMIT)) {
    lines.push(`- ✅ ${where(finding.path, finding.line)} ${codeSpan(finding.ruleId)}${resolved ? ' — thread resolved' : ''}`);
  }
  if (changes.fixed.length > SUMMARY_LIST_LIMIT) lines.push(`- … and ${changes.fixed.length - SUMMARY_LIST_LIMIT} more`);
  if (changes.cannotResolve) lines.push('', 'This token cannot resolve review threads (the default GITHUB_TOKEN cannot), so the comments on fixed findings are left as they are.');
  return lines;
}

export function claudeSection(c: ClaudeSummary): string[] {
  if (!c.ran) return [`> ${sanitizeMarkdown(c.reason)}`];
  const served = c.servedBy?.filter((m) => m !== c.model) ?? [];
  const heading = `### Claude (${codeSpan(c.model)}${served.length > 0 ? `, served by ${served.map(codeSpan).join(', ')}` : ''})`;
  const first = c.reusedFrom ? `Claude's answer for ${codeSpan(c.reusedFrom.slice(0, 7))} reused from the earlier run: no request sent.` : usageLine(c);
  const lines = [heading, '', first];
  if (c.summaries.length > 0) lines.push('', ...c.summaries.map((s) => `- ${sanitizeMarkdown(oneLine(s))}`));
  if (c.leftOut.length > 0) {
    lines.push('', `Not reviewed by Claude (${c.leftOut.length}): ${c.leftOut.slice(0, SUMMARY_LIST_LIMIT).map((l) => `${codeSpan(l.path)} (${sanitizeMarkdown(oneLine(l.reason))})`).join(', ')}${c.leftOut.length > SUMMARY_LIST_LIMIT ? ', …' : ''}`);
  }
  for (const failure of c.failures) lines.push('', `> ⚠️ Claude: ${sanitizeMarkdown(failure)}. The static review is complete regardless.`);
  const dropped = (Object.keys(DROPPED_REASONS) as (keyof DroppedComments)[]).filter((k) => c.dropped[k] > 0).map((k, i) => `${i === 0 ? plural(c.dropped[k], 'comment') : c.dropped[k]} ${DROPPED_REASONS[k]}`);
  if (dropped.length > 0) lines.push('', `Dropped from Claude's answer: ${dropped.join(', ')}.`);
  if (c.suggestionsRemoved) lines.push('', `${plural(c.suggestionsRemoved, 'suggestion')} removed from kept comments (wrong lines, no change, or the file would not parse).`);
  return lines;
}

/** Why Claude's comments were dropped, in the order the summary lists them. */
const DROPPED_REASONS: Record<keyof DroppedComments, string> = {
  duplicateOfStatic: 'restating a static finding',
  suppressed: 'suppressed in code',
  repeated: 'repeated',
  alreadyRaised: 'raised before',
  unquoted: 'quote not found in the file',
  notVerified: 'below the verification threshold',
};

/** One line a reader can check against the Anthropic console. */
export function usageLine(c: { reviewed: number; candidates: number; requests: number; usage: TokenUsage; costUsd?: number }): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const cost = c.costUsd === undefined ? 'no price on file for this model' : `≈ $${c.costUsd.toFixed(4)}`;
  return (
    `Reviewed ${c.reviewed} of ${plural(c.candidates, 'changed file')} in ${plural(c.requests, 'request')} · ` +
    `tokens: ${n(c.usage.inputTokens)} input, ${n(c.usage.cacheCreationTokens)} cache write, ${n(c.usage.cacheReadTokens)} cache read, ${n(c.usage.outputTokens)} output${c.usage.thinkingTokens > 0 ? ` (${n(c.usage.thinkingTokens)} thinking)` : ''} · ${cost}`
  );
}

/** The job summary: every finding, in full. */
export function renderJobSummary(input: SummaryInput): string {
  const lines = [summaryMarkdown(input), '', '### All findings', ''];
  if (input.plan.findings.length === 0) lines.push('None.');
  for (const f of input.plan.findings) lines.push(findingLine(f));
  const drops = input.claude?.ran ? (input.claude.verificationDrops ?? []) : [];
  if (drops.length > 0) lines.push('', `### Claude comments the verification dropped (${drops.length})`, '', ...drops.map((d) => `- ${sanitizeMarkdown(oneLine(d))}`));
  return lines.join('\n') + '\n';
}

export function countByRule(findings: readonly Finding[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
