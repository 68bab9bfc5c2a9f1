/** A review plan as `--min-severity` shows it: the findings below it left out of every list (display only). */
import type { Severity } from '../core/finding.js';
import { isShown } from '../core/visibility.js';
import type { ReviewPlan } from './plan.js';

export function planAtOrAbove(plan: ReviewPlan, minSeverity: Severity): ReviewPlan {
  const shown = (f: { severity: Severity }): boolean => isShown(f.severity, minSeverity);
  return {
    ...plan,
    findings: plan.findings.filter(shown),
    inline: plan.inline.filter((c) => shown(c.finding)),
    alreadyPosted: plan.alreadyPosted.filter(shown),
    notInline: plan.notInline.filter((n) => shown(n.finding)),
  };
}
