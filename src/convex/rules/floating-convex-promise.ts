import { ts } from '../../typescript.js';
import { isAsync, isFunctionNode, memberName, memberNameNode, memberObject, unwrap, type FunctionNode } from '../model/ast.js';
import type { FunctionAt } from '../semantics/call-graph.js';
import { RUN_ROLES, type CtxIndex } from '../semantics/ctx.js';
import { dbQueryChains, QUERY_TERMINALS } from '../semantics/db.js';
import { findLocalDeclaration, isConstDeclaration, localDeclarationOf, readsOf } from '../model/local-bindings.js';
import type { ConvexProject } from '../semantics/project.js';
import { BEST_PRACTICES, type Report, type Rule, type TextEdit } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

const DB_METHODS = new Set(['get', 'insert', 'patch', 'replace', 'delete']);
const SCHEDULER_METHODS = new Set(['runAfter', 'runAt', 'cancel']);
const STORAGE_METHODS = new Set(['store', 'delete', 'getUrl', 'generateUploadUrl', 'get', 'getMetadata']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);
const COMBINATORS = new Set(['all', 'allSettled']);

/**
 * A call that returns a Convex promise (`ctx.db.insert(…)`, `ctx.scheduler.runAfter(…)`,
 * `pool.enqueueAction(ctx, …)`, …), or a Convex method handed over to be called (`ctx.db.delete`).
 */
interface ConvexCall {
  /** How the call reads in a message, e.g. `ctx.db.insert(…)`. */
  label: string;
  /** Where a finding about it points: a node starting where the call starts. */
  head: ts.Node;
}

/** A floating expression built from Convex promises. */
type Floating =
  | { kind: 'call'; convex: ConvexCall }
  /** `p.then(…)` / `.catch(…)` / `.finally(…)` on a Convex promise. */
  | { kind: 'chain'; convex: ConvexCall }
  /** `Promise.all([…])` / `Promise.all(xs.map(async …))` of Convex promises. */
  | { kind: 'all'; convex: ConvexCall; callee: ts.Expression }
  /** `xs.map(async (x) => { await ctx.db.insert(…) })`: an array of promises, not a promise. */
  | { kind: 'map'; convex: ConvexCall; callee: ts.Expression };

/** Un-awaited Convex promises: writes, schedules, `ctx.run*`, storage and component calls left floating. */
export const floatingConvexPromise: Rule = {
  id: 'floating-convex-promise',
  title: 'Un-awaited Convex promise',
  description: 'A Convex database, scheduler, `ctx.run*`, storage or component call whose promise is never awaited.',
  severity: 'error',
  docsUrl: `${BEST_PRACTICES}#await-all-promises`,
  category: 'correctness',
  concerns: ['correctness', 'reliability'],
  fixable: true,
  *check(project) {
    for (const file of project.files) {
      const analysis = FileAnalysis.of(project, file);
      const index = project.index(file);
      const reports: Report[] = [
        ...index.expressionStatements.flatMap((node) => analysis.statement(node)),
        ...index.variableDeclarations.flatMap((node) => analysis.unusedVariable(node)),
      ];
      reports.sort((a, b) => a.node.pos - b.node.pos);
      yield* reports;
    }
  },
};

/** Functions whose promise is being worked out: a cycle through callbacks stops there. */
const PROMISED_BY_IN_PROGRESS = new Set<FunctionNode>();

const WHY =
  'A Convex function does not wait for promises it leaves floating: when it returns, a write, schedule or call that has not ' +
  'finished may be dropped or run out of order, and its errors are never reported.';

class FileAnalysis {
  private readonly roles: CtxIndex;
  /** Query-chain terminals (`.collect()`, `.first()`, …) of `db.query(…)` chains, with the query call. */
  private readonly terminals = new Map<ts.CallExpression, ts.CallExpression>();
  private readonly componentRoots: ReadonlySet<ts.Node>;

  constructor(
    private readonly project: ConvexProject,
    private readonly file: SourceFile,
  ) {
    this.roles = project.ctx(file);
    for (const chain of dbQueryChains(project, file)) {
      for (const step of chain.steps) if (QUERY_TERMINALS.has(step.name)) this.terminals.set(step.call, chain.queryCall);
    }
    this.componentRoots = project.cached('componentRoots', project, () => new Set(project.references.filter((r) => r.root === 'components').map((r) => r.rootNode)));
  }

