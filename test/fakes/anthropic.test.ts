import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, tokens, type AnthropicFake } from './anthropic.js';

const MODEL = 'claude-sonnet-5-5'; // minCacheTokens 512; adaptive thinking and effort high by default
const SCHEMA = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: { line: { type: 'integer' }, severity: { type: 'string', enum: ['error', 'warning', 'info'] }, message: { type: 'string' } },
        required: ['line', 'severity', 'message'],
        additionalProperties: false,
      },
    },
  },
  required: ['findings'],
  additionalProperties: false,
};

let fake: AnthropicFake;
beforeEach(async () => {
  fake = await startAnthropicFake();
});
afterEach(async () => {
  expect(fake.errors).toEqual([]);
  await fake.close();
});

const client = (maxRetries = 0): Anthropic => new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries });

function params(over: Record<string, unknown> = {}): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: MODEL,
    max_tokens: 1000,
    messages: [{ role: 'user', content: 'Review this file.' }],
    output_config: { format: { type: 'json_schema', schema: SCHEMA } },
    ...over,
  } as Anthropic.MessageCreateParamsNonStreaming;
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; type: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof Anthropic.APIError)) throw e;
    const body = e.error as { error?: { type: string; message: string } };
    return { status: e.status as number, type: body.error?.type ?? '', message: body.error?.message ?? '' };
  }
  throw new Error('expected the request to be refused');
}

