/** Command-line parsing: every bad flag or value names itself and what is accepted. */
import { EFFORTS, type Effort } from '../ai/effort.js';
import { CLAUDE_DEFAULTS, DEFAULT_MODEL } from '../core/defaults.js';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { SEVERITIES, THRESHOLDS, type Severity, type Threshold } from '../core/finding.js';
import { EVAL_ONLY, parseEvalOptions, type EvalOptions } from '../eval/options.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export const REVIEW_FORMATS = ['text', 'json'] as const;
export const RULES_FORMATS = ['text', 'json'] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

/** What check and review share: fixing, adopting with a baseline, hiding low severities, the config file. */
export interface LintOptions {
  /** Apply every certain fix to the files (review: only on the working tree). */
  fix: boolean;
  /** Print the fixes as a diff and write nothing. */
  fixDryRun: boolean;
  /** Report only findings whose fingerprint is not in this file (relative to the cwd; default: the config file's `baseline`). */
  baseline?: string;
  /** Write the current findings to the baseline instead of comparing (src/cli/baseline.ts). */
  updateBaseline: boolean;
  /** Findings below it are hidden from the output (a count line says how many); --quiet is warning. */
  minSeverity: Severity;
  /** A config file other than .github/convex-review.yml (monorepos). */
  config?: string;
}
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

/** The action's default (input max-input-tokens), so a local review spends what a pull request's would. */
export const DEFAULT_MAX_INPUT_TOKENS: number = CLAUDE_DEFAULTS.maxInputTokens;

export type Command =
  | { name: 'help' }
  | { name: 'version' }
  /** `failOn`: --fail-on when given; unset, the config file's `fail-on`, else `error` (cliFailOn in src/cli/settings.ts). */
  | ({ name: 'check'; paths: string[]; format: Format; failOn?: Threshold; rules: string[] } & LintOptions)
  | { name: 'rules'; format: RulesFormat }
  | ({
      name: 'review';
      base?: string;
      head?: string;
      format: ReviewFormat;
      failOn?: Threshold;
      rules: string[];
      claude: boolean;
      model: string;
      maxInputTokens: number;
      effort: Effort;
      verify: boolean;
    } & LintOptions)
  | { name: 'eval'; options: EvalOptions };

