/**
 * Findings in files a change did not touch that the change still makes relevant: an untouched
 * query names an index the changed schema no longer has. Pure.
 */
const DEPENDS_ON: Record<string, RegExp> = {
  'unknown-index': /(^|\/)schema\.[jt]s$/,
  'unknown-table': /(^|\/)schema\.[jt]s$/,
  'no-filter-on-db-query': /(^|\/)schema\.[jt]s$/,
  'schema-import-cycle': /(^|\/)schema\.[jt]s$/,
  'explicit-table-name': /(^|\/)package\.json$/,
  'missing-auth-config': /(^|\/)auth\.config\.[jt]s$/,
  'component-not-installed': /(^|\/)(convex\.config\.[jt]s|_generated\/api\.d\.ts)$/,
};

/** Whether a rule's findings outside the changed files belong to a change of these paths. */
export function dependsOnChange(ruleId: string, changedPaths: readonly string[]): boolean {
  const trigger = DEPENDS_ON[ruleId];
  return trigger !== undefined && changedPaths.some((p) => trigger.test(p));
}
