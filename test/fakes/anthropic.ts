/**
 * A strict loopback fake of the Anthropic Messages API — real HTTP (node:http on 127.0.0.1, random
 * port) that the real `@anthropic-ai/sdk` talks to through `baseURL`:
 *
 *   const fake = await startAnthropicFake({ fallback: reply.json({ findings: [] }) });
 *   const client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 2 });
 *   fake.enqueue(reply.error(429, 'rate_limit_error', { retryAfterMs: 50 }), reply.json({ ok: true }));
 *
 * Endpoints: POST /v1/messages (JSON or SSE with `stream: true`), POST /v1/messages/count_tokens
 * (validated like /v1/messages, but with the fields of MessageCountTokensParams only: no max_tokens, stream,
 * sampling or metadata; answers `{input_tokens}` = what /v1/messages bills as input + cache write + cache read
 * for the same prompt). Anything else → 404 not_found_error. Errors use the API's envelope
 * `{"type":"error","error":{"type":…,"message":…},"request_id":…}` and every answer carries a
 * `request-id` header.
 *
 * Validation (in this order; a refused request does NOT consume a scripted behaviour):
 *   401 authentication_error  neither `x-api-key` nor `Authorization: Bearer …` (what SDK 1.12 sends
 *                             for `apiKey`), or a key not in `options.apiKeys` when given
 *   400 invalid_request_error `anthropic-version` missing or not a YYYY-MM-DD date ≥ 2023-01-01; body not JSON;
 *                             an unknown top-level field ("Extra inputs are not permitted")
 *   404 not_found_error       `model` not in the model table (MODELS, or `options.models`)
 *   400 invalid_request_error `max_tokens` not a positive integer, or above the model's limit;
 *     `output_config.effort` not one of low|medium|high|xhigh|max, on a model without the effort
 *     parameter (claude-sonnet-4-5, claude-haiku-4-5), or a level the model lacks (xhigh on the 4.6 models);
 *     `thinking` not `{type:'adaptive', display?}` / `{type:'enabled', budget_tokens, display?}` /
 *     `{type:'disabled'}` / `{type:'between_tools'}` (display 'summarized'|'omitted'; budget_tokens an
 *     integer ≥ 1024 and < max_tokens), or a type the model rejects (ModelSpec.thinkingTypes: 'enabled'
 *     on 5.x, 'disabled' on Sonnet 5.5 / Opus 5.5 / Fable, 'adaptive' on 4.5); effort xhigh/max with
 *     thinking turned off on a thinking-by-default model; `temperature` ≠ 1 or `top_k` while thinking is on;
 *     `messages` empty / not alternating user↔assistant / not starting with user / empty text blocks;
 *     a final assistant message (prefill) together with `output_config.format`;
 *     `system` neither a string nor an array of text blocks;
 *     `cache_control` other than `{type:'ephemeral', ttl?: '5m'|'1h'}`, more than 4 breakpoints
 *     (top-level `cache_control` counts as one, on the last block), a 1h breakpoint after a 5m one;
 *     `tool_choice` forcing a tool (`any` / `tool`); `temperature` outside 0..1 or with `top_p`;
 *     `output_config.format` not `{type:'json_schema', schema}`, or a schema that breaks the
 *     structured-output subset (see checkSchema: `additionalProperties: false` on every object;
 *     only SUPPORTED_KEYWORDS; string `format` in SUPPORTED_STRING_FORMATS; `minItems` 0 or 1 —
 *     the same subset the SDK's own transform-json-schema.mjs keeps);
 *     a prompt longer than the model's context window (ModelSpec.contextWindow: 1M on 5.x and 4.6, 200K on 4.5).
 *
 * Token counting (deterministic, documented so tests can compute expectations):
 *   the prompt is a list of blocks in cache order — each tool (JSON of the tool without
 *   cache_control), each system text block (a string system = one block), each message content
 *   block (a string content = one block; a text block counts its `text`, other blocks their JSON).
 *   tokens(chars) = ceil(chars / 4). input total = tokens(all chars);
 *   output = max(1, thinking tokens + tokens(text)), and usage.output_tokens_details = {thinking_tokens}.
 *   The output schema is not counted (but it is part of the cache key: a new schema = a new cache).
 *
 * Prompt caching: each block carrying cache_control is a breakpoint; the prefix of a breakpoint is
 * every block up to and including it. A prefix below the model's `minCacheTokens` is never cached.
 * At ARRIVAL a request looks up its breakpoint prefixes (exact prefix match, same model and output
 * schema) among entries COMMITTED so far; the longest hit is `cache_read_input_tokens`. If its last
 * cacheable prefix is longer than the hit, the difference is `cache_creation_input_tokens`, and
 * its prefixes are committed when ITS successful response starts (headers sent). So two
 * concurrent first requests both write; a later one reads. `input_tokens` = total − read − written.
 * (The real API also finds hits up to 20 blocks before a breakpoint; this fake only at breakpoints.)
 * Entries never expire; `clearCache()` forgets them.
 *
 * Thinking and effort (per model, see MODELS and the sources above it): a request without `thinking`
 * gets the model's default (adaptive on the 5.x models, disabled on 4.6 and 4.5); without
 * `output_config.effort` it runs at the model's default (high; medium on Opus 5.5 and Haiku 5.5).
 * Both are logged (LoggedRequest.effort / effortSource / thinking) and given to responders (FakeCall).
 * When thinking is on (adaptive / enabled), the answer thinks `thinkingTokens` tokens: the behaviour's
 * (`reply.json(v, { thinkingTokens: 3000, thinkingText? })`), else `options.thinkingTokens(effort, call)`,
 * else 0 — so nothing thinks unless a test asks, and exact token counts stay as they were. It is capped
 * by budget_tokens (enabled) and by max_tokens. Thinking > 0 puts a block
 * `{type:'thinking', thinking, signature}` BEFORE the text: `thinking` is the thinkingText (or a fixed
 * sentence) with display 'summarized', '' with 'omitted' (the 5.x default), `signature` an opaque base64.
 * Thinking spends max_tokens first: the text gets max_tokens − thinking tokens and is cut to that × 4
 * characters with stop_reason 'max_tokens' (a scripted answer longer than max_tokens is cut the same way,
 * like a real model running out of budget); when thinking took all of it there is no text block.
 * Streaming follows the API's order: message_start, ping, [content_block_start(thinking),
 * thinking_delta…, signature_delta, content_block_stop], content_block_start(text), text_delta…,
 * content_block_stop, message_delta (stop_reason; usage with output_tokens incl. thinking and
 * output_tokens_details), message_stop.
 *
 * Served model: the answer's `model` is `options.servedModel(requested)` (default: the requested id),
 * logged as LoggedRequest.servedModel.
 *
 * Left out: tool use / tool_result semantics (so interleaved thinking and between_tools' progress
 * blocks), thinking blocks sent back in `messages` (not checked against their signature), redacted
 * thinking, per-message effort, context windows counting max_tokens, images' real token costs, the
 * Batches/Files/Models endpoints, rate-limit headers other than retry-after(-ms), mid-stream
 * error events.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

// ---------------------------------------------------------------------------------------------
// Models

export const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
export type Effort = (typeof EFFORTS)[number];
export const THINKING_TYPES = ['adaptive', 'enabled', 'disabled', 'between_tools'] as const;
export type ThinkingType = (typeof THINKING_TYPES)[number];
export type ThinkingDisplay = 'summarized' | 'omitted';

export interface ModelSpec {
  /** Largest accepted `max_tokens`. */
  maxOutputTokens: number;
  /** Smallest prefix (tokens) that is cached at all. */
  minCacheTokens: number;
  /** Context window: the largest prompt (input tokens) accepted. */
  contextWindow: number;
  /** Accepted `thinking.type` values; any other → 400 (default ['enabled', 'disabled']: a pre-adaptive model). */
  thinkingTypes?: readonly ThinkingType[];
  /** What a request without `thinking` gets (default 'disabled'). */
  defaultThinking?: 'adaptive' | 'disabled';
  /** `thinking.display` when the request does not set it (default 'summarized'). */
  defaultDisplay?: ThinkingDisplay;
  /** Accepted `output_config.effort` levels; absent/empty = the model has no effort parameter (any effort → 400). */
  efforts?: readonly Effort[];
  /** Effort when `output_config.effort` is omitted (default 'high'). */
  defaultEffort?: Effort;
}

