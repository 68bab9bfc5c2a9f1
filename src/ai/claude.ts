/**
 * The Claude pass: changed files → batches → Messages API requests (streamed) → verified, anchored
 * findings, with the usage of every request. The first request goes alone so it writes the prompt
 * cache; the rest run `concurrency` at a time and read it. Nothing here throws for an API failure:
 * a failed batch is reported, and the static review goes on without it.
 */
import Anthropic, { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { anchorComments } from './anchor.js';
import { planBatches, type BatchPlan } from './batches.js';
import { lowerEffort, takesEffort, type Effort } from './effort.js';
import { findEvidence, normalizedLines } from './ground.js';
import { parseReviewOutput, REVIEW_OUTPUT_SCHEMA, type ModelComment, type ModelReview } from './output.js';
import { addUsage, NO_USAGE, promptTokens, requestCostUsd, type TokenUsage } from './pricing.js';
import { batchBlock, repairMessage, reviewPrompt, type FileSection } from './prompt.js';
import type { ClaudeInput, ClaudeReport } from './report.js';
import { CONVEX_EXPERT_PROMPT, REVIEW_TASK_PROMPT } from './prompts.js';
import { estimateTokens, TokenEstimator } from './tokens.js';
import { applyConfidence, applyVerdicts, verificationMessage, type Verified } from './verify.js';

/** Changed-file tokens per request: big enough for a few files, small enough to answer well. */
export const MAX_BATCH_TOKENS = 24_000;
/** The shared project context (schema, config, imported helpers, change map) per request. */
export const MAX_CONTEXT_TOKENS = 20_000;
/** Comments asked for per request at most, most important first: a long list is mostly noise. */
export const MAX_COMMENTS_PER_BATCH = 8;

export interface ClaudeSettings {
  apiKey: string;
  /** Defaults to ANTHROPIC_BASE_URL, then the real API. */
  baseURL?: string;
  model: string;
  maxInputTokens: number;
  /** `max_tokens` per request; thinking counts against it. */
  maxOutputTokens: number;
  effort: Effort;
  /** A second, sceptical request per batch keeps or drops each comment with a score. */
  verify: boolean;
  /** The verification score (or, without verification, the model's confidence) a comment needs, 0–10. */
  minScore: number;
  concurrency: number;
  maxRetries: number;
  timeoutSeconds: number;
  /** Changed-file tokens per request (default MAX_BATCH_TOKENS); tests and benchmarks lower it. */
  maxBatchTokens?: number;
  /** At most this many files per request (audits review file by file). */
  maxFilesPerBatch?: number;
  /** The HTTP client the SDK uses (default: global fetch); `eval` replays recorded answers through it. */
  fetch?: typeof fetch;
}

/** `unquoted`: comments whose evidence is not in their file, dropped before the verification. */
type Answered = { ok: true; review: ModelReview; sections: FileSection[]; verified: Verified; unquoted: number; note?: string };
type BatchResult = Answered | { ok: false; failure: string; sections: FileSection[]; refused?: boolean };

export async function runClaudeReview(input: ClaudeInput, settings: ClaudeSettings): Promise<ClaudeReport> {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
    maxRetries: settings.maxRetries,
  });
  const prompt = reviewPrompt(input, { maxContextTokens: MAX_CONTEXT_TOKENS });
  const session = new Session(client, settings, prompt.contextText);
  // Every request repeats the system prompts, the context and the batch's own wrapper (whose last
  // line names the number of files: up to 4 more digits, hence the + 1).
  const prefixChars = estimateTokens(CONVEX_EXPERT_PROMPT) + estimateTokens(REVIEW_TASK_PROMPT) + estimateTokens(prompt.contextText) + estimateTokens(batchBlock([], MAX_COMMENTS_PER_BATCH)) + 1;
  const planned = (): BatchPlan => {
    const scale = (n: number): number => session.estimator.scale(n);
    return planBatches(
      prompt.sections.map((s) => ({ ...s, tokens: scale(s.tokens) })),
      {
        prefixTokens: scale(prefixChars),
        maxBatchTokens: settings.maxBatchTokens ?? MAX_BATCH_TOKENS,
        maxInputTokens: settings.maxInputTokens,
        maxFilesPerBatch: settings.maxFilesPerBatch,
        separatorTokens: scale(estimateTokens('\n\n')),
      },
    );
  };
  // Measured only when a file could fit even at characters / 4: a budget too small for any asks nothing.
  const smallest = Math.min(...prompt.sections.map((s) => s.tokens));
  if (prefixChars + smallest <= settings.maxInputTokens) await session.calibrate(prefixChars);
  const plan = planned();
  // One request reads nothing back unless its own verification follows: cache the batch only then.
  session.cacheContext = plan.batches.length > 1;

  const perBatch: BatchResult[][] = new Array(plan.batches.length);
  const runOne = async (i: number): Promise<void> => {
    perBatch[i] = await session.review(plan.batches[i], settings.effort, { maySplit: true, mayRetryRefusal: true });
  };
  if (plan.batches.length > 0) await runOne(0);
  let next = 1;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < plan.batches.length; i = next++) await runOne(i);
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, Math.max(0, plan.batches.length - 1)) }, worker));
  session.close();

  const results = perBatch.flat();
  const answered = results.filter((r): r is Answered => r.ok);
  const anchored = anchorComments(
    answered.flatMap((r) => r.verified.kept),
    answered.flatMap((r) => r.sections.map((s) => s.file)),
  );
  const verificationDrops = answered.flatMap((r) => r.verified.dropped);
  const served = [...session.servedBy].filter((m) => m !== settings.model);
  return {
    model: settings.model,
    ...(served.length > 0 ? { servedBy: [...session.servedBy] } : {}),
    findings: anchored.findings,
    summaries: answered.map((r) => r.review.summary.trim()).filter(Boolean),
    usage: session.usage,
    costUsd: session.costUsd,
    requests: session.requests,
    reviewed: answered.flatMap((r) => r.sections.map((s) => s.file.path)),
    leftOut: plan.leftOut,
    failures: [
      ...results.filter((r) => !r.ok).map((r) => `${(r as { failure: string }).failure} (${r.sections.map((s) => s.file.path).join(', ')})`),
      ...answered.flatMap((r) => (r.note ? [`${r.note} (${r.sections.map((s) => s.file.path).join(', ')})`] : [])),
    ],
    refusals: session.refusals,
    dropped: { ...anchored.dropped, unquoted: anchored.dropped.unquoted + answered.reduce((n, r) => n + r.unquoted, 0), notVerified: verificationDrops.length },
    ...(anchored.suggestionsRemoved ? { suggestionsRemoved: anchored.suggestionsRemoved } : {}),
    ...(verificationDrops.length > 0 ? { verificationDrops } : {}),
    contextLeftOut: prompt.contextLeftOut,
  };
}

