/**
 * What the array a `.collect()` returns is used for. The result is followed through `await`,
 * `const`/`let` variables and aliases, branches (`c ? await a.collect() : await b.collect()`,
 * `rows = await q.collect()` in an `if`), `Promise.all([…])` destructuring, element-wise `.map`
 * copies and project helpers that return it, down to the expressions that consume it. Rules then
 * ask one question of those uses: "only counted?", "only `[0]` read?", "only sliced?".
 *
 * Anything that cannot be followed (passed to a call, stored in an object, shadowed) is a use of
 * kind `other`: a rule that wants every use to be of one kind then stays silent.
 */
import { ts } from '../../typescript.js';
import { enclosingFunction, isAsync, isFunctionNode, walk, type FunctionNode } from '../model/ast.js';
import { bindingNames } from '../model/module-scope.js';
import { findLocalDeclaration, readsOf } from '../model/local-bindings.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';

/**
 * How the array reached the use: as collected, through a synchronous `.map` copy (same length and
 * order), or through `await Promise.all(rows.map(async …))` (same length, but the callback ran
 * for every row, so only handing the copy back still reads like the original).
 */
export type CopyKind = 'none' | 'map' | 'async-map';

/** Every use reads `.length` of the array or of a synchronous copy: the documents are only counted. */
export function countOnlyReads(uses: readonly CollectedUse[]): ts.PropertyAccessExpression[] | undefined {
  if (uses.length === 0 || !uses.every((u) => u.kind === 'length' && u.copy !== 'async-map')) return undefined;
  return uses.map((u) => u.node as ts.PropertyAccessExpression);
}

export type CollectedUse =
  /** `rows.length` (a read, not `rows.length = 0`). */
  | { kind: 'length'; node: ts.PropertyAccessExpression; copy: CopyKind }
  /** Only the first element: `rows[0]`, `rows.at(0)`, `const [first] = rows`. */
  | { kind: 'first'; node: ts.Node; copy: CopyKind }
  /** `rows.slice(…)`. */
  | { kind: 'slice'; node: ts.CallExpression; copy: CopyKind }
  /** `rows.filter(…)`, `rows.find(…)`, `rows.some(…)`, `rows.every(…)`, `rows.includes(…)`. */
  | { kind: 'search'; node: ts.CallExpression; method: string; copy: CopyKind; via?: ts.CallExpression }
  /** `for (const row of rows)` whose body can leave the loop early (`break`, `return`). */
  | { kind: 'early-exit-loop'; node: ts.ForOfStatement; copy: CopyKind }
  /** Returned by the function `fn` of `file` (a handler or a helper no project call could be followed from). */
  | { kind: 'returned'; node: ts.Node; fn: FunctionNode; file: SourceFile; copy: CopyKind }
  | { kind: 'other'; node: ts.Node; copy: CopyKind };

/** Hops of aliases and helpers followed before giving up (a use of kind `other`). */
const MAX_DEPTH = 6;

/** Every use of the array `collect` (the `….collect()` call) resolves to. */
export function collectedUses(project: ConvexProject, file: SourceFile, collect: ts.CallExpression): CollectedUse[] {
  return project.cached('collectedUses', collect, () => {
    const out: CollectedUse[] = [];
    follow({ project, file, out, seen: new Set() }, collect, { promise: true, copy: 'none', depth: 0 });
    return out;
  });
}

interface Walk {
  project: ConvexProject;
  /** The file of the expressions being followed (a helper's callers may be in others). */
  file: SourceFile;
  out: CollectedUse[];
  /** Variables and helpers already followed: a loop through aliases ends there. */
  seen: Set<ts.Node>;
}

interface Flow {
  /** The expression is still a promise of the array (not yet awaited). */
  promise: boolean;
  copy: CopyKind;
  /** The `.map(…)` call that made the copy, when `copy` is not `none`. */
  via?: ts.CallExpression;
  depth: number;
}