/*
 * The model table, checked on 2026-12-06 against the stored documentation (search tool, corpus `docs`):
 * - Context window / max output: platform.claude.com/docs/en/models/<model>/overview (sonnet-5-5, sonnet-5,
 *   opus-5-5, haiku-5-5, fable-5-1, opus-4-6, sonnet-4-6, sonnet-4-5, haiku-4-5) — every 5.x model and the 4.6 ones:
 *   1M context, 128K output; Sonnet 4.5 and Haiku 4.5: 200K context, 64K output.
 * - Thinking: platform.claude.com/docs/en/build-with-claude/thinking-troubleshooting ("Claude 4.7 and later models
 *   do not support [thinking.type 'enabled'] … 400"; "On Claude 4.5 and earlier … extended thinking is the only
 *   available thinking mode"; "Only Claude Sonnet 5.5 accepts 'between_tools', and it uses it instead of 'disabled'");
 *   models/sonnet-5-5/whats-new-sonnet-5-5 (adaptive on by default, effort default high, `disabled` → 400,
 *   between_tools only at low/medium/high); models/opus-5-5/whats-new-opus-5-5 ("thinking can't be disabled":
 *   disabled/enabled → 400 with the message used below; effort default medium; default display 'omitted');
 *   the models' "how it compares" tables (Thinking: Fable 5.x "Adaptive (always on)", Sonnet 5 / Haiku 5.5 "Adaptive",
 *   Haiku 4.5 "Extended"; Default effort: Opus 5.5 and Haiku 5.5 medium, the others high).
 *   NB the brief said Opus 5.5 defaults to effort high: the docs say medium, so the fake says medium.
 * - Effort: platform.claude.com/docs/en/build-with-claude/effort ("supported by … Claude Opus 4.6, Claude Sonnet 4.6,
 *   and Claude Opus 4.5" plus the 5.x models; xhigh "available on … Opus 4.7, and Claude Sonnet 5" and later, not on
 *   the 4.6 models, which do have max). Sonnet 4.5 and Haiku 4.5 are in no list: effort → 400 there.
 * - Minimum cacheable prefix: the official table quoted in github.com/anthropics/anthropic-sdk-python/issues/1194
 *   (4096 Opus 4.6 / Haiku 4.5; 1024 Sonnet 4.6 / Sonnet 4.5); docs.litellm.ai/docs/completion/prompt_caching
 *   (updated 2026-10-07: 1024 Sonnet 5; 512 Fable 5); apidog.com "claude-sonnet-5-5-vs-sonnet-5" (Sonnet 5.5: 512).
 *   No source found for Opus 5.5 (kept 4096: Opus 5 was 512, so this may be too high) nor Haiku 5.5 (kept 4096).
 * - Default display 'omitted' on the 5.x models: whats-new-opus-5-5 (Opus 5.5, Fable 5.1) and the apidog comparison
 *   (Sonnet 5, Sonnet 5.5); 'summarized' on the 4.x models.
 */
