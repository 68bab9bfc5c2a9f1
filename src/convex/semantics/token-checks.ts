/**
 * "Does the server check this token?" — a `token`, `apiKey` or `sessionId` argument proves who
 * is calling only when the function checks it: compares it with a stored or configured value
 * (`key === process.env.API_KEY`, `doc.token === token`), looks it up (`db.get(sessionId)`,
 * `withIndex("by_token", q => q.eq("token", token))`), or hands it to something that verifies
 * it (`jwt.verify(token, …)`, a project helper or a function run with `ctx.runQuery` that does
 * one of these). Forwarding it to `fetch` or to another service's client is not a check: the
 * function would accept any value and pass it on.
 *
 * Followed through `const` aliases, values derived from it by a call (`await sha256(token)`,
 * `token.trim()`), project helpers and run* targets, a few steps deep. Where the token goes
 * somewhere that cannot be followed — handed back to the caller of a helper or a builder's
 * `input` (`{ ctx: { sessionId } }`) — the answer is `unknown`, and rules stay silent.
 */
import { ts } from '../../typescript.js';
import { memberName, outermostWrapper, unwrap, type FunctionNode } from '../model/ast.js';
import { readsOf } from '../model/local-bindings.js';
import { RUN_ROLES } from './ctx.js';
import { argReads, parameterReads } from './arg-reads.js';
import type { FunctionAt } from './call-graph.js';
import { dbCalls, dbQueryChains } from './db.js';
import type { ConvexProject } from './project.js';
import { referenceArgument } from './run-calls.js';
import type { SourceFile } from '../model/source-file.js';

export type TokenCheck =
  | { status: 'checked'; file: SourceFile; node: ts.Node }
  | { status: 'unchecked' }
  | { status: 'unknown'; reason: string };

/** How many hops (helpers, run* targets, derived values) are followed from the argument. */
const DEFAULT_BUDGET = 4;

const UNCHECKED: TokenCheck = { status: 'unchecked' };
/** A helper returns the value (or one computed from it): its caller goes on with the call's result. */
const RETURNED: TokenCheck = { status: 'unknown', reason: 'the token is returned by a helper' };

function isReturned(check: TokenCheck): boolean {
  return check === RETURNED;
}

/**
 * Package calls that check what they are handed, by name: `verify`, `jwt.verify`, `jwtVerify`,
 * `validateKey`, `bcrypt.compare`, `timingSafeEqual`, `checkSignature`, `requireSession`. Project
 * helpers are followed instead: a name such as `requireNonEmpty` says nothing about a check.
 */
const CHECKING_CALL =
  /^(?:verify|validate|compare|authenticate|authori[sz]e)\w*$|^(?:check|require|assert|ensure)[A-Z0-9_]\w*$|^\w+(?:Verify|Validate|Authenticate|Authori[sz]e)\w*$|^timingSafeEqual$|^(?:is|has)Valid\w*$/;

/** Calls whose result is not a value computed from what they are handed: forwarding a token to a service is not checking it. */
const FORWARDING_CALL = new Set(['fetch']);

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

const DERIVING_OPERATORS = new Set([ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken]);

const LOOKUP_STEPS = new Set(['withIndex', 'withSearchIndex', 'filter']);

interface Walk {
  project: ConvexProject;
  /** The function the question was asked about. */
  root: FunctionNode;
  /** Whether what `root` returns goes to the client (a handler) rather than to code that may check it (a builder's input). */
  rootReturnsToClient: boolean;
  seen: Set<string>;
}

export interface TokenCheckOptions {
  /** The parameter holding the args object (default 1: `handler(ctx, args)`, `input(ctx, args)`). */
  index?: number;
  /** Whether what the function returns goes to the client (a handler, the default) or to code that may check it (a builder's input). */
  returnsToClient?: boolean;
}

/** Whether `at` checks the argument `arg`, in itself or in what it hands the value to. */
export function checksArgument(project: ConvexProject, at: FunctionAt, arg: string, options: TokenCheckOptions = {}): TokenCheck {
  const walk: Walk = { project, root: at.fn, rootReturnsToClient: options.returnsToClient ?? true, seen: new Set() };
  return argumentCheck(walk, at, arg, options.index ?? 1, DEFAULT_BUDGET);
}