/** Climbs from an expression that evaluates to the array (or its promise) to what consumes it. */
function follow(w: Walk, start: ts.Expression, flow: Flow): void {
  let node: ts.Expression = start;
  let { promise } = flow;
  const other = (at: ts.Node): void => {
    w.out.push({ kind: 'other', node: at, copy: flow.copy });
  };
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) {
      node = parent;
    } else if (ts.isAwaitExpression(parent)) {
      promise = false;
      node = parent;
    } else if (ts.isConditionalExpression(parent) && parent.condition !== node) {
      node = parent; // either branch: what consumes the conditional consumes this array
    } else {
      break;
    }
  }
  if (flow.depth > MAX_DEPTH) return other(node);
  const parent = node.parent;
  const here: Flow = { ...flow, promise };

  // Handed back: `return rows`, `(…) => rows`.
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
    const fn = ts.isReturnStatement(parent) ? enclosingFunction(parent) : parent;
    if (fn) return returned(w, fn, node, here);
    return other(node);
  }
  // `const [a, b] = await Promise.all([x.collect(), y.collect()])`
  if (promise && ts.isArrayLiteralExpression(parent)) return promiseAllElement(w, parent, node, here);
  if (promise) return other(node);

  if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
    if (ts.isIdentifier(parent.name)) return followLocal(w, parent.name, here);
    if (ts.isArrayBindingPattern(parent.name) && readsOnlyFirst(parent.name)) {
      w.out.push({ kind: 'first', node: parent.name, copy: flow.copy });
      return;
    }
    return other(node);
  }
  // `rows = await q.collect()` (a `let` assigned in a branch)
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) {
    const decl = findLocalDeclaration(parent.left);
    if (decl && ts.isIdentifier(decl.name)) return followLocal(w, decl.name, here);
    return other(node);
  }
  if (ts.isForOfStatement(parent) && parent.expression === node) {
    if (exitsEarly(parent)) w.out.push({ kind: 'early-exit-loop', node: parent, copy: flow.copy });
    else other(parent);
    return;
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === node) {
    if (isZero(parent.argumentExpression) && !isWriteTarget(parent)) w.out.push({ kind: 'first', node: parent, copy: flow.copy });
    else other(parent);
    return;
  }
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) return other(node);
  const member = parent.name.text;
  if (member === 'length') {
    if (isWriteTarget(parent)) other(parent);
    else w.out.push({ kind: 'length', node: parent, copy: flow.copy });
    return;
  }
  const call = parent.parent;
  if (!ts.isCallExpression(call) || call.expression !== parent) return other(parent);
  if (member === 'at' && call.arguments.length === 1 && isZero(call.arguments[0])) {
    w.out.push({ kind: 'first', node: call, copy: flow.copy });
    return;
  }
  if (member === 'slice') {
    w.out.push({ kind: 'slice', node: call, copy: flow.copy });
    return;
  }
  if (['filter', 'find', 'some', 'every', 'includes'].includes(member)) {
    w.out.push({ kind: 'search', node: call, method: member, copy: flow.copy, via: flow.via });
    return;
  }
  if (member === 'map' && flow.copy === 'none') return mapCopy(w, call, here);
  other(call);
}

/** `rows.map(f)`: a sync callback without effects is a copy; `await Promise.all(rows.map(async …))` one that ran for every row. */
function mapCopy(w: Walk, call: ts.CallExpression, flow: Flow): void {
  const callback = call.arguments[0];
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) || call.arguments.length !== 1) {
    w.out.push({ kind: 'other', node: call, copy: flow.copy });
    return;
  }
  if (!isAsync(callback) && isPureCallback(callback)) return follow(w, call, { ...flow, copy: 'map', via: call, depth: flow.depth + 1 });
  const all = promiseAllOf(call);
  if (all) return follow(w, all, { promise: true, copy: 'async-map', via: call, depth: flow.depth + 1 });
  w.out.push({ kind: 'other', node: call, copy: flow.copy });
}

/** `Promise.all(arg)` when `arg` is its only argument. */
function promiseAllOf(arg: ts.Expression): ts.CallExpression | undefined {
  const call = arg.parent;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || call.arguments[0] !== arg) return undefined;
  const callee = call.expression;
  const isAll = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && callee.name.text === 'all';
  return isAll ? call : undefined;
}