const ADAPTIVE_5X = { defaultThinking: 'adaptive', defaultDisplay: 'omitted', efforts: EFFORTS } as const;
const MODELS_4_6 = { thinkingTypes: ['adaptive', 'enabled', 'disabled'], defaultThinking: 'disabled', efforts: ['low', 'medium', 'high', 'max'] } as const;
export const MODELS: Readonly<Record<string, ModelSpec>> = {
  'claude-sonnet-5-5': { maxOutputTokens: 128_000, minCacheTokens: 512, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive', 'between_tools'], defaultEffort: 'high' },
  'claude-sonnet-5': { maxOutputTokens: 128_000, minCacheTokens: 1024, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive', 'disabled'], defaultEffort: 'high' },
  'claude-opus-5-5': { maxOutputTokens: 128_000, minCacheTokens: 4096, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive'], defaultEffort: 'medium' },
  'claude-haiku-5-5': { maxOutputTokens: 128_000, minCacheTokens: 4096, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive', 'disabled'], defaultEffort: 'medium' },
  'claude-fable-5-2': { maxOutputTokens: 128_000, minCacheTokens: 512, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive'], defaultEffort: 'high' },
  'claude-fable-5-1': { maxOutputTokens: 128_000, minCacheTokens: 512, contextWindow: 1_000_000, ...ADAPTIVE_5X, thinkingTypes: ['adaptive'], defaultEffort: 'high' },
  'claude-sonnet-4-6': { maxOutputTokens: 128_000, minCacheTokens: 1024, contextWindow: 1_000_000, ...MODELS_4_6 },
  'claude-opus-4-6': { maxOutputTokens: 128_000, minCacheTokens: 4096, contextWindow: 1_000_000, ...MODELS_4_6 },
  'claude-sonnet-4-5': { maxOutputTokens: 64_000, minCacheTokens: 1024, contextWindow: 200_000 },
  'claude-haiku-4-5': { maxOutputTokens: 64_000, minCacheTokens: 4096, contextWindow: 200_000 },
};

/** Keywords accepted in a structured-output schema (besides the per-type ones below). */
export const SUPPORTED_KEYWORDS = ['type', 'description', 'title', 'enum', 'const', 'anyOf', 'allOf', '$ref', '$defs', 'definitions', 'default', '$schema'] as const;
const OBJECT_KEYWORDS = ['properties', 'required', 'additionalProperties'];
const ARRAY_KEYWORDS = ['items', 'minItems'];
const STRING_KEYWORDS = ['format'];
export const SUPPORTED_STRING_FORMATS = ['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid'] as const;

const TOP_LEVEL_FIELDS = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_k', 'top_p',
  'tools', 'tool_choice', 'thinking', 'output_config', 'service_tier', 'cache_control', 'container', 'diagnostics',
  'inference_geo', 'speed', 'user_profile_id', 'workspace_id', 'mcp_servers', 'context_management',
]);
/** /v1/messages/count_tokens takes no max_tokens, stream, sampling or metadata (MessageCountTokensParams, SDK 1.12). */
const COUNT_FIELDS = new Set([
  'model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control', 'speed',
  'user_profile_id', 'workspace_id', 'mcp_servers', 'context_management',
]);

// ---------------------------------------------------------------------------------------------
// Behaviours

/** How much the model thinks before it answers (only when thinking is on for the request; see the header). */
export interface ThinkOptions {
  /** Thinking tokens this answer spends (default: options.thinkingTokens(effort, call), itself 0 by default). */
  thinkingTokens?: number;
  /** The summarized thinking text returned with display 'summarized' (default: a fixed sentence naming the count). */
  thinkingText?: string;
}

export type Behaviour =
  | ({ kind: 'json'; value: unknown } & ThinkOptions)
  | ({ kind: 'text'; text: string } & ThinkOptions)
  | ({ kind: 'maxTokens'; text: string } & ThinkOptions)
  | ({ kind: 'refusal'; text: string } & ThinkOptions)
  | { kind: 'error'; status: number; type: string; message?: string; retryAfterMs?: number }
  | { kind: 'slow'; ms: number; then: Behaviour }
  /** Destroys the connection without an answer (a network error for the client). */
  | { kind: 'hangUp' };

/** What a scripted function sees. */
export interface FakeCall {
  /** 1-based number of this request among the valid ones. */
  n: number;
  /** The parsed, validated request body. */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** All text of the prompt (system + messages), joined by "\n". */
  promptText: string;
  /** The model id the request named. */
  model: string;
  /** The effort the request runs at (output_config.effort or the model's default; undefined: no effort parameter). */
  effort?: Effort;
  /** The thinking configuration in force (the request's, or the model's default). */
  thinking: ThinkingSeen;
}
export type Responder = (call: FakeCall) => Behaviour;
export type Script = Behaviour | Responder;

export const reply = {
  /** A valid structured answer: one text block with JSON.stringify(value), stop_reason end_turn. */
  json: (value: unknown, think: ThinkOptions = {}): Behaviour => ({ kind: 'json', value, ...think }),
  /** Raw text (malformed or schema-invalid output), stop_reason end_turn. */
  text: (text: string, think: ThinkOptions = {}): Behaviour => ({ kind: 'text', text, ...think }),
  /** A cut-off answer, stop_reason max_tokens. */
  maxTokens: (partialText: string, think: ThinkOptions = {}): Behaviour => ({ kind: 'maxTokens', text: partialText, ...think }),
  /** stop_reason refusal (with whatever text was produced before, default none). */
  refusal: (text = '', think: ThinkOptions = {}): Behaviour => ({ kind: 'refusal', text, ...think }),
  /** An API error; 429/529/5xx carry `retry-after-ms` and `retry-after` when retryAfterMs is set. */
  error: (status: number, type: string, opts: { retryAfterMs?: number; message?: string } = {}): Behaviour => ({
    kind: 'error', status, type, ...opts,
  }),
  /** Waits `ms` (the request stays in flight), then behaves like `then`. */
  slow: (ms: number, then: Behaviour): Behaviour => ({ kind: 'slow', ms, then }),
  hangUp: (): Behaviour => ({ kind: 'hangUp' }),
};
export const { json, text, maxTokens, refusal, error, slow, hangUp } = reply;

// ---------------------------------------------------------------------------------------------
// Public types

export interface Usage {
  input_tokens: number;
  /** Text + thinking tokens. */
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** The thinking configuration a request ran with. */
export interface ThinkingSeen {
  type: ThinkingType;
  /** Where thinking is on (adaptive / enabled): how its text is returned. */
  display?: ThinkingDisplay;
  /** For type 'enabled'. */
  budgetTokens?: number;
  /** 'request' when the body set `thinking`, 'default' when the model's default applied. */
  source: 'request' | 'default';
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  stream: boolean;
  /** performance.now() when the request arrived / when its answer finished (or the socket closed). */
  startedAt: number;
  endedAt?: number;
  /** HTTP status (0 for a hang-up). */
  status?: number;
  /** For a refused request or a scripted error. */
  error?: { type: string; message: string };
  /** The behaviour that answered (undefined when validation refused it). */
  behaviour?: Behaviour['kind'];
  stopReason?: string;
  /** The answer's usage (numbers only; the answer also carries output_tokens_details = {thinking_tokens}). */
  usage?: Usage;
  /** Of usage.output_tokens, the thinking tokens (usage.output_tokens_details.thinking_tokens of the answer). */
  thinkingTokens?: number;
  /** The effort the request ran at (set for a validated request; undefined when the model has no effort parameter). */
  effort?: Effort;
  /** Whether `effort` came from output_config.effort or the model's default. */
  effortSource?: 'request' | 'default';
  /** The thinking configuration in force (set for a validated request). */
  thinking?: ThinkingSeen;
  /** The `model` field of the answer (options.servedModel of the requested id). */
  servedModel?: string;
  requestId: string;
  /** The credential the request carried (x-api-key or Authorization: Bearer). */
  apiKey?: string;
}

export interface AnthropicFakeOptions {
  /** Answer when the queue is empty; without one such a request gets a 500 api_error. */
  fallback?: Script | null;
  /** Accepted API keys (default: any non-empty key). */
  apiKeys?: string[];
  /** Extra or overriding model specs. */
  models?: Record<string, ModelSpec>;
  /** Characters per SSE text_delta / thinking_delta (default 40). */
  streamChunkChars?: number;
  /**
   * Thinking tokens a request spends when its behaviour does not say (default: () => 0, so answers carry no
   * thinking block unless a test asks). Called only when thinking is on; models without an effort parameter
   * pass 'high' (what they behave like).
   */
  thinkingTokens?: (effort: Effort, call: FakeCall) => number;
  /** The `model` field of every answer (default: the requested id). */
  servedModel?: (requested: string) => string;
}

export interface AnthropicFake {
  /** Base URL for `new Anthropic({ baseURL })` (no trailing slash, no /v1). */
  readonly url: string;
  /** Every request, arrival order (live array). */
  readonly requests: LoggedRequest[];
  /** Largest number of requests in flight at the same time. */
  readonly maxInFlight: number;
  readonly inFlight: number;
  /** Scripted behaviours still queued. */
  readonly pending: number;
  /** Internal errors of the fake (should stay empty). */
  readonly errors: Error[];
  enqueue(...scripts: Script[]): void;
  setFallback(script: Script | null): void;
  /** Requests to /v1/messages answered with `status` (any status when omitted). */
  count(status?: number): number;
  clearCache(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Errors

class ApiError extends Error {
  constructor(readonly status: number, readonly type: string, message: string) {
    super(message);
  }
}
const invalid = (message: string): ApiError => new ApiError(400, 'invalid_request_error', message);

// ---------------------------------------------------------------------------------------------
// Validation

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Block {
  chars: number;
  /** Identity of the block's content, for the cache key. */
  key: string;
  text: string;
  cacheControl?: { type: 'ephemeral'; ttl?: '5m' | '1h' };
}

function checkCacheControl(v: unknown, where: string): { type: 'ephemeral'; ttl?: '5m' | '1h' } | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalid(`${where}.cache_control: Input should be an object`);
  if (v.type !== 'ephemeral') throw invalid(`${where}.cache_control.type: Input should be 'ephemeral'`);
  for (const k of Object.keys(v)) {
    if (k !== 'type' && k !== 'ttl') throw invalid(`${where}.cache_control.${k}: Extra inputs are not permitted`);
  }
  if (v.ttl !== undefined && v.ttl !== '5m' && v.ttl !== '1h') throw invalid(`${where}.cache_control.ttl: Input should be '5m' or '1h'`);
  return v.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: v.ttl };
}

function stripCacheControl(b: Json): Json {
  const { cache_control: _cc, ...rest } = b;
  return rest;
}

function contentBlock(b: unknown, where: string): Block {
  if (!isObject(b) || typeof b.type !== 'string') throw invalid(`${where}: Input should be a content block object with a 'type'`);
  const cacheControl = checkCacheControl(b.cache_control, where);
  if (b.type === 'text') {
    if (typeof b.text !== 'string') throw invalid(`${where}.text: Field required`);
    if (b.text.length === 0) throw invalid(`${where}: text content blocks must be non-empty`);
    return { chars: b.text.length, key: 't:' + b.text, text: b.text, cacheControl };
  }
  const j = JSON.stringify(stripCacheControl(b));
  return { chars: j.length, key: 'b:' + j, text: '', cacheControl };
}

function checkSchema(schema: unknown, path: string, defs: Json | undefined): void {
  if (!isObject(schema)) throw invalid(`output_config.format.schema: ${path} must be a JSON schema object`);
  const type = schema.type;
  const types = Array.isArray(type) ? type : type === undefined ? [] : [type];
  const isObj = types.includes('object') || 'properties' in schema;
  const allowed = new Set<string>(SUPPORTED_KEYWORDS);
  if (isObj) OBJECT_KEYWORDS.forEach((k) => allowed.add(k));
  if (types.includes('array')) ARRAY_KEYWORDS.forEach((k) => allowed.add(k));
  if (types.includes('string')) STRING_KEYWORDS.forEach((k) => allowed.add(k));
  for (const k of Object.keys(schema)) {
    if (!allowed.has(k)) {
      throw invalid(`output_config.format.schema: keyword '${k}' is not supported in structured outputs (at ${path})`);
    }
  }
  if (isObj) {
    if (schema.additionalProperties !== false) {
      throw invalid(`output_config.format.schema: objects must set 'additionalProperties' to false (at ${path})`);
    }
    if (schema.properties !== undefined) {
      if (!isObject(schema.properties)) throw invalid(`output_config.format.schema: 'properties' must be an object (at ${path})`);
      for (const [name, sub] of Object.entries(schema.properties)) checkSchema(sub, `${path}/properties/${name}`, defs);
    }
    if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((r) => typeof r === 'string'))) {
      throw invalid(`output_config.format.schema: 'required' must be an array of strings (at ${path})`);
    }
  }
  if (schema.items !== undefined) checkSchema(schema.items, `${path}/items`, defs);
  if (schema.minItems !== undefined && schema.minItems !== 0 && schema.minItems !== 1) {
    throw invalid(`output_config.format.schema: 'minItems' values other than 0 or 1 are not supported (at ${path})`);
  }
  if (schema.format !== undefined && !(SUPPORTED_STRING_FORMATS as readonly unknown[]).includes(schema.format)) {
    throw invalid(`output_config.format.schema: string format ${JSON.stringify(schema.format)} is not supported (at ${path})`);
  }
  if (schema.enum !== undefined && !(Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((e) => e === null || typeof e !== 'object'))) {
    throw invalid(`output_config.format.schema: 'enum' must be a non-empty array of primitives (at ${path})`);
  }
  for (const key of ['anyOf', 'allOf'] as const) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) throw invalid(`output_config.format.schema: '${key}' must be a non-empty array (at ${path})`);
    list.forEach((s, i) => checkSchema(s, `${path}/${key}/${i}`, defs));
  }
  if (schema.$ref !== undefined) {
    const m = typeof schema.$ref === 'string' ? /^#\/(\$defs|definitions)\/([^/]+)$/.exec(schema.$ref) : null;
    if (!m || !defs || !(m[2] in defs)) throw invalid(`output_config.format.schema: unresolvable $ref ${JSON.stringify(schema.$ref)} (at ${path})`);
  }
  if (type === undefined && schema.$ref === undefined && schema.anyOf === undefined && schema.allOf === undefined && schema.enum === undefined && schema.const === undefined) {
    throw invalid(`output_config.format.schema: a schema needs 'type' (or anyOf/allOf/enum/const/$ref) (at ${path})`);
  }
}

