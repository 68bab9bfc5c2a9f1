/**
 * Findings in files a change did not touch that the change still makes relevant: an untouched
 * query names an index the changed schema no longer has. Each rule says which changed paths
 * concern it (`dependsOn` in its meta). Pure.
 */
import { ALL_RULES } from '../convex/rules/index.js';

const DEPENDS_ON: ReadonlyMap<string, RegExp> = new Map(
  ALL_RULES.flatMap((rule) => (rule.dependsOn ? [[rule.id, rule.dependsOn] as const] : [])),
);

/** Whether a rule's findings outside the changed files belong to a change of these paths. */
export function dependsOnChange(ruleId: string, changedPaths: readonly string[]): boolean {
  const trigger = DEPENDS_ON.get(ruleId);
  return trigger !== undefined && changedPaths.some((p) => trigger.test(p));
}
