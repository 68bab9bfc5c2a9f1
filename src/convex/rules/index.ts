/** The rule registry: the ids accepted by `--rule`, the `rules` input, the config file and suppressions. */
import { META_RULES } from '../engine/engine.js';
import type { Rule, RuleMeta } from '../engine/rule.js';
import { aggregateNotSynced } from './aggregate-not-synced.js';
import { clientCalledActionWrites } from './client-called-action-writes.js';
import { collectForCount } from './collect-for-count.js';
import { componentNotInstalled } from './component-not-installed.js';
import { dateNowInQuery } from './date-now-in-query.js';
import { dbInAction } from './db-in-action.js';
import { directFunctionRef } from './direct-function-ref.js';
import { explicitTableName } from './explicit-table-name.js';
import { fetchOutsideAction } from './fetch-outside-action.js';
import { filterServedByIndex } from './filter-served-by-index.js';
import { floatingConvexPromise } from './floating-convex-promise.js';
import { importWrongRuntime } from './import-wrong-runtime.js';
import { internalRefForServerCalls } from './internal-ref-for-server-calls.js';
import { missingAuthConfig } from './missing-auth-config.js';
import { noFilterOnDbQuery } from './no-filter-on-db-query.js';
import { noOldFunctionSyntax } from './no-old-function-syntax.js';
import { noProcessEnv } from './no-process-env.js';
import { nodeImportWithoutUseNode } from './node-import-without-use-node.js';
import { paginateWithoutValidator } from './paginate-without-validator.js';
import { publicFunctionAuthCheck } from './public-function-auth-check.js';
import { redundantIndex } from './redundant-index.js';
import { requireArgsValidator } from './require-args-validator.js';
import { runInQueryOrMutation } from './run-in-query-or-mutation.js';
import { schemaImportCycle } from './schema-import-cycle.js';
import { sequentialRunInAction } from './sequential-run-in-action.js';
import { spoofableIdentityArg } from './spoofable-identity-arg.js';
import { topOfHourCron } from './top-of-hour-cron.js';
import { unboundedCollect } from './unbounded-collect.js';
import { unexportedConvexFunction } from './unexported-convex-function.js';
import { unknownIndex } from './unknown-index.js';
import { unknownTable } from './unknown-table.js';
import { unnecessaryRunAction } from './unnecessary-run-action.js';
import { unpaginatedListEndpoint } from './unpaginated-list-endpoint.js';
import { useNodeOnlyActions } from './use-node-only-actions.js';
import { vectorSearchOutsideAction } from './vector-search-outside-action.js';
import { workflowNondeterminism } from './workflow-nondeterminism.js';

export const RULES: readonly Rule[] = [
  aggregateNotSynced,
  clientCalledActionWrites,
  collectForCount,
  componentNotInstalled,
  dateNowInQuery,
  dbInAction,
  directFunctionRef,
  explicitTableName,
  fetchOutsideAction,
  filterServedByIndex,
  floatingConvexPromise,
  importWrongRuntime,
  internalRefForServerCalls,
  missingAuthConfig,
  noFilterOnDbQuery,
  noOldFunctionSyntax,
  noProcessEnv,
  nodeImportWithoutUseNode,
  paginateWithoutValidator,
  publicFunctionAuthCheck,
  redundantIndex,
  requireArgsValidator,
  runInQueryOrMutation,
  schemaImportCycle,
  sequentialRunInAction,
  spoofableIdentityArg,
  topOfHourCron,
  unboundedCollect,
  unexportedConvexFunction,
  unknownIndex,
  unknownTable,
  unnecessaryRunAction,
  unpaginatedListEndpoint,
  useNodeOnlyActions,
  vectorSearchOutsideAction,
  workflowNondeterminism,
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