/** `[a.collect(), b.collect()]` given to an awaited `Promise.all` whose tuple is destructured. */
function promiseAllElement(w: Walk, list: ts.ArrayLiteralExpression, element: ts.Expression, flow: Flow): void {
  const index = list.elements.indexOf(element);
  const all = promiseAllOf(list);
  let node: ts.Node | undefined = all;
  while (node && (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent))) node = node.parent;
  const decl = node?.parent;
  if (!all || index < 0 || !node || !ts.isAwaitExpression(node) || !decl || !ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isArrayBindingPattern(decl.name)) {
    w.out.push({ kind: 'other', node: element, copy: flow.copy });
    return;
  }
  const binding = decl.name.elements[index];
  if (binding && ts.isOmittedExpression(binding)) return; // `const [, b] = …`: this array is never read
  if (!binding || binding.dotDotDotToken || !ts.isIdentifier(binding.name) || binding.initializer) {
    w.out.push({ kind: 'other', node: element, copy: flow.copy });
    return;
  }
  if (decl.name.elements.slice(0, index).some((e) => !ts.isOmittedExpression(e) && e.dotDotDotToken)) {
    w.out.push({ kind: 'other', node: element, copy: flow.copy });
    return;
  }
  followLocal(w, binding.name, { ...flow, promise: false });
}

/** Every read of a local variable, followed; a write (`rows = …`) only replaces the value and is not a use. */
function followLocal(w: Walk, name: ts.Identifier, flow: Flow): void {
  if (w.seen.has(name)) return;
  w.seen.add(name);
  // A `const`/`let` is read in its block (a same-named variable in another branch is another
  // variable); a destructured element falls back to the whole function, shadowing refused.
  const uses = ts.isVariableDeclaration(name.parent) && name.parent.name === name ? readsOf(name.parent) : usesOfLocal(name);
  if (!uses) {
    w.out.push({ kind: 'other', node: name, copy: flow.copy });
    return;
  }
  for (const use of uses) {
    const parent = use.parent;
    if (ts.isBinaryExpression(parent) && parent.left === use && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
    follow(w, use, { ...flow, depth: flow.depth + 1 });
  }
}

/**
 * The array is returned by `fn` (of `w.file`). A project helper (not a registered handler) whose
 * every reference in the project is a call is followed into those calls, in whichever file they
 * are; otherwise the return is the use.
 */
function returned(w: Walk, fn: FunctionNode, node: ts.Node, flow: Flow): void {
  const registration = w.project.registrationAt(w.file, fn);
  const callers = registration?.handler === fn ? undefined : helperCalls(w.project, w.file, fn);
  if (!callers || callers.length === 0 || w.seen.has(fn)) {
    w.out.push({ kind: 'returned', node, fn, file: w.file, copy: flow.copy });
    return;
  }
  w.seen.add(fn);
  // An async helper hands back a promise; a sync one returning the promise does too.
  for (const { file, call } of callers) follow({ ...w, file }, call, { ...flow, promise: flow.promise || isAsync(fn), depth: flow.depth + 1 });
}

interface HelperCall {
  file: SourceFile;
  call: ts.CallExpression;
}

/**
 * The project calls of a named helper (`async function rowsOf(…)`, `const rowsOf = async (…) => …`)
 * declared in `file`, or undefined when its name is also used some other way (passed as a value,
 * re-exported under another name): then not every consumer of its result can be seen.
 */
function helperCalls(project: ConvexProject, file: SourceFile, fn: FunctionNode): HelperCall[] | undefined {
  return project.cached('helperCalls', fn, () => findHelperCalls(project, file, fn));
}

function findHelperCalls(project: ConvexProject, file: SourceFile, fn: FunctionNode): HelperCall[] | undefined {
  const name = helperName(fn);
  if (!name) return undefined;
  const calls: HelperCall[] = [];
  for (const other of project.files) {
    if (!other.text.includes(name)) continue;
    let unknownUse = false;
    walk(other.ast, (node) => {
      if (unknownUse || !ts.isIdentifier(node) || node.text !== name) return;
      const parent = node.parent;
      if (ts.isCallExpression(parent) && parent.expression === node) {
        const target = project.functionAt(other, node);
        if (target?.fn === fn) calls.push({ file: other, call: parent });
        else if (!target) unknownUse = true;
        return;
      }
      if (isNameSlot(node) || (other === file && isDeclarationName(node, fn))) return;
      unknownUse = true;
    });
    if (unknownUse) return undefined;
  }
  return calls;
}

function helperName(fn: FunctionNode): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const decl = fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(decl) && decl.initializer === fn && ts.isIdentifier(decl.name)) return decl.name.text;
  return undefined;
}

