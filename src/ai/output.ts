/**
 * The output contract with Claude: the JSON schema sent as `output_config.format`, and our own
 * check of what comes back (structured output makes a valid answer likely, not certain: a cut-off
 * or refused answer, or an older model, can still return anything).
 */
import { CATEGORIES, type Category } from '../core/categories.js';
import type { Severity } from '../core/finding.js';

const SEVERITY_VALUES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ModelComment {
  path: string;
  /** New-file line; the last line of a range. A hint: the comment is anchored where `evidence` is. */
  line: number;
  start_line?: number;
  severity: Severity;
  category: Category;
  title: string;
  body: string;
  /** The flagged line(s), quoted from the file: the comment is anchored where this text is. */
  evidence: string;
  /** 0–10: how sure the model is that the problem is real. */
  confidence: number;
  /** The static rule id this comment says again, or null for a problem of its own. */
  restates: string | null;
  /** Replaces exactly the lines quoted in `evidence`. */
  suggestion?: string;
}

/** The verification request's answer on one comment, by the number it was shown with. */
export interface ModelVerdict {
  id: number;
  keep: boolean;
  /** 0–10: how well the comment holds up. */
  score: number;
  reason: string;
}

/**
 * One shape for both requests: a review answers with `comments` (and `verdicts: []`), a
 * verification with `verdicts` (and `comments: []`). One schema keeps the prompt cache valid:
 * the API keys its cache on the output schema too.
 */
export interface ModelReview {
  comments: ModelComment[];
  verdicts: ModelVerdict[];
  summary: string;
}

/**
 * Only keywords the structured-output subset accepts: no minimum/maximum/maxLength, every object
 * closed; the ranges (0–10) are checked by `parseReviewOutput`.
 */
export const REVIEW_OUTPUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['comments', 'verdicts', 'summary'],
  properties: {
    comments: {
      type: 'array',
      description: 'Review comments; [] when answering a verification.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'severity', 'category', 'title', 'body', 'evidence', 'confidence', 'restates'],
        properties: {
          path: { type: 'string', description: 'The file path exactly as given.' },
          line: { type: 'integer', description: 'New-file line from the commentable lines; the last line of a range.' },
          start_line: { type: 'integer', description: 'First line of a multi-line range, in the same hunk as line.' },
          severity: { type: 'string', enum: [...SEVERITY_VALUES] },
          category: { type: 'string', enum: [...CATEGORIES] },
          title: { type: 'string', description: 'The problem in a few words.' },
          body: { type: 'string', description: 'Plain text, one to four sentences: the problem and the fix. No code fences.' },
          evidence: {
            type: 'string',
            description: 'The flagged line(s) copied exactly from the file, whole lines, without line numbers or diff signs.',
          },
          confidence: { type: 'integer', description: '0-10: how sure you are the problem is real, from the code shown (10 = certain).' },
          restates: {
            anyOf: [{ type: 'string' }, { type: 'null' }],
            description: 'The id of the static finding this comment says again, or null for a different problem.',
          },
          suggestion: {
            type: 'string',
            description: 'Optional: exact replacement for the evidence lines, whole lines, no code fence. Omit unless certain.',
          },
        },
      },
    },
    verdicts: {
      type: 'array',
      description: 'Only when asked to verify comments; [] in a review.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'keep', 'score', 'reason'],
        properties: {
          id: { type: 'integer', description: 'The number of the comment as given.' },
          keep: { type: 'boolean', description: 'Whether the comment is right and worth posting.' },
          score: { type: 'integer', description: '0-10: how well the comment holds up against the code.' },
          reason: { type: 'string', description: 'One sentence.' },
        },
      },
    },
    summary: { type: 'string' },
  },
} as const;

export type ParseResult = { ok: true; review: ModelReview } | { ok: false; error: string };

/** The model's text → a review, or the first few ways it breaks the contract. */
export function parseReviewOutput(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the answer is not JSON (${(error as Error).message})` };
  }
  const errors: string[] = [];
  if (!isObject(value)) return { ok: false, error: 'the answer is not a JSON object' };
  unknownKeys(value, REVIEW_OUTPUT_SCHEMA.required, '', errors);
  if (typeof value.summary !== 'string') errors.push('summary must be a string');
  for (const key of ['comments', 'verdicts'] as const) if (!Array.isArray(value[key])) errors.push(`${key} must be an array`);
  (Array.isArray(value.comments) ? value.comments : []).forEach((c, i) => checkComment(c, `comments[${i}]`, errors));
  (Array.isArray(value.verdicts) ? value.verdicts : []).forEach((v, i) => checkVerdict(v, `verdicts[${i}]`, errors));
  if (errors.length > 0) return { ok: false, error: errors.slice(0, 5).join('; ') };
  return { ok: true, review: value as unknown as ModelReview };
}

function checkComment(c: unknown, at: string, errors: string[]): void {
  if (!isObject(c)) {
    errors.push(`${at} must be an object`);
    return;
  }
  unknownKeys(c, Object.keys(REVIEW_OUTPUT_SCHEMA.properties.comments.items.properties), at, errors);
  for (const key of ['path', 'title', 'body', 'evidence'] as const) if (typeof c[key] !== 'string') errors.push(`${at}.${key} must be a string`);
  if (!isLineNumber(c.line)) errors.push(`${at}.line must be a positive integer`);
  if (c.start_line !== undefined && !isLineNumber(c.start_line)) errors.push(`${at}.start_line must be a positive integer`);
  if (!SEVERITY_VALUES.includes(c.severity as Severity)) errors.push(`${at}.severity must be one of ${SEVERITY_VALUES.join(', ')}`);
  if (!CATEGORIES.includes(c.category as Category)) errors.push(`${at}.category must be one of ${CATEGORIES.join(', ')}`);
  if (!isScore(c.confidence)) errors.push(`${at}.confidence must be an integer from 0 to 10`);
  if (c.restates !== null && typeof c.restates !== 'string') errors.push(`${at}.restates must be a rule id or null`);
  if (c.suggestion !== undefined && typeof c.suggestion !== 'string') errors.push(`${at}.suggestion must be a string`);
}

function checkVerdict(v: unknown, at: string, errors: string[]): void {
  if (!isObject(v)) {
    errors.push(`${at} must be an object`);
    return;
  }
  unknownKeys(v, Object.keys(REVIEW_OUTPUT_SCHEMA.properties.verdicts.items.properties), at, errors);
  if (typeof v.id !== 'number' || !Number.isInteger(v.id)) errors.push(`${at}.id must be an integer`);
  if (typeof v.keep !== 'boolean') errors.push(`${at}.keep must be a boolean`);
  if (!isScore(v.score)) errors.push(`${at}.score must be an integer from 0 to 10`);
  if (typeof v.reason !== 'string') errors.push(`${at}.reason must be a string`);
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], at: string, errors: string[]): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) errors.push(`${at ? `${at}.` : ''}${key} is not part of the format`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A confidence or a score: an integer from 0 to 10. */
function isScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10;
}

function isLineNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
