/** The CLI's shell: arguments in, text, JSON or SARIF out, an exit code back. */
import { performance } from 'node:perf_hooks';
import { withRuleOverrides } from '../config/file.js';
import { readConfigFile } from '../config/load.js';
import { RULE_IDS } from '../convex/rules/index.js';
import { ConfigFileError } from '../convex/model/roots.js';
import { UsageError } from '../core/errors.js';
import { parseRuleSettings } from '../core/rule-settings.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { HELP, parseCommand } from './args.js';
import { cwdRelativePaths, formatJson, formatSarif, formatText } from './format.js';
import { loadTree } from './load.js';
import { failingFindings, reviewChange } from '../review/review.js';
import { INLINE_MIN_SEVERITY, MAX_COMMENTS } from '../core/defaults.js';
import { runReview } from './review.js';

export interface CliIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  /** ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL for review (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigFileError) {
      io.stderr(`${TOOL_NAME}: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`${TOOL_NAME}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCommand(argv);
  if (command.name === 'help') {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (command.name === 'version') {
    io.stdout(`${TOOL_NAME} ${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  if (command.name === 'review') return runReview(command, io);
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
  return failingFindings(review, command.failOn).length > 0 ? EXIT.findings : EXIT.ok;
}