function isDeclarationName(id: ts.Identifier, fn: FunctionNode): boolean {
  return (ts.isFunctionDeclaration(fn) && fn.name === id) || (ts.isVariableDeclaration(id.parent) && id.parent.initializer === fn);
}

/** An import or export specifier, a property name: the identifier names, it does not use. */
function isNameSlot(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isExportSpecifier(parent)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return true;
  return (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id;
}

/** `const [first] = rows` (no rest, nothing past the first slot). */
function readsOnlyFirst(pattern: ts.ArrayBindingPattern): boolean {
  const [first, ...rest] = pattern.elements;
  return first !== undefined && !ts.isOmittedExpression(first) && !first.dotDotDotToken && rest.every((e) => ts.isOmittedExpression(e));
}

/** A `for … of` body with a `break` or `return` that leaves this loop (not a nested loop, switch or function). */
function exitsEarly(loop: ts.ForOfStatement): boolean {
  let found = false;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (found || isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) found = true;
    else if (ts.isBreakStatement(node) && (node.label ? isLabelOf(node.label, loop) : !nested)) found = true;
    const inner = nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(loop.statement, false);
  return found;
}

function isLabelOf(label: ts.Identifier, loop: ts.Statement): boolean {
  return ts.isLabeledStatement(loop.parent) && loop.parent.label.text === label.text;
}

/** A `.map` callback that only computes: no `await`, no assignment, no call of a method that writes or schedules. */
function isPureCallback(fn: ts.ArrowFunction | ts.FunctionExpression): boolean {
  let pure = true;
  walk(fn.body, (node) => {
    if (!pure) return;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || ts.isDeleteExpression(node)) pure = false;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) pure = false;
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) pure = false;
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && EFFECT_METHODS.test(node.expression.name.text)) pure = false;
  });
  return pure;
}

const EFFECT_METHODS = /^(push|unshift|splice|set|add|delete|clear|insert|patch|replace|run\w*|schedule\w*|runAfter|runAt|cancel|store|send\w*|emit|log)$/;

function isZero(expr: ts.Expression | undefined): boolean {
  return expr !== undefined && ts.isNumericLiteral(expr) && Number(expr.text) === 0;
}

/** `x.length = 0`, `rows[0] = …`, `rows[0]++`. */
function isWriteTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    const op = parent.operatorToken.kind;
    return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
  }
  return (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) && (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken);
}

/**
 * Every reference to a local variable in its function, or undefined when that cannot be told
 * safely (another binding of the same name there could be shadowing it).
 */
export function usesOfLocal(name: ts.Identifier): ts.Identifier[] | undefined {
  let scope: ts.Node = name;
  while (scope.parent && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  let ambiguous = false;
  walk(scope, (node) => {
    if (ambiguous) return;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && !declares(node.name, name)) {
      if (bindingNames(node.name).includes(name.text)) ambiguous = true;
      return;
    }
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name.text) ambiguous = true;
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text) return;
    if (isPropertyNamePosition(node)) return;
    uses.push(node);
  });
  return ambiguous ? undefined : uses;
}

/** `name` is (part of) the binding `target`: `rows` in `const rows` or in `const [rows, n]`. */
function declares(target: ts.BindingName, name: ts.Identifier): boolean {
  return name.pos >= target.pos && name.end <= target.end;
}

/** `o.name`, `{ name: … }`, `name() {}`: the identifier is a property name, not the variable. */
function isPropertyNamePosition(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return true;
  return ts.isBindingElement(parent) && parent.propertyName === id;
}