type Reply = { text: string; stopReason: string } | { failure: string };

/** One run's requests: shared client, deadline, usage, token estimates and a stop switch for fatal errors. */
class Session {
  usage: TokenUsage = NO_USAGE;
  costUsd: number | undefined = 0;
  requests = 0;
  refusals = 0;
  readonly servedBy = new Set<string>();
  readonly estimator = new TokenEstimator();
  /** Whether the shared context is worth a cache breakpoint (more than one batch reads it). */
  cacheContext = true;
  private stopped: string | undefined;
  private readonly deadline: number;
  private readonly abort = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly client: Anthropic,
    private readonly settings: ClaudeSettings,
    private readonly contextText: string,
  ) {
    this.deadline = Date.now() + settings.timeoutSeconds * 1000;
    this.timer = setTimeout(() => this.abort.abort(), settings.timeoutSeconds * 1000);
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }

  /**
   * The API's own count of the shared prefix sets the estimate's ratio (the request is free, and
   * not billed as usage). When it fails, the first response calibrates instead.
   */
  async calibrate(prefixChars: number): Promise<void> {
    try {
      const counted = await this.client.messages.countTokens(
        { model: this.settings.model, system: this.system(), messages: [{ role: 'user', content: [{ type: 'text', text: this.contextText }, { type: 'text', text: batchBlock([], MAX_COMMENTS_PER_BATCH) }] }] },
        { signal: this.abort.signal, timeout: Math.max(1, Math.min(30_000, this.deadline - Date.now())), maxRetries: 1 },
      );
      this.estimator.calibrate(prefixChars, counted.input_tokens, 'count_tokens');
    } catch {
      // The default ratio stands until the first response.
    }
  }

  /**
   * A batch, asked again one effort level lower when the answer is cut off at max_tokens, then
   * split once (the halves run one after the other, so a split never adds a request in flight);
   * a refusal splits the batch once too, since one file can be what the model declines. Then one
   * repair for malformed output, and the verification of what it found.
   */
  async review(sections: FileSection[], effort: Effort, may: { maySplit: boolean; mayRetryRefusal: boolean }): Promise<BatchResult[]> {
    const batchText = batchBlock(sections, MAX_COMMENTS_PER_BATCH);
    const answer = await this.send(this.reviewTurn(batchText), effort);
    if ('failure' in answer) return [{ ok: false, failure: answer.failure, sections }];
    if (answer.stopReason === 'refusal') {
      this.refusals++;
      if (may.mayRetryRefusal && sections.length > 1) return this.halves(sections, effort, { maySplit: false, mayRetryRefusal: false });
      return [{ ok: false, failure: 'Claude declined to review this batch (stop_reason refusal)', sections, refused: true }];
    }
    if (answer.stopReason === 'max_tokens') {
      const lower = takesEffort(this.settings.model) ? lowerEffort(effort) : undefined;
      if (lower) return this.review(sections, lower, may);
      if (may.maySplit && sections.length > 1) return this.halves(sections, effort, { maySplit: false, mayRetryRefusal: may.mayRetryRefusal });
      const tried = [...(takesEffort(this.settings.model) ? ['at effort low'] : []), ...(may.maySplit ? [] : ['after splitting the batch'])];
      return [{ ok: false, failure: `the answer was cut off at max-output-tokens (${this.settings.maxOutputTokens})${tried.length ? `, even ${tried.join(' and ')}` : ''}`, sections }];
    }
    const parsed = await this.parsedOrRepaired(batchText, answer.text, effort);
    if ('failure' in parsed) return [{ ok: false, failure: parsed.failure, sections }];
    return [await this.verified(sections, batchText, parsed, effort)];
  }

  private async halves(sections: FileSection[], effort: Effort, may: { maySplit: boolean; mayRetryRefusal: boolean }): Promise<BatchResult[]> {
    const half = Math.ceil(sections.length / 2);
    return [...(await this.review(sections.slice(0, half), effort, may)), ...(await this.review(sections.slice(half), effort, may))];
  }

  /** The answer parsed, or — once — Claude shown what broke the format and asked again. */
  private async parsedOrRepaired(batchText: string, text: string, effort: Effort): Promise<{ review: ModelReview; text: string } | { failure: string }> {
    const parsed = parseReviewOutput(text);
    if (parsed.ok) return { review: parsed.review, text };
    if (!text.trim()) return { failure: 'Claude returned an empty answer' };
    const repair = await this.send([...this.reviewTurn(batchText), { role: 'assistant', content: text }, { role: 'user', content: repairMessage(parsed.error) }], effort);
    if ('failure' in repair) return { failure: `malformed output (${parsed.error}), and the repair request failed: ${repair.failure}` };
    const repaired = repair.stopReason === 'end_turn' ? parseReviewOutput(repair.text) : { ok: false as const, error: `stop_reason ${repair.stopReason}` };
    if (!repaired.ok) return { failure: `the output did not match the format, even after one repair request (${repaired.error})` };
    return { review: repaired.review, text: repair.text };
  }

  /**
   * The comments that pass: the verification pass's verdicts, or the model's own confidence when
   * it is off. A verification that fails keeps the comments (they are not lost) and says so.
   */
  private async verified(sections: FileSection[], batchText: string, answer: { review: ModelReview; text: string }, effort: Effort): Promise<Answered> {
    // A comment that quotes nothing in its file is dropped by the anchoring anyway: not worth verifying.
    const lines = new Map(sections.map((s) => [s.file.path, normalizedLines(s.file.text)]));
    const comments = answer.review.comments.filter((c) => isQuoted(c, lines));
    const base = { ok: true as const, review: answer.review, sections, unquoted: answer.review.comments.length - comments.length };
    if (!this.settings.verify) return { ...base, verified: applyConfidence(comments, this.settings.minScore) };
    if (comments.length === 0) return { ...base, verified: { kept: [], dropped: [] } };
    const reply = await this.send([...this.reviewTurn(batchText), { role: 'assistant', content: answer.text }, { role: 'user', content: verificationMessage(comments) }], effort);
    const parsed = 'failure' in reply ? undefined : reply.stopReason === 'end_turn' ? parseReviewOutput(reply.text) : undefined;
    if (!parsed?.ok) {
      const why = 'failure' in reply ? reply.failure : reply.stopReason !== 'end_turn' ? `stop_reason ${reply.stopReason}` : parsed ? parsed.error : 'no answer';
      return { ...base, verified: { kept: comments, dropped: [] }, note: `the verification request failed (${why}), so Claude's comments are posted unverified` };
    }
    return { ...base, verified: applyVerdicts(comments, parsed.review.verdicts, this.settings.minScore) };
  }

  private system(): Anthropic.TextBlockParam[] {
    return [
      { type: 'text', text: CONVEX_EXPERT_PROMPT },
      // Static across runs and repositories: a later run within the cache lifetime reads it.
      { type: 'text', text: REVIEW_TASK_PROMPT, cache_control: { type: 'ephemeral' } },
    ];
  }

  /**
   * The review's user turn. Breakpoints only where a later request reads them back: the context
   * when several batches share it, the batch itself when a verification request follows.
   */
  private reviewTurn(batchText: string): Anthropic.MessageParam[] {
    const cache = { cache_control: { type: 'ephemeral' as const } };
    return [
      {
        role: 'user',
        content: [
          { type: 'text', text: this.contextText, ...(this.cacheContext ? cache : {}) },
          { type: 'text', text: batchText, ...(this.settings.verify ? cache : {}) },
        ],
      },
    ];
  }

  private async send(messages: Anthropic.MessageParam[], effort: Effort): Promise<Reply> {
    if (this.stopped) return { failure: `not sent: ${this.stopped}` };
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { failure: `not sent: claude-timeout-seconds (${this.settings.timeoutSeconds} s) ran out` };
    const system = this.system();
    const chars = [...system.map((b) => b.text), ...messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))].reduce((n, t) => n + estimateTokens(t), 0);
    const estimate = this.estimator.scale(chars);
    if (promptTokens(this.usage) + estimate > this.settings.maxInputTokens) {
      return { failure: `not sent: max-input-tokens (${this.settings.maxInputTokens}) would be exceeded` };
    }
    this.requests++;
    try {
      // Streamed: a long max_tokens (thinking counts against it) is refused by the SDK without a stream.
      const message = await this.client.messages
        .stream(
          {
            model: this.settings.model,
            max_tokens: this.settings.maxOutputTokens,
            system,
            messages,
            // The schema as a plain format, not the SDK's parsing helper: its stream throws on an
            // answer that is not JSON, and such an answer gets one repair request from us instead.
            output_config: { ...(takesEffort(this.settings.model) ? { effort } : {}), format: { type: 'json_schema', schema: REVIEW_OUTPUT_SCHEMA as unknown as Record<string, unknown> } },
          },
          { signal: this.abort.signal, timeout: remaining },
        )
        .finalMessage();
      this.record(message, chars);
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      return { text, stopReason: message.stop_reason ?? 'end_turn' };
    } catch (error) {
      return { failure: this.describe(error) };
    }
  }

  private record(message: Anthropic.Message, promptChars: number): void {
    const u = message.usage;
    const usage: TokenUsage = {
      inputTokens: u.input_tokens,
      outputTokens: u.output_tokens,
      cacheCreationTokens: u.cache_creation_input_tokens ?? 0,
      cacheReadTokens: u.cache_read_input_tokens ?? 0,
      thinkingTokens: u.output_tokens_details?.thinking_tokens ?? 0,
    };
    this.usage = addUsage(this.usage, usage);
    const cost = requestCostUsd(this.settings.model, usage);
    this.costUsd = this.costUsd === undefined || cost === undefined ? undefined : this.costUsd + cost;
    this.servedBy.add(message.model);
    if (!this.estimator.measured) this.estimator.calibrate(promptChars, promptTokens(usage), 'first response');
  }

  /**
   * Errors → one sentence. A request that can never succeed stops the rest of the run: a bad key,
   * no access, an unknown model, or a 400 about the model or a parameter. Other 400s (one batch's
   * prompt too long) cost only their batch.
   */
  private describe(error: unknown): string {
    if (error instanceof APIUserAbortError) return `claude-timeout-seconds (${this.settings.timeoutSeconds} s) ran out`;
    if (error instanceof APIConnectionError) return `could not reach the Anthropic API (${error.message}) after ${this.settings.maxRetries} retries`;
    if (error instanceof APIError) {
      const what = `HTTP ${error.status}${error.type ? ` ${error.type}` : ''}${error.apiMessage ? `: ${error.apiMessage}` : ''}`;
      if (error.status === 401 || error.status === 403 || error.status === 404 || (error.status === 400 && namesModelOrParameter(error.apiMessage ?? error.message))) {
        this.stopped = `the API refused an earlier request (${what})`;
        return `the API refused the request (${what})`;
      }
      if (error.status === 400 || error.status === 413) return `the API refused the request (${what})`;
      return `${what}, still failing after ${this.settings.maxRetries} retries`;
    }
    return `unexpected error: ${(error as Error).message}`;
  }
}

/** Whether a comment's evidence is in its file (normalised lines by path; a file outside the batch is the anchoring's to judge). */
function isQuoted(comment: ModelComment, linesByPath: ReadonlyMap<string, readonly string[]>): boolean {
  const lines = linesByPath.get(comment.path);
  if (!lines) return true;
  const near = { start: Math.min(comment.start_line ?? comment.line, comment.line), end: comment.line };
  return findEvidence(lines, comment.evidence, near) !== undefined;
}

/** A 400 every request of the run would get: about the model, or a parameter every request sends. */
function namesModelOrParameter(message: string): boolean {
  return /\bmodel\b|max_tokens|output_config|effort|thinking|temperature|Extra inputs|not supported|unsupported|invalid (value|parameter)/i.test(message);
}
