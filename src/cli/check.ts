/** `convex-review check`: the static rules on a folder. Loaded by main.ts only for this command (it carries the analyser). */
import { performance } from 'node:perf_hooks';
import { failingFindings, reviewChange } from '../review/review.js';
import type { Command } from './args.js';
import { cwdRelativePaths, formatJson, formatSarif, formatText } from './format.js';
import { loadTree } from './load.js';
import { localSettings } from './settings.js';
import { chooseBaseline, newFindings, tell, withBaseline, writeBaseline } from './baseline.js';
import type { CliIo } from './main.js';

export async function runCheck(command: Extract<Command, { name: 'check' }>, io: CliIo): Promise<number> {
  const started = performance.now();
  const tree = await loadTree(command.paths, io.cwd);
  // The config file (or --config FILE), with the flags on top.
  const { config, settings, failOn } = localSettings(command, tree.repoRoot, io.cwd);
  const baseline = chooseBaseline(command, config.baseline, { cwd: io.cwd, repoRoot: tree.repoRoot });
  const within = (path: string): boolean => tree.requested.some((r) => r === '' || path === r || path.startsWith(r + '/'));
  const review = await reviewChange({
    project: tree.project,
    target: { kind: 'files', within },
    settings: withBaseline(settings, baseline),
    claude: { skip: 'check runs the static rules only' },
  });
  if (baseline?.update) {
    tell(io, command.format, [writeBaseline(baseline, review.findings, review.gates)]);
    return 0;
  }
  // Under a baseline only new findings are shown, and only they count for --fail-on.
  const shown = newFindings(review, baseline);
  const result = { files: review.analysis.filesAnalyzed, skipped: review.skipped, findings: shown.findings };
  if (review.analysis.roots.length === 0) {
    io.stderr(`No Convex functions directory found under ${command.paths.join(', ')} (looked for convex.json and convex/ folders).\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  io.stdout(
    command.format === 'json'
      ? formatJson(result)
      : command.format === 'sarif'
        ? formatSarif(result)
        : formatText(result, seconds, { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) }),
  );
  tell(io, command.format, shown.lines);
  // EXIT.findings or EXIT.ok (main.ts).
  return failingFindings(review, failOn).length > 0 ? 1 : 0;
}
