/**
 * Fixes become suggestions that replace whole lines, each computed from the original text. Two
 * findings whose fixes touch one line would each carry that line rewritten with only their own
 * edit: applying one suggestion and then the other silently undoes the first (the `await` of
 * `floating-convex-promise` and the table name of `explicit-table-name` on one `ctx.db.patch(…)`).
 *
 * So fixes whose lines overlap are resolved here, before they are widened: the edits whose
 * character ranges do not overlap are combined into one edit of the original text, carried by
 * the first finding (most severe, then first in the file, then rule id); the other findings keep
 * no fix. An edit whose characters overlap an edit already taken is dropped (its finding keeps no
 * fix), as two rewrites of the same text cannot both be certain. Pure.
 */
import { severityRank, type Severity } from '../../core/finding.js';
import { positionOf, type SourceFile } from '../model/source-file.js';
import type { TextEdit } from './rule.js';

export interface FixOwner {
  meta: { id: string };
  file: SourceFile;
  severity: Severity;
  line: number;
  column: number;
  fix?: TextEdit;
}

/** The fix a finding carries after resolution: its edit, with the others' merged in. */
export interface ResolvedFix<T = FixOwner> {
  /** Non-overlapping edits of the original text, in text order. */
  edits: TextEdit[];
  /** The rule ids whose edits were merged into this finding's fix, besides its own. */
  mergedFrom: string[];
  /** The findings whose edits were merged into this fix: applying it fixes them too. */
  alsoFixes: T[];
}

/**
 * The fix of each finding that keeps one. Findings absent from the map keep no fix: they have
 * none, or theirs was merged into another's or dropped for overlapping it.
 */
export function resolveLineFixes<T extends FixOwner>(owners: readonly T[]): Map<T, ResolvedFix<T>> {
  const resolved = new Map<T, ResolvedFix<T>>();
  const byFile = new Map<SourceFile, T[]>();
  for (const o of owners) if (o.fix) byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
  for (const [file, fixed] of byFile) {
    for (const group of overlappingLineGroups(file, fixed)) {
      const [first, ...rest] = [...group].sort(byPriority);
      const edits = [first.fix!];
      const mergedFrom: string[] = [];
      const alsoFixes: T[] = [];
      for (const other of rest) {
        if (edits.some((e) => charactersOverlap(e, other.fix!))) continue;
        edits.push(other.fix!);
        alsoFixes.push(other);
        if (other.meta.id !== first.meta.id && !mergedFrom.includes(other.meta.id)) mergedFrom.push(other.meta.id);
      }
      resolved.set(first, { edits: edits.sort((a, b) => a.start - b.start), mergedFrom, alsoFixes });
    }
  }
  return resolved;
}

/** The original text of the lines the edits touch, with every edit applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Findings whose fixes' line ranges overlap, transitively; each group in source order. */
function overlappingLineGroups<T extends FixOwner>(file: SourceFile, fixed: readonly T[]): T[][] {
  const spans = fixed
    .map((o) => ({ o, from: positionOf(file, o.fix!.start).line, to: positionOf(file, o.fix!.end).line }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  const groups: T[][] = [];
  let lastTo = -1;
  for (const s of spans) {
    if (groups.length > 0 && s.from <= lastTo) {
      groups[groups.length - 1].push(s.o);
      lastTo = Math.max(lastTo, s.to);
    } else {
      groups.push([s.o]);
      lastTo = s.to;
    }
  }
  return groups;
}

/**
 * Two edits that rewrite the same characters, or insert at the same point (which goes first is a
 * guess), cannot both apply.
 */
function charactersOverlap(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

function byPriority(a: FixOwner, b: FixOwner): number {
  return severityRank(b.severity) - severityRank(a.severity) || a.line - b.line || a.column - b.column || a.meta.id.localeCompare(b.meta.id);
}
