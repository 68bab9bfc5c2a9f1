import { ts } from '../../typescript.js';
import { isFunctionNode, memberName, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { bindingNames } from '../model/module-scope.js';
import type { CtxIndex } from '../semantics/ctx.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import type { ConvexProject } from '../semantics/project.js';
import { sameRuntimeRunActions } from '../semantics/run-action-runtimes.js';
import { calleeText, referenceArgument, runRole, type RunRole } from '../semantics/run-calls.js';
import { runHelperCall, type RunHelperCall } from '../semantics/run-helpers.js';
import { awaits, sequentialPairs, type SequentialPair } from '../semantics/sequential-pairs.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';

interface RunCall {
  /** The `ctx.run*` call, or the call of a helper that makes such calls. */
  call: ts.CallExpression;
  role: RunRole;
  /** Set when `call` is a helper's: what it runs. */
  via?: RunHelperCall;
}

/**
 * How a loop that awaits a `ctx.run*` call per iteration is judged:
 * `polling` waits between iterations (nothing to combine); `side-effects` does other awaited
 * work per item (the docs' exception: a write per side effect); `cursor` walks pages or repeats
 * until done (deliberate: more data than one transaction holds); `items` only reads/writes, and
 * each call is then judged by what it is handed: a batch (silent) or one item (reported).
 */
type LoopKind = 'polling' | 'side-effects' | 'cursor' | 'items';

/** Names that mark a `while`/`for (;;)` loop as walking pages of data on purpose. */
const CURSOR_WORDS = /cursor|isDone|paginat|hasMore/i;
/**
 * Names of a loop variable (or a `for` loop's header) that mark each iteration as a batch. Not
 * "chunk": in RAG apps that is a piece of a document, stored one per iteration.
 */
const BATCH_WORDS = /batch|^pages?$/i;
/** Calls that hand over part of a list: `ids.slice(i, i + 100)`, `chunk(ids, 100)`. */
const SLICE_CALLS = /^(slice|splice|chunk|chunks|chunkArray)$|batch/i;
/** Calls that cut a list into lists: `for (const b of chunk(ids, 100))` walks batches (`ids.slice(0, 10)` walks items). */
const CHUNK_CALLS = /^(chunk|chunks|chunkArray)$|batch/i;
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
    // A `runAction` to an action of the same runtime is unnecessary-run-action's: calling the
    // action's code as a plain function removes the call, in a loop or not.
    const sameRuntime = new Set<ts.Node>(sameRuntimeRunActions(project).map((r) => r.run.node));
    for (const reg of project.registrations) {
      // Test code (convex-test) drives functions one call at a time on purpose; it is not deployed.
      if (reg.kind !== 'action' || !reg.handler || seen.has(reg.handler) || isTestFile(reg.file)) continue;
      seen.add(reg.handler);
      // A `runAction` to an action of the other runtime (default ↔ `"use node"`) is what `runAction` is for;
      // one to the same runtime is reported by unnecessary-run-action.
      const leaveAlone = (call: ts.CallExpression): boolean => {
        if (sameRuntime.has(call)) return true;
        const ref = referenceArgument(project, reg.file, call.arguments[0]);
        const target = ref && ref.root !== 'components' ? project.registrationFor(ref) : undefined;
        return target?.kind === 'action' && target.file.useNode !== reg.file.useNode;
      };
      yield* checkHandler(project, reg.file, reg.handler, leaveAlone);
    }
  },
};

