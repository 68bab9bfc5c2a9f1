/** The rule registry: the ids accepted by `--rule`, the `rules` input, the config file and suppressions. */
import type { Rule } from '../rule.js';
import { floatingConvexPromise } from './floating-convex-promise.js';
import { internalRefForServerCalls } from './internal-ref-for-server-calls.js';
import { noFilterOnDbQuery } from './no-filter-on-db-query.js';
import { noOldFunctionSyntax } from './no-old-function-syntax.js';
import { redundantIndex } from './redundant-index.js';
import { requireArgsValidator } from './require-args-validator.js';

export const RULES: readonly Rule[] = [
  floatingConvexPromise,
  internalRefForServerCalls,
  noFilterOnDbQuery,
  noOldFunctionSyntax,
  redundantIndex,
  requireArgsValidator,
];
