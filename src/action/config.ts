/**
 * The action's inputs → a validated config. A bad input fails fast with a message naming the
 * input and the values it accepts. The runner applies action.yml defaults; we repeat them here
 * so a missing input behaves the same when run by hand.
 */
import { UsageError } from '../core/errors.js';
import { SEVERITIES, THRESHOLDS, type Severity, type Threshold } from '../core/finding.js';
import { parseRuleSettings, type RuleSetting } from '../core/rule-settings.js';
import { CLAUDE_DEFAULTS, CLAUDE_FOR_DEFAULT, DEFAULT_MODEL, FAIL_ON_DEFAULT, INLINE_MIN_SEVERITY, MAX_COMMENTS, MAX_WAIT_SECONDS } from '../core/defaults.js';
import { withRuleOverrides, type ReviewConfig } from '../config/file.js';
import { DEFAULT_PROJECT_OPTIONS, type ProjectOptions } from '../convex/model/options.js';
import { EFFORTS, type Effort } from '../ai/effort.js';
import { CLAUDE_MODES, type ClaudeMode } from '../ai/gate.js';
import type { ReviewSettings } from '../review/review.js';

export interface ActionConfig {
  githubToken: string;
  anthropicApiKey?: string;
  model: string;
  /** Globs of files to review; empty means "the Convex functions folders found". */
  paths: string[];
  exclude: string[];
  failOn: Threshold;
  inlineMinSeverity: Severity;
  maxComments: number;
  prNumber?: number;
  rules: Map<string, RuleSetting>;
  /** From the config file: names the analysis cannot infer. */
  project: ProjectOptions;
  skipDrafts: boolean;
  /** The config file's baseline path (repository-relative), when it names one. */
  baseline?: string;
  /** On a push, re-review only the files changed since the last reviewed SHA. */
  incremental: boolean;
  /** Where to write the findings as SARIF 2.1.0, relative to the workspace; none when undefined. */
  sarifFile?: string;
  claude: ClaudeMode;
  /** `members`, `everyone`, or a label name. */
  claudeFor: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  claudeEffort: Effort;
  claudeVerify: boolean;
  claudeMinScore: number;
  claudeConcurrency: number;
  maxRetries: number;
  claudeTimeoutSeconds: number;
  /** The most seconds the run waits out GitHub's rate limits in all; past it, it reports and fails. */
  maxWaitSeconds: number;
}

