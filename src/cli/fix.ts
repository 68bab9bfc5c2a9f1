/**
 * `--fix` and `--fix-dry-run` for check and review: the passes of src/fix over the files read for
 * the review, then the disk (--fix writes the changed files) and the output — what was applied
 * and what is left, or the diff. Text gets them on stdout (the dry run's diff alone, so
 * `--fix-dry-run | git apply` works); JSON gets a `fixes` member; SARIF and GitHub workflow
 * commands keep stdout to their format, so the report goes to stderr.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFiles } from '../change/types.js';
import { compareByLocation, type Finding } from '../core/finding.js';
import { paint as painter, plural } from '../core/text.js';
import { unifiedDiff } from '../diff/unified.js';
import { fixUntilStable, type FixOutcome } from '../fix/passes.js';
import { reviewChange, type Review, type ReviewSettings, type ReviewTarget } from '../review/review.js';
import type { CliIo } from './main.js';

export type FixMode = 'write' | 'dry-run';

export interface FixRun {
  mode: FixMode;
  outcome: FixOutcome<Review>;
  /** The files to review now: fixed (--fix, already written) or as they are (--fix-dry-run). */
  project: ProjectFiles;
  /** The static review of those files. */
  review: Review;
}

/** What the fixes run on: the files read for the review, and how the review reads them. */
export interface FixInput {
  repoRoot: string;
  project: ProjectFiles;
  target: ReviewTarget;
  settings: ReviewSettings;
}

/**
 * With --fix or --fix-dry-run, applies the fixes of the reviewed files' static findings pass
 * after pass (the rules re-run on each result); --fix writes the changed files under the root.
 * `read` is called only then (review reads the working tree for it).
 */
export async function fixIfAsked(command: { fix: boolean; fixDryRun: boolean }, read: () => Promise<FixInput>): Promise<FixRun | undefined> {
  const mode: FixMode | undefined = command.fix ? 'write' : command.fixDryRun ? 'dry-run' : undefined;
  if (!mode) return undefined;
  const { repoRoot, project, target, settings } = await read();
  const claude = { skip: "--fix applies the static rules' fixes only" };
  const analyse = (files: ReadonlyMap<string, string>): Promise<Review> => {
    const fixed = { ...project, files: new Map(files) };
    // reviewChange is overloaded by the target's kind.
    return target.kind === 'change' ? reviewChange({ project: fixed, target, settings, claude }) : reviewChange({ project: fixed, target, settings, claude });
  };
  const first = await analyse(project.files);
  const outcome = await fixUntilStable({
    files: project.files,
    first,
    findingsOf: (review) => review.findings,
    wanted: (finding) => finding.source === 'static' && first.gates(finding.path),
    analyse,
    fixedAlong: (review, finding) => review.analysis.fixedAlong(finding),
  });
  if (mode === 'dry-run') return { mode, outcome, project, review: first };
  for (const file of outcome.files) writeFileSync(join(repoRoot, file.path), file.after);
  const fixed = new Map(project.files);
  for (const file of outcome.files) fixed.set(file.path, file.after);
  return { mode, outcome, project: { ...project, files: fixed }, review: outcome.result };
}

export interface FixStyle {
  color: boolean;
  displayPath(repoPath: string): string;
}

/**
 * A text dry run prints the diff on stdout and nothing else (so `--fix-dry-run | git apply`
 * works), its count on stderr: true when it did, and the command then returns.
 */
export function printedDryRun(run: FixRun, format: string, io: CliIo): boolean {
  if (run.mode !== 'dry-run' || format !== 'text') return false;
  io.stdout(fixDiff(run));
  io.stderr(dryRunSummary(run) + '\n');
  return true;
}

/**
 * What the fixes did, printed before the findings: on stdout for text, on stderr for SARIF and
 * GitHub workflow commands (their stdout stays their format); JSON carries it (withFixes).
 */
