/**
 * `ctx.runQuery` / `ctx.runMutation` calls that run inside a query or mutation's transaction and
 * call one of the app's own functions: what `run-in-query-or-mutation` reports. Other rules
 * about the same call (`internal-ref-for-server-calls`) stay silent on these: moving the called
 * code into a plain helper fixes both problems at once.
 */
import { ts } from '../../typescript.js';
import { isFunctionNode, memberName, unwrap, walk, type FunctionNode } from '../model/ast.js';
import type { FunctionKind } from '../model/registrars.js';
import type { ConvexProject } from './project.js';
import type { FunctionReference } from './references.js';
import { referenceArgument, runCallsReachedFrom, type ReachedRun, type RunRole } from './run-calls.js';

/** Every kind: a helper also reached from an action is left alone, so actions must be seen too. */
const ALL_KINDS: ReadonlySet<FunctionKind> = new Set(['query', 'mutation', 'action', 'httpAction']);
const ROLES: ReadonlySet<RunRole> = new Set(['runQuery', 'runMutation']);
/** Parameter types that say a helper may also run in an action, where `ctx.run*` is the only way in. */
const ACTION_CTX_TYPE = /\b(Generic)?ActionCtx\b/;
/** Members whose presence a helper tests (`"db" in ctx`) to tell an action's ctx from a query's. */
const RUNTIME_PROBES = new Set(['db', 'runAction', 'runQuery', 'runMutation', 'scheduler', 'vectorSearch']);

export interface RunInTransaction {
  run: ReachedRun;
  ref: FunctionReference;
}

/**
 * The `ctx.runQuery` / `ctx.runMutation` calls made only from queries and mutations (handlers,
 * builder inputs, helpers only they reach), to an `api.*` / `internal.*` function, outside the
 * documented exceptions (a caught `runMutation`: partial rollback; a helper written for actions too).
 */
export function runsInQueriesOrMutations(project: ConvexProject): RunInTransaction[] {
  return project.cached('runsInQueriesOrMutations', project, () => {
    const out: RunInTransaction[] = [];
    for (const run of runCallsReachedFrom(project, ALL_KINDS, ROLES)) {
      if (run.registrations.some((r) => r.kind === 'action' || r.kind === 'httpAction')) continue;
      if (mayRunInAction(run.holder)) continue;
      if (run.role === 'runMutation' && catchesErrors(run.node)) continue; // partial rollback: the documented exception
      const ref = referenceArgument(project, run.file, run.node.arguments[0]);
      if (!ref || ref.root === 'components') continue;
      out.push({ run, ref });
    }
    return out;
  });
}

/**
 * A helper written for actions as well: a parameter typed `ActionCtx` (alone or in a union), or
 * a body that probes its ctx to pick a path per runtime: `"db" in ctx`, `ctx.db === undefined`,
 * `typeof ctx.runQuery === "function"`, or a call to a type guard of the same file that does so
 * (`if (!hasDb(ctx)) return ctx.runQuery(…)`).
 */
function mayRunInAction(fn: FunctionNode): boolean {
  if (fn.parameters.some((p) => p.type && ACTION_CTX_TYPE.test(p.type.getText()))) return true;
  if (!fn.body) return false;
  if (probesRuntime(fn.body)) return true;
  let guarded = false;
  walk(fn.body, (node) => {
    if (guarded || !ts.isCallExpression(node) || !ts.isIdentifier(node.expression)) return;
    const guard = typeGuardNamed(node.getSourceFile(), node.expression.text);
    if (guard?.body && probesRuntime(guard.body)) guarded = true;
  });
  return guarded;
}

/** Whether `root` tests for one of ctx's runtime-specific members. */
function probesRuntime(root: ts.Node): boolean {
  let probes = false;
  const isProbe = (expr: ts.Expression): boolean => {
    const name = memberName(unwrap(expr));
    return name !== undefined && RUNTIME_PROBES.has(name);
  };
  walk(root, (node) => {
    if (probes) return;
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.InKeyword && ts.isStringLiteralLike(node.left) && RUNTIME_PROBES.has(node.left.text)) probes = true;
      const equality =
        op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        op === ts.SyntaxKind.EqualsEqualsToken ||
        op === ts.SyntaxKind.ExclamationEqualsToken;
      const isUndefined = (e: ts.Expression) => (ts.isIdentifier(e) && e.text === 'undefined') || e.kind === ts.SyntaxKind.NullKeyword;
      if (equality && ((isProbe(node.left) && isUndefined(node.right)) || (isProbe(node.right) && isUndefined(node.left)))) probes = true;
    } else if (ts.isTypeOfExpression(node) && isProbe(node.expression)) {
      probes = true;
    }
  });
  return probes;
}

/** A function declared at the top of `file` under `name` whose return type is a type predicate (`ctx is QueryCtx`). */
function typeGuardNamed(file: ts.SourceFile, name: string): ts.FunctionDeclaration | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.type && ts.isTypePredicateNode(statement.type)) {
      return statement;
    }
  }
  return undefined;
}

/**
 * `try { await ctx.runMutation(…) } catch …` or `ctx.runMutation(…).catch(…)`: a failing
 * sub-mutation rolls back only its own writes, which a plain helper cannot do.
 */
function catchesErrors(call: ts.CallExpression): boolean {
  let child: ts.Node = call;
  for (let node = call.parent; node && !isFunctionNode(node); child = node, node = node.parent) {
    if (ts.isTryStatement(node) && node.tryBlock === child && node.catchClause) return true;
    if (ts.isPropertyAccessExpression(node) && node.expression === child && memberName(node) === 'catch') return true;
  }
  return false;
}

