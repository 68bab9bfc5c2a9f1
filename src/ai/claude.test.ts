/**
 * The Claude pass against the strict Anthropic fake (real HTTP on 127.0.0.1, the real SDK):
 * batching and caching, retries, failures that stay partial, repair, split, refusal, budgets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, type AnthropicFake, type FakeCall } from '../../test/fakes/anthropic.js';
import { parsePatch } from '../diff/patch.js';
import { runClaudeReview, type ClaudeSettings } from './claude.js';
import type { ModelComment } from './output.js';
import type { ReviewFile } from './prompt.js';

let fake: AnthropicFake;
beforeEach(async () => {
  fake = await startAnthropicFake();
});
afterEach(async () => fake.close());

const settings = (over: Partial<ClaudeSettings> = {}): ClaudeSettings => ({
  apiKey: 'sk-test',
  baseURL: fake.url,
  model: 'claude-sonnet-5-5',
  maxInputTokens: 200_000,
  maxOutputTokens: 4096,
  effort: 'medium',
  // Most tests look at one request per batch; the verification pass has tests of its own.
  verify: false,
  minScore: 0,
  concurrency: 2,
  maxRetries: 2,
  timeoutSeconds: 60,
  ...over,
});

/** The line every padded test file has at `line` (1-based). */
const lineText = (i: number): string => `export const value${i - 1} = ${i - 1}; // padding so each line has some weight to it`;

/** A new file of `lines` lines, all added by the pull request. */
function newFile(path: string, lines: number): ReviewFile {
  const body = Array.from({ length: lines }, (_, i) => lineText(i + 1));
  return { path, text: body.join('\n') + '\n', patch: parsePatch([`@@ -0,0 +1,${lines} @@`, ...body.map((l) => `+${l}`)].join('\n')), staticFindings: [] };
}