  /** An expression statement that leaves a Convex promise floating. */
  statement(stmt: ts.ExpressionStatement): Report[] {
    const expr = unwrap(stmt.expression);
    if (ts.isVoidExpression(expr)) {
      const floating = this.floating(expr.expression);
      if (!floating) return [];
      const edit = this.canAwait(stmt) ? { start: expr.getStart(this.file.ast), end: expr.expression.getStart(this.file.ast), newText: 'await ' } : undefined;
      return [this.report(floating, `${describe(floating)} is discarded with \`void\`, not awaited`, edit)];
    }
    const forEach = this.forEachOfConvex(expr);
    if (forEach) {
      return [
        {
          file: this.file,
          node: memberNameNode(forEach.callee),
          message: `\`forEach\` discards the promises of \`${forEach.convex.label}\``,
          detail: `${WHY} \`forEach\` ignores what its callback returns, so nothing waits for these calls. Use \`for (const x of xs) { await … }\`, or \`await Promise.all(xs.map(async (x) => …))\` to run them concurrently.`,
        },
      ];
    }
    const floating = this.floating(expr);
    if (floating) {
      const plain = floating.kind !== 'map' && this.canAwait(stmt);
      return [this.report(floating, `${describe(floating)} is not awaited`, plain ? { start: stmt.expression.getStart(this.file.ast), end: stmt.expression.getStart(this.file.ast), newText: 'await ' } : undefined)];
    }
    const helper = this.helperCall(expr);
    if (helper) {
      const name = `\`${this.text(helper.callee)}(${(expr as ts.CallExpression).arguments.length > 0 ? '…' : ''})\``;
      const fix = this.canAwait(stmt) ? { start: stmt.expression.getStart(this.file.ast), end: stmt.expression.getStart(this.file.ast), newText: 'await ' } : undefined;
      return [
        {
          file: this.file,
          node: helper.callee,
          message: `${name} is not awaited, and it ${helper.how} \`${helper.convex.label}\``,
          detail: `${WHY} Calling ${name} starts that work and returns its promise. ${fix ? 'Add `await`.' : 'Add `await` (in an `async` function), or return the promise to a caller that awaits it.'}`,
          ...(fix ? { fix } : {}),
        },
      ];
    }
    // `cond && ctx.db.patch(…)`, `cond ? ctx.db.insert(…) : ctx.db.patch(…)`: floating too, but no one-token fix.
    return this.branches(expr).flatMap((branch) => {
      const f = this.floating(branch);
      return f ? [this.report(f, `${describe(f)} is not awaited`, undefined)] : [];
    });
  }

  /** `const p = ctx.db.insert(…)` with `p` never read again. Any read counts as handling it. */
  unusedVariable(decl: ts.VariableDeclaration): Report[] {
    if (!decl.initializer || !ts.isIdentifier(decl.name)) return [];
    const floating = this.floating(decl.initializer);
    if (!floating || readsOf(decl).length > 0) return [];
    return [this.report(floating, `${describe(floating)} is stored in \`${decl.name.text}\` and never awaited`, undefined)];
  }

  private report(floating: Floating, message: string, fix: TextEdit | undefined): Report {
    const node = floating.kind === 'all' ? floating.callee : floating.kind === 'map' ? memberNameNode(floating.callee) : floating.convex.head;
    const how =
      floating.kind === 'map'
        ? '`map` returns an array of promises, not a promise: wrap it in `await Promise.all(…)`.'
        : fix
          ? 'Add `await`.'
          : 'Add `await` (in an `async` function), or return the promise to a caller that awaits it.';
    return { file: this.file, node, message, detail: `${WHY} ${how}`, ...(fix ? { fix } : {}) };
  }

  /** The enclosing function is async, so `await` can go right in front of the statement's expression. */
  private canAwait(stmt: ts.Statement): boolean {
    for (let node: ts.Node | undefined = stmt.parent; node; node = node.parent) {
      if (ts.isFunctionLike(node)) return isFunctionNode(node) && isAsync(node);
      if (ts.isClassStaticBlockDeclaration(node)) return false;
    }
    return false;
  }

  /** The Convex promise an expression denotes, directly or through `.then`, `Promise.all` or `map`. */
  private floating(expression: ts.Expression): Floating | undefined {
    const expr = unwrap(expression);
    if (!ts.isCallExpression(expr)) return undefined;
    const convex = this.convexCall(expr);
    if (convex) return { kind: 'call', convex };
    const callee = unwrap(expr.expression);
    const method = memberName(callee);
    const object = memberObject(callee);
    if (!method || !object) return undefined;
    if (CHAIN_METHODS.has(method)) {
      const inner = this.floating(object);
      return inner ? { kind: 'chain', convex: inner.convex } : undefined;
    }
    if (COMBINATORS.has(method) && isPromiseGlobal(object)) {
      const convex = this.combinedCall(expr.arguments[0]);
      return convex ? { kind: 'all', convex, callee } : undefined;
    }
    if (method === 'map') {
      const convex = this.callbackCall(expr.arguments[0]);
      return convex ? { kind: 'map', convex, callee } : undefined;
    }
    return undefined;
  }

