/**
 * One case through the review the Action runs on a pull request (src/review `reviewChange`: the
 * static rules and, unless off, the Claude pass through the fetch a mode supplies), then scored
 * against its labels. The measurements that need the review's insides live here: where Claude's
 * anchors came from, what became of its comments, whether each suggestion applies, parses and
 * silences its rule.
 */
import { runClaudeReview, type ClaudeSettings } from '../ai/claude.js';
import { findEvidence, normalizedLines } from '../ai/ground.js';
import { parseReviewOutput, type ModelComment } from '../ai/output.js';
import type { ClaudeInput, ClaudeReport } from '../ai/report.js';
import { readProjectFiles } from '../change/read.js';
import { CONFIG_PATH, EMPTY_CONFIG, parseConfig } from '../config/file.js';
import { analyzeFiles, type AnalysisOptions } from '../convex/analyze.js';
import { parseSource } from '../convex/model/source-file.js';
import { ALL_RULES, RULE_IDS } from '../convex/rules/index.js';
import type { Category } from '../core/categories.js';
import { CLAUDE_DEFAULTS, INLINE_MIN_SEVERITY, MAX_COMMENTS } from '../core/defaults.js';
import type { Finding } from '../core/finding.js';
import { reviewChange, type ClaudeChoice } from '../review/review.js';
import { changedFilesOf } from './diff.js';
import { overlaps, scoreCase, type ReviewedComment } from './match.js';
import type { Tap } from './recordings.js';
import type { AnchorKind, CaseResult, ClaudeStats, EvalCase, SuggestionStats } from './types.js';

const CATEGORY_OF = new Map<string, Category>(ALL_RULES.map((r) => [r.id, r.category]));

/** How Claude takes part in a case: off, not recorded (replay without recordings), or through this fetch. */
export type CaseClaude = { kind: 'off' } | { kind: 'not recorded' } | { kind: 'run'; fetch: typeof fetch; tap: Tap; model: string; apiKey: string; baseURL: string; maxRetries: number };

export async function runCase(c: EvalCase, claude: CaseClaude): Promise<CaseResult> {
  const project = await readProjectFiles(
    [...c.head.keys()].map((path) => ({ path })),
    async (paths) => new Map(paths.flatMap((p) => (c.head.has(p) ? [[p, Buffer.from(c.head.get(p)!, 'utf8')] as const] : []))),
  );
  const configText = c.head.get(CONFIG_PATH);
  const config = configText === undefined ? EMPTY_CONFIG : parseConfig(configText, RULE_IDS);
  let report: ClaudeReport | undefined;
  let latencyMs = 0;
  const choice: ClaudeChoice =
    claude.kind === 'run'
      ? {
          run: async (input: ClaudeInput) => {
            const started = performance.now();
            try {
              report = await runClaudeReview(input, claudeSettings(claude));
              return report;
            } finally {
              latencyMs = performance.now() - started;
            }
          },
        }
      : { skip: claude.kind === 'off' ? 'Claude is off for this eval run.' : 'No recording for this case.' };
  const review = await reviewChange({
    project,
    target: { kind: 'change', changedFiles: changedFilesOf(c.base, c.head), ...(c.pullRequest ? { pullRequest: c.pullRequest } : {}) },
    settings: { rules: config.rules, project: config.project, paths: [], exclude: config.ignore, inlineMinSeverity: INLINE_MIN_SEVERITY, maxComments: MAX_COMMENTS },
    claude: choice,
  });
  const reviewed: ReviewedComment[] = [
    ...review.plan.inline.map((i) => ({ finding: i.finding, inline: true })),
    ...review.plan.notInline.map((n) => ({ finding: n.finding, inline: false })),
  ].map((r) => ({ ...r, category: categoryOf(r.finding) }));
  const score = scoreCase(c, reviewed);
  const modelComments = claude.kind === 'run' ? modelCommentsOf(claude.tap.answerTexts) : [];
  for (const s of score.comments) {
    if (s.source !== 'claude') continue;
    s.anchor = anchorKind(s, modelComments, c.head.get(s.path));
  }
  return {
    id: c.id,
    kind: c.kind,
    split: c.split,
    tags: c.tags,
    ...score,
    maxInline: c.maxInline,
    suggestions: suggestionStats(c, { settings: config.rules, project: config.project }, review.plan.inline.filter((i) => i.withSuggestion).map((i) => i.finding)),
    claude: claude.kind === 'run' ? claudeStats(report, claude.tap, latencyMs, modelComments.length, score.comments.filter((s) => s.source === 'claude').map((s) => s.anchor!)) : claude.kind,
  };
}

