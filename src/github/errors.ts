/**
 * A failed GitHub request in words a person can act on: the status with its name, the request,
 * GitHub's own message — never a raw HTML page (`<html><body><h1>502 Bad Gateway</h1>…` becomes
 * "GitHub answered 502 Bad Gateway on POST /repos/o/r/pulls/1/reviews") — and, for a rate limit,
 * when it lifts.
 */
import { STATUS_CODES } from 'node:http';

export interface GitHubFailure {
  status: number;
  /** `METHOD /path` of the request that failed, without host or query. */
  request: string;
  /** One sentence, no trailing period: what GitHub answered. */
  reason: string;
  /** A rate limit, and when GitHub says it lifts. */
  rateLimit?: { kind: 'primary' | 'secondary'; resetAt: Date };
}

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** A failed Octokit request (a RequestError: a status and the request), described; undefined for anything else. */
export function gitHubFailure(error: unknown, now: number = Date.now()): GitHubFailure | undefined {
  const e = error as RequestErrorLike | null;
  if (!e || typeof e !== 'object' || typeof e.status !== 'number' || typeof e.request?.url !== 'string') return undefined;
  const status = e.status;
  const request = `${e.request.method ?? 'GET'} ${pathOf(e.request.url)}`;
  const headers = e.response?.headers ?? {};
  const detail = readableBody(e.response?.data ?? e.message, status);
  const rateLimit = rateLimitOf(status, headers, detail, now);
  const answered = status > 0 ? `GitHub answered ${status}${STATUS_CODES[status] ? ` ${STATUS_CODES[status]}` : ''} on ${request}` : `The request ${request} to GitHub failed`;
  if (rateLimit) {
    const which = rateLimit.kind === 'primary' ? "GitHub's API rate limit for this token is used up" : "GitHub's secondary rate limit stopped the run";
    return { status, request, reason: `${which} (${status} on ${request}); it lifts at ${clock(rateLimit.resetAt)} (${inWords(rateLimit.resetAt.getTime() - now)})`, rateLimit };
  }
  return { status, request, reason: detail ? `${answered}: ${detail}` : answered };
}

/** What a person should do next, as a sentence. */
export function adviceFor(failure: GitHubFailure): string {
  if (failure.rateLimit) return `Re-run the job after ${clock(failure.rateLimit.resetAt)}.`;
  if (failure.status === 401) return 'Check the github-token input.';
  if (failure.status === 403) return 'Check that the token may write to pull requests (permissions: pull-requests: write).';
  if (failure.status === 404) return 'Check that the repository and pull request exist and that the token may read them (permissions: contents: read, pull-requests: read).';
  return 'Re-run the job; nothing already posted is posted twice.';
}

/** `HH:MM UTC` when today, else the ISO date and time (to the minute). */
export function clock(at: Date, now: number = Date.now()): string {
  const iso = at.toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return sameDay ? `${iso.slice(11, 16)} UTC` : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function inWords(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `in ${minutes} min` : `in about ${Math.round(minutes / 60)} h`;
}

function rateLimitOf(status: number, headers: Record<string, string | undefined>, detail: string, now: number): GitHubFailure['rateLimit'] {
  if (status !== 403 && status !== 429) return undefined;
  if (/\bsecondary rate limit\b/i.test(detail)) {
    const after = Number(headers['retry-after']) || 60;
    return { kind: 'secondary', resetAt: new Date(now + after * 1000) };
  }
  if (headers['x-ratelimit-remaining'] === '0' && Number(headers['x-ratelimit-reset']) > 0) {
    return { kind: 'primary', resetAt: new Date(Number(headers['x-ratelimit-reset']) * 1000) };
  }
  return undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'https://api.github.com').pathname;
  } catch {
    return url.split('?')[0];
  }
}

const MAX_DETAIL = 200;

/**
 * GitHub's message without the docs link; an HTML page (a proxy's error page) reduced to its
 * title or first heading, and dropped when it only repeats the status.
 */
function readableBody(data: unknown, status: number): string {
  let text = '';
  if (typeof data === 'string') text = data;
  else if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') text = (data as { message: string }).message;
  text = text.replace(/\s+-\s+https:\/\/docs\.github\.com\/\S*$/, '');
  if (/<\s*(html|body|head|h1|title|!doctype)\b/i.test(text)) {
    const heading = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1] ?? text;
    text = heading.replace(/<[^>]*>/g, ' ');
  }
  text = text.replace(/\s+/g, ' ').trim();
  const name = STATUS_CODES[status] ?? '';
  if (text === '' || text === String(status) || text.toLowerCase() === name.toLowerCase() || text.toLowerCase() === `${status} ${name}`.toLowerCase() || text.toLowerCase() === `${status}: ${name}`.toLowerCase()) return '';
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}
