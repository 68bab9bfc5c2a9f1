/**
 * Model answers without the model: fetch functions handed to the Anthropic SDK
 * (`ClaudeSettings.fetch`). Replay answers each request from a recording keyed by a hash of the
 * request; record passes it to the API and keeps the final message; fixtures answer with
 * hand-written texts in order, recording them under the current request's key. Streamed requests
 * get their answer as the SSE events the SDK reads. No file IO here: recordings come in and go
 * out as values (src/eval/store.ts reads and writes them).
 */
import { createHash } from 'node:crypto';
import type { RecordingSource } from './types.js';

export const STALE = 'stale recording — re-record with a key';

/** One recorded request: `response` is the final Message (POST /v1/messages) or `{ input_tokens }` (count_tokens). */
export interface Recording {
  format: 1;
  key: string;
  case: string;
  endpoint: string;
  source: RecordingSource;
  /** What was asked, for a reader of the file (not part of the key). */
  request: RequestSummary;
  response: Record<string, unknown>;
}

export interface RequestSummary {
  model?: string;
  /** Messages in the conversation: 1 for a review, 3 for a verification or a repair. */
  messages?: number;
  /** The last user turn's text, cut to 160 characters. */
  lastUserText?: string;
}

/** A hand-written answer: the model's JSON text (an object is written out as JSON). */
export interface FixtureAnswer {
  text: string | Record<string, unknown>;
  stop_reason?: string;
  usage?: Record<string, number>;
}

export interface Fixture {
  case: string;
  source: RecordingSource;
  /** The answer to count_tokens (input tokens of the shared prefix). */
  count_tokens: number;
  /** Answers to the case's POST /v1/messages requests, in the order they are sent. */
  answers: FixtureAnswer[];
}

/** What one case's requests met: misses, answers' sources, texts (for the model's comment count), new recordings. */
export class Tap {
  readonly stale: string[] = [];
  readonly sources: RecordingSource[] = [];
  readonly answerTexts: string[] = [];
  readonly recorded: Recording[] = [];
  constructor(readonly caseId: string) {}
}

/**
 * The key: sha256 of `METHOD path\n` and the request body as canonical JSON (object keys sorted at
 * every level, no whitespace), first 24 hex digits. Headers (the API key, the SDK's version and
 * retry count) are not part of it; everything the model reads or is configured by is.
 */
export function requestKey(method: string, path: string, body: string | undefined): string {
  let canonical = '';
  if (body) {
    try {
      canonical = canonicalJson(JSON.parse(body));
    } catch {
      canonical = body;
    }
  }
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonical}`).digest('hex').slice(0, 24);
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Request {
  method: string;
  path: string;
  body: string | undefined;
  key: string;
  parsed: Record<string, unknown>;
}

async function readRequest(input: string | URL | globalThis.Request, init?: RequestInit): Promise<Request> {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET');
  let body: string | undefined;
  if (typeof init?.body === 'string') body = init.body;
  else if (init?.body != null) body = await new Response(init.body).text();
  else if (typeof input === 'object' && 'text' in input) body = await input.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    // not JSON: keyed by its text
  }
  return { method, path: url.pathname, body, key: requestKey(method, url.pathname, body), parsed };
}

export function summarize(parsed: Record<string, unknown>): RequestSummary {
  const messages = Array.isArray(parsed.messages) ? (parsed.messages as { role: string; content: unknown }[]) : [];
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = lastUser === undefined ? undefined : typeof lastUser.content === 'string' ? lastUser.content : (lastUser.content as { text?: string }[]).map((b) => b.text ?? '').join('\n');
  return {
    ...(typeof parsed.model === 'string' ? { model: parsed.model } : {}),
    messages: messages.length,
    ...(text !== undefined ? { lastUserText: text.replace(/\s+/g, ' ').trim().slice(0, 160) } : {}),
  };
}

function describeRequest(r: Request): string {
  const s = summarize(r.parsed);
  return `${r.method} ${r.path} key ${r.key}${s.messages ? ` (${s.messages} message${s.messages === 1 ? '' : 's'})` : ''}`;
}

/** Replay: recordings only. A request with none is a miss: noted on the tap and refused (HTTP 400, never retried). */
export function replayFetch(recordings: ReadonlyMap<string, Recording>, tap: Tap): typeof fetch {
  return (async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    const r = await readRequest(input, init);
    const hit = recordings.get(r.key);
    if (!hit) {
      tap.stale.push(describeRequest(r));
      return errorResponse(400, `${STALE} (${describeRequest(r)})`);
    }
    tap.sources.push(hit.source);
    return answer(hit.response, r.parsed.stream === true, tap);
  }) as typeof fetch;
}

/** Record (keep: true) or live (keep: false): the API answers; each final message is kept on the tap. */
export function apiFetch(inner: typeof fetch, tap: Tap, keep: boolean, now: () => Date = () => new Date()): typeof fetch {
  return (async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    const r = await readRequest(input, init);
    const res = await inner(input, init);
    if (!res.ok) return res;
    const text = await res.text();
    const streamed = (res.headers.get('content-type') ?? '').includes('text/event-stream');
    const response = streamed ? messageFromSse(text) : (JSON.parse(text) as Record<string, unknown>);
    const model = typeof response.model === 'string' ? response.model : String(r.parsed.model ?? 'unknown');
    const source: RecordingSource = { kind: 'api', model, date: now().toISOString().slice(0, 10) };
    tap.sources.push(source);
    noteText(response, tap);
    if (keep) tap.recorded.push({ format: 1, key: r.key, case: tap.caseId, endpoint: `${r.method} ${r.path}`, source, request: summarize(r.parsed), response });
    return new Response(text, { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

/** Hand-written answers, in order, recorded under the keys of the requests the current code sends. */
export function fixtureFetch(fixture: Fixture, tap: Tap): typeof fetch {
  let next = 0;
  return (async (input: string | URL | globalThis.Request, init?: RequestInit) => {
    const r = await readRequest(input, init);
    let response: Record<string, unknown>;
    if (r.path.endsWith('/count_tokens')) {
      response = { input_tokens: fixture.count_tokens };
    } else {
      const a = fixture.answers[next++];
      if (!a) {
        tap.stale.push(`${describeRequest(r)}: the fixture has ${fixture.answers.length} answer(s), this is request ${next}`);
        return errorResponse(400, `the fixture of ${tap.caseId} has no answer ${next}`);
      }
      response = fixtureMessage(a, String(r.parsed.model ?? 'unknown'), next);
    }
    tap.sources.push(fixture.source);
    tap.recorded.push({ format: 1, key: r.key, case: tap.caseId, endpoint: `${r.method} ${r.path}`, source: fixture.source, request: summarize(r.parsed), response });
    return answer(response, r.parsed.stream === true, tap);
  }) as typeof fetch;
}

function fixtureMessage(a: FixtureAnswer, model: string, n: number): Record<string, unknown> {
  const text = typeof a.text === 'string' ? a.text : JSON.stringify(a.text);
  return {
    id: `msg_fixture_${n}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text, citations: null }],
    stop_reason: a.stop_reason ?? 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: Math.ceil(text.length / 4), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...(a.usage ?? {}) },
  };
}