function argumentCheck(walk: Walk, at: FunctionAt, arg: string, index: number, budget: number): TokenCheck {
  const reads = argReads(at.fn, index);
  const values = reads.filter((r) => r.arg === arg).map((r) => r.expr);
  let result = combine(values.map((v) => valueCheck(walk, at, v, budget)));
  // `args` handed on whole (`helper(ctx, args)`, `{ ...args }`) carries the token along.
  if (result.status === 'unchecked' && reads.some((r) => r.arg === '*')) {
    result = combine([result, ...reads.filter((r) => r.arg === '*').map((r) => wholeArgsCheck(walk, at, r.expr, arg, budget))]);
  }
  return result;
}

/** Whether a function checks the value of its parameter `index` itself (a helper handed the token). */
function parameterCheck(walk: Walk, at: FunctionAt, index: number, budget: number): TokenCheck {
  const key = `${at.file.path}:${at.fn.pos}:${index}`;
  if (walk.seen.has(key)) return UNCHECKED;
  walk.seen.add(key);
  const param = at.fn.parameters[index];
  if (!param) return UNCHECKED;
  if (!ts.isIdentifier(param.name)) return { status: 'unknown', reason: 'the token is destructured by a helper' };
  return combine(parameterReads(at.fn, index).map((read) => valueCheck(walk, at, read, budget)));
}

/** `args` itself handed on: to a project helper (which may check `args.token`) or a run* target. */
function wholeArgsCheck(walk: Walk, at: FunctionAt, expr: ts.Expression, arg: string, budget: number): TokenCheck {
  if (budget <= 0) return UNCHECKED;
  const slot = outermostWrapper(expr);
  const call = slot.parent;
  if (!ts.isCallExpression(call) || call.expression === slot) return UNCHECKED;
  const index = call.arguments.indexOf(slot);
  const target = walk.project.functionAt(at.file, unwrap(call.expression));
  if (target) return argumentCheck(walk, target, arg, index, budget - 1);
  const run = runTarget(walk.project, at.file, call);
  if (run && index === 1) return argumentCheck(walk, run, arg, 1, budget - 1);
  return UNCHECKED;
}

function combine(results: TokenCheck[]): TokenCheck {
  return (
    results.find((r) => r.status === 'checked') ??
    results.find((r) => r.status === 'unknown' && !isReturned(r)) ??
    results.find(isReturned) ??
    UNCHECKED
  );
}

/** What happens to the value at `expr`: checked, only passed along, or lost from sight. */
function valueCheck(walk: Walk, at: FunctionAt, expr: ts.Expression, budget: number): TokenCheck {
  const { project } = walk;
  let slot = outermostWrapper(expr);
  while (ts.isAwaitExpression(slot.parent)) slot = outermostWrapper(slot.parent);
  const parent = slot.parent;
  const checked: TokenCheck = { status: 'checked', file: at.file, node: parent };

  if (ts.isBinaryExpression(parent) && COMPARISONS.has(parent.operatorToken.kind)) {
    const other = parent.left === slot ? parent.right : parent.left;
    return isLiteral(other) ? UNCHECKED : checked;
  }
  if (ts.isCallExpression(parent) && parent.expression !== slot) {
    if (isLookup(project, at.file, parent, slot)) return checked;
    const callee = unwrap(parent.expression);
    const target = project.functionAt(at.file, callee);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    if (!target && name && CHECKING_CALL.test(name)) return checked;
    if (budget <= 0 || (name && FORWARDING_CALL.has(name))) return UNCHECKED;
    const viaHelper = target ? parameterCheck(walk, target, parent.arguments.indexOf(slot), budget - 1) : UNCHECKED;
    if (viaHelper.status !== 'unchecked' && !isReturned(viaHelper)) return viaHelper;
    // A value computed from it (`await sha256(token)`, a helper that returns it) may be what gets looked up.
    return valueCheck(walk, at, parent, budget - 1);
  }
  if (budget <= 0) return UNCHECKED;
  // `token.trim()`, `token.split(" ")[1]`: a value derived from it.
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === slot) {
    const call = parent.parent;
    if (ts.isCallExpression(call) && call.expression === parent) return valueCheck(walk, at, call, budget - 1);
    return ts.isElementAccessExpression(parent) ? valueCheck(walk, at, parent, budget - 1) : UNCHECKED;
  }
  // `Bearer ${token}`, "Bearer " + token
  if (ts.isTemplateSpan(parent)) return valueCheck(walk, at, parent.parent as ts.TemplateExpression, budget - 1);
  // `"Bearer " + token`, `secret ?? ""`, `key || fallback`, `ok ? token : ""`: the value goes on in the larger expression.
  if (ts.isBinaryExpression(parent) && DERIVING_OPERATORS.has(parent.operatorToken.kind)) return valueCheck(walk, at, parent, budget - 1);
  if (ts.isConditionalExpression(parent) && parent.condition !== slot) return valueCheck(walk, at, parent, budget - 1);
  if (ts.isVariableDeclaration(parent) && parent.initializer === slot && ts.isIdentifier(parent.name)) {
    return combine(readsOf(parent).map((read) => valueCheck(walk, at, read, budget - 1)));
  }
  if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) return propertyCheck(walk, at, parent, budget - 1);
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === slot)) {
    if (at.fn !== walk.root) return RETURNED; // the caller follows the call's result
    return walk.rootReturnsToClient && isOwnReturn(at.fn, parent) ? UNCHECKED : { status: 'unknown', reason: 'the token is handed back to code that may check it' };
  }
  return UNCHECKED;
}

