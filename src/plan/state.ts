/**
 * The sticky summary's hidden state: the head SHA it reviewed and the static findings open at
 * that point, so the next run can tell new findings from carried-over ones and notice fixes; and,
 * in a marker of its own, Claude's answer for that head, so a run on the same head does not ask
 * again. Stored as base64 JSON inside an HTML comment (nothing in it can close the comment),
 * bounded so the summary stays under GitHub's body limit. Pure.
 */
import { compareFindings, SEVERITIES, type Finding, type Severity } from '../core/finding.js';
import { closingMarkers } from './markers.js';

export interface OpenFinding {
  fingerprint: string;
  ruleId: string;
  path: string;
  line: number;
}

export interface SummaryState {
  headSha: string;
  open: OpenFinding[];
  /** More findings were open than the state holds: fixes among the rest go unnoticed. */
  truncated: boolean;
}

/** ~12k characters of base64: a few hundred findings, far below the 65,536-character body limit. */
export const MAX_STATE_CHARS = 12_000;
const STATE = /^<!-- convex-review:v1 state=([A-Za-z0-9_-]+) -->$/;

export function stateOf(headSha: string, findings: readonly Finding[]): SummaryState {
  const open = findings
    .filter((f) => f.source === 'static')
    .slice()
    .sort(compareFindings)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.path, line: f.line }));
  return { headSha, open, truncated: false };
}

export function stateMarker(state: SummaryState): string {
  let open = state.open;
  let truncated = state.truncated;
  for (;;) {
    const encoded = Buffer.from(JSON.stringify({ v: 1, sha: state.headSha, open: open.map((o) => [o.fingerprint, o.ruleId, o.path, o.line]), ...(truncated ? { truncated } : {}) })).toString('base64url');
    if (encoded.length <= MAX_STATE_CHARS) return `<!-- convex-review:v1 state=${encoded} -->`;
    // Most severe first: the tail is what is dropped.
    open = open.slice(0, Math.floor(open.length * 0.8));
    truncated = true;
  }
}

/**
 * The state in a summary body, read only from the marker lines that close it (never from text
 * above them); undefined when absent or unreadable (a run before state existed).
 */
export function stateIn(body: string): SummaryState | undefined {
  const m = closingMarkers(body)
    .map((l) => STATE.exec(l))
    .find((x) => x !== null);
  if (!m) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { v: number; sha: string; open: [string, string, string, number][]; truncated?: boolean };
    if (raw.v !== 1 || typeof raw.sha !== 'string' || !Array.isArray(raw.open)) return undefined;
    return {
      headSha: raw.sha,
      open: raw.open.filter((o) => Array.isArray(o) && o.length === 4).map(([fingerprint, ruleId, path, line]) => ({ fingerprint, ruleId, path, line })),
      truncated: raw.truncated === true,
    };
  } catch {
    return undefined;
  }
}

export interface FindingChanges {
  /** Open before and still open. */
  carried: Finding[];
  /** Not open before. */
  added: Finding[];
  /** Open before, gone now, in a file this run analyzed again. */
  fixed: OpenFinding[];
}

/**
 * Static findings only: Claude's are never marked fixed by absence (a model that stays quiet
 * about something has not shown it is gone). `reanalysed` says which earlier findings this run
 * checked again (their file still reviewed, their rule still on); the others are neither fixed
 * nor open.
 */
export function findingChanges(previous: SummaryState | undefined, current: readonly Finding[], reanalysed: (open: OpenFinding) => boolean): FindingChanges {
  const statics = current.filter((f) => f.source === 'static');
  const before = new Set(previous?.open.map((o) => o.fingerprint) ?? []);
  const now = new Set(statics.map((f) => f.fingerprint));
  return {
    carried: statics.filter((f) => before.has(f.fingerprint)),
    added: statics.filter((f) => !before.has(f.fingerprint)),
    fixed: (previous?.open ?? []).filter((o) => !now.has(o.fingerprint) && reanalysed(o)),
  };
}

/** Claude's answer for one head commit: its findings, enough to show and place them again. */
export interface ClaudeAnswer {
  headSha: string;
  model: string;
  findings: Finding[];
}

/**
 * ~24k characters of base64 beside the state's 12k: the summary's text keeps more than half of
 * the 65,536-character body. An answer that does not fit is not stored at all (never a part of
 * it): the next run on the same head then asks Claude again, which costs a request, not a finding.
 */
export const MAX_CLAUDE_CHARS = 24_000;
const CLAUDE = /^<!-- convex-review:v1 claude=([A-Za-z0-9_-]+) -->$/;

type StoredFinding = [fingerprint: string, ruleId: string, severity: Severity, path: string, line: number, endLine: number, message: string, detail: string | null, fix: [number, number, string] | null];

/** The marker holding Claude's answer, or undefined when it does not fit in MAX_CLAUDE_CHARS. */
export function claudeAnswerMarker(answer: ClaudeAnswer): string | undefined {
  const findings: StoredFinding[] = answer.findings
    .filter((f) => f.source === 'claude')
    .map((f) => [f.fingerprint, f.ruleId, f.severity, f.path, f.line, f.endLine, f.message, f.detail ?? null, f.fix ? [f.fix.line, f.fix.endLine, f.fix.replacement] : null]);
  const encoded = Buffer.from(JSON.stringify({ v: 1, sha: answer.headSha, model: answer.model, findings })).toString('base64url');
  return encoded.length <= MAX_CLAUDE_CHARS ? `<!-- convex-review:v1 claude=${encoded} -->` : undefined;
}

/**
 * Claude's answer in a summary body, read only from the marker lines that close it; undefined
 * when absent or when anything in it is not what `claudeAnswerMarker` writes.
 */
export function claudeAnswerIn(body: string): ClaudeAnswer | undefined {
  const m = closingMarkers(body)
    .map((l) => CLAUDE.exec(l))
    .find((x) => x !== null);
  if (!m) return undefined;
  try {
    const raw = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { v?: unknown; sha?: unknown; model?: unknown; findings?: unknown };
    if (raw.v !== 1 || typeof raw.sha !== 'string' || !/^[0-9a-f]{7,40}$/.test(raw.sha) || typeof raw.model !== 'string' || !Array.isArray(raw.findings)) return undefined;
    const findings = raw.findings.map(storedFinding);
    if (findings.some((f) => f === undefined)) return undefined;
    return { headSha: raw.sha, model: raw.model, findings: findings as Finding[] };
  } catch {
    return undefined;
  }
}

function storedFinding(x: unknown): Finding | undefined {
  if (!Array.isArray(x) || x.length !== 9) return undefined;
  const [fingerprint, ruleId, severity, path, line, endLine, message, detail, fix] = x as unknown[];
  const isLine = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1;
  if (typeof fingerprint !== 'string' || typeof ruleId !== 'string' || !ruleId.startsWith('claude/') || !SEVERITIES.includes(severity as Severity)) return undefined;
  if (typeof path !== 'string' || !isLine(line) || !isLine(endLine) || endLine < line || typeof message !== 'string') return undefined;
  if (detail !== null && typeof detail !== 'string') return undefined;
  if (fix !== null && !(Array.isArray(fix) && fix.length === 3 && isLine(fix[0]) && isLine(fix[1]) && typeof fix[2] === 'string')) return undefined;
  return {
    ruleId,
    source: 'claude',
    severity: severity as Severity,
    path,
    line,
    endLine,
    message,
    ...(detail !== null ? { detail } : {}),
    ...(fix !== null ? { fix: { line: fix[0] as number, endLine: fix[1] as number, replacement: fix[2] as string } } : {}),
    fingerprint,
  };
}
