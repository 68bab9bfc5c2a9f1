import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// src/diff/unified.ts
var CONTEXT = 3;
function unifiedDiff(path, before, after) {
  if (before === after) return "";
  return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, ...hunkLines(before, after)].join("\n") + "\n";
}
function unifiedHunks(before, after) {
  return hunkLines(before, after).join("\n");
}
function hunkLines(before, after) {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a.lines, b.lines);
  const out = [];
  for (const hunk of hunks(ops)) {
    const first = hunk[0];
    const oldCount = hunk.filter((o) => o.kind !== "+").length;
    const newCount = hunk.filter((o) => o.kind !== "-").length;
    const oldStart = oldCount === 0 ? first.oldLine - 1 : first.oldLine;
    const newStart = newCount === 0 ? first.newLine - 1 : first.newLine;
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const op of hunk) {
      out.push(op.kind + op.text);
      const lastOld = op.kind !== "+" && op.oldLine === a.lines.length && !a.finalNewline;
      const lastNew = op.kind !== "-" && op.newLine === b.lines.length && !b.finalNewline;
      if (lastOld || lastNew) out.push("\\ No newline at end of file");
    }
  }
  return out;
}
function range(start, count) {
  return count === 1 ? `${start}` : `${start},${count}`;
}
function splitLines(text) {
  if (text === "") return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith("\n");
  const lines = (finalNewline ? text.slice(0, -1) : text).split("\n");
  return { lines, finalNewline };
}
function hunks(ops) {
  const changed = ops.flatMap((op, i) => op.kind === " " ? [] : [i]);
  const result = [];
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
function diffLines(a, b) {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace = [];
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x2 = k === -d || k !== d && v[offset + k - 1] < v[offset + k + 1] ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y2 = x2 - k;
      while (x2 < n && y2 < m && a[x2] === b[y2]) {
        x2++;
        y2++;
      }
      next[offset + k] = x2;
      if (x2 >= n && y2 >= m) {
        trace.push(next);
        break search;
      }
    }
    v = next;
  }
  const ops = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const prev = trace[d];
    const k = x - y;
    const down = k === -d || k !== d && prev[offset + k - 1] < prev[offset + k + 1];
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : prev[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", text: a[x - 1], oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (down) {
      ops.push({ kind: "+", text: b[y - 1], oldLine: x + 1, newLine: y });
      y--;
    } else {
      ops.push({ kind: "-", text: a[x - 1], oldLine: x, newLine: y + 1 });
      x--;
    }
  }
  return ops.reverse();
}

export {
  unifiedDiff,
  unifiedHunks
};
