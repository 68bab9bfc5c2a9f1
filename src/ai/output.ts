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
  /** New-file line; the last line of a range. */
  line: number;
  start_line?: number;
  severity: Severity;
  category: Category;
  title: string;
  body: string;
  /** Replaces exactly start_line..line. */
  suggestion?: string;
}

export interface ModelReview {
  comments: ModelComment[];
  summary: string;
}

/** Only keywords the structured-output subset accepts: no minimum/maxLength, every object closed. */
export const REVIEW_OUTPUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['comments', 'summary'],
  properties: {
    comments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'severity', 'category', 'title', 'body'],
        properties: {
          path: { type: 'string', description: 'The file path exactly as given.' },
          line: { type: 'integer', description: 'New-file line from the commentable lines; the last line of a range.' },
          start_line: { type: 'integer', description: 'First line of a multi-line range, in the same hunk as line.' },
          severity: { type: 'string', enum: [...SEVERITY_VALUES] },
          category: { type: 'string', enum: [...CATEGORIES] },
          title: { type: 'string' },
          body: { type: 'string', description: 'Markdown, one to four sentences.' },
          suggestion: { type: 'string', description: 'Exact replacement for lines start_line..line.' },
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
  unknownKeys(value, ['comments', 'summary'], '', errors);
  if (typeof value.summary !== 'string') errors.push('summary must be a string');
  if (!Array.isArray(value.comments)) errors.push('comments must be an array');
  const comments = Array.isArray(value.comments) ? value.comments : [];
  comments.forEach((c, i) => checkComment(c, `comments[${i}]`, errors));
  if (errors.length > 0) return { ok: false, error: errors.slice(0, 5).join('; ') };
  return { ok: true, review: value as unknown as ModelReview };
}

function checkComment(c: unknown, at: string, errors: string[]): void {
  if (!isObject(c)) {
    errors.push(`${at} must be an object`);
    return;
  }
  unknownKeys(c, Object.keys(REVIEW_OUTPUT_SCHEMA.properties.comments.items.properties), at, errors);
  for (const key of ['path', 'title', 'body'] as const) if (typeof c[key] !== 'string') errors.push(`${at}.${key} must be a string`);
  if (!isLineNumber(c.line)) errors.push(`${at}.line must be a positive integer`);
  if (c.start_line !== undefined && !isLineNumber(c.start_line)) errors.push(`${at}.start_line must be a positive integer`);
  if (!SEVERITY_VALUES.includes(c.severity as Severity)) errors.push(`${at}.severity must be one of ${SEVERITY_VALUES.join(', ')}`);
  if (!CATEGORIES.includes(c.category as Category)) errors.push(`${at}.category must be one of ${CATEGORIES.join(', ')}`);
  if (c.suggestion !== undefined && typeof c.suggestion !== 'string') errors.push(`${at}.suggestion must be a string`);
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], at: string, errors: string[]): void {
  for (const key of Object.keys(o)) if (!allowed.includes(key)) errors.push(`${at ? `${at}.` : ''}${key} is not part of the format`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isLineNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
