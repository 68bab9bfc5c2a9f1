import { ts } from '../../typescript.js';
import { walk } from '../model/ast.js';
import type { FunctionAt } from '../semantics/call-graph.js';
import type { ConvexProject } from '../semantics/project.js';
import { describeReach, isGlobalReference, nodesReachedFrom, reachList, type ReachedNode } from '../semantics/reached-from.js';
import type { FunctionKind } from '../model/registrars.js';
import type { Report, Rule } from '../engine/rule.js';

/** Queries and mutations run in a deterministic transaction: the runtime's `fetch` throws there. */
const TRANSACTIONAL: ReadonlySet<FunctionKind> = new Set(['query', 'mutation']);

/**
 * The global `fetch(…)` called from a query or mutation handler, its custom builder's input, or
 * a project helper they call (a few levels deep, across files). Reported once, at the call.
 */
export const fetchOutsideAction: Rule = {
  id: 'fetch-outside-action',
  title: 'fetch in a query or mutation',
  description: 'A query or mutation calls `fetch`, directly or through helpers; only actions may make HTTP requests.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/functions/actions',
  category: 'correctness',
  concerns: ['correctness'],
  *check(project) {
    const find = (at: FunctionAt): ts.CallExpression[] => project.cached('fetchCallsIn', at.fn, () => fetchCallsIn(project, at));
    for (const reached of nodesReachedFrom(project, TRANSACTIONAL, find)) yield report(reached);
  },
};

/** Calls to the runtime's `fetch` (or `globalThis.fetch`) in a function's body, closures included. */
function fetchCallsIn(project: ConvexProject, at: FunctionAt): ts.CallExpression[] {
  if (!at.fn.body) return [];
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isGlobalReference(project, at.file, node.expression, 'fetch')) found.push(node);
  };
  visit(at.fn.body);
  walk(at.fn.body, visit);
  return found;
}

function report(reached: ReachedNode<ts.CallExpression>): Report {
  return {
    file: reached.file,
    // The callee, not the whole call: a call spanning lines (options object) still gets a one-line finding.
    node: reached.node.expression,
    message: `\`fetch()\` ${describeReach(reached)}: queries and mutations cannot make HTTP requests`,
    detail:
      'Queries and mutations run as deterministic database transactions, so the Convex runtime refuses network calls in ' +
      'them: this `fetch` throws as soon as it runs. Make the request in an action instead: have the mutation record ' +
      'what to do and schedule an internal action with `ctx.scheduler.runAfter(0, internal.…)`, or let the client call ' +
      'an action that fetches and then stores the result with `ctx.runMutation(internal.…)`.' +
      reachList(reached),
  };
}
