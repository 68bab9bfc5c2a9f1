/**
 * `--min-severity` (and `--quiet`): which findings a reader is shown. Hiding is display only —
 * fail-on still counts a hidden finding, and the line that counts the hidden ones says so, so a
 * run never fails on something it does not mention.
 */
import { countBySeverity, meetsThreshold, SEVERITIES, type Severity } from './finding.js';
import { plural } from './text.js';

export function isShown(severity: Severity, minSeverity: Severity): boolean {
  return meetsThreshold(severity, minSeverity);
}

/** The items at or above `minSeverity`, and those below it. */
export function splitBySeverity<T extends { severity: Severity }>(items: readonly T[], minSeverity: Severity): { shown: T[]; hidden: T[] } {
  const shown: T[] = [];
  const hidden: T[] = [];
  for (const item of items) (isShown(item.severity, minSeverity) ? shown : hidden).push(item);
  return { shown, hidden };
}

/**
 * `3 findings below warning hidden (3 info) by --min-severity warning`, and when some of them
 * fail the run: `; 1 of them is at or above --fail-on info, so the run fails`. Undefined when
 * nothing is hidden.
 */
export function hiddenLine(hidden: readonly { severity: Severity }[], minSeverity: Severity, failing: { count: number; failOn: string }): string | undefined {
  if (hidden.length === 0) return undefined;
  const counts = countBySeverity(hidden);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => (s === 'info' ? `${counts[s]} info` : plural(counts[s], s)));
  const line = `${plural(hidden.length, 'finding')} below ${minSeverity} hidden (${parts.join(', ')}) by --min-severity ${minSeverity}`;
  if (failing.count === 0) return line;
  return `${line}; ${failing.count === 1 ? '1 of them is' : `${failing.count} of them are`} at or above --fail-on ${failing.failOn}, so the run fails`;
}
