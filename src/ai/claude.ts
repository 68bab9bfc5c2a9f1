/**
 * The Claude pass: changed files → batches → Messages API requests → anchored findings, with the
 * usage of every request. The first request goes alone so it writes the prompt cache; the rest run
 * `concurrency` at a time and read it. Nothing here throws for an API failure: a failed batch is
 * reported, and the static review goes on without it.
 */
import Anthropic, { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema';
import { anchorComments } from './anchor.js';
import { localImports } from './code-context.js';
import { planBatches } from './batches.js';
import { parseReviewOutput, REVIEW_OUTPUT_SCHEMA, type ModelReview } from './output.js';
import { addUsage, costUsd, NO_USAGE, promptTokens, type TokenUsage } from './pricing.js';
import { batchBlock, contextBlock, fileSection, repairMessage, type FileSection, type ReviewFile } from './prompt.js';
import { projectContext } from './project-context.js';
import type { ClaudeInput, ClaudeReport } from './report.js';
import { CONVEX_EXPERT_PROMPT, REVIEW_TASK_PROMPT } from './prompts.js';
import { estimateTokens } from './tokens.js';

/** Changed-file tokens per request: big enough for a few files, small enough to answer well. */
export const MAX_BATCH_TOKENS = 24_000;
/** The shared project context (schema, config, imported helpers) per request. */
export const MAX_CONTEXT_TOKENS = 20_000;

export interface ClaudeSettings {
  apiKey: string;
  /** Defaults to ANTHROPIC_BASE_URL, then the real API. */
  baseURL?: string;
  model: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  concurrency: number;
  maxRetries: number;
  timeoutSeconds: number;
  /** Changed-file tokens per request (default MAX_BATCH_TOKENS); tests and benchmarks lower it. */
  maxBatchTokens?: number;
  /** At most this many files per request (audits review file by file). */
  maxFilesPerBatch?: number;
}

type BatchResult = { ok: true; review: ModelReview; sections: FileSection[] } | { ok: false; failure: string; sections: FileSection[]; refused?: boolean };

export async function runClaudeReview(input: ClaudeInput, settings: ClaudeSettings): Promise<ClaudeReport> {
  const client = new Anthropic({ apiKey: settings.apiKey, ...(settings.baseURL ? { baseURL: settings.baseURL } : {}), maxRetries: settings.maxRetries });
  // A file's section and its imports in one go: both read its syntax tree, parsed once that way.
  const imports = new Map<ReviewFile, string[]>();
  const sections = input.files.map((f) => {
    const section = fileSection(f);
    imports.set(f, localImports(f.path, f.text, input.projectFiles));
    return section;
  });
  const context = projectContext(input.projectFiles, input.files, input.roots, MAX_CONTEXT_TOKENS, (f) => imports.get(f) ?? []);
  const contextText = contextBlock(context.files, context.leftOut);
  // Every request repeats the system prompts, the context and the batch's own wrapper (whose last
  // line names the number of files: up to 4 more digits, hence the + 1).
  const prefixTokens = estimateTokens(CONVEX_EXPERT_PROMPT) + estimateTokens(REVIEW_TASK_PROMPT) + estimateTokens(contextText) + estimateTokens(batchBlock([])) + 1;
  const plan = planBatches(sections, {
    prefixTokens,
    maxBatchTokens: settings.maxBatchTokens ?? MAX_BATCH_TOKENS,
    maxInputTokens: settings.maxInputTokens,
    maxFilesPerBatch: settings.maxFilesPerBatch,
    separatorTokens: estimateTokens('\n\n'),
  });

  const session = new Session(client, settings, contextText);
  const perBatch: BatchResult[][] = new Array(plan.batches.length);
  const runOne = async (i: number): Promise<void> => {
    perBatch[i] = await session.review(plan.batches[i], true);
  };
  if (plan.batches.length > 0) await runOne(0);
  let next = 1;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < plan.batches.length; i = next++) await runOne(i);
  };
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, Math.max(0, plan.batches.length - 1)) }, worker));
  session.close();

  const results = perBatch.flat();
  const answered = results.filter((r): r is Extract<BatchResult, { ok: true }> => r.ok);
  const anchored = anchorComments(
    answered.flatMap((r) => r.review.comments),
    answered.flatMap((r) => r.sections.map((s) => s.file)),
  );
  return {
    model: settings.model,
    findings: anchored.findings,
    summaries: answered.map((r) => r.review.summary.trim()).filter(Boolean),
    usage: session.usage,
    costUsd: costUsd(settings.model, session.usage),
    requests: session.requests,
    reviewed: answered.flatMap((r) => r.sections.map((s) => s.file.path)),
    leftOut: plan.leftOut,
    failures: results.filter((r) => !r.ok).map((r) => `${(r as { failure: string }).failure} (${r.sections.map((s) => s.file.path).join(', ')})`),
    refusals: results.filter((r) => !r.ok && r.refused).length,
    dropped: anchored.dropped,
    contextLeftOut: context.leftOut,
  };
}

