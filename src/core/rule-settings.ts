import { UsageError } from './errors.js';
import type { Severity } from './finding.js';

export type RuleSetting = Severity | 'off';
const SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info'];

/**
 * Parses `ID=off|error|warning|info` entries (from `--rule`, the `rules` input, …). `source`
 * names where they came from, so the error says which flag or input is wrong.
 */
export function parseRuleSettings(entries: readonly string[], validIds: readonly string[], source: string): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const raw of entries.flatMap((e) => e.split(/[,\n]/)).map((e) => e.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(raw);
    if (!match) throw new UsageError(`${source}: '${raw}' is not ID=SETTING (e.g. unbounded-collect=off); SETTING is one of ${SETTINGS.join(', ')}`);
    const [, id, value] = match;
    if (!validIds.includes(id)) {
      throw new UsageError(`${source}: unknown rule id '${id}'. Valid ids: ${[...validIds].sort().join(', ')}`);
    }
    if (!SETTINGS.includes(value as RuleSetting)) {
      throw new UsageError(`${source}: '${value}' is not a setting for ${id}; use one of ${SETTINGS.join(', ')}`);
    }
    settings.set(id, value as RuleSetting);
  }
  return settings;
}
