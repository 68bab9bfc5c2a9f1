import { ts } from '../../typescript.js';
import { isFunctionNode, unwrap, walk } from '../model/ast.js';
import { RUN_ROLES, type CtxIndex } from '../semantics/ctx.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import { referenceArgument } from '../semantics/run-calls.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';

type RunRole = 'runQuery' | 'runMutation' | 'runAction';

interface RunCall {
  call: ts.CallExpression;
  role: RunRole;
}

/**
 * How a loop that awaits a `ctx.run*` call per iteration is judged:
 * `polling` waits between iterations (nothing to combine); `side-effects` does other awaited
 * work per item (the docs' exception: a write per side effect); `batch` walks pages or repeats
 * until done (deliberate: more data than one transaction holds); `per-item` only reads/writes.
 */
type LoopKind = 'polling' | 'side-effects' | 'batch' | 'per-item';

/** Names in a loop (header or body) that mark it as walking pages of data on purpose. */
const CURSOR_WORDS = /cursor|isDone|paginat|hasMore/i;
/**
 * Names in a loop's header that mark it as walking batches on purpose. Not "chunk": in RAG
 * apps that is a piece of a document, stored one per iteration.
 */
const BATCH_WORDS = /batch|^pages?$/i;
/** Calls that make a loop wait between iterations: a poll, not a per-item write. */
const WAIT_WORDS = /^(setTimeout|delay|wait)$|sleep/i;

const DOCS = `${BEST_PRACTICES}#avoid-sequential-ctxrunmutation--ctxrunquery-calls-from-actions`;

/**
 * In actions: back-to-back awaited `ctx.runQuery` / `ctx.runMutation` calls, and `ctx.run*`
 * awaited once per loop iteration. Each call is its own transaction.
 */
export const sequentialRunInAction: Rule = {
  id: 'sequential-run-in-action',
  title: 'Sequential ctx.run* calls in an action',
  description: 'An action that runs several queries/mutations one after another (or one per loop iteration) instead of one transaction.',
  severity: 'warning',
  docsUrl: DOCS,
  category: 'reliability',
  concerns: ['performance', 'reliability'],
  *check(project) {
    const seen = new Set<ts.Node>();
    for (const reg of project.registrations) {
      // Test code (convex-test) drives functions one call at a time on purpose; it is not deployed.
      if (reg.kind !== 'action' || !reg.handler || seen.has(reg.handler) || isTestFile(reg.file)) continue;
      seen.add(reg.handler);
      // A `runAction` to an action of the other runtime (default ↔ `"use node"`) is what `runAction` is for.
      const crossesRuntime = (call: ts.CallExpression): boolean => {
        const ref = referenceArgument(project, reg.file, call.arguments[0]);
        const target = ref && ref.root !== 'components' ? project.registrationFor(ref) : undefined;
        return target?.kind === 'action' && target.file.useNode !== reg.file.useNode;
      };
      yield* checkHandler(reg.file, reg.handler, project.ctx(reg.file), crossesRuntime);
    }
  },
};

function* checkHandler(
  file: SourceFile,
  handler: ts.Node,
  index: CtxIndex,
  crossesRuntime: (call: ts.CallExpression) => boolean,
): Iterable<Report> {
  const reports: Report[] = [];
  // A call with a loop finding gets no "sequential" one: the loop finding says more.
  const inLoop = new Set<ts.CallExpression>();
  const pairs: [previous: RunCall, run: RunCall][] = [];
  const kinds = new Map<ts.IterationStatement, LoopKind>();
  walk(handler, (node) => {
    const statements = statementsOf(node);
    if (statements) pairs.push(...sequentialPairs(statements, index));
    if (!ts.isAwaitExpression(node)) return;
    const run = runCallOf(node.expression, index);
    const loop = run && enclosingLoop(node);
    if (!run || !loop) return;
    // One call per item into the other runtime cannot be folded into a helper here: nothing to report.
    if (run.role === 'runAction' && crossesRuntime(run.call)) return;
    let kind = kinds.get(loop);
    if (!kind) kinds.set(loop, (kind = loopKind(loop, index)));
    // A cursor/batch loop is one transaction per page by design: nothing to report, and the
    // read-then-write pairs inside it are that design too.
    if (kind === 'batch' && run.role !== 'runAction') {
      inLoop.add(run.call);
      return;
    }
    const report = loopReport(file, run, kind);
    if (!report) return;
    inLoop.add(run.call);
    reports.push(report);
  });
  for (const [previous, run] of pairs) if (!inLoop.has(run.call)) reports.push(sequentialReport(file, previous, run));
  reports.sort((a, b) => a.node.pos - b.node.pos);
  yield* reports;
}