interface Prepared {
  body: Json;
  model: string;
  spec: ModelSpec;
  maxTokens: number;
  stream: boolean;
  blocks: Block[];
  schemaKey: string;
  promptText: string;
  effort?: Effort;
  effortSource?: 'request' | 'default';
  thinking: ThinkingSeen;
}

/** `thinking` → the configuration in force, or a 400 naming the field. `maxTokens` undefined for count_tokens. */
function checkThinking(v: unknown, spec: ModelSpec, model: string, maxTokens: number | undefined): ThinkingSeen {
  const accepted = spec.thinkingTypes ?? ['enabled', 'disabled'];
  const display = (d: unknown): ThinkingDisplay => {
    if (d === undefined || d === null) return spec.defaultDisplay ?? 'summarized';
    if (d !== 'summarized' && d !== 'omitted') throw invalid("thinking.display: Input should be 'summarized' or 'omitted'");
    return d;
  };
  if (v === undefined || v === null) {
    const type = spec.defaultThinking ?? 'disabled';
    return type === 'adaptive' ? { type, display: display(undefined), source: 'default' } : { type, source: 'default' };
  }
  if (!isObject(v)) throw invalid('thinking: Input should be an object');
  const type = v.type;
  if (!(THINKING_TYPES as readonly unknown[]).includes(type)) {
    throw invalid(`thinking.type: Input should be ${THINKING_TYPES.map((t) => `'${t}'`).join(', ')}`);
  }
  const allowed = type === 'enabled' ? ['type', 'budget_tokens', 'display'] : type === 'adaptive' ? ['type', 'display'] : ['type'];
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw invalid(`thinking.${k}: Extra inputs are not permitted`);
  if (!accepted.includes(type as ThinkingType)) {
    // the wording of whats-new-opus-5-5 / whats-new-sonnet-5-5
    const instead = accepted.includes('between_tools') && type === 'disabled'
      ? 'Use "thinking.type.between_tools" to turn off up-front thinking.'
      : accepted.includes('adaptive') ? 'Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.' : `Use one of: ${accepted.join(', ')}.`;
    throw invalid(`"thinking.type.${String(type)}" is not supported for this model (${model}). ${instead}`);
  }
  if (type === 'enabled') {
    const b = v.budget_tokens;
    if (b === undefined) throw invalid('thinking.enabled.budget_tokens: Field required');
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 1024) throw invalid('thinking.enabled.budget_tokens: Input should be an integer greater than or equal to 1024');
    if (maxTokens !== undefined && b >= maxTokens) throw invalid(`thinking.enabled.budget_tokens: must be less than max_tokens (${b} >= ${maxTokens})`);
    return { type, display: display(v.display), budgetTokens: b, source: 'request' };
  }
  if (type === 'adaptive') return { type, display: display(v.display), source: 'request' };
  return { type: type as ThinkingType, source: 'request' };
}