function* checkHandler(
  project: ConvexProject,
  file: SourceFile,
  handler: FunctionNode,
  leaveAlone: (call: ts.CallExpression) => boolean,
): Iterable<Report> {
  const index = project.ctx(file);
  const runs: RunsOf = (expression) => runCallOf(expression, index) ?? helperCallOf(project, file, index, expression);
  const reports: Report[] = [];
  // A call with a loop finding gets no "sequential" one: the loop finding says more.
  const inLoop = new Set<ts.CallExpression>();
  const pairs: SequentialPair<RunCall>[] = [];
  const kinds = new Map<ts.IterationStatement, LoopKind>();
  const stepOf = (statement: ts.Statement) => sequentialCandidate(statement, index);
  const readPairs = (fn: FunctionNode) => {
    if (fn.body && ts.isBlock(fn.body)) pairs.push(...sequentialPairs(fn.body, stepOf));
  };
  readPairs(handler);
  walk(handler, (node) => {
    if (isFunctionNode(node)) readPairs(node);
    if (!ts.isAwaitExpression(node)) return;
    const run = runs(node.expression);
    const loop = run && enclosingLoop(node);
    if (!run || !loop) return;
    // One call per item into the other runtime cannot be folded into a helper here, and one into
    // the same runtime is unnecessary-run-action's: nothing to report.
    if (run.role === 'runAction' && leaveAlone(run.call)) return;
    let kind = kinds.get(loop);
    if (!kind) kinds.set(loop, (kind = loopKind(loop, runs)));
    // A cursor/batch loop is one transaction per page by design: nothing to report, and the
    // read-then-write pairs inside it are that design too.
    if (run.role !== 'runAction' && (kind === 'cursor' || (kind === 'items' && receivesBatch(loop, run.call)))) {
      inLoop.add(run.call);
      return;
    }
    const report = loopReport(file, run, kind);
    if (!report) return;
    inLoop.add(run.call);
    reports.push(report);
  });
  for (const { previous, step } of pairs) if (!inLoop.has(step.call)) reports.push(sequentialReport(file, previous, step));
  reports.sort((a, b) => a.node.pos - b.node.pos);
  yield* reports;
}

/** The run call (or run-only helper call) an awaited expression is. */
type RunsOf = (expression: ts.Expression) => RunCall | undefined;

/** `await saveItem(ctx, item)`: a project helper handed ctx that only runs queries/mutations. */
function helperCallOf(project: ConvexProject, file: SourceFile, index: CtxIndex, expression: ts.Expression): RunCall | undefined {
  const expr = unwrap(expression);
  if (!ts.isCallExpression(expr)) return undefined;
  const helper = runHelperCall(project, file, index, expr);
  return helper && { call: expr, role: helper.role, via: helper };
}

/** `ctx.runQuery(…)` / `runMutation(…)` (destructured) / … — the call, when its callee is a ctx run method. */
function runCallOf(expression: ts.Expression, index: CtxIndex): RunCall | undefined {
  const expr = unwrap(expression);
  if (!ts.isCallExpression(expr)) return undefined;
  const role = runRole(index, expr);
  return role && { call: expr, role };
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
  if (!run || run.role === 'runAction' || run.call.arguments.some(awaits)) return undefined;
  return run;
}

/** The loop whose body runs `node` once per iteration, within the same function. */
function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isFunctionNode(parent)) return undefined; // a callback: runs when called, not per iteration here
    if (ts.isIterationStatement(parent, false) && parent.statement === child) return parent;
  }
  return undefined;
}

function loopKind(loop: ts.IterationStatement, runs: RunsOf): LoopKind {
  if (mentions(loop.statement, WAIT_WORDS)) return 'polling';
  if (hasOtherAwaitedWork(loop, runs)) return 'side-effects';
  return advancesCursor(loop, runs) ? 'cursor' : 'items';
}

/**
 * A loop that walks pages: it moves a cursor forward (`cursor = page.continueCursor`), or, for a
 * loop that does not walk a list of its own (`while`, `do`, `for (;;)`), mentions a cursor or
 * repeats until a `run*` result says done. A `for … of` walks its list: `for (const doc of
 * results.page)` inside a pagination loop is a loop over one page's items.
 */