export function readActionConfig(getInput: (name: string) => string, ruleIds: readonly string[], env: NodeJS.ProcessEnv = {}): ActionConfig {
  const input = (name: string): string => getInput(name).trim();
  const githubToken = input('github-token');
  if (!githubToken) throw new UsageError('input github-token is empty: pass a token (the default is ${{ github.token }})');
  return {
    githubToken,
    anthropicApiKey: input('anthropic-api-key') || env.ANTHROPIC_API_KEY || undefined,
    model: input('model') || DEFAULT_MODEL,
    paths: list(input('paths')),
    exclude: list(input('exclude')),
    failOn: oneOf('fail-on', input('fail-on') || FAIL_ON_DEFAULT.action, THRESHOLDS),
    inlineMinSeverity: oneOf('inline-min-severity', input('inline-min-severity') || INLINE_MIN_SEVERITY, SEVERITIES),
    maxComments: integer('max-comments', input('max-comments') || String(MAX_COMMENTS), 0, 1000),
    prNumber: input('pr-number') ? integer('pr-number', input('pr-number'), 1, Number.MAX_SAFE_INTEGER) : undefined,
    rules: parseRuleSettings(list(input('rules')), ruleIds, 'input rules'),
    project: DEFAULT_PROJECT_OPTIONS,
    skipDrafts: boolean('skip-drafts', input('skip-drafts') || 'false'),
    incremental: boolean('incremental', input('incremental') || 'true'),
    sarifFile: input('sarif-file') || undefined,
    claude: oneOf('claude', input('claude') || 'auto', CLAUDE_MODES),
    claudeFor: input('claude-for') || CLAUDE_FOR_DEFAULT,
    maxInputTokens: integer('max-input-tokens', input('max-input-tokens') || String(CLAUDE_DEFAULTS.maxInputTokens), 0, 10_000_000),
    // Requests are streamed, so the SDK's non-streaming cap does not apply; 128k is the 5.x models' most.
    maxOutputTokens: integer('max-output-tokens', input('max-output-tokens') || String(CLAUDE_DEFAULTS.maxOutputTokens), 1024, 128_000),
    claudeEffort: oneOf('claude-effort', input('claude-effort') || CLAUDE_DEFAULTS.effort, EFFORTS),
    claudeVerify: boolean('claude-verify', input('claude-verify') || String(CLAUDE_DEFAULTS.verify)),
    claudeMinScore: integer('claude-min-score', input('claude-min-score') || String(CLAUDE_DEFAULTS.minScore), 0, 10),
    claudeConcurrency: integer('claude-concurrency', input('claude-concurrency') || String(CLAUDE_DEFAULTS.concurrency), 1, 16),
    maxRetries: integer('max-retries', input('max-retries') || String(CLAUDE_DEFAULTS.maxRetries), 0, 10),
    claudeTimeoutSeconds: integer('claude-timeout-seconds', input('claude-timeout-seconds') || String(CLAUDE_DEFAULTS.timeoutSeconds), 10, 3600),
    // Up to a job's six hours: waiting out a primary limit (it resets hourly) is a choice to make on purpose.
    maxWaitSeconds: integer('max-wait-seconds', input('max-wait-seconds') || String(MAX_WAIT_SECONDS), 0, 21_600),
  };
}

/**
 * The config file under the inputs. The runner fills every input with its action.yml default, so
 * an input equal to its default cannot be told from one left unset: such an input gives way to the
 * file, and an input wins only when it says something else (`fail-on: never` in a workflow
 * therefore cannot undo the file's `fail-on: error`; remove it from the file instead). The `rules`
 * input wins rule by rule; `exclude` and the file's exclude add up; `paths` is the input's when
 * set, else the file's.
 */
export function withConfigFile(config: ActionConfig, file: ReviewConfig): ActionConfig {
  const unlessDefault = <T>(input: T, byDefault: T, fromFile: T | undefined): T => (input !== byDefault ? input : (fromFile ?? input));
  return {
    ...config,
    rules: withRuleOverrides(file, config.rules).rules,
    paths: config.paths.length > 0 ? config.paths : file.paths,
    exclude: [...config.exclude, ...file.ignore],
    failOn: unlessDefault(config.failOn, FAIL_ON_DEFAULT.action, file.failOn),
    inlineMinSeverity: unlessDefault(config.inlineMinSeverity, INLINE_MIN_SEVERITY, file.inlineMinSeverity),
    maxComments: unlessDefault(config.maxComments, MAX_COMMENTS, file.maxComments),
    project: file.project,
    ...(file.baseline !== undefined ? { baseline: file.baseline } : {}),
  };
}

/** What the shared review needs of the inputs. */
export function reviewSettingsOf(config: ActionConfig): ReviewSettings {
  return { rules: config.rules, project: config.project, paths: config.paths, exclude: config.exclude, inlineMinSeverity: config.inlineMinSeverity, maxComments: config.maxComments };
}

/** Newline- or comma-separated values. */
export function list(value: string): string[] {
  return value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

function oneOf<T extends string>(name: string, value: string, accepted: readonly T[]): T {
  if (!accepted.includes(value as T)) throw new UsageError(`input ${name}: '${value}' is not accepted; use one of ${accepted.join(', ')}`);
  return value as T;
}

function integer(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`input ${name}: '${value}' is not a whole number from ${min} to ${max}`);
  return n;
}

/** The YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts them. */
function boolean(name: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UsageError(`input ${name}: '${value}' is not a boolean; use true or false`);
}
