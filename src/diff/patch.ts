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
    for (const change of chunk.changes) {
      if (change.content.startsWith('\\')) continue;
      if (change.type === 'add') {
        right.add(change.ln);
        adds.add(change.ln);
        added.add(change.ln);
      } else if (change.type === 'normal') {
        right.add(change.ln2);
      }
    }
    const lines = [...right];
    hunks.push({
      index,
      rightLines: right,
      addedLines: adds,
      newStart: lines.length ? Math.min(...lines) : chunk.newStart,
      newEnd: lines.length ? Math.max(...lines) : chunk.newStart,
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
