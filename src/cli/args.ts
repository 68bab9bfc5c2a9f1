/** Command-line parsing: every bad flag or value names itself and what is accepted. */
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { THRESHOLDS, type Threshold } from '../core/finding.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export type Command =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'check'; paths: string[]; format: Format; failOn: Threshold; rules: string[] };

export const HELP = `Usage: convex-review check [PATH...] [options]

Checks the Convex code under PATH (default: .) with convex-review's static rules.
Convex roots are found under PATH (convex.json is honoured; several roots are fine).

Options:
  --format text|json|sarif      output format (default: text); json and sarif
                                print repo-root relative paths
  --fail-on error|warning|info|never
                                exit 1 when a finding is at or above this severity (default: error)
  --rule ID=off|error|warning|info
                                turn a rule off or change its severity (repeatable)
  -h, --help                    show this help
  -v, --version                 show the version

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        rule: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.$/, '')}. Run 'convex-review --help' for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: 'help' };
  if (values.version) return { name: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError(`a command is required: check. Run 'convex-review --help' for usage.`);
  if (command === 'help') return { name: 'help' };
  if (command !== 'check') throw new UsageError(`unknown command '${command}'; the commands are: check`);

  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format: '${format}' is not a format; use one of ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'] ?? 'error';
  if (!THRESHOLDS.includes(failOn as Threshold)) throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${THRESHOLDS.join(', ')}`);
  return { name: 'check', paths: rest.length > 0 ? rest : ['.'], format: format as Format, failOn: failOn as Threshold, rules: values.rule ?? [] };
}
