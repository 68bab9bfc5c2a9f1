/**
 * The CLI's shell: arguments in, text, JSON or SARIF out, an exit code back. `--help` and
 * `--version` answer from here; a command's module (check.ts, review.ts) is imported only when it
 * runs, since it carries the analyser — TypeScript, ~15 MB that V8 takes most of a second to compile.
 */
import { ConfigFileError } from '../convex/model/roots.js';
import { UsageError } from '../core/errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { HELP, parseCommand } from './args.js';

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
  if (command.name === 'eval') {
    const { runEval } = await import('../eval/command.js');
    return runEval(command.options, io);
  }
  if (command.name === 'rules') {
    const { runRules } = await import('./rules.js');
    return runRules(command, io);
  }
  if (command.name === 'review') {
    const { runReview } = await import('./review.js');
    return runReview(command, io);
  }
  const { runCheck } = await import('./check.js');
  return runCheck(command, io);
}