/** Each statement awaiting a run call right after another one: `[previous, run]`. */
function sequentialPairs(statements: readonly ts.Statement[], index: CtxIndex): [RunCall, RunCall][] {
  const pairs: [RunCall, RunCall][] = [];
  let previous: RunCall | undefined;
  for (const statement of statements) {
    const run = sequentialCandidate(statement, index);
    if (run && previous) pairs.push([previous, run]);
    previous = run;
  }
  return pairs;
}

function statementsOf(node: ts.Node): ts.NodeArray<ts.Statement> | undefined {
  if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) return node.statements;
  return undefined;
}

/** `ctx.runQuery(…)` / `runMutation(…)` (destructured) / … — the call, when its callee is a ctx run method. */
function runCallOf(expression: ts.Expression, index: CtxIndex): RunCall | undefined {
  const expr = unwrap(expression);
  if (!ts.isCallExpression(expr)) return undefined;
  const role = index.roleOf(expr.expression);
  return role && RUN_ROLES.has(role) ? { call: expr, role: role as RunRole } : undefined;
}

/**
 * A statement that does nothing but await one `runQuery`/`runMutation`: `await ctx.runQuery(…)`,
 * `const x = await …`, `x = await …`, `return await …`. An `await` in its arguments is other
 * work between the calls, so such a statement breaks the run.
 */
function sequentialCandidate(statement: ts.Statement, index: CtxIndex): RunCall | undefined {
  let expr: ts.Expression | undefined;
  if (ts.isExpressionStatement(statement)) {
    const e = unwrap(statement.expression);
    expr = ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken ? e.right : e;
  } else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    expr = statement.declarationList.declarations[0].initializer;
  } else if (ts.isReturnStatement(statement)) {
    expr = statement.expression;
  }
  if (!expr) return undefined;
  const awaited = unwrap(expr);
  if (!ts.isAwaitExpression(awaited)) return undefined;
  const run = runCallOf(awaited.expression, index);
  if (!run || run.role === 'runAction' || run.call.arguments.some(containsAwait)) return undefined;
  return run;
}

function containsAwait(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node)) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, containsAwait) === true;
}

/** The loop whose body runs `node` once per iteration, within the same function. */
function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) return undefined; // a callback: runs when called, not per iteration here
    if (ts.isIterationStatement(parent, false) && parent.statement === child) return parent;
  }
  return undefined;
}

function loopKind(loop: ts.IterationStatement, index: CtxIndex): LoopKind {
  if (mentions(loop.statement, WAIT_WORDS)) return 'polling';
  if (hasOtherAwaitedWork(loop, index)) return 'side-effects';
  const header = loopHeader(loop);
  if ([loop.statement, ...header].some((part) => mentions(part, CURSOR_WORDS))) return 'batch';
  if (header.some((part) => mentions(part, BATCH_WORDS))) return 'batch';
  // `while (true)` / `for (;;)`: repeats until a result says done.
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop) || ts.isForStatement(loop)) {
    const condition = ts.isForStatement(loop) ? loop.condition : loop.expression;
    if (!condition || condition.kind === ts.SyntaxKind.TrueKeyword) return 'batch';
    // `while (!done) { done = await ctx.runMutation(…) }`: the result decides whether to go on.
    const results = runResultNames(loop.statement, index);
    if (mentions(condition, (name) => results.has(name))) return 'batch';
  }
  return 'per-item';
}

function loopHeader(loop: ts.IterationStatement): (ts.Node | undefined)[] {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return [loop.initializer, loop.expression];
  if (ts.isForStatement(loop)) return [loop.initializer, loop.condition, loop.incrementor];
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.expression];
  return [];
}