function checkEffort(v: unknown, spec: ModelSpec, model: string): { effort?: Effort; source?: 'request' | 'default' } {
  const efforts = spec.efforts ?? [];
  if (v === undefined || v === null) return efforts.length > 0 ? { effort: spec.defaultEffort ?? 'high', source: 'default' } : {};
  if (!(EFFORTS as readonly unknown[]).includes(v)) {
    throw invalid(`output_config.effort: Input should be ${EFFORTS.map((e) => `'${e}'`).join(', ')} (got ${JSON.stringify(v)})`);
  }
  if (efforts.length === 0) throw invalid(`output_config.effort: the effort parameter is not supported by ${model}`);
  if (!efforts.includes(v as Effort)) {
    throw invalid(`output_config.effort: '${String(v)}' is not supported by ${model}; supported values: ${efforts.join(', ')}`);
  }
  return { effort: v as Effort, source: 'request' };
}

function prepare(body: unknown, models: Record<string, ModelSpec>, endpoint: 'messages' | 'count' = 'messages'): Prepared {
  if (!isObject(body)) throw invalid('Request body must be a JSON object');
  const fields = endpoint === 'messages' ? TOP_LEVEL_FIELDS : COUNT_FIELDS;
  for (const k of Object.keys(body)) if (!fields.has(k)) throw invalid(`${k}: Extra inputs are not permitted`);
  if (typeof body.model !== 'string') throw invalid('model: Field required');
  const spec = models[body.model];
  if (!spec) throw new ApiError(404, 'not_found_error', `model: ${body.model}`);
  const mt = body.max_tokens;
  if (endpoint === 'messages') {
    if (mt === undefined) throw invalid('max_tokens: Field required');
    if (typeof mt !== 'number' || !Number.isInteger(mt) || mt < 1) throw invalid('max_tokens: Input should be a positive integer');
    if (mt > spec.maxOutputTokens) {
      throw invalid(`max_tokens: ${mt} > ${spec.maxOutputTokens}, which is the maximum allowed number of output tokens for ${body.model}`);
    }
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') throw invalid('stream: Input should be a valid boolean');
  if (body.temperature !== undefined && (typeof body.temperature !== 'number' || body.temperature < 0 || body.temperature > 1)) {
    throw invalid('temperature: Input should be between 0 and 1');
  }
  if (body.temperature !== undefined && body.top_p !== undefined) {
    throw invalid('`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }

  const blocks: Block[] = [];
  // tools
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) throw invalid('tools: Input should be a valid list');
    body.tools.forEach((t, i) => {
      if (!isObject(t) || typeof t.name !== 'string') throw invalid(`tools.${i}.name: Field required`);
      const j = JSON.stringify(stripCacheControl(t));
      blocks.push({ chars: j.length, key: 'tool:' + j, text: '', cacheControl: checkCacheControl(t.cache_control, `tools.${i}`) });
    });
  }
  if (body.tool_choice !== undefined) {
    const tc = body.tool_choice;
    if (!isObject(tc) || !['auto', 'any', 'tool', 'none'].includes(String(tc.type))) throw invalid("tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'");
    if (tc.type === 'any' || tc.type === 'tool') {
      throw invalid(`tool_choice: forcing tool use (type '${tc.type}') is not supported by ${body.model}; use 'auto' or 'none'`);
    }
  }
  // system
  const systemText: string[] = [];
  if (body.system !== undefined) {
    if (typeof body.system === 'string') {
      if (body.system.length > 0) blocks.push({ chars: body.system.length, key: 's:' + body.system, text: body.system });
      systemText.push(body.system);
    } else if (Array.isArray(body.system)) {
      body.system.forEach((b, i) => {
        if (!isObject(b) || b.type !== 'text') throw invalid(`system.${i}.type: Input should be 'text'`);
        const blk = contentBlock(b, `system.${i}`);
        blocks.push({ ...blk, key: 's' + blk.key });
        systemText.push(blk.text);
      });
    } else {
      throw invalid('system: Input should be a valid string or a list of text blocks');
    }
  }
  // messages
  if (!Array.isArray(body.messages)) throw invalid('messages: Field required (a list)');
  const messages: unknown[] = body.messages;
  if (messages.length === 0) throw invalid('messages: at least one message is required');
  const msgText: string[] = [];
  messages.forEach((m, i) => {
    if (!isObject(m)) throw invalid(`messages.${i}: Input should be an object`);
    if (m.role !== 'user' && m.role !== 'assistant') throw invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== expected) {
      throw invalid(i === 0 ? 'messages: first message must use the "user" role' : `messages: roles must alternate between "user" and "assistant" (messages.${i} is "${m.role}")`);
    }
    if (typeof m.content === 'string') {
      if (m.content.length === 0 && !(m.role === 'assistant' && i === messages.length - 1)) {
        throw invalid(`messages.${i}: user messages must have non-empty content`);
      }
      if (m.content.length > 0) blocks.push({ chars: m.content.length, key: `m${i}:` + m.content, text: m.content });
      msgText.push(m.content);
    } else if (Array.isArray(m.content)) {
      if (m.content.length === 0) throw invalid(`messages.${i}.content: must be non-empty`);
      m.content.forEach((b, j) => {
        const blk = contentBlock(b, `messages.${i}.content.${j}`);
        blocks.push({ ...blk, key: `m${i}:` + blk.key });
        if (blk.text) msgText.push(blk.text);
      });
    } else {
      throw invalid(`messages.${i}.content: Input should be a valid string or a list of content blocks`);
    }
  });
  const last = messages[messages.length - 1] as Json;

  // top-level (automatic) cache_control: a breakpoint on the last block
  const top = checkCacheControl(body.cache_control, 'cache_control');
  if (top && blocks.length > 0 && !blocks[blocks.length - 1].cacheControl) blocks[blocks.length - 1] = { ...blocks[blocks.length - 1], cacheControl: top };
  const bps = blocks.filter((b) => b.cacheControl).length;
  if (bps > 4) throw invalid(`A maximum of 4 blocks with cache_control may be provided. Found ${bps}.`);
  let seen5m = false;
  for (const b of blocks) {
    if (!b.cacheControl) continue;
    if ((b.cacheControl.ttl ?? '5m') === '5m') seen5m = true;
    else if (seen5m) throw invalid("cache_control: a ttl='1h' cache breakpoint cannot come after a ttl='5m' one");
  }

  // output_config
  let schemaKey = '';
  let effort: { effort?: Effort; source?: 'request' | 'default' } = checkEffort(undefined, spec, body.model);
  if (body.output_config !== undefined) {
    const oc = body.output_config;
    if (!isObject(oc)) throw invalid('output_config: Input should be an object');
    for (const k of Object.keys(oc)) if (k !== 'format' && k !== 'effort') throw invalid(`output_config.${k}: Extra inputs are not permitted`);
    effort = checkEffort(oc.effort, spec, body.model);
    if (oc.format !== undefined && oc.format !== null) {
      const f = oc.format;
      if (!isObject(f) || f.type !== 'json_schema') throw invalid("output_config.format.type: Input should be 'json_schema'");
      for (const k of Object.keys(f)) if (k !== 'type' && k !== 'schema') throw invalid(`output_config.format.${k}: Extra inputs are not permitted`);
      if (!isObject(f.schema)) throw invalid('output_config.format.schema: Field required');
      const defs = isObject(f.schema.$defs) ? f.schema.$defs : isObject(f.schema.definitions) ? f.schema.definitions : undefined;
      if (defs) for (const [name, d] of Object.entries(defs)) checkSchema(d, `#/$defs/${name}`, defs);
      checkSchema(f.schema, '#', defs);
      if (last.role === 'assistant') throw invalid('Prefilling the assistant message is not supported together with output_config.format');
      schemaKey = JSON.stringify(f.schema);
    }
  }

  // thinking, and what it rules out
  const thinking = checkThinking(body.thinking, spec, body.model, typeof mt === 'number' ? mt : undefined);
  const thinkingOff = thinking.type === 'disabled' || thinking.type === 'between_tools';
  // whats-new-sonnet-5-5: between_tools only at low/medium/high; the same cap where a thinking-by-default model is
  // turned off ('disabled' on Sonnet 5 / Haiku 5.5; Bedrock's OutputConfig: "When extended thinking is disabled,
  // the effort level is capped at high").
  if ((thinking.type === 'between_tools' || (thinking.type === 'disabled' && spec.defaultThinking === 'adaptive'))
    && (effort.effort === 'xhigh' || effort.effort === 'max')) {
    throw invalid(`output_config.effort: '${effort.effort}' requires thinking; with thinking.type '${thinking.type}' use 'low', 'medium' or 'high'`);
  }
  if (!thinkingOff) {
    if (body.temperature !== undefined && body.temperature !== 1) throw invalid('temperature: may only be set to 1 when thinking is enabled');
    if (body.top_k !== undefined) throw invalid('top_k: cannot be set when thinking is enabled');
  }

  const total = tokens(blocks.reduce((n, b) => n + b.chars, 0));
  if (total > spec.contextWindow) throw invalid(`prompt is too long: ${total} tokens > ${spec.contextWindow} maximum`);
  return {
    body, model: body.model, spec, maxTokens: typeof mt === 'number' ? mt : 0, stream: body.stream === true, blocks, schemaKey,
    promptText: [...systemText, ...msgText].join('\n'), effort: effort.effort, effortSource: effort.source, thinking,
  };
}

