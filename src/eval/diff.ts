/**
 * Two trees → the changed files a pull request between them would have, with their patches
 * (hunks with 3 lines of context, as `git diff` shows them), so a case needs no git. Pure.
 */
import type { ChangedFile } from '../change/types.js';
import { parsePatch, wholeFileAdded } from '../diff/patch.js';

const CONTEXT = 3;

export function changedFilesOf(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): ChangedFile[] {
  const paths = [...new Set([...base.keys(), ...head.keys()])].sort();
  const out: ChangedFile[] = [];
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    if (after === undefined) out.push({ path, status: 'removed' });
    else if (before === undefined) out.push({ path, status: 'added', patch: wholeFileAdded(after) });
    else out.push({ path, status: 'modified', patch: parsePatch(unifiedHunks(before, after)) });
  }
  return out;
}

type Op = { kind: ' ' | '-' | '+'; text: string };

/** The hunks of `before` → `after` (no file headers), from a longest common subsequence of lines. */
export function unifiedHunks(before: string, after: string): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineDiff(a, b);
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    // A hunk: from CONTEXT lines before this change to CONTEXT lines after the last change that is
    // at most 2 × CONTEXT unchanged lines from the next.
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(ops.length, end + 1 + CONTEXT);
    let oldLine = 1;
    let newLine = 1;
    for (let k = 0; k < start; k++) {
      if (ops[k].kind !== '+') oldLine++;
      if (ops[k].kind !== '-') newLine++;
    }
    const body = ops.slice(start, stop);
    const oldCount = body.filter((o) => o.kind !== '+').length;
    const newCount = body.filter((o) => o.kind !== '-').length;
    const header = `@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`;
    hunks.push([header, ...body.map((o) => `${o.kind}${o.text}`)].join('\n'));
    i = stop;
  }
  return hunks.join('\n');
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The edit script of a longest common subsequence (the files of a case are small: O(n·m) is fine). */
function lineDiff(a: readonly string[], b: readonly string[]): Op[] {
  // Common head and tail first: most edits are small.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const x = a.slice(pre, a.length - post);
  const y = b.slice(pre, b.length - post);
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = a.slice(0, pre).map((text) => ({ kind: ' ', text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ kind: ' ', text: x[i] });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push({ kind: '+', text: y[j++] });
    } else {
      ops.push({ kind: '-', text: x[i++] });
    }
  }
  // Removals before additions inside each run of changes, as git prints them.
  for (let s = pre; s < ops.length; ) {
    if (ops[s].kind === ' ') {
      s++;
      continue;
    }
    let e = s;
    while (e < ops.length && ops[e].kind !== ' ') e++;
    const run = ops.slice(s, e);
    ops.splice(s, e - s, ...run.filter((o) => o.kind === '-'), ...run.filter((o) => o.kind === '+'));
    s = e;
  }
  for (const text of a.slice(a.length - post)) ops.push({ kind: ' ', text });
  return ops;
}
