import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, tokens, type AnthropicFake } from './anthropic.js';

const MODEL = 'claude-sonnet-5-5'; // minCacheTokens 1024
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
    ['max_tokens above the model limit', { max_tokens: 64_001, stream: true }, /maximum allowed number of output tokens/],
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
      const m = await client().messages.create(params({ system: system(4000), messages: [{ role: 'user', content: user }] }));
      expect(m.usage).toMatchObject({ input_tokens: tokens(4009), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
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