function claudeSettings(claude: Extract<CaseClaude, { kind: 'run' }>): ClaudeSettings {
  return {
    apiKey: claude.apiKey,
    baseURL: claude.baseURL,
    model: claude.model,
    maxInputTokens: CLAUDE_DEFAULTS.maxInputTokens,
    maxOutputTokens: CLAUDE_DEFAULTS.maxOutputTokens,
    effort: CLAUDE_DEFAULTS.effort,
    verify: CLAUDE_DEFAULTS.verify,
    minScore: CLAUDE_DEFAULTS.minScore,
    // One request at a time: the order of requests (and so of a fixture's answers) is fixed.
    concurrency: 1,
    maxRetries: claude.maxRetries,
    timeoutSeconds: CLAUDE_DEFAULTS.timeoutSeconds,
    fetch: claude.fetch,
  };
}

function categoryOf(f: Finding): Category | undefined {
  return f.source === 'claude' ? (f.ruleId.slice('claude/'.length) as Category) : CATEGORY_OF.get(f.ruleId);
}

/** The comments of the model's review answers (verification answers carry none). */
function modelCommentsOf(texts: readonly string[]): ModelComment[] {
  return texts.flatMap((t) => {
    const parsed = parseReviewOutput(t);
    return parsed.ok ? parsed.review.comments : [];
  });
}

/**
 * Exact: inline on the very lines its quote is on. Snapped: inline, but moved onto the diff.
 * Demoted: in the summary (no commentable lines near its quote). Unknown: no model comment with
 * its path and title (a repaired answer, say).
 */
function anchorKind(s: { path: string; message: string; line: number; endLine: number; inline: boolean }, comments: readonly ModelComment[], text: string | undefined): AnchorKind {
  if (!s.inline) return 'demoted';
  const comment = comments.find((m) => m.path === s.path && m.title === s.message);
  if (!comment || text === undefined) return 'unknown';
  const quoted = findEvidence(normalizedLines(text), comment.evidence, { start: Math.min(comment.start_line ?? comment.line, comment.line), end: comment.line });
  if (!quoted) return 'unknown';
  return quoted.start === s.line && quoted.end === s.endLine ? 'exact' : 'snapped';
}

function claudeStats(report: ClaudeReport | undefined, tap: Tap, latencyMs: number, modelComments: number, anchors: readonly AnchorKind[]): ClaudeStats {
  const count = (k: AnchorKind): number => anchors.filter((a) => a === k).length;
  return {
    answers: dedupeSources(tap.sources),
    requests: report?.requests ?? 0,
    inputTokens: report?.usage.inputTokens ?? 0,
    outputTokens: report?.usage.outputTokens ?? 0,
    cacheReadTokens: report?.usage.cacheReadTokens ?? 0,
    cacheCreationTokens: report?.usage.cacheCreationTokens ?? 0,
    ...(report?.costUsd !== undefined ? { costUsd: report.costUsd } : {}),
    latencyMs: Math.round(latencyMs),
    refusals: report?.refusals ?? 0,
    failures: report?.failures ?? [],
    modelComments,
    findings: report?.findings.length ?? 0,
    dropped: { ...(report?.dropped ?? {}) } as unknown as Record<string, number>,
    suggestionsRemoved: report?.suggestionsRemoved ?? 0,
    anchors: { exact: count('exact'), snapped: count('snapped'), demoted: count('demoted'), unknown: count('unknown') },
  };
}

function dedupeSources<T>(sources: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const s of sources) seen.set(JSON.stringify(s), s);
  return [...seen.values()];
}

/** Each inline suggestion: does it apply to the head, does the file still parse, is its rule silent there after it. */
function suggestionStats(c: EvalCase, options: AnalysisOptions, withFix: readonly Finding[]): SuggestionStats {
  const stats: SuggestionStats = { offered: withFix.length, applies: 0, parses: 0, ruleGone: 0, ruleChecked: 0 };
  for (const f of withFix) {
    const text = c.head.get(f.path);
    const fix = f.fix!;
    if (text === undefined) continue;
    const lines = text.split('\n');
    if (fix.line < 1 || fix.endLine > lines.length || fix.endLine < fix.line) continue;
    stats.applies++;
    const replacement = fix.replacement.split('\n');
    const changed = [...lines.slice(0, fix.line - 1), ...replacement, ...lines.slice(fix.endLine)].join('\n');
    if (parseErrors(f.path, changed) <= parseErrors(f.path, text)) stats.parses++;
    if (f.source !== 'static') continue;
    stats.ruleChecked++;
    const files = new Map(c.head);
    files.set(f.path, changed);
    const after = analyzeFiles(files, options).findings;
    const range: [number, number] = [fix.line, fix.line + replacement.length - 1];
    if (!after.some((g) => g.ruleId === f.ruleId && g.path === f.path && overlaps([g.line, g.endLine], range, 0))) stats.ruleGone++;
  }
  return stats;
}

function parseErrors(path: string, text: string): number {
  return parseSource(path, text).parseErrors.length;
}