export function printFixReport(run: FixRun, format: string, io: CliIo, style: FixStyle): void {
  if (format === 'json') return;
  if (format === 'text') return io.stdout(fixReportText(run, style));
  io.stderr(run.mode === 'dry-run' ? fixDiff(run) + dryRunSummary(run) + '\n' : fixReportText(run, { ...style, color: false }));
}

/** The JSON envelope with a `fixes` member (fixJson); any other output unchanged. */
export function withFixes(output: string, run: FixRun | undefined, format: string): string {
  if (!run || format !== 'json') return output;
  return JSON.stringify({ ...JSON.parse(output), fixes: fixJson(run) }, null, 2) + '\n';
}

export function fixDiff(run: FixRun): string {
  return run.outcome.files.map((f) => unifiedDiff(f.path, f.before, f.after)).join('');
}

function dryRunSummary(run: FixRun): string {
  const { applied, fixed, files, left } = run.outcome;
  if (applied.length === 0) return `No fix to apply${left.length > 0 ? ` (${plural(left.length, 'fix', 'fixes')} left: ${leftReasons(run)})` : ''}.`;
  // A merged suggestion is one fix of several problems: say both counts when they differ.
  const problems = fixed.length !== applied.length ? ` (${plural(fixed.length, 'problem')})` : '';
  const leftNote = left.length > 0 ? `; ${plural(left.length, 'fix', 'fixes')} would be left (${leftReasons(run)})` : '';
  return `--fix would apply ${plural(applied.length, 'fix', 'fixes')}${problems} to ${plural(files.length, 'file')}${leftNote}. Nothing was written.`;
}

function leftReasons(run: FixRun): string {
  const counts = new Map<string, number>();
  for (const l of run.outcome.left) counts.set(l.reason, (counts.get(l.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
}

/**
 * What --fix did: each problem fixed (a merged suggestion fixes several), then the fixes it left
 * and why, before the findings. A problem's line is that of the pass that fixed it (fixes replace
 * lines one for one, so rarely another).
 */
export function fixReportText(run: FixRun, style: FixStyle): string {
  const paint = painter(style.color);
  const { fixed, files, left } = run.outcome;
  const lines: string[] = [];
  if (fixed.length === 0) lines.push('--fix: no fix to apply.');
  else lines.push(paint('green', `✔ Fixed ${plural(fixed.length, 'problem')} in ${plural(files.length, 'file')}:`));
  for (const f of fixed.map((x) => x.finding).sort(compareByLocation)) lines.push(`  ${style.displayPath(f.path)}:${f.line}  ${f.message}  ${paint('dim', f.ruleId)}`);
  if (left.length > 0) {
    lines.push(`Left ${plural(left.length, 'fix', 'fixes')} unapplied:`);
    for (const l of left) lines.push(`  ${style.displayPath(l.finding.path)}:${l.finding.line}  ${l.finding.message}  ${paint('dim', `${l.finding.ruleId}; ${l.reason}`)}`);
  }
  return lines.join('\n') + '\n\n';
}

/**
 * The `fixes` member of the JSON envelope: repo-root paths; the fixed files' findings are
 * `findings`. `applied` lists every finding fixed; one fixed by another's merged suggestion has no
 * `fix` of its own and names that finding's fingerprint as `fixedBy`.
 */
export function fixJson(run: FixRun): Record<string, unknown> {
  const { fixed, files, left, passes } = run.outcome;
  const brief = (f: Finding): Record<string, unknown> => ({ ruleId: f.ruleId, path: f.path, line: f.line, message: f.message, fingerprint: f.fingerprint, fix: f.fix });
  return {
    mode: run.mode,
    written: run.mode === 'write' ? files.map((f) => f.path) : [],
    applied: fixed.map(({ finding, by }) => (finding === by ? brief(finding) : { ...brief(finding), fixedBy: by.fingerprint })),
    left: left.map((l) => ({ ...brief(l.finding), reason: l.reason })),
    passes,
    ...(run.mode === 'dry-run' ? { diff: fixDiff(run) } : {}),
  };
}
