/** The rule registry: the ids accepted by `--rule`, the `rules` input, the config file and suppressions. */
import { META_RULES } from '../engine.js';
import type { Rule, RuleMeta } from '../rule.js';
import { collectForCount } from './collect-for-count.js';
import { dateNowInQuery } from './date-now-in-query.js';
import { dbInAction } from './db-in-action.js';
import { explicitTableName } from './explicit-table-name.js';
import { floatingConvexPromise } from './floating-convex-promise.js';
import { internalRefForServerCalls } from './internal-ref-for-server-calls.js';
import { noFilterOnDbQuery } from './no-filter-on-db-query.js';
import { noOldFunctionSyntax } from './no-old-function-syntax.js';
import { nodeImportWithoutUseNode } from './node-import-without-use-node.js';
import { publicFunctionAuthCheck } from './public-function-auth-check.js';
import { redundantIndex } from './redundant-index.js';
import { requireArgsValidator } from './require-args-validator.js';
import { sequentialRunInAction } from './sequential-run-in-action.js';
import { unboundedCollect } from './unbounded-collect.js';
import { unknownIndex } from './unknown-index.js';
import { unknownTable } from './unknown-table.js';
import { useNodeOnlyActions } from './use-node-only-actions.js';

export const RULES: readonly Rule[] = [
  collectForCount,
  dateNowInQuery,
  dbInAction,
  explicitTableName,
  floatingConvexPromise,
  internalRefForServerCalls,
  noFilterOnDbQuery,
  noOldFunctionSyntax,
  nodeImportWithoutUseNode,
  publicFunctionAuthCheck,
  redundantIndex,
  requireArgsValidator,
  sequentialRunInAction,
  unboundedCollect,
  unknownIndex,
  unknownTable,
  useNodeOnlyActions,
];

/** Every rule a setting may name (`--rule`, the `rules` input): the registry and the engine's own. */
export const ALL_RULES: readonly RuleMeta[] = [...RULES, ...META_RULES];
export const RULE_IDS: readonly string[] = ALL_RULES.map((r) => r.id);

const TITLES = new Map(ALL_RULES.map((r) => [r.id, r.title]));

/** A rule's title; Claude's findings (`claude/<category>`) are titled by their category. */
export function ruleTitle(id: string): string {
  if (id.startsWith('claude/')) return `Claude: ${id.slice('claude/'.length)}`;
  return TITLES.get(id) ?? id;
}