/** `{ token }` / `{ key: token }`: the args of a run* call (followed to its handler), or part of a value followed as a whole. */
function propertyCheck(walk: Walk, at: FunctionAt, property: ts.PropertyAssignment | ts.ShorthandPropertyAssignment, budget: number): TokenCheck {
  const object = property.parent;
  if (!ts.isObjectLiteralExpression(object)) return UNCHECKED;
  const key = ts.isShorthandPropertyAssignment(property) ? property.name.text : ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name) ? property.name.text : undefined;
  const slot = outermostWrapper(object);
  const call = slot.parent;
  if (key && ts.isCallExpression(call) && call.arguments[1] === slot) {
    const run = runTarget(walk.project, at.file, call);
    if (run) {
      const result = argumentCheck(walk, run, key, 1, budget);
      return isReturned(result) ? valueCheck(walk, at, call, budget - 1) : result;
    }
  }
  if (key && ts.isCallExpression(call) && call.expression !== slot) {
    const target = walk.project.functionAt(at.file, unwrap(call.expression));
    if (target) {
      const result = argumentCheck(walk, target, key, call.arguments.indexOf(slot), budget);
      return isReturned(result) ? valueCheck(walk, at, call, budget - 1) : result;
    }
  }
  // `{ headers: { Authorization: token } }` handed to fetch, a builder input's `{ ctx: { sessionId } }`: follow the object.
  return valueCheck(walk, at, object, budget);
}

/** The handler of the registration a `ctx.runQuery/runMutation/runAction(ref, args)` call runs. */
function runTarget(project: ConvexProject, file: SourceFile, call: ts.CallExpression): FunctionAt | undefined {
  const role = project.ctx(file).roleOf(call.expression);
  if (!role || !RUN_ROLES.has(role)) return undefined;
  const ref = referenceArgument(project, file, call.arguments[0]);
  const reg = ref && project.registrationFor(ref);
  return reg?.handler ? { file: reg.file, fn: reg.handler } : undefined;
}

/** `db.get(token)`, or an `eq` in the `withIndex` / `filter` callback of a db query. */
function isLookup(project: ConvexProject, file: SourceFile, call: ts.CallExpression, slot: ts.Expression): boolean {
  const db = dbCalls(project, file).find((c) => c.call === call);
  if (db) return db.method === 'get' && call.arguments.some((a) => outermostWrapper(a) === slot);
  if (memberName(unwrap(call.expression)) !== 'eq') return false;
  return lookupCallbacks(project, file).some((cb) => cb.pos <= call.pos && call.end <= cb.end);
}

function lookupCallbacks(project: ConvexProject, file: SourceFile): ts.Node[] {
  return project.cached('token-checks:lookups', file, () =>
    dbQueryChains(project, file).flatMap((chain) =>
      chain.steps.filter((s) => LOOKUP_STEPS.has(s.name)).flatMap((s) => s.call.arguments.filter((a) => ts.isArrowFunction(unwrap(a)) || ts.isFunctionExpression(unwrap(a)))),
    ),
  );
}

/** A return of `fn` itself, not of a callback inside it. */
function isOwnReturn(fn: FunctionNode, node: ts.Node): boolean {
  if (ts.isArrowFunction(node)) return node === fn;
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) return n === fn;
  }
  return false;
}

function isLiteral(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (
    ts.isStringLiteralLike(e) ||
    ts.isNumericLiteral(e) ||
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(e) && e.text === 'undefined') ||
    ts.isTypeOfExpression(e)
  );
}

