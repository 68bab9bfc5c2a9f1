/** `convex-review check`: the static rules on a folder. Loaded by main.ts only for this command (it carries the analyser). */
import { performance } from 'node:perf_hooks';
import { withRuleOverrides } from '../config/file.js';
import { readConfigFile } from '../config/load.js';
import { RULE_IDS } from '../convex/rules/index.js';
import { INLINE_MIN_SEVERITY, MAX_COMMENTS } from '../core/defaults.js';
import { parseRuleSettings } from '../core/rule-settings.js';
import { failingFindings, reviewChange } from '../review/review.js';
import type { Command } from './args.js';
import { cwdRelativePaths, formatJson, formatSarif, formatText } from './format.js';
import { loadTree } from './load.js';
import type { CliIo } from './main.js';

export async function runCheck(command: Extract<Command, { name: 'check' }>, io: CliIo): Promise<number> {
  const started = performance.now();
  const tree = await loadTree(command.paths, io.cwd);
  // The working tree's config file, with --rule on top.
  const config = withRuleOverrides(readConfigFile(tree.repoRoot, RULE_IDS), parseRuleSettings(command.rules, RULE_IDS, '--rule'));
  const within = (path: string): boolean => tree.requested.some((r) => r === '' || path === r || path.startsWith(r + '/'));
  const review = await reviewChange({
    project: tree.project,
    target: { kind: 'files', within },
    settings: { rules: config.rules, project: config.project, paths: [], exclude: config.ignore, inlineMinSeverity: INLINE_MIN_SEVERITY, maxComments: MAX_COMMENTS },
    claude: { skip: 'check runs the static rules only' },
  });
  const result = { files: review.analysis.filesAnalyzed, skipped: review.skipped, findings: review.findings };
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
  // EXIT.findings or EXIT.ok (main.ts).
  return failingFindings(review, command.failOn).length > 0 ? 1 : 0;
}