describe('Messages API round-trip', () => {
  it('answers a valid structured request with the API shape and a request-id', async () => {
    const value = { findings: [{ line: 3, severity: 'warning', message: 'use an index' }] };
    fake.enqueue(reply.json(value));
    const { data, response } = await client().messages.create(params()).withResponse();
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(data).toMatchObject({
      type: 'message', role: 'assistant', model: MODEL, stop_reason: 'end_turn', stop_sequence: null,
      content: [{ type: 'text', text: JSON.stringify(value) }],
      usage: { input_tokens: tokens('Review this file.'.length), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    });
    expect(data.id).toMatch(/^msg_/);
    expect(data.usage.output_tokens).toBe(tokens(JSON.stringify(value).length));
    const log = fake.requests[0];
    expect(log).toMatchObject({ method: 'POST', path: '/v1/messages', status: 200, behaviour: 'json', stream: false });
    expect(log.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(log.apiKey).toBe('test');
    expect(log.endedAt).toBeGreaterThanOrEqual(log.startedAt);
    expect((log.body as { model: string }).model).toBe(MODEL);
  });

  it('a function of the request can answer, and an empty queue without fallback is a 500', async () => {
    fake.enqueue((call) => reply.json({ echo: call.promptText, n: call.n }));
    const m = await client().messages.create(params({ system: 'SYS' }));
    expect(JSON.parse((m.content[0] as Anthropic.TextBlock).text)).toEqual({ echo: 'SYS\nReview this file.', n: 1 });
    expect(await refusal(client().messages.create(params()))).toMatchObject({ status: 500, type: 'api_error' });
    fake.setFallback(reply.text('not json'));
    const m2 = await client().messages.create(params());
    expect((m2.content[0] as Anthropic.TextBlock).text).toBe('not json');
  });

  it('max_tokens and refusal stop reasons; an answer longer than max_tokens is cut', async () => {
    fake.enqueue(reply.maxTokens('{"findings":[{"li'), reply.refusal(), reply.json({ findings: 'x'.repeat(400) }));
    const a = await client().messages.create(params());
    expect(a.stop_reason).toBe('max_tokens');
    expect((a.content[0] as Anthropic.TextBlock).text).toBe('{"findings":[{"li');
    const b = await client().messages.create(params());
    expect(b.stop_reason).toBe('refusal');
    expect(b.content).toEqual([]);
    const c = await client().messages.create(params({ max_tokens: 10 }));
    expect(c.stop_reason).toBe('max_tokens');
    expect((c.content[0] as Anthropic.TextBlock).text).toHaveLength(40);
    expect(c.usage.output_tokens).toBe(10);
  });
});

describe('validation', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['schema object without additionalProperties', { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'string' } } } } } }, /additionalProperties/],
    ['nested object without additionalProperties', { output_config: { format: { type: 'json_schema', schema: { ...SCHEMA, properties: { f: { type: 'object', properties: {} } } } } } }, /additionalProperties.*#\/properties\/f/],
    ['unsupported keyword minimum', { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, additionalProperties: false } } } }, /'minimum' is not supported/],
    ['unsupported keyword maxLength', { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { s: { type: 'string', maxLength: 5 } }, additionalProperties: false } } } }, /'maxLength'/],
    ['minItems > 1', { output_config: { format: { type: 'json_schema', schema: { type: 'array', items: { type: 'string' }, minItems: 2 } } } }, /minItems/],
    ['unsupported string format', { output_config: { format: { type: 'json_schema', schema: { type: 'string', format: 'phone' } } } }, /format "phone"/],
    ['bad cache_control type', { system: [{ type: 'text', text: 'x', cache_control: { type: 'persistent' } }] }, /cache_control\.type/],
    ['bad cache_control ttl', { system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '10m' } }] }, /ttl/],
    ['more than 4 breakpoints', { system: [1, 2, 3, 4, 5].map((i) => ({ type: 'text', text: `s${i}`, cache_control: { type: 'ephemeral' } })) }, /maximum of 4 blocks with cache_control.*Found 5/],
    ['messages not starting with user', { messages: [{ role: 'assistant', content: 'hi' }] }, /first message/],
    ['messages not alternating', { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }, /alternate/],
    ['empty messages', { messages: [] }, /at least one message/],
    ['empty text block', { messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /non-empty/],
    ['system not text blocks', { system: [{ type: 'image', source: {} }] }, /system\.0\.type/],
    ['max_tokens above the model limit', { max_tokens: 128_001, stream: true }, /128001 > 128000, which is the maximum allowed number of output tokens/],
    ['max_tokens above a 64K model limit', { model: 'claude-haiku-4-5', max_tokens: 64_001, stream: true }, /64001 > 64000/],
    ['thinking enabled where 4.7+ models reject it', { thinking: { type: 'enabled', budget_tokens: 2048 } }, /"thinking\.type\.enabled" is not supported for this model \(claude-sonnet-5-5\)/],
    ['thinking disabled on Sonnet 5.5 (between_tools instead)', { thinking: { type: 'disabled' } }, /"thinking\.type\.disabled" is not supported .*between_tools/],
    ['thinking disabled on Opus 5.5 (always on)', { model: 'claude-opus-5-5', thinking: { type: 'disabled' } }, /"thinking\.type\.disabled" is not supported .*"thinking\.type\.adaptive" and "output_config\.effort"/],
    ['adaptive thinking on a 4.5 model', { model: 'claude-sonnet-4-5', thinking: { type: 'adaptive' } }, /"thinking\.type\.adaptive" is not supported .*Use one of: enabled, disabled/],
    ['an unknown thinking type', { thinking: { type: 'auto' } }, /thinking\.type: Input should be 'adaptive', 'enabled', 'disabled', 'between_tools'/],
    ['an unknown thinking.display', { thinking: { type: 'adaptive', display: 'full' } }, /thinking\.display: Input should be 'summarized' or 'omitted'/],
    ['an extra key in thinking', { thinking: { type: 'adaptive', budget_tokens: 2048 } }, /thinking\.budget_tokens: Extra inputs are not permitted/],
    ['budget_tokens below 1024', { model: 'claude-sonnet-4-6', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1023 } }, /thinking\.enabled\.budget_tokens: .*greater than or equal to 1024/],
    ['budget_tokens not below max_tokens', { model: 'claude-sonnet-4-6', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } }, /thinking\.enabled\.budget_tokens: must be less than max_tokens \(2000 >= 2000\)/],
    ['budget_tokens missing', { model: 'claude-haiku-4-5', thinking: { type: 'enabled' } }, /thinking\.enabled\.budget_tokens: Field required/],
    ['an unknown effort', { output_config: { effort: 'extreme' } }, /output_config\.effort: Input should be 'low', 'medium', 'high', 'xhigh', 'max' \(got "extreme"\)/],
    ['effort on Sonnet 4.5 (no effort parameter)', { model: 'claude-sonnet-4-5', output_config: { effort: 'low' } }, /output_config\.effort: the effort parameter is not supported by claude-sonnet-4-5/],
    ['effort on Haiku 4.5 (no effort parameter)', { model: 'claude-haiku-4-5', output_config: { effort: 'high' } }, /not supported by claude-haiku-4-5/],
    ['xhigh on a 4.6 model', { model: 'claude-opus-4-6', output_config: { effort: 'xhigh' } }, /'xhigh' is not supported by claude-opus-4-6; supported values: low, medium, high, max/],
    ['between_tools at effort max', { thinking: { type: 'between_tools' }, output_config: { effort: 'max' } }, /'max' requires thinking; with thinking\.type 'between_tools'/],
    ['temperature other than 1 while thinking', { temperature: 0.2 }, /temperature: may only be set to 1 when thinking is enabled/],
    ['max_tokens not a positive integer', { max_tokens: 0 }, /max_tokens/],
    ['forced tool_choice', { tool_choice: { type: 'any' } }, /forcing tool use/],
    ['unknown top-level field', { max_output_tokens: 5 }, /max_output_tokens: Extra inputs are not permitted/],
  ];
  it.each(cases)('400 for %s', async (_name, over, message) => {
    fake.setFallback(reply.json({ findings: [] }));
    const r = await refusal(client(2).messages.create(params(over)));
    expect(r).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect(r.message).toMatch(message);
    expect(fake.count()).toBe(1); // 4xx are not retried
  });

  it('404 not_found_error for an unknown model', async () => {
    expect(await refusal(client().messages.create(params({ model: 'claude-3-opus-20240229' })))).toMatchObject({
      status: 404, type: 'not_found_error', message: 'model: claude-3-opus-20240229',
    });
  });

  it('401 without x-api-key, 400 without anthropic-version, refused requests do not consume the queue', async () => {
    fake.enqueue(reply.json({ findings: [] }));
    const body = JSON.stringify(params());
    const noKey = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const noVersion = await fetch(`${fake.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'application/json' }, body });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringMatching(/anthropic-version/) } });
    expect(fake.pending).toBe(1);
    await client().messages.create(params());
    expect(fake.pending).toBe(0);
  });
});

describe('prompt caching', () => {
  const system = (chars: number): Anthropic.TextBlockParam[] => [{ type: 'text', text: 'x'.repeat(chars), cache_control: { type: 'ephemeral' } }];
  const user = 'review me'; // 9 chars

  it('a prefix below the model minimum is not cached', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    for (let i = 0; i < 2; i++) {
      const m = await client().messages.create(params({ system: system(2044), messages: [{ role: 'user', content: user }] })); // 511 tokens
      expect(m.usage).toMatchObject({ input_tokens: tokens(2053), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
      const sonnet45 = await client().messages.create(params({ model: 'claude-sonnet-4-5', system: system(4000), messages: [{ role: 'user', content: user }] }));
      expect(sonnet45.usage).toMatchObject({ input_tokens: tokens(4009), cache_creation_input_tokens: 0 }); // 1000 < 1024
    }
  });

  it('the first request writes the prefix, a later one reads it; another model or schema does not', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    const p = params({ system: system(5000), messages: [{ role: 'user', content: user }] });
    const first = await client().messages.create(p);
    expect(first.usage).toMatchObject({ cache_creation_input_tokens: 1250, cache_read_input_tokens: 0, input_tokens: tokens(5009) - 1250 });
    const second = await client().messages.create({ ...p, messages: [{ role: 'user', content: 'another batch entirely' }] });
    expect(second.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 1250, input_tokens: tokens(5000 + 22) - 1250 });
    const otherModel = await client().messages.create({ ...p, model: 'claude-sonnet-4-6' });
    expect(otherModel.usage.cache_creation_input_tokens).toBe(1250);
    const otherSchema = await client().messages.create({ ...p, output_config: { format: { type: 'json_schema', schema: { type: 'string' } } } });
    expect(otherSchema.usage.cache_creation_input_tokens).toBe(1250);
    // the 4,096-token minimum of a model marked so
    const opus = await client().messages.create({ ...p, model: 'claude-opus-5-5' });
    expect(opus.usage.cache_creation_input_tokens).toBe(0);
  });

  it('reads the longest cached breakpoint and writes the rest', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    const base = system(5000);
    await client().messages.create(params({ system: base }));
    const m = await client().messages.create(params({
      system: base,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'y'.repeat(2000), cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'tail' }] }],
    }));
    expect(m.usage).toMatchObject({ cache_read_input_tokens: 1250, cache_creation_input_tokens: tokens(7000) - 1250, input_tokens: tokens(7004) - tokens(7000) });
  });

  it('top-level cache_control is a breakpoint on the last block', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    const p = params({ system: 'x'.repeat(5000), messages: [{ role: 'user', content: user }], cache_control: { type: 'ephemeral', ttl: '1h' } });
    expect((await client().messages.create(p)).usage).toMatchObject({ cache_creation_input_tokens: tokens(5009), input_tokens: 0 });
    expect((await client().messages.create(p)).usage).toMatchObject({ cache_read_input_tokens: tokens(5009), cache_creation_input_tokens: 0 });
  });

  it('two concurrent first requests both write; the cache exists once a response started', async () => {
    fake.setFallback(reply.slow(100, reply.json({ findings: [] })));
    const p = params({ system: system(6000) });
    const [a, b] = await Promise.all([client().messages.create(p), client().messages.create(p)]);
    expect(a.usage.cache_creation_input_tokens).toBe(1500);
    expect(b.usage.cache_creation_input_tokens).toBe(1500);
    const c = await client().messages.create(p);
    expect(c.usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 1500 });
    fake.clearCache();
    expect((await client().messages.create(p)).usage.cache_creation_input_tokens).toBe(1500);
  });
});

describe('errors and retries with the SDK', () => {
  it('429 with retry-after-ms: the SDK waits that long and the retry succeeds', async () => {
    fake.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 50 }), reply.json({ findings: [] }));
    const m = await client(2).messages.create(params());
    expect(m.stop_reason).toBe('end_turn');
    const [r1, r2] = fake.requests;
    expect(r1).toMatchObject({ status: 429, behaviour: 'error', error: { type: 'rate_limit_error' } });
    expect(r2.status).toBe(200);
    const waited = r2.startedAt - r1.endedAt!;
    expect(waited).toBeGreaterThanOrEqual(45);
    expect(waited).toBeLessThan(300); // the SDK's own backoff would be ≥ 375 ms
  });

  it('sends both retry-after headers', async () => {
    fake.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 1500 }));
    const res = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST', headers: { 'x-api-key': 'k', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify(params()),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after-ms')).toBe('1500');
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });

  it('529 overloaded then success', async () => {
    fake.enqueue(reply.error(529, 'overloaded_error', { retryAfterMs: 10 }), reply.json({ findings: [] }));
    const m = await client(1).messages.create(params());
    expect(m.stop_reason).toBe('end_turn');
    expect(fake.requests.map((r) => r.status)).toEqual([529, 200]);
  });

  it('retries exhausted: the SDK throws the last error', async () => {
    fake.enqueue(reply.error(500, 'api_error', { retryAfterMs: 10 }), reply.error(429, 'rate_limit_error', { retryAfterMs: 10 }), reply.json({}));
    const err = await client(1).messages.create(params()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    expect(fake.count()).toBe(2);
    expect(fake.pending).toBe(1);
  });
});

describe('streaming', () => {
  it('messages.stream() yields the full text and the final usage', async () => {
    const value = { findings: Array.from({ length: 5 }, (_, i) => ({ line: i, severity: 'info', message: `note ${i}` })) };
    fake.enqueue(reply.json(value));
    const stream = client().messages.stream(params({ system: [{ type: 'text', text: 'z'.repeat(4100 * 4), cache_control: { type: 'ephemeral' } }] }));
    const deltas: string[] = [];
    stream.on('text', (t) => deltas.push(t));
    const final = await stream.finalMessage();
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(JSON.stringify(value));
    expect((final.content[0] as Anthropic.TextBlock).text).toBe(JSON.stringify(value));
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ cache_creation_input_tokens: 4100, cache_read_input_tokens: 0, output_tokens: tokens(JSON.stringify(value).length) });
    expect(fake.requests[0].stream).toBe(true);
  });

  it('create({ stream: true }) gives the API event sequence; refusal via stream', async () => {
    fake.enqueue(reply.json({ findings: [] }), reply.refusal());
    const events: string[] = [];
    for await (const e of await client().messages.create({ ...params(), stream: true })) events.push(e.type);
    expect(events).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    const final = await client().messages.stream(params()).finalMessage();
    expect(final.stop_reason).toBe('refusal');
  });
});

describe('concurrency', () => {
  it('maxInFlight counts concurrent requests', async () => {
    fake.setFallback(reply.slow(150, reply.json({ findings: [] })));
    await client().messages.create(params());
    expect(fake.maxInFlight).toBe(1);
    await Promise.all(Array.from({ length: 4 }, () => client().messages.create(params())));
    expect(fake.maxInFlight).toBe(4);
    expect(fake.inFlight).toBe(0);
    expect(fake.count(200)).toBe(5);
  });
});

describe('thinking and effort', () => {
  const value = { findings: [{ line: 1, severity: 'info', message: 'fine' }] };
  const answer = JSON.stringify(value);

  it('by default Sonnet 5.5 thinks adaptively at effort high, and thinks nothing unless told (no thinking block)', async () => {
    fake.enqueue(reply.json(value));
    const m = await client().messages.create(params());
    expect(m.content.map((b) => b.type)).toEqual(['text']);
    expect(m.usage.output_tokens).toBe(tokens(answer.length));
    expect(m.usage.output_tokens_details).toEqual({ thinking_tokens: 0 });
    expect(fake.requests[0]).toMatchObject({ effort: 'high', effortSource: 'default', thinking: { type: 'adaptive', display: 'omitted', source: 'default' } });
  });

  it('a scripted thinking block comes before the text, counts in output_tokens, and is empty with display omitted', async () => {
    fake.enqueue(reply.json(value, { thinkingTokens: 3000, thinkingText: 'secret' }), reply.json(value, { thinkingTokens: 3000, thinkingText: 'Weighed the index.' }));
    const omitted = await client().messages.create(params({ max_tokens: 8000 }));
    expect(omitted.content).toHaveLength(2);
    expect(omitted.content[0]).toMatchObject({ type: 'thinking', thinking: '' });
    expect((omitted.content[0] as Anthropic.ThinkingBlock).signature).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(omitted.content[1]).toMatchObject({ type: 'text', text: answer });
    expect(omitted.stop_reason).toBe('end_turn');
    expect(omitted.usage.output_tokens).toBe(3000 + tokens(answer.length));
    expect(omitted.usage.output_tokens_details).toEqual({ thinking_tokens: 3000 });
    const summarized = await client().messages.create(params({ max_tokens: 8000, thinking: { type: 'adaptive', display: 'summarized' }, output_config: { format: { type: 'json_schema', schema: SCHEMA }, effort: 'low' } }));
    expect(summarized.content[0]).toMatchObject({ type: 'thinking', thinking: 'Weighed the index.' });
    expect(fake.requests[1]).toMatchObject({ effort: 'low', effortSource: 'request', thinking: { type: 'adaptive', display: 'summarized', source: 'request' } });
    expect((fake.requests[1].body as { output_config: { effort: string } }).output_config.effort).toBe('low');
  });

  it('thinking spends max_tokens first: the text is cut, or absent when thinking took it all', async () => {
    fake.enqueue(reply.text('x'.repeat(400), { thinkingTokens: 990 }), reply.json(value, { thinkingTokens: 5000 }), reply.json(value, { thinkingTokens: 1000 }));
    const cut = await client().messages.create(params({ max_tokens: 1000 }));
    expect(cut.stop_reason).toBe('max_tokens');
    expect(cut.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect((cut.content[1] as Anthropic.TextBlock).text).toBe('x'.repeat(40)); // 10 tokens left
    expect(cut.usage).toMatchObject({ output_tokens: 1000, output_tokens_details: { thinking_tokens: 990 } });
    for (const thinkingAll of [await client().messages.create(params({ max_tokens: 1000 })), await client().messages.create(params({ max_tokens: 1000 }))]) {
      expect(thinkingAll.stop_reason).toBe('max_tokens');
      expect(thinkingAll.content.map((b) => b.type)).toEqual(['thinking']);
      expect(thinkingAll.usage).toMatchObject({ output_tokens: 1000, output_tokens_details: { thinking_tokens: 1000 } });
    }
    expect(fake.requests.map((r) => [r.stopReason, r.thinkingTokens])).toEqual([['max_tokens', 990], ['max_tokens', 1000], ['max_tokens', 1000]]);
  });

  it('manual budget_tokens caps thinking on a 4.6 model; a 4.6 model does not think when thinking is omitted', async () => {
    fake.setFallback(reply.json(value, { thinkingTokens: 3000 }));
    const model = 'claude-sonnet-4-6';
    const budgeted = await client().messages.create(params({ model, max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 } }));
    expect(budgeted.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(budgeted.content[0]).toMatchObject({ thinking: expect.stringContaining('2000 tokens') }); // display summarized by default on 4.x
    expect(budgeted.usage.output_tokens_details).toEqual({ thinking_tokens: 2000 });
    expect(fake.requests[0].thinking).toEqual({ type: 'enabled', display: 'summarized', budgetTokens: 2000, source: 'request' });
    const plain = await client().messages.create(params({ model }));
    expect(plain.content.map((b) => b.type)).toEqual(['text']);
    expect(fake.requests[1]).toMatchObject({ effort: 'high', thinking: { type: 'disabled', source: 'default' } });
    const off = await client().messages.create(params({ thinking: { type: 'between_tools' }, output_config: { format: { type: 'json_schema', schema: SCHEMA }, effort: 'medium' } }));
    expect(off.content.map((b) => b.type)).toEqual(['text']);
    expect(off.usage.output_tokens_details).toEqual({ thinking_tokens: 0 });
    const old = await client().messages.create(params({ model: 'claude-haiku-4-5' }));
    expect(old.usage.output_tokens_details).toEqual({ thinking_tokens: 0 });
    expect(fake.requests[3]).toMatchObject({ effort: undefined, effortSource: undefined, thinking: { type: 'disabled' } });
  });

  it('Opus 5.5 defaults to effort medium (docs), Fable to high; options.thinkingTokens gets the effort and the call', async () => {
    const seen: Array<[string, string]> = [];
    const own = await startAnthropicFake({
      fallback: reply.json(value),
      thinkingTokens: (effort, call) => {
        seen.push([effort, call.model]);
        return { low: 100, medium: 200, high: 300, xhigh: 400, max: 500 }[effort];
      },
    });
    try {
      const c = new Anthropic({ apiKey: 'test', baseURL: own.url, maxRetries: 0 });
      const opus = await c.messages.create(params({ model: 'claude-opus-5-5' }));
      expect(opus.usage.output_tokens_details).toEqual({ thinking_tokens: 200 });
      const fable = await c.messages.create(params({ model: 'claude-fable-5-1' }));
      expect(fable.usage.output_tokens_details).toEqual({ thinking_tokens: 300 });
      const max = await c.messages.create(params({ output_config: { format: { type: 'json_schema', schema: SCHEMA }, effort: 'max' } }));
      expect(max.usage.output_tokens).toBe(500 + tokens(answer.length));
      const budget45 = await c.messages.create(params({ model: 'claude-sonnet-4-5', max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 } }));
      expect(budget45.usage.output_tokens_details).toEqual({ thinking_tokens: 300 }); // no effort parameter: behaves as high
      expect(seen).toEqual([['medium', 'claude-opus-5-5'], ['high', 'claude-fable-5-1'], ['max', 'claude-sonnet-5-5'], ['high', 'claude-sonnet-4-5']]);
      expect(own.errors).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('streaming: thinking block events (deltas, signature) before the text block; finalMessage reassembles both and the usage', async () => {
    const thinkingText = 'Checked every query for an index. '.repeat(3);
    fake.enqueue(reply.json(value, { thinkingTokens: 1200, thinkingText }), reply.json(value, { thinkingTokens: 1200, thinkingText }));
    const p = params({ max_tokens: 4000, thinking: { type: 'adaptive', display: 'summarized' } });
    const events: string[] = [];
    for await (const e of await client().messages.create({ ...p, stream: true })) {
      events.push(e.type === 'content_block_delta' ? `${e.index}:${e.delta.type}` : e.type === 'content_block_start' ? `${e.index}:start:${e.content_block.type}` : e.type === 'content_block_stop' ? `${e.index}:stop` : e.type);
      if (e.type === 'message_delta') expect(e.usage).toMatchObject({ output_tokens: 1200 + tokens(answer.length), output_tokens_details: { thinking_tokens: 1200 } });
    }
    const thinkingDeltas = Math.ceil(thinkingText.length / 40);
    const textDeltas = Math.ceil(answer.length / 40);
    expect(events).toEqual([
      'message_start',
      '0:start:thinking', ...Array<string>(thinkingDeltas).fill('0:thinking_delta'), '0:signature_delta', '0:stop',
      '1:start:text', ...Array<string>(textDeltas).fill('1:text_delta'), '1:stop',
      'message_delta', 'message_stop',
    ]);
    const stream = client().messages.stream(p);
    const thoughts: string[] = [];
    stream.on('thinking', (delta) => thoughts.push(delta));
    const final = await stream.finalMessage();
    expect(thoughts.join('')).toBe(thinkingText);
    expect(final.content).toHaveLength(2);
    expect(final.content[0]).toMatchObject({ type: 'thinking', thinking: thinkingText, signature: expect.stringMatching(/\S{16,}/) });
    expect(final.content[1]).toMatchObject({ type: 'text', text: answer });
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({ output_tokens: 1200 + tokens(answer.length), output_tokens_details: { thinking_tokens: 1200 }, input_tokens: tokens('Review this file.'.length) });
  });

  it('streaming: thinking that takes all of max_tokens leaves no text block, stop_reason max_tokens', async () => {
    fake.enqueue(reply.json(value, { thinkingTokens: 9000 }));
    const final = await client().messages.stream(params({ max_tokens: 2000 })).finalMessage();
    expect(final.content.map((b) => b.type)).toEqual(['thinking']);
    expect(final.content[0]).toMatchObject({ thinking: '' }); // display omitted by default on Sonnet 5.5
    expect(final.stop_reason).toBe('max_tokens');
    expect(final.usage).toMatchObject({ output_tokens: 2000, output_tokens_details: { thinking_tokens: 2000 } });
  });
});

describe('served model', () => {
  it('answers with options.servedModel(requested), JSON and stream, and logs it', async () => {
    const own = await startAnthropicFake({ fallback: reply.json({ findings: [] }), servedModel: (m) => `${m}-20261001` });
    try {
      const c = new Anthropic({ apiKey: 'test', baseURL: own.url, maxRetries: 0 });
      expect((await c.messages.create(params())).model).toBe('claude-sonnet-5-5-20261001');
      expect((await c.messages.stream(params({ model: 'claude-haiku-4-5' })).finalMessage()).model).toBe('claude-haiku-4-5-20261001');
      expect(own.requests.map((r) => r.servedModel)).toEqual(['claude-sonnet-5-5-20261001', 'claude-haiku-4-5-20261001']);
      expect(own.errors).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it('defaults to the requested id', async () => {
    fake.enqueue(reply.json({ findings: [] }));
    expect((await client().messages.create(params({ model: 'claude-sonnet-4-6' }))).model).toBe('claude-sonnet-4-6');
    expect(fake.requests[0].servedModel).toBe('claude-sonnet-4-6');
  });
});

describe('context window per model', () => {
  it('Haiku 4.5 refuses a 200,001-token prompt that Sonnet 5.5 (1M) takes; Sonnet 5.5 refuses 1,000,001 tokens', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    const over200k = [{ role: 'user' as const, content: 'x'.repeat(800_004) }]; // 200,001 tokens
    const r = await refusal(client().messages.create(params({ model: 'claude-haiku-4-5', messages: over200k })));
    expect(r).toMatchObject({ status: 400, type: 'invalid_request_error', message: 'prompt is too long: 200001 tokens > 200000 maximum' });
    const ok = await client().messages.create(params({ messages: over200k }));
    expect(ok.usage.input_tokens).toBe(200_001);
    const r2 = await refusal(client().messages.create(params({ messages: [{ role: 'user', content: 'x'.repeat(4_000_004) }] })));
    expect(r2.message).toBe('prompt is too long: 1000001 tokens > 1000000 maximum');
  });
});

describe('count_tokens', () => {
  const tools: Anthropic.Tool[] = [{ name: 'lookup', description: 'finds a symbol', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }];
  const body = {
    model: MODEL,
    system: [{ type: 'text' as const, text: 's'.repeat(3000), cache_control: { type: 'ephemeral' as const } }],
    tools,
    messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'u'.repeat(1234) }] }],
    output_config: { format: { type: 'json_schema' as const, schema: SCHEMA }, effort: 'medium' as const },
  };

  it('returns what /v1/messages bills as total input (input + cache write + cache read), cold and warm', async () => {
    fake.setFallback(reply.json({ findings: [] }));
    const counted = await client().messages.countTokens(body);
    const cold = await client().messages.create({ ...body, max_tokens: 1000 });
    const warm = await client().messages.create({ ...body, max_tokens: 1000 });
    const total = (u: Anthropic.Usage): number => u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    expect(cold.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(warm.usage.cache_read_input_tokens).toBe(cold.usage.cache_creation_input_tokens);
    expect(total(cold.usage)).toBe(counted.input_tokens);
    expect(total(warm.usage)).toBe(counted.input_tokens);
    expect(counted.input_tokens).toBe(tokens(JSON.stringify(tools[0]).length + 3000 + 1234));
    expect(fake.requests[0]).toMatchObject({ path: '/v1/messages/count_tokens', status: 200, effort: 'medium', effortSource: 'request' });
    expect(fake.count()).toBe(2); // count() counts /v1/messages only
  });

  const refused: Array<[string, Record<string, unknown>, number, RegExp]> = [
    ['max_tokens (not a count_tokens field)', { max_tokens: 1000 }, 400, /^max_tokens: Extra inputs are not permitted$/],
    ['stream', { stream: true }, 400, /^stream: Extra inputs are not permitted$/],
    ['an unknown model', { model: 'claude-2' }, 404, /^model: claude-2$/],
    ['effort on Haiku 4.5', { model: 'claude-haiku-4-5', output_config: { effort: 'low' } }, 400, /not supported by claude-haiku-4-5/],
    ['an unknown effort', { output_config: { effort: 'huge' } }, 400, /output_config\.effort: Input should be/],
    ['thinking disabled on Opus 5.5', { model: 'claude-opus-5-5', thinking: { type: 'disabled' } }, 400, /"thinking\.type\.disabled" is not supported/],
    ['budget_tokens below 1024', { model: 'claude-sonnet-4-6', thinking: { type: 'enabled', budget_tokens: 512 } }, 400, /budget_tokens/],
    ['a bad schema', { output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } } }, 400, /additionalProperties/],
    ['messages not alternating', { messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] }, 400, /alternate/],
  ];
  it.each(refused)('refuses %s like /v1/messages does', async (_name, over, status, message) => {
    const r = await refusal(client().messages.countTokens({ ...body, ...over } as Anthropic.MessageCountTokensParams));
    expect(r.status).toBe(status);
    expect(r.message).toMatch(message);
  });

  it('takes budget_tokens without max_tokens, and reports the thinking config it saw', async () => {
    const counted = await client().messages.countTokens({ ...body, model: 'claude-sonnet-4-6', output_config: undefined, thinking: { type: 'enabled', budget_tokens: 50_000 } });
    expect(counted.input_tokens).toBe(tokens(JSON.stringify(tools[0]).length + 3000 + 1234));
    expect(fake.requests[0].thinking).toEqual({ type: 'enabled', display: 'summarized', budgetTokens: 50_000, source: 'request' });
  });
});