function noteText(response: Record<string, unknown>, tap: Tap): void {
  if (!Array.isArray(response.content)) return;
  tap.answerTexts.push((response.content as { type: string; text?: string }[]).flatMap((b) => (b.type === 'text' ? [b.text ?? ''] : [])).join(''));
}

function answer(response: Record<string, unknown>, stream: boolean, tap: Tap): Response {
  noteText(response, tap);
  if (!stream) return new Response(JSON.stringify(response), { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_replay' } });
  return new Response(sseOf(response), { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': 'req_replay' } });
}

function errorResponse(status: number, message: string): Response {
  return new Response(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message } }), {
    status,
    headers: { 'content-type': 'application/json', 'request-id': 'req_replay', 'x-should-retry': 'false' },
  });
}

/** A final Message → the events of its stream: message_start, each block's start/delta/stop, message_delta, message_stop. */
export function sseOf(message: Record<string, unknown>): string {
  const events: string[] = [];
  const sse = (type: string, data: Record<string, unknown>): void => {
    events.push(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  const usage = (message.usage ?? {}) as Record<string, unknown>;
  sse('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  const blocks = Array.isArray(message.content) ? (message.content as Record<string, unknown>[]) : [];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      sse('content_block_start', { index, content_block: { type: 'text', text: '', citations: null } });
      sse('content_block_delta', { index, delta: { type: 'text_delta', text: block.text ?? '' } });
    } else if (block.type === 'thinking') {
      sse('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      sse('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: block.thinking ?? '' } });
      sse('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature ?? '' } });
    } else {
      sse('content_block_start', { index, content_block: block });
    }
    sse('content_block_stop', { index });
  });
  sse('message_delta', { delta: { stop_reason: message.stop_reason ?? 'end_turn', stop_sequence: message.stop_sequence ?? null }, usage });
  sse('message_stop', {});
  return events.join('');
}

/** A stream's events → its final Message (what the SDK's finalMessage() returns). */
export function messageFromSse(text: string): Record<string, unknown> {
  let message: Record<string, unknown> = {};
  const blocks: Record<string, unknown>[] = [];
  for (const chunk of text.split(/\r?\n\r?\n/)) {
    const data = chunk
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (!data) continue;
    const event = JSON.parse(data) as Record<string, unknown>;
    const index = event.index as number;
    if (event.type === 'message_start') message = { ...(event.message as Record<string, unknown>) };
    else if (event.type === 'content_block_start') blocks[index] = { ...(event.content_block as Record<string, unknown>) };
    else if (event.type === 'content_block_delta') {
      const d = event.delta as Record<string, string>;
      const b = blocks[index];
      if (d.type === 'text_delta') b.text = `${(b.text as string) ?? ''}${d.text}`;
      else if (d.type === 'thinking_delta') b.thinking = `${(b.thinking as string) ?? ''}${d.thinking}`;
      else if (d.type === 'signature_delta') b.signature = d.signature;
      else if (d.type === 'input_json_delta') b.partial_json = `${(b.partial_json as string) ?? ''}${d.partial_json}`;
    } else if (event.type === 'message_delta') {
      const d = event.delta as Record<string, unknown>;
      message.stop_reason = d.stop_reason;
      message.stop_sequence = d.stop_sequence ?? null;
      message.usage = { ...((message.usage as Record<string, unknown>) ?? {}), ...((event.usage as Record<string, unknown>) ?? {}) };
    }
  }
  return { ...message, content: blocks.filter(Boolean) };
}