  /** `Promise.all([a, …b])` or `Promise.all(xs.map(…))`: the first Convex call among its inputs. */
  private combinedCall(arg: ts.Expression | undefined): ConvexCall | undefined {
    if (!arg) return undefined;
    const list = unwrap(arg);
    const inputs = ts.isArrayLiteralExpression(list) ? list.elements.map((e) => (ts.isSpreadElement(e) ? e.expression : e)) : [list];
    for (const input of inputs) {
      const found = this.floating(input);
      if (found) return found.convex;
    }
    return undefined;
  }

  /** `xs.forEach(cb)` whose callback produces Convex promises. */
  private forEachOfConvex(expr: ts.Expression): { callee: ts.Expression; convex: ConvexCall } | undefined {
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = unwrap(expr.expression);
    if (memberName(callee) !== 'forEach') return undefined;
    const convex = this.callbackCall(expr.arguments[0]);
    return convex ? { callee, convex } : undefined;
  }

  /**
   * The Convex call a callback's promise stands for: an expression body that is one, or (async)
   * one it awaits or returns. A sync block body's floating statements are reported on their own.
   */
  private callbackCall(arg: ts.Expression | undefined): ConvexCall | undefined {
    const fn = arg && unwrap(arg);
    if (!fn) return undefined;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return this.convexMethod(fn);
    if (!ts.isBlock(fn.body)) {
      const body = unwrap(fn.body);
      return this.floating(ts.isAwaitExpression(body) ? body.expression : body)?.convex;
    }
    let found: ConvexCall | undefined;
    const async = isAsync(fn);
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      if (async && ts.isAwaitExpression(node)) found = this.floating(node.expression)?.convex ?? this.helperCall(node.expression)?.convex;
      else if (ts.isReturnStatement(node) && node.expression) found = this.floating(node.expression)?.convex;
      if (!found) ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  }

  /** The operands a statement like `a && b()` or `c ? x() : y()` evaluates for effect. */
  private branches(expr: ts.Expression): ts.Expression[] {
    if (ts.isBinaryExpression(expr) && isShortCircuit(expr.operatorToken.kind)) return [expr.right, ...this.branches(unwrap(expr.right))];
    if (ts.isConditionalExpression(expr)) {
      return [expr.whenTrue, expr.whenFalse].flatMap((b) => [b, ...this.branches(unwrap(b))]);
    }
    return [];
  }

  /** A direct call returning a Convex promise. */
  private convexCall(call: ts.CallExpression): ConvexCall | undefined {
    const callee = unwrap(call.expression);
    const queryCall = this.terminals.get(call);
    if (queryCall) {
      const starts = queryCall.pos >= call.pos && queryCall.end <= call.end;
      return { label: `${this.text(queryCall.expression)}(…).${memberName(callee)}()`, head: starts ? queryCall.expression : callee };
    }
    if (this.isConvexMethod(callee)) return this.direct(callee);
    // `counter.add(ctx, …)`: a component client's method handed ctx.
    const object = memberObject(callee);
    if (object && memberName(callee) && call.arguments[0] && this.roles.roleOf(call.arguments[0]) === 'ctx' && this.isComponentClient(object)) return this.direct(callee);
    return undefined;
  }

  private direct(callee: ts.Expression): ConvexCall {
    return { label: `${this.text(callee)}(…)`, head: callee };
  }

  /** `ctx.db.delete`, `ctx.runMutation`, `scheduler.runAfter` handed over uncalled: each call of it makes a Convex promise. */
  private convexMethod(expr: ts.Expression): ConvexCall | undefined {
    const callee = unwrap(expr);
    return this.isConvexMethod(callee) ? { label: this.text(callee), head: callee } : undefined;
  }

  /** A `ctx.run*` method, or a `db`, `scheduler` or `storage` method that returns a promise: each call of it makes a Convex promise. */
  private isConvexMethod(callee: ts.Expression): boolean {
    const calleeRole = this.roles.roleOf(callee);
    if (calleeRole && RUN_ROLES.has(calleeRole)) return true;
    const method = memberName(callee);
    const object = memberObject(callee);
    if (!method || !object) return false;
    const role = this.roles.roleOf(object);
    return (role === 'db' && DB_METHODS.has(method)) || (role === 'scheduler' && SCHEDULER_METHODS.has(method)) || (role === 'storage' && STORAGE_METHODS.has(method));
  }

  /**
   * `tick(ctx)` where `tick` is a project function (in this function, this module or an imported
   * one) whose own body awaits or returns a Convex promise: calling it starts that work.
   */
  helperCall(expr: ts.Expression): { convex: ConvexCall; callee: ts.Expression; how: 'awaits' | 'returns' } | undefined {
    const call = unwrap(expr);
    if (!ts.isCallExpression(call)) return undefined;
    const callee = unwrap(call.expression);
    const at = this.functionCalled(callee);
    if (!at) return undefined;
    const analysis = at.file === this.file ? this : FileAnalysis.of(this.project, at.file);
    const found = analysis.promisedBy(at.fn);
    return found && { ...found, callee };
  }

