/**
 * Unified diffs of two texts, as `git diff` prints them (three lines of context): a whole file
 * diff for `--fix-dry-run | git apply`, and bare hunks for a pull request built from two trees
 * (eval). Lines are compared whole (Myers' O(ND) algorithm: small changes keep D small). Pure.
 */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunkLines(before, after)].join('\n') + '\n';
}

/** Only the hunks of `before` → `after` (no file headers), as parsePatch reads them. */
export function unifiedHunks(before: string, after: string): string {
  return hunkLines(before, after).join('\n');
}

function hunkLines(before: string, after: string): string[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  const out: string[] = [];
  for (const hunk of hunks(ops)) {
    const first = hunk[0];
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    // An empty side starts at the line before it (git's convention).
    const oldStart = oldCount === 0 ? first.oldLine - 1 : first.oldLine;
    const newStart = newCount === 0 ? first.newLine - 1 : first.newLine;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      out.push(op.kind + op.text);
      const lastOld = op.kind !== '+' && op.oldLine === a.lines.length && !a.finalNewline;
      const lastNew = op.kind !== '-' && op.newLine === b.lines.length && !b.finalNewline;
      if (lastOld || lastNew) out.push('\\ No newline at end of file');
    }
  }
  return out;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

/** Runs of changes with up to CONTEXT unchanged lines around them; nearby runs share a hunk. */
function hunks(ops: readonly Op[]): Op[][] {
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const result: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const i of changed) {
    if (start >= 0 && i - CONTEXT <= end + CONTEXT) {
      end = i;
      continue;
    }
    if (start >= 0) result.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
    start = end = i;
  }
  if (start >= 0) result.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
  return result;
}

/** The edit script from `a` to `b` (shortest, Myers 1986), with 1-based line numbers. */
function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        break search;
      }
    }
    v = next;
  }

  // Walk the trace back from (n, m) to (0, 0).
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const prev = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && prev[offset + k - 1] < prev[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : prev[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', text: a[x - 1], oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) {
      ops.push({ kind: '+', text: b[y - 1], oldLine: x + 1, newLine: y });
      y--;
    } else {
      ops.push({ kind: '-', text: a[x - 1], oldLine: x, newLine: y + 1 });
      x--;
    }
  }
  return ops.reverse();
}
