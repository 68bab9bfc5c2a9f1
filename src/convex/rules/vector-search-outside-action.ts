import { ts } from '../../typescript.js';
import { unwrap, walk } from '../model/ast.js';
import type { FunctionAt } from '../semantics/call-graph.js';
import type { CtxIndex } from '../semantics/ctx.js';
import type { ConvexProject } from '../semantics/project.js';
import { describeReach, nodesReachedFrom, reachList, type ReachedNode } from '../semantics/reached-from.js';
import type { FunctionKind } from '../model/registrars.js';
import type { Report, Rule } from '../engine/rule.js';

/** Only an action's ctx carries `vectorSearch`; a query's or mutation's has none. */
const WITHOUT_VECTOR_SEARCH: ReadonlySet<FunctionKind> = new Set(['query', 'mutation']);

/**
 * `ctx.vectorSearch(…)` (or a `vectorSearch` destructured from ctx) where the ctx is a query's
 * or mutation's: in their handlers, their custom builders' inputs, and helpers they hand ctx to.
 */
export const vectorSearchOutsideAction: Rule = {
  id: 'vector-search-outside-action',
  title: 'Vector search outside an action',
  description: 'A query or mutation uses `ctx.vectorSearch`, which only actions have.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/search/vector-search',
  category: 'correctness',
  concerns: ['correctness'],
  *check(project) {
    const find = (at: FunctionAt): ts.Node[] => project.cached('vectorSearchUsesIn', at.fn, () => vectorSearchUsesIn(project, at));
    for (const reached of nodesReachedFrom(project, WITHOUT_VECTOR_SEARCH, find)) yield report(reached);
  },
};

/**
 * The `vectorSearch` name of each ctx-derived `ctx.vectorSearch(…)` call and `{ vectorSearch }`
 * binding in a function's body. A function that checks `"vectorSearch" in ctx` is written
 * for both kinds of ctx, and an optional call (`ctx.vectorSearch?.(…)`) guards itself.
 */
function vectorSearchUsesIn(project: ConvexProject, at: FunctionAt): ts.Node[] {
  if (!at.fn.body) return [];
  const roles = project.ctx(at.file);
  const found: ts.Node[] = [];
  let guarded = false;
  const visit = (node: ts.Node): void => {
    if (isInCheck(node)) guarded = true;
    const use = vectorSearchUse(node, roles);
    if (use) found.push(use);
  };
  for (const param of at.fn.parameters) {
    visit(param);
    walk(param, visit);
  }
  visit(at.fn.body); // an expression body may itself be the call
  walk(at.fn.body, visit);
  return guarded ? [] : found;
}

function vectorSearchUse(node: ts.Node, roles: CtxIndex): ts.Node | undefined {
  if (ts.isCallExpression(node) && !node.questionDotToken) {
    const callee = unwrap(node.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'vectorSearch' && roles.roleOf(callee) === 'vectorSearch') return callee.name;
  }
  if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && ts.isIdentifier(node.name)) {
    const key = node.propertyName ?? node.name;
    if (ts.isIdentifier(key) && key.text === 'vectorSearch' && roles.roleOf(node.name) === 'vectorSearch') return key;
  }
  return undefined;
}

/** `"vectorSearch" in ctx`: the code tells an action's ctx from the others itself. */
function isInCheck(node: ts.Node): boolean {
  return (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.InKeyword &&
    ts.isStringLiteralLike(node.left) &&
    node.left.text === 'vectorSearch'
  );
}

function report(reached: ReachedNode<ts.Node>): Report {
  return {
    file: reached.file,
    node: reached.node,
    message: `\`ctx.vectorSearch\` ${describeReach(reached)}: vector search is only available in actions`,
    detail:
      'Only an action\'s `ctx` has `vectorSearch`; in a query or mutation it is `undefined`, so this call throws. Run the ' +
      'vector search in an action, then load the matching documents by the returned ids with ' +
      '`ctx.runQuery(internal.…)` (an internal query that calls `ctx.db.get` for each id).' +
      reachList(reached),
  };
}
