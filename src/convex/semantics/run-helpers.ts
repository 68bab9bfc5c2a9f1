/**
 * Project helpers that stand for `ctx.run*` calls: `await saveItem(ctx, item)` where `saveItem`
 * is a function of the project that is handed the caller's ctx and, in its own body, awaits
 * nothing but `ctx.runQuery` / `ctx.runMutation` calls. Calling such a helper is, for the caller,
 * the same as making those calls itself.
 */
import { ts } from '../../typescript.js';
import { isFunctionNode, unwrap } from '../model/ast.js';
import type { FunctionAt } from './call-graph.js';
import type { CtxIndex } from './ctx.js';
import type { ConvexProject } from './project.js';
import { runCallsIn, type RunRole } from './run-calls.js';
import type { SourceFile } from '../model/source-file.js';

export interface RunHelperCall {
  /** The call of the helper, in the caller. */
  call: ts.CallExpression;
  helper: FunctionAt;
  /** The first `ctx.runQuery` / `ctx.runMutation` the helper makes, and its role. */
  run: ts.CallExpression;
  role: Exclude<RunRole, 'runAction'>;
}

/**
 * `call` as a call of a run-only helper: it resolves to a project function, hands it the
 * caller's ctx (`index` reads the caller's file), and that function's body awaits (or returns)
 * only `ctx.runQuery` / `ctx.runMutation` calls, at least one. Anything else: undefined.
 */
export function runHelperCall(project: ConvexProject, file: SourceFile, index: CtxIndex, call: ts.CallExpression): RunHelperCall | undefined {
  if (!call.arguments.some((arg) => index.roleOf(arg) === 'ctx')) return undefined;
  const helper = project.functionAt(file, unwrap(call.expression));
  if (!helper?.fn.body) return undefined;
  const runs = onlyRunCalls(project, helper);
  return runs && runs.length > 0 ? { call, helper, run: runs[0].call, role: runs[0].role } : undefined;
}

/**
 * The run calls `helper`'s own body awaits, in source order, when every `await` (and every
 * `return`ed call) in it is one of them; undefined when it does other awaited work or calls
 * `ctx.runAction`. Nested functions are left out: they run when called, not with the helper.
 */
function onlyRunCalls(project: ConvexProject, helper: FunctionAt): { call: ts.CallExpression; role: Exclude<RunRole, 'runAction'> }[] | undefined {
  return project.cached('onlyRunCalls', helper.fn, () => {
    const index = project.ctx(helper.file);
    const runCalls = new Set(runCallsIn(project, helper));
    const found: { call: ts.CallExpression; role: Exclude<RunRole, 'runAction'> }[] = [];
    let other = false;
    const take = (expr: ts.Expression): void => {
      const e = unwrap(expr);
      const role = ts.isCallExpression(e) && runCalls.has(e) ? index.roleOf(e.expression) : undefined;
      if (ts.isCallExpression(e) && (role === 'runQuery' || role === 'runMutation')) found.push({ call: e, role });
      else other = true;
    };
    const isRunCall = (expr: ts.Expression): boolean => {
      const e = unwrap(expr);
      return ts.isCallExpression(e) && runCalls.has(e);
    };
    const visit = (node: ts.Node): void => {
      if (other || isFunctionNode(node)) return;
      if (ts.isForOfStatement(node) && node.awaitModifier) other = true;
      else if (ts.isAwaitExpression(node)) take(node.expression);
      else if (ts.isReturnStatement(node) && node.expression && isRunCall(node.expression)) take(node.expression);
      ts.forEachChild(node, visit);
    };
    const body = helper.fn.body!;
    if (ts.isBlock(body)) visit(body);
    else take(body); // `(ctx, id) => ctx.runMutation(…)`
    return other ? undefined : found;
  });
}