function advancesCursor(loop: ts.IterationStatement, runs: RunsOf): boolean {
  if (assignsTo(loop.statement, (name) => CURSOR_WORDS.test(name))) return true;
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return false;
  if ([loop.statement, ...loopHeader(loop)].some((part) => mentions(part, CURSOR_WORDS))) return true;
  const condition = ts.isForStatement(loop) ? loop.condition : (loop as ts.WhileStatement | ts.DoStatement).expression;
  // `while (true)` / `for (;;)`: repeats until a result says done.
  if (!condition || condition.kind === ts.SyntaxKind.TrueKeyword) return true;
  // `while (!done) { done = await ctx.runMutation(…) }`: the result decides whether to go on.
  const results = runResultNames(loop.statement, runs);
  return mentions(condition, (name) => results.has(name));
}

/**
 * Whether a call in an item loop is handed a batch rather than one item: a slice of a list
 * (`ids.slice(i, i + 100)`, `chunk(ids, 100)`), the loop variable of a `for … of` named as a
 * batch or page, or an element of a list chunked beforehand (`for (const batch of chunks(ids))`).
 * A `for` loop stepping by a batch size (`i += batchSize`) hands over a batch unless the call
 * takes one element (`ids[i]`).
 */
function receivesBatch(loop: ts.IterationStatement, call: ts.CallExpression): boolean {
  const header = new Set<string>();
  const walked = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? [loop.expression] : loopHeader(loop);
  for (const part of walked) if (part) collectIdentifiers(part, header);
  if (call.arguments.some((arg) => slicesLoopList(arg, header))) return true;
  if (ts.isForOfStatement(loop)) {
    const names = ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations.flatMap((d) => bindingNames(d.name)) : [];
    const iterable = unwrap(loop.expression);
    return names.some((name) => BATCH_WORDS.test(name)) || (ts.isCallExpression(iterable) && CHUNK_CALLS.test(memberName(unwrap(iterable.expression)) ?? calleeName(iterable)));
  }
  if (ts.isForInStatement(loop)) return false;
  if (!loopHeader(loop).some((part) => mentions(part, BATCH_WORDS))) return false;
  return !call.arguments.some((arg) => contains(arg, ts.isElementAccessExpression));
}

/**
 * A slice of what the loop walks: `ids.slice(i, i + 100)` with `i` from a `for` header,
 * `ids.splice(0, 100)` in `while (ids.length)`. A slice of anything else (`m.text.slice(0, 500)`,
 * trimming one item's text) hands over no batch.
 */
function slicesLoopList(node: ts.Node, header: ReadonlySet<string>): boolean {
  if (isFunctionNode(node)) return false;
  if (ts.isCallExpression(node) && SLICE_CALLS.test(memberName(unwrap(node.expression)) ?? calleeName(node))) {
    const names = new Set<string>();
    collectIdentifiers(node, names);
    if ([...names].some((name) => header.has(name))) return true;
  }
  return ts.forEachChild(node, (child) => slicesLoopList(child, header) || undefined) === true;
}

function calleeName(call: ts.CallExpression): string {
  const callee = unwrap(call.expression);
  return ts.isIdentifier(callee) ? callee.text : '';
}

function contains(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  if (test(node)) return true;
  if (isFunctionNode(node)) return false;
  return ts.forEachChild(node, (child) => contains(child, test) || undefined) === true;
}

function loopHeader(loop: ts.IterationStatement): (ts.Node | undefined)[] {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return [loop.initializer, loop.expression];
  if (ts.isForStatement(loop)) return [loop.initializer, loop.condition, loop.incrementor];
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return [loop.expression];
  return [];
}

/** An `await` of anything but `runQuery`/`runMutation` (or a helper making only those) in the loop's own body, or a `for await`. */
function hasOtherAwaitedWork(loop: ts.IterationStatement, runs: RunsOf): boolean {
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return true;
  const visit = (node: ts.Node): boolean => {
    if (isFunctionNode(node)) return false;
    if (ts.isForOfStatement(node) && node.awaitModifier) return true;
    if (ts.isAwaitExpression(node)) {
      const run = runs(node.expression);
      if (!run || run.role === 'runAction') return true;
    }
    return ts.forEachChild(node, visit) === true;
  };
  return visit(loop.statement);
}

