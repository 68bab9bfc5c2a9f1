/**
 * Reads through a database index named by a literal (`.withIndex("by_user", …)`), and whether the
 * caller can see the order the index returns documents in. Within equal index fields Convex returns
 * documents by `_creationTime`, so which index serves a read decides its order; `redundant-index`
 * asks this before calling a shorter index replaceable by a longer one.
 */
import { ts } from '../../typescript.js';
import { memberName } from '../model/ast.js';
import { dbQueryChains, QUERY_TERMINALS, type ChainStep, type DbQueryChain } from './db.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';
import { literalArgument } from './table-refs.js';

export interface IndexRead {
  /** The queried table; undefined when the query does not name it by a literal, or is no `ctx.db` query the model follows. */
  table?: string;
  index: string;
  /**
   * The order of the result can matter: the chain sets `.order(…)`, ends in `.take(n)` or
   * `.paginate(…)`, or the query itself leaves the chain (iterated with `for await`, returned,
   * handed to a helper) where the model cannot see how it is read.
   */
  orderSeen: boolean;
  /** The `withIndex(…)` call. */
  call: ts.CallExpression;
}

/** Steps whose result depends on the order of the range: which documents come back, or in what sequence. */
const ORDER_STEPS = new Set(['order', 'take', 'paginate']);

/** Every `.withIndex("name", …)` read of the project's files. */
export function projectIndexReads(project: ConvexProject): IndexRead[] {
  return project.files.flatMap((file) => indexReads(project, file));
}

/** The `.withIndex("name", …)` reads of one file; a call shared by several chains (a stored query) appears once per chain. */
export function indexReads(project: ConvexProject, file: SourceFile): IndexRead[] {
  return project.cached('indexReads', file, () => findIndexReads(project, file));
}

function findIndexReads(project: ConvexProject, file: SourceFile): IndexRead[] {
  const reads: IndexRead[] = [];
  const onChains = new Set<ts.CallExpression>();
  for (const chain of dbQueryChains(project, file)) {
    for (const step of [...chain.steps, ...chain.siblingSteps]) {
      if (step.name !== 'withIndex') continue;
      onChains.add(step.call);
      const index = indexName(step);
      if (index !== undefined) reads.push({ table: chain.table, index, orderSeen: orderSeen(chain), call: step.call });
    }
  }
  // A `withIndex` the model does not see on a `ctx.db` query (a convex-helpers `stream(…)`, a db
  // it cannot type): the table and the rest of the read are unknown, so its order may matter.
  for (const call of project.index(file).calls) {
    if (onChains.has(call) || memberName(call.expression) !== 'withIndex') continue;
    const index = literalArgument(call.arguments[0])?.table;
    if (index !== undefined) reads.push({ index, orderSeen: true, call });
  }
  return reads;
}

function indexName(step: ChainStep): string | undefined {
  return literalArgument(step.call.arguments[0])?.table;
}

/**
 * `.first()`, `.unique()` and `.collect()` without `.order` read one key or a whole range: the
 * code does not provably rely on the order within it. Any other end is read as relying on it.
 */
function orderSeen(chain: DbQueryChain): boolean {
  const steps = [...chain.steps, ...chain.siblingSteps];
  if (steps.some((s) => ORDER_STEPS.has(s.name))) return true;
  return !steps.some((s) => QUERY_TERMINALS.has(s.name));
}
