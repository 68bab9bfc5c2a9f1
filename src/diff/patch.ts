/**
 * A file's patch (GitHub's `patch` field: hunks without file headers) → its hunks and the
 * RIGHT-side lines a review comment may use. Anchors are only ever taken from here.
 */
import parseDiff from 'parse-diff';

export interface Hunk {
  /** 0-based position among the file's hunks. */
  index: number;
  /** New-file lines a comment may anchor to: added and context lines. */
  rightLines: ReadonlySet<number>;
  /** New-file lines this hunk adds. */
  addedLines: ReadonlySet<number>;
  newStart: number;
  newEnd: number;
  /** The hunk as the diff shows it, for a reader: removed lines have no new-file number. */
  lines: HunkLine[];
}

export interface HunkLine {
  kind: 'add' | 'context' | 'remove';
  newLine?: number;
  text: string;
}

export interface FilePatch {
  hunks: Hunk[];
  /** Every line the PR added to the file. */
  added: ReadonlySet<number>;
}

export function parsePatch(patch: string): FilePatch {
  // parse-diff needs no file header for a bare hunk list; CRLF is normalized so `\r` never
  // leaks into content, and git's "\ No newline at end of file" marker is not a line.
  const [file] = parseDiff(patch.replace(/\r\n/g, '\n'));
  const hunks: Hunk[] = [];
  const added = new Set<number>();
  for (const [index, chunk] of (file?.chunks ?? []).entries()) {
    const right = new Set<number>();
    const adds = new Set<number>();
    const lines: HunkLine[] = [];
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) continue;
      const text = change.content.slice(1);
      if (change.type === 'add') {
        right.add(change.ln);
        adds.add(change.ln);
        added.add(change.ln);
        lines.push({ kind: 'add', newLine: change.ln, text });
      } else if (change.type === 'normal') {
        right.add(change.ln2);
        lines.push({ kind: 'context', newLine: change.ln2, text });
      } else {
        lines.push({ kind: 'remove', text });
      }
    }
    const numbers = [...right];
    hunks.push({
      index,
      rightLines: right,
      addedLines: adds,
      newStart: numbers.length ? Math.min(...numbers) : chunk.newStart,
      newEnd: numbers.length ? Math.max(...numbers) : chunk.newStart,
      lines,
    });
  }
  return { hunks, added };
}

export function hunkAt(patch: FilePatch, line: number): Hunk | undefined {
  return patch.hunks.find((h) => h.rightLines.has(line));
}

/** True when every line of start..end may be commented on and all lie in one hunk. */
export function isRangeInOneHunk(patch: FilePatch, start: number, end: number): boolean {
  const hunk = hunkAt(patch, start);
  if (!hunk || end < start) return false;
  for (let l = start; l <= end; l++) if (!hunk.rightLines.has(l)) return false;
  return true;
}

/** A whole file as if the PR added it: what an audit shows Claude. */
export function wholeFileAdded(text: string): FilePatch {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  return parsePatch([`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join('\n'));
}
