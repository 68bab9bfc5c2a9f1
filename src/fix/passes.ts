/**
 * `--fix` over a project: apply the fixes, re-run the rules on the result, apply what they now
 * fix (a fix skipped for overlapping another is recomputed from the fixed text), until a pass
 * applies nothing. Pure: the analysis is an argument, the files are a map, nothing is written.
 */
import type { Finding } from '../core/finding.js';
import { applyFixes, hasFix, type FixableFinding, type SkipReason } from './apply.js';

/** Passes are few in practice (two when two rules fix one line); the cap stops a fix that keeps coming back. */
export const MAX_FIX_PASSES = 10;

export interface FixedFile {
  path: string;
  before: string;
  after: string;
}

export interface LeftFix {
  finding: FixableFinding;
  /** Why it is still there after the last pass. */
  reason: SkipReason | 'still reported after the last pass';
}

/** A finding the fixes fixed: by its own fix, or by the fix its edit was merged into (`by`). */
export interface FixedFinding {
  finding: Finding;
  /** The applied fix that fixed it: the finding itself, or the one carrying its merged edit. */
  by: FixableFinding;
}

export interface FixOutcome<R> {
  /** The files the fixes changed, by path, as read and as fixed. */
  files: FixedFile[];
  /** Every fix applied, as reported in the pass that applied it. */
  applied: FixableFinding[];
  /**
   * Every finding the applied fixes fixed, each after the fix that fixed it: one fix can fix
   * several (the engine merges the edits of findings on shared lines into one suggestion).
   */
  fixed: FixedFinding[];
  /** The fixes the last analysis still reports, not applied. */
  left: LeftFix[];
  /** The analysis of the fixed files (the first one when nothing applied). */
  result: R;
  passes: number;
}

export interface FixPassesInput<R> {
  files: ReadonlyMap<string, string>;
  /** The analysis the fixes came from. */
  first: R;
  findingsOf: (result: R) => readonly Finding[];
  /** Which findings' fixes to apply (the reviewed files'). */
  wanted: (finding: Finding) => boolean;
  /** The rules on the files as fixed so far. */
  analyse: (files: ReadonlyMap<string, string>) => Promise<R>;
  /** The findings of `result` whose edits the finding's fix also carries; none when absent. */
  fixedAlong?: (result: R, finding: Finding) => readonly Finding[];
}

export async function fixUntilStable<R>(input: FixPassesInput<R>): Promise<FixOutcome<R>> {
  const current = new Map(input.files);
  const applied: FixableFinding[] = [];
  const fixed: FixedFinding[] = [];
  let result = input.first;
  let lastSkips = new Map<string, SkipReason>();
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const byPath = groupByPath(input.findingsOf(result).filter((f) => hasFix(f) && input.wanted(f)));
    lastSkips = new Map();
    let changed = false;
    for (const [path, findings] of byPath) {
      const text = current.get(path);
      if (text === undefined) continue;
      const outcome = applyFixes(path, text, findings);
      for (const s of outcome.skipped) lastSkips.set(s.finding.fingerprint, s.reason);
      if (outcome.applied.length === 0) continue;
      current.set(path, outcome.text);
      applied.push(...outcome.applied);
      for (const by of outcome.applied) {
        fixed.push({ finding: by, by }, ...(input.fixedAlong?.(result, by) ?? []).map((finding) => ({ finding, by })));
      }
      changed = true;
    }
    if (!changed) break;
    passes++;
    result = await input.analyse(current);
  }

  const left = input
    .findingsOf(result)
    .filter((f): f is FixableFinding => hasFix(f) && input.wanted(f))
    .map((finding) => ({ finding, reason: lastSkips.get(finding.fingerprint) ?? ('still reported after the last pass' as const) }));
  const files = [...current]
    .filter(([path, after]) => input.files.get(path) !== after)
    .map(([path, after]) => ({ path, before: input.files.get(path)!, after }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { files, applied, fixed, left, result, passes };
}

function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  return byPath;
}