  /** The project function `callee` names: a local `const f = async () => …`, a nested `function f`, or a module-level or imported one. */
  private functionCalled(callee: ts.Expression): FunctionAt | undefined {
    if (ts.isIdentifier(callee)) {
      const local = localDeclarationOf(callee);
      if (local) {
        // A parameter (`callback()`) is whatever the caller passes: not provable.
        const init = ts.isVariableDeclaration(local) && isConstDeclaration(local) && local.initializer ? unwrap(local.initializer) : undefined;
        return init && isFunctionNode(init) ? { file: this.file, fn: init } : undefined;
      }
      const nested = nestedFunctionDeclaration(callee);
      if (nested) return { file: this.file, fn: nested };
    }
    return this.project.functionAt(this.file, callee);
  }

  /**
   * The Convex promise a function's own body awaits (when async) or returns, and which: an
   * expression body that is one, or a statement awaiting or returning one. Nested functions are
   * left out; they run when called.
   */
  private promisedBy(fn: FunctionNode): { convex: ConvexCall; how: 'awaits' | 'returns' } | undefined {
    if (PROMISED_BY_IN_PROGRESS.has(fn)) return undefined; // a function reaching itself through callbacks
    PROMISED_BY_IN_PROGRESS.add(fn);
    try {
      return this.project.cached('floatingPromisedBy', fn, () => this.computePromisedBy(fn));
    } finally {
      PROMISED_BY_IN_PROGRESS.delete(fn);
    }
  }

  private computePromisedBy(fn: FunctionNode): { convex: ConvexCall; how: 'awaits' | 'returns' } | undefined {
    if (!fn.body) return undefined;
    if (!ts.isBlock(fn.body)) {
      const body = unwrap(fn.body);
      const awaited = ts.isAwaitExpression(body);
      const convex = this.floating(awaited ? body.expression : body)?.convex;
      return convex && { convex, how: awaited ? 'awaits' : 'returns' };
    }
    let found: { convex: ConvexCall; how: 'awaits' | 'returns' } | undefined;
    const async = isAsync(fn);
    const visit = (node: ts.Node): void => {
      if (found || isFunctionNode(node)) return;
      let convex: ConvexCall | undefined;
      if (async && ts.isAwaitExpression(node) && (convex = this.floating(node.expression)?.convex)) found = { convex, how: 'awaits' };
      else if (ts.isReturnStatement(node) && node.expression && (convex = this.floating(node.expression)?.convex)) found = { convex, how: 'returns' };
      if (!found) ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  }

  static of(project: ConvexProject, file: SourceFile): FileAnalysis {
    return project.cached('floatingAnalysis', file, () => new FileAnalysis(project, file));
  }

  /** A const built with `new Something(components.x, …)`, in this function, this module or an imported one. */
  private isComponentClient(object: ts.Expression): boolean {
    const id = unwrap(object);
    if (!ts.isIdentifier(id)) return false;
    const local = findLocalDeclaration(id);
    if (local) return isConstDeclaration(local) && local.initializer !== undefined && this.constructsComponentClient(local.initializer);
    const value = this.project.valueOf(this.file, id);
    return value.kind === 'definition' && ts.isExpression(value.node) && this.constructsComponentClient(value.node);
  }

  private constructsComponentClient(init: ts.Expression): boolean {
    const expr = unwrap(init);
    if (!ts.isNewExpression(expr) || !expr.arguments?.[0]) return false;
    let root: ts.Expression = unwrap(expr.arguments[0]);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrap(root.expression);
    return this.componentRoots.has(root);
  }

  private text(node: ts.Node): string {
    const text = node.getText(this.file.ast).replace(/\s+/g, '');
    return text.length <= 48 ? text : `…${text.slice(-40)}`;
  }
}

function isPromiseGlobal(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return ts.isIdentifier(e) && e.text === 'Promise';
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function describe(floating: Floating): string {
  const label = `\`${floating.convex.label}\``;
  switch (floating.kind) {
    case 'call':
      return label;
    case 'chain':
      return `The \`.then\`/\`.catch\` chain on ${label}`;
    case 'all':
      return `\`Promise.all\` over ${label}`;
    case 'map':
      return `\`map\` creating ${label} promises`;
  }
}

/** A `function name() {}` declared in a block enclosing `id` (not at module scope: the project resolves those). */
function nestedFunctionDeclaration(id: ts.Identifier): ts.FunctionDeclaration | undefined {
  for (let node: ts.Node | undefined = id.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (!ts.isBlock(node)) continue;
    for (const statement of node.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === id.text && statement.body) return statement;
    }
  }
  return undefined;
}