/** An `await` of anything but `runQuery`/`runMutation` in the loop's own body, or a `for await`. */
function hasOtherAwaitedWork(loop: ts.IterationStatement, index: CtxIndex): boolean {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return true;
  const visit = (node: ts.Node): boolean => {
    if (isFunctionNode(node)) return false;
    if (ts.isForOfStatement(node) && node.awaitModifier) return true;
    if (ts.isAwaitExpression(node)) {
      const run = runCallOf(node.expression, index);
      if (!run || run.role === 'runAction') return true;
    }
    return ts.forEachChild(node, visit) === true;
  };
  return visit(loop.statement);
}

/** Names assigned the awaited result of a `ctx.run*` call in `body`. */
function runResultNames(body: ts.Node, index: CtxIndex): Set<string> {
  const names = new Set<string>();
  const isRunResult = (expr: ts.Expression | undefined): boolean => {
    const e = expr && unwrap(expr);
    return !!e && ts.isAwaitExpression(e) && runCallOf(e.expression, index) !== undefined;
  };
  walk(body, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isRunResult(node.right)) {
      collectIdentifiers(node.left, names);
    } else if (ts.isVariableDeclaration(node) && isRunResult(node.initializer)) {
      collectIdentifiers(node.name, names);
    }
  });
  return names;
}

function collectIdentifiers(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => collectIdentifiers(child, into));
}

/**
 * Whether a name matching `words` appears in `node`: identifiers and property accesses, not the
 * keys of object literals (`{ cursor: null }` passes a constant, it does not walk pages).
 */
function mentions(node: ts.Node | undefined, words: RegExp | ((name: string) => boolean)): boolean {
  if (!node) return false;
  const matches = typeof words === 'function' ? words : (name: string) => words.test(name);
  const isKey = !!node.parent && ts.isPropertyAssignment(node.parent) && node.parent.name === node;
  if (ts.isIdentifier(node) && !isKey && matches(node.text)) return true;
  return ts.forEachChild(node, (child) => mentions(child, matches) || undefined) === true;
}

function loopReport(file: SourceFile, run: RunCall, kind: LoopKind): Report | undefined {
  if (kind === 'polling') return undefined;
  const call = describeCall(file, run.call);
  if (run.role === 'runAction') {
    return {
      file,
      node: run.call.expression,
      severity: 'info',
      message: `\`${call}\` awaited in a loop: one action call per iteration`,
      detail:
        'Each `ctx.runAction` is a separate function call with its own overhead, made one after another here. ' +
        'If the work can run in this runtime, call a plain TypeScript helper instead; otherwise consider running the calls in parallel.',
    };
  }
  // A write per external side effect is the documented exception; a batch loop is handled by the caller.
  if (kind === 'side-effects' || kind === 'batch') return undefined;
  return {
    file,
    node: run.call.expression,
    message: `\`${call}\` awaited in a loop: one transaction per iteration`,
    detail:
      'Each `ctx.runQuery` / `ctx.runMutation` runs in its own transaction, so the iterations are not consistent with each ' +
      'other (other writes can land in between, and a failure leaves the work half done), and each call adds overhead. ' +
      'Pass the whole list to one internal mutation (or query) and loop inside it.',
  };
}

function sequentialReport(file: SourceFile, previous: RunCall, run: RunCall): Report {
  return {
    file,
    node: run.call.expression,
    message: `\`${describeCall(file, run.call)}\` right after \`${describeCall(file, previous.call)}\`: two separate transactions`,
    detail:
      'Each `ctx.runQuery` / `ctx.runMutation` runs in its own transaction, so what these calls read and write is not ' +
      'consistent with each other: another mutation can commit between them. Combine them into one internal query or ' +
      'mutation and call it once.',
  };
}

/** `ctx.runQuery(internal.teams.get)`: the callee and the function reference when it is a short name. */
function describeCall(file: SourceFile, call: ts.CallExpression): string {
  const callee = compact(call.expression.getText(file.ast));
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  const ref = first && isNameChain(first) ? compact(first.getText(file.ast)) : undefined;
  return ref && ref.length <= 60 ? `${callee}(${ref})` : `${callee}(…)`;
}

/** `internal.teams.get`, `fnRef`: identifiers joined by dots. */
function isNameChain(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr)) return true;
  return ts.isPropertyAccessExpression(expr) && isNameChain(expr.expression);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}
