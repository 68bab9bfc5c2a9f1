/**
 * The sticky summary's hidden state: the head SHA it reviewed and the static findings open at
 * that point, so the next run can tell new findings from carried-over ones and notice fixes.
 * Stored as base64 JSON inside an HTML comment (nothing in it can close the comment), bounded so
 * the summary stays under GitHub's body limit. Pure.
 */
import { compareFindings, type Finding } from '../core/finding.js';
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
