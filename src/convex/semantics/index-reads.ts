/**
 * Reads through a database index named by a literal (`.withIndex("by_user", …)`), and whether the
 * caller can see the order the index returns documents in. Within equal index fields Convex returns
 * documents by `_creationTime`, so which index serves a read decides its order; `redundant-index`
 * asks this before calling a shorter index replaceable by a longer one.
 */
import { ts } from '../../typescript.js';
import { memberName, memberObject, unwrap } from '../model/ast.js';
import { climb, dbQueryChains, QUERY_TERMINALS, type ChainStep } from './db.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';
import { literalArgument } from './table-refs.js';
import { predicateOf } from './filter-predicates.js';

export interface IndexRead {
  /** The queried table; undefined when the query does not name it by a literal, or the model cannot see the query (a parameter). */
  table?: string;
  index: string;
  /**
   * The order of the result can matter: the chain sets `.order(…)`, ends in `.take(n)` or
   * `.paginate(…)`, or the query itself leaves the chain (iterated with `for await`, returned,
   * handed to a helper) where the model cannot see how it is read.
   */
  orderSeen: boolean;
  /**
   * Fields every document of the read equals one value in, by a `.filter((q) => q.eq(q.field("f"), x))`
   * step (also inside `q.and`): an index that continues with them returns the read in the same order.
   */
  pinned: ReadonlySet<string>;
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
    const steps = [...chain.steps, ...chain.siblingSteps];
    for (const step of steps) {
      if (step.name !== 'withIndex') continue;
      onChains.add(step.call);
      const index = literalArgument(step.call.arguments[0])?.table;
      if (index !== undefined) reads.push({ table: chain.table, index, orderSeen: orderSeen(steps), pinned: pinnedFields(chain.steps), call: step.call });
    }
  }
  // A `withIndex` on a query the model does not tie to `ctx.db` (a callback's untyped `ctx`,
  // convex-helpers `stream(ctx.db, schema).query("t")`): read `.query("t")` and the steps after it
  // the same way. On anything else (a query handed in as a parameter) table and use are unknown.
  for (const call of project.index(file).calls) {
    if (onChains.has(call) || memberName(call.expression) !== 'withIndex') continue;
    const index = literalArgument(call.arguments[0])?.table;
    if (index === undefined) continue;
    const receiver = memberObject(unwrap(call.expression));
    const query = receiver && unwrap(receiver);
    if (query && ts.isCallExpression(query) && memberName(query.expression) === 'query') {
      const { steps } = climb(query);
      reads.push({ table: literalArgument(query.arguments[0])?.table, index, orderSeen: orderSeen(steps), pinned: pinnedFields(steps), call });
    } else {
      reads.push({ index, orderSeen: true, pinned: new Set(), call });
    }
  }
  return reads;
}

/**
 * `.first()`, `.unique()` and `.collect()` without `.order` read one key or a whole range: the
 * code does not provably rely on the order within it. Any other end is read as relying on it.
 */
function orderSeen(steps: readonly ChainStep[]): boolean {
  if (steps.some((s) => ORDER_STEPS.has(s.name))) return true;
  return !steps.some((s) => QUERY_TERMINALS.has(s.name));
}

/** Fields the query's own `.filter` steps (before its terminal) compare for equality with a value. */
function pinnedFields(steps: readonly ChainStep[]): Set<string> {
  const pinned = new Set<string>();
  for (const step of steps) {
    if (QUERY_TERMINALS.has(step.name)) break;
    if (step.name !== 'filter' || step.call.arguments.length !== 1) continue;
    for (const equality of predicateOf(step.call)?.equalities ?? []) pinned.add(equality.field);
  }
  return pinned;
}