/** Whether `body` assigns a name `matches` accepts (`cursor = …`, `({ continueCursor: cursor } = page)`, `cursor++`). */
function assignsTo(body: ts.Node, matches: (name: string) => boolean): boolean {
  return contains(body, (node) => {
    if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) return assignedNames(node.left).some(matches);
    return false;
  });
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** The names an assignment target writes: `a`, `this.a`, `[a, b]`, `{ k: a }`. */
function assignedNames(target: ts.Expression): string[] {
  const t = unwrap(target);
  if (ts.isIdentifier(t)) return [t.text];
  if (ts.isPropertyAccessExpression(t)) return [t.name.text];
  if (ts.isArrayLiteralExpression(t)) return t.elements.flatMap((e) => assignedNames(ts.isSpreadElement(e) ? e.expression : e));
  if (ts.isObjectLiteralExpression(t)) {
    return t.properties.flatMap((p) => {
      if (ts.isPropertyAssignment(p)) return assignedNames(p.initializer);
      if (ts.isShorthandPropertyAssignment(p)) return [p.name.text];
      if (ts.isSpreadAssignment(p)) return assignedNames(p.expression);
      return [];
    });
  }
  return [];
}

/** Names assigned the awaited result of a `ctx.run*` call (or a run-only helper) in `body`. */
function runResultNames(body: ts.Node, runs: RunsOf): Set<string> {
  const names = new Set<string>();
  const isRunResult = (expr: ts.Expression | undefined): boolean => {
    const e = expr && unwrap(expr);
    return !!e && ts.isAwaitExpression(e) && runs(e.expression) !== undefined;
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
  // A write per external side effect is the documented exception; cursor and batch loops are handled by the caller.
  if (kind !== 'items') return undefined;
  const what = run.via
    ? `\`${calleeText(run.call, file)}(…)\` awaited in a loop runs \`${describeCall(run.via.helper.file, run.via.run)}\``
    : `\`${call}\` awaited in a loop`;
  return {
    file,
    node: run.call.expression,
    message: `${what}: one transaction per iteration`,
    detail:
      'Each `ctx.runQuery` / `ctx.runMutation` runs in its own transaction, so the iterations are not consistent with each ' +
      'other (other writes can land in between, and a failure leaves the work half done), and each call adds overhead. ' +
      'Pass the whole list to one internal mutation (or query) and loop inside it.',
  };
}

function sequentialReport(file: SourceFile, previous: RunCall[], run: RunCall): Report {
  // After an `if`/`switch`, each branch may end with a different call: name each once.
  const before = [...new Set(previous.map((p) => `\`${describeCall(file, p.call)}\``))].join(' or ');
  return {
    file,
    node: run.call.expression,
    message: `\`${describeCall(file, run.call)}\` right after ${before}: two separate transactions`,
    detail:
      'Each `ctx.runQuery` / `ctx.runMutation` runs in its own transaction, so what these calls read and write is not ' +
      'consistent with each other: another mutation can commit between them. Combine them into one internal query or ' +
      'mutation and call it once.',
  };
}

/** `ctx.runQuery(internal.teams.get)`: the callee and the function reference when it is a short name. */
function describeCall(file: SourceFile, call: ts.CallExpression): string {
  const callee = calleeText(call, file);
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  const ref = first && isNameChain(first) ? first.getText(file.ast).replace(/\s+/g, '') : undefined;
  return ref && ref.length <= 60 ? `${callee}(${ref})` : `${callee}(…)`;
}

/** `internal.teams.get`, `fnRef`: identifiers joined by dots. */
function isNameChain(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr)) return true;
  return ts.isPropertyAccessExpression(expr) && isNameChain(expr.expression);
}
