/** `convex-review check`: the static rules on a folder. Loaded by main.ts only for this command (it carries the analyser). */
import { performance } from 'node:perf_hooks';
import { globFilter } from '../change/select.js';
import { failingFindings, reviewChange } from '../review/review.js';
import type { Command } from './args.js';
import { cwdRelativePaths, formatCheck } from './format.js';
import { loadTree, requireFilesToCheck } from './load.js';
import { visibleFindings } from './min-severity.js';
import { localSettings } from './settings.js';
import { chooseBaseline, newFindings, tell, withBaseline, writeBaseline } from './baseline.js';
import type { CliIo } from './main.js';
import { TOOL_NAME } from '../version.js';
import { fixIfAsked, printedDryRun, printFixReport, withFixes } from './fix.js';

export async function runCheck(command: Extract<Command, { name: 'check' }>, io: CliIo): Promise<number> {
  const started = performance.now();
  const tree = await loadTree(command.paths, io.cwd);
  // The config file (or --config FILE), with the flags on top.
  const { config, settings, failOn } = localSettings(command, tree.repoRoot, io.cwd);
  const baseline = chooseBaseline(command, config.baseline, { cwd: io.cwd, repoRoot: tree.repoRoot });
  const within = (path: string): boolean => tree.requested.some((r) => r === '' || path === r || path.startsWith(r + '/'));
  // --fix / --fix-dry-run (src/cli/fix.ts): the files below are the fixed ones, or as they are.
  const fixing = await fixIfAsked(command, async () => ({ repoRoot: tree.repoRoot, project: tree.project, target: { kind: 'files', within }, settings: withBaseline(settings, baseline) }));
  const review = await reviewChange({
    project: fixing?.project ?? tree.project,
    target: { kind: 'files', within },
    settings: withBaseline(settings, baseline),
    claude: { skip: 'check runs the static rules only' },
  });
  // No silent green: a PATH with nothing to check is an error (exit 2), or named when others have files.
  const ignored = globFilter([], settings.exclude, () => true);
  for (const note of requireFilesToCheck(tree, [...review.reviewedPaths, ...review.skipped.map((s) => s.path)], (p) => !ignored(p))) io.stderr(`${TOOL_NAME}: ${note}\n`);
  if (fixing && printedDryRun(fixing, command.format, io)) return failingFindings(review, failOn).length > 0 ? 1 : 0;
  if (baseline?.update) {
    tell(io, command.format, [writeBaseline(baseline, review.findings, review.gates)]);
    return 0;
  }
  // Under a baseline only new findings are shown, and only they count for --fail-on.
  const shown = newFindings(review, baseline);
  const failing = failingFindings(review, failOn);
  // --min-severity hides from every format; hidden findings still count for --fail-on.
  const visible = visibleFindings(shown.findings, command.minSeverity, failing, failOn);
  const result = { files: review.analysis.filesAnalyzed, skipped: review.skipped, findings: visible.shown };
  const seconds = (performance.now() - started) / 1000;
  const style = { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) };
  if (fixing) printFixReport(fixing, command.format, io, style);
  io.stdout(withFixes(formatCheck(command.format, result, seconds, { ...style, ...(visible.line ? { hidden: visible.line } : {}) }), fixing, command.format));
  tell(io, command.format, shown.lines);
  // EXIT.findings or EXIT.ok (main.ts).
  return failing.length > 0 ? 1 : 0;
}
