import { ts } from '../../typescript.js';
import { isFunctionNode, memberName, walk, type FunctionNode } from '../model/ast.js';
import type { ConvexProject } from '../semantics/project.js';
import { describeReach } from '../semantics/reached-from.js';
import type { FunctionReference } from '../semantics/references.js';
import type { FunctionKind } from '../model/registrars.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import { calleeText, referenceArgument, referenceName, runCallsReachedFrom, type ReachedRun, type RunRole } from '../semantics/run-calls.js';

/** Every kind: a helper also reached from an action is left alone, so actions must be seen too. */
const ALL_KINDS: ReadonlySet<FunctionKind> = new Set(['query', 'mutation', 'action', 'httpAction']);
const ROLES: ReadonlySet<RunRole> = new Set(['runQuery', 'runMutation']);
/** Parameter types that say a helper may also run in an action, where `ctx.run*` is the only way in. */
const ACTION_CTX_TYPE = /\b(Generic)?ActionCtx\b/;
/** Members whose presence a helper tests (`"db" in ctx`) to tell an action's ctx from a query's. */
const RUNTIME_PROBES = new Set(['db', 'runAction', 'runQuery', 'runMutation', 'scheduler', 'vectorSearch']);

/**
 * `ctx.runQuery` / `ctx.runMutation` inside a query or mutation (its handler, a builder's input,
 * or a helper only queries and mutations reach), calling one of the app's own functions.
 * Components are exempt: they can only be called that way.
 */
export const runInQueryOrMutation: Rule = {
  id: 'run-in-query-or-mutation',
  title: 'ctx.run* inside a query or mutation',
  description: 'A query or mutation that calls another app function with `ctx.runQuery` / `ctx.runMutation` instead of a plain helper.',
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#use-ctxrunquery-and-ctxrunmutation-sparingly-in-queries-and-mutations`,
  category: 'performance',
  concerns: ['performance'],
  *check(project) {
    for (const run of runCallsReachedFrom(project, ALL_KINDS, ROLES)) {
      if (run.registrations.some((r) => r.kind === 'action' || r.kind === 'httpAction')) continue;
      if (mayRunInAction(run.holder)) continue;
      if (run.role === 'runMutation' && catchesErrors(run.node)) continue; // partial rollback: the documented exception
      const ref = referenceArgument(project, run.file, run.node.arguments[0]);
      if (!ref || ref.root === 'components') continue;
      yield report(project, run, ref);
    }
  },
};

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
    const name = memberName(unwrapParens(expr));
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

function unwrapParens(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
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

function report(project: ConvexProject, run: ReachedRun, ref: FunctionReference): Report {
  const target = project.registrationFor(ref);
  const call = `\`${calleeText(run.node, run.file)}(${referenceName(ref)})\``;
  if (target && run.registrations.every((r) => r === target)) return selfCallReport(run, call);
  const targetKind = target?.kind === 'query' || target?.kind === 'mutation' ? target.kind : run.role === 'runQuery' ? 'query' : 'mutation';
  return {
    file: run.file,
    node: run.node.expression,
    message: `${call} ${describeReach(run)}: call the ${targetKind}'s code as a plain TypeScript helper`,
    detail:
      `Inside a query or mutation, \`ctx.${run.role}\` runs the other function in the same transaction, but as a separate ` +
      'function call: its arguments and return value are validated and serialized and it gets a fresh JavaScript context, ' +
      'all overhead for no gain. Move the body of the called function into a helper that takes `ctx` (e.g. in ' +
      '`convex/model/…`) and call it from both places.\n\n' +
      "Keep `ctx.runMutation` where you want partial rollback (when its error is caught, only the sub-mutation's writes " +
      'are undone), and for calls into components, which can only be called this way.',
  };
}

/**
 * A function calling itself (`generateInvoices` running `internal.…generateInvoices` for the next
 * page): every round joins the same transaction, so the batching buys nothing.
 */
function selfCallReport(run: ReachedRun, call: string): Report {
  return {
    file: run.file,
    node: run.node.expression,
    message: `${call} ${describeReach(run)} calls itself in the same transaction: schedule the next round with \`ctx.scheduler.runAfter(0, …)\``,
    detail:
      `\`ctx.${run.role}\` inside a query or mutation joins the caller's transaction, so a function that calls itself to ` +
      'process the next page or batch does all rounds in one transaction: it reads and writes as much as doing everything ' +
      'at once, and fails on the transaction limits the batching was meant to avoid. To give each round its own ' +
      'transaction, schedule it: `await ctx.scheduler.runAfter(0, internal.…, { cursor })`.',
  };
}
