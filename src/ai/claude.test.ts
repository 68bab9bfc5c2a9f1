/**
 * The Claude pass against the strict Anthropic fake (real HTTP on 127.0.0.1, the real SDK):
 * batching and caching, retries, failures that stay partial, repair, split, refusal, budgets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, type AnthropicFake, type FakeCall } from '../../test/fakes/anthropic.js';
import { parsePatch } from '../diff/patch.js';
import { runClaudeReview, type ClaudeSettings } from './claude.js';
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
  concurrency: 2,
  maxRetries: 2,
  timeoutSeconds: 60,
  ...over,
});

/** A new file of `lines` lines, all added by the pull request. */
function newFile(path: string, lines: number): ReviewFile {
  const body = Array.from({ length: lines }, (_, i) => `export const value${i} = ${i}; // padding so each line has some weight to it`);
  return { path, text: body.join('\n') + '\n', patch: parsePatch([`@@ -0,0 +1,${lines} @@`, ...body.map((l) => `+${l}`)].join('\n')), staticFindings: [] };
}

/** The files a request asks about, as the prompt names them. */
const filesOf = (call: FakeCall): string[] => [...call.promptText.matchAll(/^## File: (\S+)$/gm)].map((m) => m[1]);

/** A model that comments once on line 2 of every file it is shown. */
const commentsOnEveryFile = (call: FakeCall) =>
  reply.json({
    comments: filesOf(call).map((path) => ({ path, line: 2, severity: 'warning', category: 'reliability', title: `check ${path}`, body: 'Why and what to do.' })),
    summary: `Looked at ${filesOf(call).length} file(s).`,
  });

const input = (files: ReviewFile[]) => ({ files, projectFiles: new Map(files.map((f) => [f.path, f.text])), roots: [] });
const sumOf = (key: 'input_tokens' | 'output_tokens' | 'cache_creation_input_tokens' | 'cache_read_input_tokens') =>
  fake.requests.reduce((n, r) => n + (r.usage?.[key] ?? 0), 0);

describe('the Claude pass', () => {
  it('sends the first batch alone to write the cache, then the rest in parallel reading it; usage adds up', async () => {
    fake.setFallback(commentsOnEveryFile);
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => newFile(`convex/${n}.ts`, 30));
    const report = await runClaudeReview(input(files), settings({ maxBatchTokens: 1500 }));

    expect(report.failures).toEqual([]);
    expect(report.requests).toBe(5);
    expect(fake.requests).toHaveLength(5);
    const [first, ...rest] = fake.requests;
    for (const r of rest) expect(r.startedAt).toBeGreaterThanOrEqual(first.endedAt!);
    expect(fake.maxInFlight).toBeLessThanOrEqual(2);
    expect(first.usage!.cache_creation_input_tokens).toBeGreaterThan(0);
    for (const r of rest) expect(r.usage!.cache_read_input_tokens).toBeGreaterThan(0);

    expect(report.usage).toEqual({
      inputTokens: sumOf('input_tokens'),
      outputTokens: sumOf('output_tokens'),
      cacheCreationTokens: sumOf('cache_creation_input_tokens'),
      cacheReadTokens: sumOf('cache_read_input_tokens'),
    });
    expect(report.costUsd).toBeGreaterThan(0);
    expect(report.reviewed.sort()).toEqual(files.map((f) => f.path));
    expect(report.findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`).sort()).toEqual(files.map((f) => `${f.path}:2 claude/reliability`));
    expect(report.summaries).toHaveLength(5);
  });

  it('sends the agent prompt and our task as system blocks, the context and the batch as user blocks, and the output schema', async () => {
    fake.setFallback(commentsOnEveryFile);
    await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    const body = fake.requests[0].body as {
      system: { text: string; cache_control?: unknown }[];
      messages: { content: { text: string; cache_control?: unknown }[] }[];
      output_config: { format: unknown };
      tools?: unknown;
    };
    expect(body.system).toHaveLength(2);
    expect(body.system[0].text).toMatch(/^You are an expert Convex backend developer/);
    expect(body.system[1]).toMatchObject({ text: expect.stringMatching(/^# Your task in this conversation: review a pull request/), cache_control: { type: 'ephemeral' } });
    expect(body.messages[0].content[0]).toMatchObject({ text: expect.stringMatching(/^<pr-data kind="project-context">/), cache_control: { type: 'ephemeral' } });
    expect(body.messages[0].content[1].text).toMatch(/^<pr-data kind="changed-files">\n## File: convex\/a\.ts/);
    expect(body.output_config.format).toMatchObject({ type: 'json_schema', schema: { type: 'object', required: ['comments', 'summary'] } });
    expect(body.tools).toBeUndefined();
  });

  it('waits out a 429 with retry-after-ms and goes on', async () => {
    fake.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 20 }), commentsOnEveryFile);
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(report.failures).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(report.findings).toHaveLength(1);
  });

  it('reports an overloaded API (529 through every retry) as a failed batch naming its files, without throwing', async () => {
    fake.setFallback(reply.error(529, 'overloaded_error', { retryAfterMs: 5 }));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ maxRetries: 1 }));
    expect(fake.requests).toHaveLength(2);
    expect(report.failures).toEqual([expect.stringMatching(/^HTTP 529 overloaded_error.*still failing after 1 retries \(convex\/a\.ts\)$/)]);
    expect(report.findings).toEqual([]);
    expect(report.usage.inputTokens).toBe(0);
  });

  it('stops sending after a request the API refuses for good (a bad key)', async () => {
    const anthropic = await startAnthropicFake({ apiKeys: ['sk-right'], fallback: commentsOnEveryFile });
    try {
      const files = ['a', 'b', 'c'].map((n) => newFile(`convex/${n}.ts`, 30));
      const report = await runClaudeReview(input(files), { ...settings({ maxBatchTokens: 1500 }), baseURL: anthropic.url, apiKey: 'sk-wrong' });
      expect(anthropic.requests).toHaveLength(1);
      expect(report.failures[0]).toMatch(/^the API refused the request \(HTTP 401 authentication_error/);
      expect(report.failures.slice(1)).toEqual([expect.stringMatching(/^not sent: the API refused an earlier request/), expect.stringMatching(/^not sent/)]);
    } finally {
      await anthropic.close();
    }
  });

  it('gives up at claude-timeout-seconds and says so', async () => {
    fake.setFallback(reply.slow(5_000, reply.json({ comments: [], summary: '' })));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings({ timeoutSeconds: 1 }));
    expect(report.failures).toEqual(['claude-timeout-seconds (1 s) ran out (convex/a.ts)']);
  });

  it('repairs malformed output once, showing Claude its answer and what broke', async () => {
    fake.enqueue(reply.text('{"comments": [], "summary": 3}'), commentsOnEveryFile);
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(report.failures).toEqual([]);
    expect(report.findings).toHaveLength(1);
    const repair = fake.requests[1].body as { messages: { role: string; content: unknown }[] };
    expect(repair.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair.messages[1].content).toBe('{"comments": [], "summary": 3}');
    expect(String(repair.messages[2].content)).toContain('summary must be a string');
  });

  it('reports a batch whose output stays malformed after the repair', async () => {
    fake.setFallback(reply.text('not json'));
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(fake.requests).toHaveLength(2);
    expect(report.failures).toEqual([expect.stringMatching(/^the output did not match the format, even after one repair request \(the answer is not JSON/)]);
  });

  it('splits a batch cut off at max_tokens once; a single file cut off is reported', async () => {
    fake.enqueue(reply.maxTokens('{"comments": [{"path"'));
    fake.setFallback(commentsOnEveryFile);
    const two = await runClaudeReview(input([newFile('convex/a.ts', 5), newFile('convex/b.ts', 5)]), settings());
    expect(fake.requests.map((r) => filesOf({ promptText: JSON.stringify(r.body).replace(/\\n/g, '\n') } as FakeCall).length)).toEqual([2, 1, 1]);
    expect(two.failures).toEqual([]);
    expect(two.findings).toHaveLength(2);

    fake.enqueue(reply.maxTokens('{"comments": ['));
    const one = await runClaudeReview(input([newFile('convex/c.ts', 5)]), settings());
    expect(one.failures).toEqual(['the answer was cut off at max-output-tokens (4096) (convex/c.ts)']);
  });

  it('notes a refusal', async () => {
    fake.enqueue(reply.refusal());
    const report = await runClaudeReview(input([newFile('convex/a.ts', 5)]), settings());
    expect(report.refusals).toBe(1);
    expect(report.failures).toEqual(['Claude declined to review this batch (stop_reason refusal) (convex/a.ts)']);
  });

  it('keeps within max-input-tokens: files past it are named and never sent', async () => {
    fake.setFallback(commentsOnEveryFile);
    const files = [newFile('convex/big.ts', 60), newFile('convex/small.ts', 3)];
    const report = await runClaudeReview(input(files), settings({ maxInputTokens: 2500 }));
    expect(report.leftOut).toEqual([{ path: 'convex/big.ts', reason: 'over max-input-tokens (2,500)' }]);
    expect(report.reviewed).toEqual(['convex/small.ts']);
    const prompt = fake.requests.reduce((n, r) => n + r.usage!.input_tokens + r.usage!.cache_creation_input_tokens + r.usage!.cache_read_input_tokens, 0);
    expect(prompt).toBeLessThanOrEqual(2500);
  });
});