export const HELP = `Usage: convex-review check [PATH...] [options]
       convex-review review [--base REF] [--head REF] [options]
       convex-review rules [--format text|json]
       convex-review eval [--mode replay|record|live] [options]

check   Checks the Convex code under PATH (default: .) with convex-review's static rules.
        Convex roots are found under PATH (convex.json is honoured; several roots are fine).

review  Reviews a change in a git checkout as the GitHub Action would review its pull
        request: the static rules (findings on the changed Convex files), plus Claude when
        ANTHROPIC_API_KEY is set. Prints each inline comment, then the summary comment.

rules   Lists every rule: id, severity, category, whether it has a fix, and its docs.

eval    Measures the review on the labelled pull requests under eval/cases (docs/eval.md):
        recall, precision on labelled lines, inline comments per clean PR, Claude's costs.

Options of check and review:
  --format text|json|sarif|github
                                output format (default: text); json and sarif print
                                repo-root relative paths; github prints workflow commands
                                (annotations) for GitHub Actions (review: text or json)
  --fail-on error|warning|info|never
                                exit 1 when a static finding is at or above this severity
                                (default: the config file's fail-on, else error)
  --rule ID=off|error|warning|info
                                turn a rule off or change its severity (repeatable;
                                --rules, the Action's input name, works too)
  --fix                         apply every certain fix (the ones posted as suggestions) to
                                the files, re-run the rules, and report what is left
                                (review: only on the working tree)
  --fix-dry-run                 print the fixes as a diff; write nothing
  --baseline FILE               report only findings not recorded in FILE (adopt on an
                                existing app; default: the config file's baseline)
  --update-baseline             record the current findings in the baseline and exit 0
  --min-severity error|warning|info
                                hide findings below it (a line counts them); --quiet is
                                --min-severity warning
  --config FILE                 the config file (default: .github/convex-review.yml of the
                                repository)
  -h, --help                    show this help
  -v, --version                 show the version

Options of review:
  --base REF                    compare with the merge base of REF and the head (default:
                                the default branch: origin/HEAD, else main, else master)
  --head REF                    review the commit REF (default: the working tree, with
                                uncommitted and untracked files that are not ignored)
  --no-claude                   static rules only, even with ANTHROPIC_API_KEY set
  --model MODEL                 the Claude model (default: ${DEFAULT_MODEL})
  --max-input-tokens N          Claude input-token budget for the run (default: ${DEFAULT_MAX_INPUT_TOKENS})
  --effort LEVEL                how hard Claude thinks: ${EFFORTS.join(', ')} (default: ${CLAUDE_DEFAULTS.effort})
  --no-verify                   post Claude's comments without the verification request

Options of eval:
  --mode replay|record|live     replay (default): Claude's answers from eval/recordings,
                                offline; record: call the API and write the recordings;
                                live: call the API, write nothing
  --no-claude                   static rules only (replay)
  --case ID                     only this case (repeatable); --split dev|held-out|all
  --from-fixtures               with --mode record: re-key the hand-written fixtures'
                                recordings for the current request format (no API call)
  --sources DIR                 fetched sources of the fix-commit recipes
  --repeat N                    live: run N times (variance); --max-usd X: stop spending there
  --model MODEL                 the Claude model (default: ${DEFAULT_MODEL})
  --format text|json|markdown   report format (default: text)
  --baseline FILE               exit 1 on a regression beyond the margins against FILE;
                                with --update-baseline, write FILE instead
  --dir DIR                     the eval folder (default: eval)

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;

const REVIEW_ONLY = ['base', 'head', 'model', 'max-input-tokens', 'no-claude', 'effort', 'no-verify'] as const;

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
        base: { type: 'string' },
        head: { type: 'string' },
        model: { type: 'string' },
        'max-input-tokens': { type: 'string' },
        'no-claude': { type: 'boolean' },
        effort: { type: 'string' },
        'no-verify': { type: 'boolean' },
        rules: { type: 'string', multiple: true },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        'update-baseline': { type: 'boolean' },
        'min-severity': { type: 'string' },
        quiet: { type: 'boolean' },
        config: { type: 'string' },
        mode: { type: 'string' },
        dir: { type: 'string' },
        case: { type: 'string', multiple: true },
        split: { type: 'string' },
        'from-fixtures': { type: 'boolean' },
        sources: { type: 'string' },
        repeat: { type: 'string' },
        'max-usd': { type: 'string' },
        baseline: { type: 'string' },
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
  if (command === undefined) throw new UsageError(`a command is required: check, review, rules or eval. Run 'convex-review --help' for usage.`);
  if (command === 'help') return { name: 'help' };
  if (command !== 'check' && command !== 'review' && command !== 'eval' && command !== 'rules') throw new UsageError(`unknown command '${command}'; the commands are: check, review, rules, eval`);
  if (command === 'rules') {
    const other = Object.keys(values).find((flag) => flag !== 'format');
    if (other) throw new UsageError(`--${other} is not an option of rules (it takes --format text|json)`);
    if (rest.length > 0) throw new UsageError(`rules takes no arguments ('${rest[0]}')`);
    const format = values.format ?? 'text';
    if (!RULES_FORMATS.includes(format as RulesFormat)) throw new UsageError(`--format: '${format}' is not a format of rules; use one of ${RULES_FORMATS.join(', ')}`);
    return { name: 'rules', format: format as RulesFormat };
  }
  if (command === 'eval') {
    const misplaced = ['fail-on', 'rule', 'rules', 'base', 'head', 'max-input-tokens', 'effort', 'no-verify', ...LINT_ONLY].find((flag) => values[flag as keyof typeof values] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} is not an option of eval`);
    return { name: 'eval', options: parseEvalOptions(values, rest) };
  }
  const evalOnly = EVAL_ONLY.find((flag) => values[flag] !== undefined);
  if (evalOnly) throw new UsageError(`--${evalOnly} is an option of eval, not of ${command}`);

  // Unset, it is the config file's fail-on, else error: decided with the file (src/cli/settings.ts).
  const failOn = values['fail-on'];
  if (failOn !== undefined && !THRESHOLDS.includes(failOn as Threshold)) throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${THRESHOLDS.join(', ')}`);
  // `--rules` is the Action's input name: accepted as --rule.
  const rules = [...(values.rule ?? []), ...(values.rules ?? [])];
  const lint = lintOptions(values);

  if (command === 'check') {
    const misplaced = REVIEW_ONLY.find((flag) => values[flag] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} is an option of review, not of check`);
    const format = values.format ?? 'text';
    if (!FORMATS.includes(format as Format)) throw new UsageError(`--format: '${format}' is not a format; use one of ${FORMATS.join(', ')}`);
    return { name: 'check', paths: rest.length > 0 ? rest : ['.'], format: format as Format, ...(failOn !== undefined ? { failOn: failOn as Threshold } : {}), rules, ...lint };
  }

  if (rest.length > 0) throw new UsageError(`review takes no PATH ('${rest[0]}'): it reviews the Convex files changed between --base and --head. To check a folder, use 'convex-review check ${rest[0]}'`);
  const format = values.format ?? 'text';
  if (!REVIEW_FORMATS.includes(format as ReviewFormat)) throw new UsageError(`--format: '${format}' is not a format of review; use one of ${REVIEW_FORMATS.join(', ')}`);
  for (const flag of ['base', 'head', 'model'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag}: give a value (${flag === 'model' ? 'a Claude model id' : 'a branch, tag or commit'})`);
  }
  const maxInput = values['max-input-tokens'] ?? String(DEFAULT_MAX_INPUT_TOKENS);
  if (!/^\d+$/.test(maxInput) || Number(maxInput) > 10_000_000) throw new UsageError(`--max-input-tokens: '${maxInput}' is not a whole number from 0 to 10000000`);
  const effort = values.effort ?? CLAUDE_DEFAULTS.effort;
  if (!EFFORTS.includes(effort as Effort)) throw new UsageError(`--effort: '${effort}' is not an effort level; use one of ${EFFORTS.join(', ')}`);
  return {
    name: 'review',
    ...(values.base !== undefined ? { base: values.base } : {}),
    ...(values.head !== undefined ? { head: values.head } : {}),
    format: format as ReviewFormat,
    ...(failOn !== undefined ? { failOn: failOn as Threshold } : {}),
    rules,
    claude: !values['no-claude'],
    model: values.model ?? DEFAULT_MODEL,
    maxInputTokens: Number(maxInput),
    effort: effort as Effort,
    verify: !values['no-verify'],
    ...lint,
  };
}

/** Flags of check and review that eval does not take (its --baseline is its own). */
const LINT_ONLY = ['fix', 'fix-dry-run', 'min-severity', 'quiet', 'config'] as const;

function lintOptions(values: { fix?: boolean; 'fix-dry-run'?: boolean; baseline?: string; 'update-baseline'?: boolean; 'min-severity'?: string; quiet?: boolean; config?: string }): LintOptions {
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run: give one (--fix-dry-run prints what --fix would write)');
  if (values.quiet && values['min-severity'] !== undefined) throw new UsageError('--quiet is --min-severity warning: give one of them');
  const minSeverity = values.quiet ? 'warning' : (values['min-severity'] ?? 'info');
  if (!SEVERITIES.includes(minSeverity as Severity)) throw new UsageError(`--min-severity: '${minSeverity}' is not a severity; use one of ${SEVERITIES.join(', ')}`);
  for (const flag of ['baseline', 'config'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag}: give a file`);
  }
  return {
    fix: values.fix === true,
    fixDryRun: values['fix-dry-run'] === true,
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    updateBaseline: values['update-baseline'] === true,
    minSeverity: minSeverity as Severity,
    ...(values.config !== undefined ? { config: values.config } : {}),
  };
}
