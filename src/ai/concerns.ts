/**
 * Which static rules already speak to each of Claude's categories: a Claude comment on the same
 * lines as a finding of one of these rules says the same thing twice, and is dropped.
 */
import type { Category } from './output.js';

export const CONCERNS: Readonly<Record<Category, readonly string[]>> = {
  security: [
    'public-function-auth-check', 'require-args-validator', 'internal-ref-for-server-calls', 'spoofable-identity-arg',
    'missing-auth-config', 'client-called-action-writes',
  ],
  performance: [
    'no-filter-on-db-query', 'unbounded-collect', 'collect-for-count', 'sequential-run-in-action', 'run-in-query-or-mutation',
    'unnecessary-run-action', 'redundant-index', 'date-now-in-query',
  ],
  correctness: [
    'unknown-index', 'unknown-table', 'floating-convex-promise', 'db-in-action', 'date-now-in-query', 'use-node-only-actions',
    'node-import-without-use-node', 'import-wrong-runtime', 'fetch-outside-action', 'vector-search-outside-action',
    'direct-function-ref', 'component-not-installed', 'schema-import-cycle', 'paginate-without-validator', 'explicit-table-name',
    'workflow-nondeterminism', 'aggregate-not-synced', 'unexported-convex-function',
  ],
  'data-model': ['unknown-index', 'unknown-table', 'redundant-index', 'explicit-table-name', 'aggregate-not-synced', 'no-filter-on-db-query', 'unbounded-collect'],
  reliability: [
    'floating-convex-promise', 'internal-ref-for-server-calls', 'client-called-action-writes', 'workflow-nondeterminism',
    'aggregate-not-synced', 'top-of-hour-cron', 'sequential-run-in-action', 'date-now-in-query',
  ],
  maintainability: ['no-old-function-syntax', 'explicit-table-name', 'no-process-env', 'unexported-convex-function', 'redundant-index'],
};
