/**
 * What check and review take from the config file (or `--config FILE`), with the flags on top:
 * the rule settings (`--rule` wins), `fail-on` (`--fail-on` wins; neither: `error`), and the
 * file's paths, exclude, inline-min-severity and max-comments — what the Action would use.
 */
import { withRuleOverrides, type ReviewConfig } from '../config/file.js';
import { readConfigFile } from '../config/load.js';
import { RULE_IDS } from '../convex/rules/index.js';
import { FAIL_ON_DEFAULT, INLINE_MIN_SEVERITY, MAX_COMMENTS } from '../core/defaults.js';
import type { Threshold } from '../core/finding.js';
import { parseRuleSettings } from '../core/rule-settings.js';
import type { ReviewSettings } from '../review/review.js';

export interface LocalSettings {
  /** The file's settings with `--rule` applied (its `baseline` is the file's baseline path). */
  config: ReviewConfig;
  settings: ReviewSettings;
  failOn: Threshold;
}

export function localSettings(command: { rules: readonly string[]; failOn?: Threshold; config?: string }, repoRoot: string, cwd: string): LocalSettings {
  const file = readConfigFile(repoRoot, RULE_IDS, command.config !== undefined ? { path: command.config, cwd } : undefined);
  const config = withRuleOverrides(file, parseRuleSettings([...command.rules], RULE_IDS, '--rule'));
  return {
    config,
    settings: {
      rules: config.rules,
      project: config.project,
      paths: config.paths,
      exclude: config.ignore,
      inlineMinSeverity: config.inlineMinSeverity ?? INLINE_MIN_SEVERITY,
      maxComments: config.maxComments ?? MAX_COMMENTS,
    },
    failOn: cliFailOn(command.failOn, config),
  };
}

/** --fail-on, else the file's fail-on, else the CLI's default (error). */
export function cliFailOn(flag: Threshold | undefined, config: Pick<ReviewConfig, 'failOn'>): Threshold {
  return flag ?? config.failOn ?? FAIL_ON_DEFAULT.cli;
}