/** The fake's token count: ceil(characters / 4). */
export function tokens(chars: number): number {
  return Math.ceil(chars / 4);
}

// ---------------------------------------------------------------------------------------------
// Cache

interface CachePlan {
  read: number;
  write: number;
  input: number;
  ttl: '5m' | '1h';
  /** Keys to commit when the response starts. */
  commit: string[];
}

function planCache(p: Prepared, committed: Set<string>): CachePlan {
  const hash = createHash('sha256');
  hash.update(p.model + '\0' + p.schemaKey + '\0');
  let chars = 0;
  const cacheable: Array<{ key: string; tokens: number; ttl: '5m' | '1h' }> = [];
  for (const b of p.blocks) {
    hash.update(b.key + '\0');
    chars += b.chars;
    if (b.cacheControl && tokens(chars) >= p.spec.minCacheTokens) {
      cacheable.push({ key: hash.copy().digest('hex'), tokens: tokens(chars), ttl: b.cacheControl.ttl ?? '5m' });
    }
  }
  const total = tokens(chars);
  let read = 0;
  for (const c of cacheable) if (committed.has(c.key)) read = Math.max(read, c.tokens);
  const lastBp = cacheable[cacheable.length - 1];
  const write = lastBp && lastBp.tokens > read ? lastBp.tokens - read : 0;
  return {
    read, write, input: total - read - write, ttl: lastBp?.ttl ?? '5m',
    commit: write > 0 ? cacheable.filter((c) => !committed.has(c.key)).map((c) => c.key) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Server

const newId = (prefix: string): string => prefix + randomBytes(12).toString('base64url');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startAnthropicFake(options: AnthropicFakeOptions = {}): Promise<AnthropicFake> {
  const models: Record<string, ModelSpec> = { ...MODELS, ...options.models };
  const chunkChars = options.streamChunkChars ?? 40;
  const thinkingTokensFor = options.thinkingTokens ?? ((): number => 0);
  const servedModel = options.servedModel ?? ((requested: string): string => requested);
  const queue: Script[] = [];
  let fallback: Script | null = options.fallback ?? null;
  const requests: LoggedRequest[] = [];
  const errors: Error[] = [];
  const committed = new Set<string>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let validCount = 0;

  const sendError = (res: ServerResponse, log: LoggedRequest, e: ApiError, extraHeaders: Record<string, string> = {}): void => {
    log.status = e.status;
    log.error = { type: e.type, message: e.message };
    res.writeHead(e.status, { 'content-type': 'application/json', 'request-id': log.requestId, ...extraHeaders });
    res.end(JSON.stringify({ type: 'error', error: { type: e.type, message: e.message }, request_id: log.requestId }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, log: LoggedRequest): Promise<void> => {
    const raw = await readBody(req);
    try {
      log.body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      log.body = raw;
    }
    const path = log.path.split('?')[0];
    const isMessages = path === '/v1/messages';
    const isCount = path === '/v1/messages/count_tokens';
    if (req.method !== 'POST' || (!isMessages && !isCount)) {
      throw new ApiError(404, 'not_found_error', `${req.method} ${path} is not a route of this fake`);
    }
    // The SDK (1.12) sends its apiKey as `Authorization: Bearer …`; older clients use `x-api-key`.
    const xKey = req.headers['x-api-key'];
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const key = typeof xKey === 'string' && xKey.length > 0 ? xKey : bearer;
    if (!key) throw new ApiError(401, 'authentication_error', 'x-api-key or authorization header is required');
    if (options.apiKeys && !options.apiKeys.includes(key)) throw new ApiError(401, 'authentication_error', 'invalid x-api-key');
    log.apiKey = key;
    const version = req.headers['anthropic-version'];
    if (!version) throw invalid('anthropic-version: header is required');
    // SDK 1.12 sends 2026-10-21; curl examples use 2023-06-01. Accept dated versions from 2023-01-01 on.
    if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version) || version < '2023-01-01') {
      throw invalid(`anthropic-version: unknown version ${JSON.stringify(version)}`);
    }
    if (typeof log.body === 'string' || log.body === undefined) throw invalid('There was an error parsing the body: not valid JSON');

    if (isCount) {
      const p = prepare(log.body, models, 'count');
      log.effort = p.effort;
      log.effortSource = p.effortSource;
      log.thinking = p.thinking;
      log.status = 200;
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': log.requestId });
      res.end(JSON.stringify({ input_tokens: tokens(p.blocks.reduce((n, b) => n + b.chars, 0)) }));
      return;
    }

    const p = prepare(log.body, models);
    log.stream = p.stream;
    log.effort = p.effort;
    log.effortSource = p.effortSource;
    log.thinking = p.thinking;
    const plan = planCache(p, committed); // looked up at arrival
    const call: FakeCall = {
      n: ++validCount, body: p.body, headers: req.headers, promptText: p.promptText, model: p.model, effort: p.effort, thinking: p.thinking,
    };
    const script = queue.length > 0 ? queue.shift()! : fallback;
    if (!script) {
      log.behaviour = undefined;
      throw new ApiError(500, 'api_error', 'anthropic fake: no scripted response left and no fallback configured');
    }
    let b = typeof script === 'function' ? script(call) : script;
    while (b.kind === 'slow') {
      const ms = b.ms;
      await new Promise((r) => setTimeout(r, ms));
      if (res.destroyed) return;
      b = b.then;
    }
    log.behaviour = b.kind;
    if (b.kind === 'hangUp') {
      log.status = 0;
      req.socket.destroy();
      return;
    }
    if (b.kind === 'error') {
      const headers: Record<string, string> = {};
      if (b.retryAfterMs !== undefined) {
        headers['retry-after-ms'] = String(b.retryAfterMs);
        headers['retry-after'] = String(Math.ceil(b.retryAfterMs / 1000));
      }
      const msg = b.message ?? ({ rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit', overloaded_error: 'Overloaded', api_error: 'Internal server error' } as Record<string, string>)[b.type] ?? b.type;
      sendError(res, log, new ApiError(b.status, b.type, msg), headers);
      return;
    }

    // Thinking comes first and spends max_tokens first; the text gets what is left.
    const thinkingOn = p.thinking.type === 'adaptive' || p.thinking.type === 'enabled';
    let thinkingTokens = 0;
    if (thinkingOn) {
      const wanted = b.thinkingTokens ?? thinkingTokensFor(p.effort ?? 'high', call);
      if (!Number.isInteger(wanted) || wanted < 0) throw new Error(`thinkingTokens must be a non-negative integer, got ${wanted}`);
      thinkingTokens = Math.min(wanted, p.thinking.budgetTokens ?? Infinity, p.maxTokens);
    }
    const textBudget = p.maxTokens - thinkingTokens;
    let outText = b.kind === 'json' ? JSON.stringify(b.value) : b.text;
    let stopReason: string = b.kind === 'maxTokens' ? 'max_tokens' : b.kind === 'refusal' ? 'refusal' : 'end_turn';
    if (tokens(outText.length) > textBudget || (textBudget === 0 && stopReason !== 'refusal')) {
      outText = outText.slice(0, textBudget * 4);
      stopReason = 'max_tokens';
    }
    const textTokens = tokens(outText.length);
    const usage: Usage = {
      input_tokens: plan.input,
      output_tokens: Math.max(1, textTokens + thinkingTokens),
      cache_creation_input_tokens: plan.write,
      cache_read_input_tokens: plan.read,
    };
    const fullUsage = {
      ...usage,
      output_tokens_details: { thinking_tokens: thinkingTokens },
      cache_creation: { ephemeral_5m_input_tokens: plan.ttl === '5m' ? plan.write : 0, ephemeral_1h_input_tokens: plan.ttl === '1h' ? plan.write : 0 },
      server_tool_use: null, service_tier: 'standard', inference_geo: null, speed: null,
    };
    log.usage = usage;
    log.thinkingTokens = thinkingTokens;
    log.stopReason = stopReason;
    log.status = 200;
    const served = servedModel(p.model);
    log.servedModel = served;
    const stopDetails = stopReason === 'refusal' ? { type: 'refusal', category: null, explanation: null } : null;
    const thinkingBlock = thinkingTokens > 0
      ? {
        type: 'thinking',
        thinking: p.thinking.display === 'omitted' ? '' : (b.thinkingText ?? `(fake thinking: ${thinkingTokens} tokens at effort ${p.effort ?? 'n/a'})`),
        signature: Buffer.from(`fake-signature:${log.requestId}:${thinkingTokens}`).toString('base64'),
      }
      : null;
    // No text block when thinking used all of max_tokens, or a refusal said nothing.
    const textBlock = outText.length > 0 || (stopReason !== 'refusal' && textBudget > 0) ? { type: 'text', text: outText, citations: null } : null;
    const content = [thinkingBlock, textBlock].filter((x) => x !== null);
    const message = {
      id: newId('msg_'), type: 'message', role: 'assistant', model: served, content,
      stop_reason: stopReason, stop_sequence: null, stop_details: stopDetails, container: null, usage: fullUsage,
    };
    const start = (headers: Record<string, string>): void => {
      res.writeHead(200, { 'request-id': log.requestId, ...headers });
      for (const k of plan.commit) committed.add(k); // the cache exists once a response started
    };
    if (!p.stream) {
      start({ 'content-type': 'application/json' });
      res.end(JSON.stringify(message));
      return;
    }
    start({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    const sse = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const tick = async (): Promise<boolean> => {
      await new Promise((r) => setImmediate(r));
      return !res.destroyed;
    };
    sse('message_start', {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_details: null, usage: { ...fullUsage, output_tokens: 1, output_tokens_details: null } },
    });
    sse('ping', { type: 'ping' });
    let index = 0;
    if (thinkingBlock) {
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (let i = 0; i < thinkingBlock.thinking.length; i += chunkChars) {
        sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: thinkingBlock.thinking.slice(i, i + chunkChars) } });
        if (!(await tick())) return;
      }
      sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: thinkingBlock.signature } });
      sse('content_block_stop', { type: 'content_block_stop', index });
      index++;
    }
    if (textBlock) {
      sse('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
      for (let i = 0; i < outText.length; i += chunkChars) {
        sse('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: outText.slice(i, i + chunkChars) } });
        if (!(await tick())) return;
      }
      sse('content_block_stop', { type: 'content_block_stop', index });
    }
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, stop_details: stopDetails, container: null },
      usage: {
        input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens, server_tool_use: null, output_tokens_details: fullUsage.output_tokens_details,
      },
    });
    sse('message_stop', { type: 'message_stop' });
    res.end();
  };

  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const log: LoggedRequest = {
      method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: undefined, stream: false,
      startedAt: performance.now(), requestId: newId('req_'),
    };
    requests.push(log);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight--;
      log.endedAt = performance.now();
    };
    res.on('close', finish);
    handle(req, res, log).catch((e: unknown) => {
      if (e instanceof ApiError) {
        if (!res.headersSent) sendError(res, log, e);
        return;
      }
      errors.push(e instanceof Error ? e : new Error(String(e)));
      if (!res.headersSent) sendError(res, log, new ApiError(500, 'api_error', `anthropic fake crashed: ${String(e)}`));
      else res.destroy();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    errors,
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    get pending() {
      return queue.length;
    },
    enqueue(...scripts: Script[]) {
      queue.push(...scripts);
    },
    setFallback(script: Script | null) {
      fallback = script;
    },
    count(status?: number) {
      return requests.filter((r) => r.path.split('?')[0] === '/v1/messages' && (status === undefined || r.status === status)).length;
    },
    clearCache() {
      committed.clear();
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
