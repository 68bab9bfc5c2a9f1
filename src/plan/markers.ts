/**
 * The hidden markers that tie GitHub comments back to findings and runs. Only comments by the
 * action's own identity are read for them: a marker pasted by anyone else counts for nothing.
 * And only where the action writes them: a body's closing paragraph, each marker a whole line
 * (`…\n\n<!-- convex-review:v1 fp=… -->`; a summary's `summary sha=…` and `state=…` lines). Any
 * text quoted above them — code, a model's words — cannot stand in for one, even if it looked
 * like a marker (the sanitizer also leaves no `<!--` in such text).
 */
const FINGERPRINT = /^<!-- convex-review:v1 fp=(v1:[0-9a-f]{16}) -->$/;
const SUMMARY = /^<!-- convex-review:v1 summary sha=([0-9a-f]{7,40}) -->$/;
const RUN = /^<!-- convex-review:v1 run=([0-9a-f]{7,40}):(\S+) -->$/;
/** One of our marker lines, of any kind. */
const MARKER_LINE = /^<!-- convex-review:v1 \S+(?: \S+)* -->$/;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- convex-review:v1 fp=${fingerprint} -->`;
}

export function summaryMarker(headSha: string): string {
  return `<!-- convex-review:v1 summary sha=${headSha} -->`;
}

export function runMarker(headSha: string, runId: string): string {
  return `<!-- convex-review:v1 run=${headSha}:${runId} -->`;
}

/**
 * The marker lines that close a body: its last paragraph, when every line of it is one of our
 * markers (otherwise none — the body was not closed by us). Line endings may be CRLF.
 */
export function closingMarkers(body: string): string[] {
  const lines = body.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  let start = lines.length;
  while (start > 0 && lines[start - 1].trim() !== '') start--;
  const paragraph = lines.slice(start);
  return paragraph.length > 0 && paragraph.every((l) => MARKER_LINE.test(l)) ? paragraph : [];
}

/** The fingerprint an inline comment closes with (none, or one). */
export function fingerprintsIn(body: string): string[] {
  return closingMarkers(body).flatMap((l) => FINGERPRINT.exec(l)?.[1] ?? []);
}

export function summaryShaIn(body: string): string | undefined {
  for (const l of closingMarkers(body)) {
    const sha = SUMMARY.exec(l)?.[1];
    if (sha) return sha;
  }
  return undefined;
}

export function runIn(body: string): { headSha: string; runId: string } | undefined {
  for (const l of closingMarkers(body)) {
    const m = RUN.exec(l);
    if (m) return { headSha: m[1], runId: m[2] };
  }
  return undefined;
}

/** Any convex-review marker, forged or real: removed from text we did not write. */
export const ANY_MARKER = /<!--\s*convex-review[\s\S]*?-->/gi;