/** The files a request asks about, as the prompt names them. */
const filesOf = (call: FakeCall): string[] => [...call.promptText.matchAll(/^## File: (\S+)$/gm)].map((m) => m[1]);
const isVerification = (call: FakeCall): boolean => call.promptText.includes('<pr-data kind="candidate-comments">');

/** A comment on line 2 of `path`, quoting it. */
const comment = (path: string, title = `check ${path}`, over: Partial<ModelComment> = {}): ModelComment => ({
  path, line: 2, severity: 'warning', category: 'reliability', title, body: 'Why and what to do.', evidence: lineText(2), confidence: 8, restates: null, ...over,
});

/** A model that comments once on line 2 of every file it is shown. */
const commentsOnEveryFile = (call: FakeCall) =>
  reply.json({ comments: filesOf(call).map((path) => comment(path)), verdicts: [], summary: `Looked at ${filesOf(call).length} file(s).` });

const input = (files: ReviewFile[]) => ({ files, projectFiles: new Map(files.map((f) => [f.path, f.text])), roots: [] });
const messageRequests = () => fake.requests.filter((r) => r.path === '/v1/messages');
const sumOf = (key: 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens') =>
  messageRequests().reduce((n, r) => n + (r.usage?.[key] ?? 0), 0);

describe('the Claude pass', () => {
  it('sends the first batch alone to write the cache, then the rest in parallel reading it; usage adds up', async () => {
    fake.setFallback(commentsOnEveryFile);
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => newFile(`convex/${n}.ts`, 30));
    const report = await runClaudeReview(input(files), settings({ maxFilesPerBatch: 1 }));

    expect(report.failures).toEqual([]);
    expect(report.requests).toBe(5);
    expect(messageRequests()).toHaveLength(5);
    const [first, ...rest] = messageRequests();
    for (const r of rest) expect(r.startedAt).toBeGreaterThanOrEqual(first.endedAt!);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    expect(first.usage!.cache_creation_input_tokens).toBeGreaterThan(0);
    for (const r of rest) expect(r.usage!.cache_read_input_tokens).toBeGreaterThan(0);

    expect(report.usage).toEqual({
      inputTokens: sumOf('input_tokens'),
      outputTokens: sumOf('output_tokens'),
      cacheCreationTokens: sumOf('cache_creation_input_tokens'),
      cacheReadTokens: sumOf('cache_read_input_tokens'),
      thinkingTokens: 0,
    });
    expect(report.costUsd).toBeGreaterThan(0);
    expect(report.reviewed.sort()).toEqual(files.map((f) => f.path));
    expect(report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`).sort()).toEqual(files.map((f) => `${f.path}:2 claude/reliability`));
    expect(report.summaries).toHaveLength(5);
  });

  it('sends the agent prompt and our task as system blocks, the context and the batch as user blocks, the output schema and the effort, streamed', async () => {
    fake.setFallback(commentsOnEveryFile);
    await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    const [request] = messageRequests();
    const body = request.body as {
      system: { text: string; cache_control?: unknown }[];
      messages: { content: { text: string; cache_control?: unknown }[] }[];
      output_config: { format: unknown; effort: string };
      tools?: unknown;
      stream?: boolean;
    };
    expect(body.system).toHaveLength(2);
    expect(body.system[0].text).toMatch(/^You are an expert Convex backend developer/);
    expect(body.system[1]).toMatchObject({ text: expect.stringMatching(/^# Your task in this conversation: review a pull request/), cache_control: { type: 'ephemeral' } });
    expect(body.messages[0].content[0].text).toMatch(/^<pr-data kind="project-context">/);
    expect(body.messages[0].content[1].text).toMatch(/^<pr-data kind="changed-files">\n## File: convex\/a\.ts/);
    expect(body.output_config).toMatchObject({ effort: 'medium', format: { type: 'json_schema', schema: { type: 'object', required: ['comments', 'verdicts', 'summary'] } } });
    expect(body.stream).toBe(true);
    expect(request.effort).toBe('medium');
    expect(body.tools).toBeUndefined();
  });

  it('puts cache breakpoints only where a later request reads them back', async () => {
    fake.setFallback(commentsOnEveryFile);
    type Body = { messages: { content: { cache_control?: unknown }[] }[] };
    const contentOf = (i: number) => (messageRequests()[i].body as Body).messages[0].content;

    // One batch, no verification: nothing reads the context or the batch again.
    await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(contentOf(0).map((b) => b.cache_control)).toEqual([undefined, undefined]);

    // Several batches share the context: the first writes it, the others read it.
    const before = messageRequests().length;
    await runClaudeReview(input([newFile('convex/b.ts', 5), newFile('convex/c.ts', 5)]), settings({ maxFilesPerBatch: 1 }));
    expect(contentOf(before).map((b) => b.cache_control)).toEqual([{ type: 'ephemeral' }, undefined]);
    expect(messageRequests()[before + 1].usage!.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it('waits out a 429 with retry-after-ms and goes on', async () => {
    fake.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 20 }), commentsOnEveryFile);
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(report.failures).toEqual([]);
    expect(messageRequests().map((r) => r.status)).toEqual([429, 200]);
    expect(report.findings).toHaveLength(1);
  });

  it('reports an overloaded API (529 through every retry) as a failed batch naming its files, without throwing', async () => {
    fake.setFallback(reply.error(529, 'overloaded_error', { retryAfterMs: 5 }));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ maxRetries: 1 }));
    expect(messageRequests()).toHaveLength(2);
    expect(report.failures).toEqual([expect.stringMatching(/^HTTP 529 overloaded_error.*still failing after 1 retries \(convex\/a\.ts\)$/)]);
    expect(report.findings).toEqual([]);
    expect(report.usage.inputTokens).toBe(0);
  });

  it('stops sending after a request the API refuses for good (a bad key)', async () => {
    const anthropic = await startAnthropicFake({ apiKeys: ['sk-right'], fallback: commentsOnEveryFile });
    try {
      const files = ['a', 'b', 'c'].map((n) => newFile(`convex/${n}.ts`, 30));
      const report = await runClaudeReview(input(files), { ...settings({ maxFilesPerBatch: 1 }), baseURL: anthropic.url, apiKey: 'sk-wrong' });
      expect(anthropic.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(1);
      expect(report.failures[0]).toMatch(/^the API refused the request \(HTTP 401 authentication_error/);
      expect(report.failures.slice(1)).toEqual([expect.stringMatching(/^not sent: the API refused an earlier request/), expect.stringMatching(/^not sent/)]);
    } finally {
      await anthropic.close();
    }
  });

  it('gives up at claude-timeout-seconds and says so', async () => {
    fake.setFallback(reply.slow(5_000, reply.json({ comments: [], verdicts: [], summary: '' })));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ timeoutSeconds: 1 }));
    expect(report.failures).toEqual(['claude-timeout-seconds (1 s) ran out (convex/a.ts)']);
  });

  it('repairs malformed output once, showing Claude its answer and what broke', async () => {
    fake.enqueue(reply.text('{"comments": [], "summary": 3}'), commentsOnEveryFile);
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(report.failures).toEqual([]);
    expect(report.findings).toHaveLength(1);
    const repair = messageRequests()[1].body as { messages: { role: string; content: unknown }[] };
    expect(repair.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair.messages[1].content).toBe('{"comments": [], "summary": 3}');
    expect(String(repair.messages[2].content)).toContain('summary must be a string');
  });

  it('reports a batch whose output stays malformed after the repair', async () => {
    fake.setFallback(reply.text('not json'));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(messageRequests()).toHaveLength(2);
    expect(report.failures).toEqual([expect.stringMatching(/^the output did not match the format, even after one repair request \(the answer is not JSON/)]);
  });

  it('asks a cut-off answer again one effort lower, then splits the batch once; a single file cut off at low is reported', async () => {
    fake.enqueue(reply.maxTokens('{"comments": [{"path"'));
    fake.setFallback(commentsOnEveryFile);
    const lower = await runClaudeReview(input([newFile('convex/a.ts', 5), newFile('convex/b.ts', 5)]), settings());
    expect(messageRequests().map((r) => `${r.effort} ${filesOf({ promptText: JSON.stringify(r.body).replace(/\\n/g, '\n') } as FakeCall).length}`)).toEqual(['medium 2', 'low 2']);
    expect(lower.failures).toEqual([]);
    expect(lower.findings).toHaveLength(2);

    const before = messageRequests().length;
    fake.enqueue(reply.maxTokens('{"comments": ['), reply.maxTokens('{"comments": ['));
    const split = await runClaudeReview(input([newFile('convex/c.ts', 5), newFile('convex/d.ts', 5)]), settings());
    expect(messageRequests().slice(before).map((r) => `${r.effort} ${filesOf({ promptText: JSON.stringify(r.body).replace(/\\n/g, '\n') } as FakeCall).length}`)).toEqual(['medium 2', 'low 2', 'low 1', 'low 1']);
    expect(split.failures).toEqual([]);
    expect(split.findings).toHaveLength(2);

    fake.enqueue(reply.maxTokens('{"comments": ['), reply.maxTokens('{"comments": ['));
    const one = await runClaudeReview(input([newFile('convex/e.ts', 5)]), settings());
    expect(one.failures).toEqual(['the answer was cut off at max-output-tokens (4096), even at effort low (convex/e.ts)']);
  });

  it('counts thinking against max_tokens: a batch that thinks past it is asked again at lower effort, and thinking tokens are recorded', async () => {
    const thinking = await startAnthropicFake({ thinkingTokens: (effort) => ({ low: 200, medium: 5_000, high: 9_000, xhigh: 12_000, max: 16_000 })[effort], fallback: commentsOnEveryFile });
    try {
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), { ...settings({ maxOutputTokens: 4096 }), baseURL: thinking.url });
      const sent = thinking.requests.filter((r) => r.path === '/v1/messages');
      expect(sent.map((r) => `${r.effort} ${r.stopReason}`)).toEqual(['medium max_tokens', 'low end_turn']);
      expect(report.failures).toEqual([]);
      expect(report.findings).toHaveLength(1);
      expect(report.usage.thinkingTokens).toBe(sent.reduce((n, r) => n + (r.thinkingTokens ?? 0), 0));
      expect(report.usage.thinkingTokens).toBeGreaterThanOrEqual(4096 + 200 - 1);
    } finally {
      await thinking.close();
    }
  });

  it('records the model that served the requests when it is not the one asked for', async () => {
    const aliased = await startAnthropicFake({ servedModel: (m) => `${m}-20261001`, fallback: commentsOnEveryFile });
    try {
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), { ...settings(), baseURL: aliased.url });
      expect(report.model).toBe('claude-sonnet-5-5');
      expect(report.servedBy).toEqual(['claude-sonnet-5-5-20261001']);
      // A dated snapshot is priced as its alias.
      expect(report.costUsd).toBeGreaterThan(0);
    } finally {
      await aliased.close();
    }
  });

  it('splits a refused batch once and asks for the halves; a single refused file is noted', async () => {
    fake.enqueue(reply.refusal(), reply.refusal());
    fake.setFallback(commentsOnEveryFile);
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5), newFile('convex/b.ts', 5)]), settings());
    expect(messageRequests().map((r) => r.stopReason)).toEqual(['refusal', 'refusal', 'end_turn']);
    expect(report.refusals).toBe(2);
    expect(report.failures).toEqual(['Claude declined to review this batch (stop_reason refusal) (convex/a.ts)']);
    expect(report.reviewed).toEqual(['convex/b.ts']);
  });

  it('stops the other batches only for a 400 every request would get (the model or a parameter), not for one batch’s own', async () => {
    fake.enqueue(reply.error(400, 'invalid_request_error', { message: 'prompt is too long: 1200000 tokens > 1000000 maximum' }));
    fake.setFallback(commentsOnEveryFile);
    const own = await runClaudeReview(input([newFile('convex/a.ts', 5), newFile('convex/b.ts', 5)]), settings({ maxFilesPerBatch: 1, concurrency: 1 }));
    expect(own.failures).toEqual([expect.stringMatching(/^the API refused the request \(HTTP 400 invalid_request_error: prompt is too long.*\(convex\/(a|b)\.ts\)$/)]);
    expect(own.findings).toHaveLength(1);

    const before = messageRequests().length;
    fake.enqueue(reply.error(400, 'invalid_request_error', { message: 'output_config.effort: xhigh is not supported on this model' }));
    const every = await runClaudeReview(input([newFile('convex/c.ts', 5), newFile('convex/d.ts', 5)]), settings({ maxFilesPerBatch: 1, concurrency: 1 }));
    expect(messageRequests().length - before).toBe(1);
    expect(every.failures[1]).toMatch(/^not sent: the API refused an earlier request \(HTTP 400/);
  });

  it('calibrates its token estimates with count_tokens before planning', async () => {
    fake.setFallback(commentsOnEveryFile);
    await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages/count_tokens', '/v1/messages']);
    const counted = fake.requests[0].body as { system: unknown; messages: unknown; max_tokens?: number };
    expect(counted.max_tokens).toBeUndefined();
    expect(counted.system).toEqual((messageRequests()[0].body as { system: unknown }).system);
  });

  describe('the verification pass', () => {
    /** A model that comments on every file, then keeps only the comments whose title says "real". */
    const reviewThenVerify = (call: FakeCall) => {
      if (!isVerification(call)) {
        return reply.json({ comments: filesOf(call).flatMap((path) => [comment(path, `real problem in ${path}`), comment(path, `nit in ${path}`, { line: 3, evidence: lineText(3) })]), verdicts: [], summary: 'two each' });
      }
      const candidates = [...call.promptText.matchAll(/^\[(\d+)\] \S+ · \w+ · [\w-]+ · (.*)$/gm)];
      return reply.json({ comments: [], summary: '', verdicts: candidates.map((m) => ({ id: Number(m[1]), keep: m[2].startsWith('real'), score: m[2].startsWith('real') ? 8 : 2, reason: m[2].startsWith('real') ? 'holds' : 'refuted by the helper above' })) });
    };

    it('sends the candidates back in the same conversation, reading the cached prompt, and keeps only what it keeps', async () => {
      fake.setFallback(reviewThenVerify);
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ verify: true, minScore: 6 }));
      const [review, verification] = messageRequests();
      expect(messageRequests()).toHaveLength(2);
      const messages = (verification.body as { messages: { role: string; content: unknown }[] }).messages;
      expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
      expect(String(messages[2].content)).toMatch(/^<pr-data kind="candidate-comments">\n\[0\] convex\/a\.ts:2 · warning · reliability · real problem in convex\/a\.ts/);
      // The batch was a breakpoint: the verification reads system, context and batch from the cache.
      expect((review.body as { messages: { content: { cache_control?: unknown }[] }[] }).messages[0].content[1].cache_control).toEqual({ type: 'ephemeral' });
      expect(verification.usage!.cache_read_input_tokens).toBe(review.usage!.cache_creation_input_tokens + review.usage!.cache_read_input_tokens);
      expect(report.findings.map((f) => f.message)).toEqual(['real problem in convex/a.ts']);
      expect(report.dropped.notVerified).toBe(1);
      expect(report.verificationDrops).toEqual(['convex/a.ts:3 nit in convex/a.ts (score 2, dropped: refuted by the helper above)']);
    });

    it('keeps the comments, unverified and said so, when the verification request fails', async () => {
      fake.enqueue((call) => reviewThenVerify(call), reply.error(529, 'overloaded_error', { retryAfterMs: 1 }), reply.error(529, 'overloaded_error', { retryAfterMs: 1 }), reply.error(529, 'overloaded_error', { retryAfterMs: 1 }));
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ verify: true, minScore: 6 }));
      expect(report.findings).toHaveLength(2);
      expect(report.failures).toEqual([expect.stringMatching(/^the verification request failed \(HTTP 529 overloaded_error.*\), so Claude's comments are posted unverified \(convex\/a\.ts\)$/)]);
    });

    it('does not ask when there is nothing to verify, and drops unquoted comments before asking', async () => {
      fake.setFallback((call) =>
        isVerification(call)
          ? reviewThenVerify(call)
          : reply.json({ comments: [comment('convex/a.ts', 'real but made up', { evidence: 'await ctx.db.delete(args.id);' })], verdicts: [], summary: '' }),
      );
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ verify: true, minScore: 6 }));
      expect(messageRequests()).toHaveLength(1);
      expect(report.findings).toEqual([]);
      expect(report.dropped.unquoted).toBe(1);
    });

    it('without verification, drops comments below the threshold by their own confidence', async () => {
      fake.setFallback(() => reply.json({ comments: [comment('convex/a.ts', 'sure'), comment('convex/a.ts', 'guess', { line: 3, evidence: lineText(3), confidence: 2 })], verdicts: [], summary: '' }));
      const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ verify: false, minScore: 6 }));
      expect(report.findings.map((f) => f.message)).toEqual(['sure']);
      expect(report.verificationDrops).toEqual(['convex/a.ts:3 guess (confidence 2)']);
    });
  });

  it('keeps within max-input-tokens: files past it are named and never sent', async () => {
    fake.setFallback(commentsOnEveryFile);
    const files = [newFile('convex/big.ts', 60), newFile('convex/small.ts', 3)];
    const report = await runClaudeReview(input(files), settings({ maxInputTokens: 3200 }));
    expect(report.leftOut).toEqual([{ path: 'convex/big.ts', reason: 'over max-input-tokens (3,200)' }]);
    expect(report.reviewed).toEqual(['convex/small.ts']);
    const prompt = messageRequests().reduce((n, r) => n + r.usage!.input_tokens + r.usage!.cache_creation_input_tokens + r.usage!.cache_read_input_tokens, 0);
    expect(prompt).toBeLessThanOrEqual(3200);
  });
});
