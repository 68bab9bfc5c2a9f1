/**
 * The hidden markers that tie GitHub comments back to findings and runs. Only comments by the
 * action's own identity are read for them: a marker pasted by anyone else counts for nothing.
 */
const FINGERPRINT = /<!-- convex-review:v1 fp=(v1:[0-9a-f]{16}) -->/g;
const SUMMARY = /<!-- convex-review:v1 summary sha=([0-9a-f]{7,40}) -->/;
const RUN = /<!-- convex-review:v1 run=([0-9a-f]{7,40}):(\S+) -->/;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- convex-review:v1 fp=${fingerprint} -->`;
}

export function summaryMarker(headSha: string): string {
  return `<!-- convex-review:v1 summary sha=${headSha} -->`;
}

export function runMarker(headSha: string, runId: string): string {
  return `<!-- convex-review:v1 run=${headSha}:${runId} -->`;
}

export function fingerprintsIn(body: string): string[] {
  return [...body.matchAll(FINGERPRINT)].map((m) => m[1]);
}

export function summaryShaIn(body: string): string | undefined {
  return SUMMARY.exec(body)?.[1];
}

export function runIn(body: string): { headSha: string; runId: string } | undefined {
  const m = RUN.exec(body);
  return m ? { headSha: m[1], runId: m[2] } : undefined;
}

/** Any convex-review marker, forged or real: removed from text we did not write. */
export const ANY_MARKER = /<!--\s*convex-review[\s\S]*?-->/gi;