/** One run's requests: shared client, deadline, usage and a stop switch for fatal errors. */
class Session {
  usage: TokenUsage = NO_USAGE;
  requests = 0;
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
   * A batch, with one repair for malformed output and one split when the answer is cut off (the
   * halves run one after the other, so a split never adds a request in flight).
   */
  async review(sections: FileSection[], maySplit: boolean): Promise<BatchResult[]> {
    const first = batchBlock(sections);
    const answer = await this.send([{ role: 'user', content: this.userContent(first) }]);
    if ('failure' in answer) return [{ ok: false, failure: answer.failure, sections }];
    if (answer.stopReason === 'refusal') return [{ ok: false, failure: 'Claude declined to review this batch (stop_reason refusal)', sections, refused: true }];
    if (answer.stopReason === 'max_tokens') {
      if (maySplit && sections.length > 1) {
        const half = Math.ceil(sections.length / 2);
        return [...(await this.review(sections.slice(0, half), false)), ...(await this.review(sections.slice(half), false))];
      }
      return [{ ok: false, failure: `the answer was cut off at max-output-tokens (${this.settings.maxOutputTokens})${maySplit ? '' : ', even after splitting the batch'}`, sections }];
    }
    return [await this.parsedOrRepaired(sections, first, answer.text)];
  }

  /** The answer parsed, or — once — Claude shown what broke the format and asked again. */
  private async parsedOrRepaired(sections: FileSection[], batchText: string, text: string): Promise<BatchResult> {
    const parsed = parseReviewOutput(text);
    if (parsed.ok) return { ok: true, review: parsed.review, sections };
    if (!text.trim()) return { ok: false, failure: 'Claude returned an empty answer', sections };
    const repair = await this.send([
      { role: 'user', content: this.userContent(batchText) },
      { role: 'assistant', content: text },
      { role: 'user', content: repairMessage(parsed.error) },
    ]);
    if ('failure' in repair) return { ok: false, failure: `malformed output (${parsed.error}), and the repair request failed: ${repair.failure}`, sections };
    const repaired = repair.stopReason === 'end_turn' ? parseReviewOutput(repair.text) : { ok: false as const, error: `stop_reason ${repair.stopReason}` };
    if (!repaired.ok) return { ok: false, failure: `the output did not match the format, even after one repair request (${repaired.error})`, sections };
    return { ok: true, review: repaired.review, sections };
  }

  private userContent(batchText: string): Anthropic.TextBlockParam[] {
    return [
      { type: 'text', text: this.contextText, cache_control: { type: 'ephemeral' } },
      { type: 'text', text: batchText },
    ];
  }

  private async send(messages: Anthropic.MessageParam[]): Promise<{ text: string; stopReason: string } | { failure: string }> {
    if (this.stopped) return { failure: `not sent: ${this.stopped}` };
    const remaining = this.deadline - Date.now();
    if (remaining <= 0) return { failure: `not sent: claude-timeout-seconds (${this.settings.timeoutSeconds} s) ran out` };
    const estimate = estimateTokens(CONVEX_EXPERT_PROMPT + REVIEW_TASK_PROMPT) + messages.reduce((n, m) => n + estimateTokens(JSON.stringify(m.content)), 0);
    if (promptTokens(this.usage) + estimate > this.settings.maxInputTokens) {
      return { failure: `not sent: max-input-tokens (${this.settings.maxInputTokens}) would be exceeded` };
    }
    this.requests++;
    try {
      const message = await this.client.messages.create(
        {
          model: this.settings.model,
          max_tokens: this.settings.maxOutputTokens,
          system: [
            { type: 'text', text: CONVEX_EXPERT_PROMPT },
            { type: 'text', text: REVIEW_TASK_PROMPT, cache_control: { type: 'ephemeral' } },
          ],
          messages,
          output_config: { format: jsonSchemaOutputFormat(REVIEW_OUTPUT_SCHEMA) },
        },
        { signal: this.abort.signal, timeout: remaining },
      );
      const u = message.usage;
      this.usage = addUsage(this.usage, {
        inputTokens: u.input_tokens,
        outputTokens: u.output_tokens,
        cacheCreationTokens: u.cache_creation_input_tokens ?? 0,
        cacheReadTokens: u.cache_read_input_tokens ?? 0,
        thinkingTokens: u.output_tokens_details?.thinking_tokens ?? 0,
      });
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      return { text, stopReason: message.stop_reason ?? 'end_turn' };
    } catch (error) {
      return { failure: this.describe(error) };
    }
  }

  /** Errors → one sentence; a request that can never succeed stops the rest of the run. */
  private describe(error: unknown): string {
    if (error instanceof APIUserAbortError) return `claude-timeout-seconds (${this.settings.timeoutSeconds} s) ran out`;
    if (error instanceof APIConnectionError) return `could not reach the Anthropic API (${error.message}) after ${this.settings.maxRetries} retries`;
    if (error instanceof APIError) {
      const what = `HTTP ${error.status}${error.type ? ` ${error.type}` : ''}${error.apiMessage ? `: ${error.apiMessage}` : ''}`;
      if (error.status === 400 || error.status === 401 || error.status === 403 || error.status === 404) {
        this.stopped = `the API refused an earlier request (${what})`;
        return `the API refused the request (${what})`;
      }
      return `${what}, still failing after ${this.settings.maxRetries} retries`;
    }
    return `unexpected error: ${(error as Error).message}`;
  }
}

