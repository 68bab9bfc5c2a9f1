/**
 * `--min-severity` / `--quiet` for check and review: what is printed, and the line that counts
 * what was not. Display only — the exit code still counts hidden findings (`failing`), and the
 * line says when one of them fails the run.
 */
import type { Finding, Severity, Threshold } from '../core/finding.js';
import { hiddenLine, isShown, splitBySeverity } from '../core/visibility.js';
import { planAtOrAbove } from '../plan/visible.js';
import type { ChangeReview } from '../review/review.js';

export interface Visible<T> {
  shown: T;
  /** For text output; undefined when nothing was hidden. */
  line?: string;
}

export function visibleFindings(findings: readonly Finding[], minSeverity: Severity, failing: readonly Finding[], failOn: Threshold): Visible<Finding[]> {
  const { shown, hidden } = splitBySeverity(findings, minSeverity);
  return { shown, line: lineFor(hidden, minSeverity, failing, failOn) };
}

/** The review with its plan and findings cut to what is shown (inline comments, summary, JSON). */
export function visibleReview(review: ChangeReview, minSeverity: Severity, failing: readonly Finding[], failOn: Threshold): Visible<ChangeReview> {
  if (minSeverity === 'info') return { shown: review };
  const { shown, hidden } = splitBySeverity(review.plan.findings, minSeverity);
  return { shown: { ...review, findings: shown, plan: planAtOrAbove(review.plan, minSeverity) }, line: lineFor(hidden, minSeverity, failing, failOn) };
}

function lineFor(hidden: readonly Finding[], minSeverity: Severity, failing: readonly Finding[], failOn: Threshold): string | undefined {
  const failingHidden = failing.filter((f) => !isShown(f.severity, minSeverity)).length;
  return hiddenLine(hidden, minSeverity, { count: failingHidden, failOn });
}
