/**
 * "Is this public function public on purpose?" and "what does it hand out?" — what a review of
 * access control needs beyond "does it check who is calling": a query that only serves published
 * content (every read constrained to `status: "published"`, `isPublic: true`, …), a function whose
 * author wrote that it is public on purpose, and a query that hands out every row of a table of
 * users or billing data.
 */
import { ts } from '../../typescript.js';
import { memberName, propertyNameText, unwrap, walk } from '../model/ast.js';
import { readsOf } from '../model/local-bindings.js';
import type { SourceFile } from '../model/source-file.js';
import { reachableFunctions, type FunctionAt } from './call-graph.js';
import { dbCalls, dbQueryChains, terminalOf, type DbQueryChain } from './db.js';
import type { ConvexProject } from './project.js';
import type { Registration } from './registrations.js';
import { HELPER_DEPTH } from './reached-from.js';
import { runCallsIn } from './run-calls.js';

/** Comments that say a function is public on purpose: `// public: …`, "intentionally public", "no auth needed". */
const INTENT_COMMENT =
  /\bpublic\s*:|\b(?:intentionally|deliberately|purposely|purposefully)\s+(?:public|unauthenticated|open)\b|\bpublic\s+(?:on purpose|by design)\b|\bno\s+auth(?:entication|orization)?\s+(?:is\s+)?(?:needed|required|necessary)\b|\bdoes(?:n't| not)\s+(?:need|require)\s+auth|\bunauthenticated\s+(?:on purpose|by design)\b/i;

/** Boolean fields that mark a document as visible to everyone when true. */
const PUBLIC_FLAG = /^(?:is)?(?:published|public|visible|listed)$/i;
/** Fields whose value names a publication state, and the states that mean "visible to everyone". */
const STATUS_FIELD = /^(?:status|state|visibility|publishStatus|publicationStatus|publishState)$/i;
const PUBLIC_STATUS = /^(?:published|public|visible|listed|live)$/i;

/** Tables whose rows are other people's accounts or money: handing all of them out is a leak. */
const SENSITIVE_TABLE = /^(?:users?|accounts?|customers?|billing\w*|subscriptions?|payments?|invoices?|charges?|transactions?|payouts?)$/i;
/** Steps that narrow which rows a query returns. */
const NARROWING_STEPS = new Set(['withIndex', 'withSearchIndex', 'filter']);
/** Terminals that hand out many rows. */
const MANY_ROWS = new Set(['collect', 'take', 'paginate']);

/** The comment in which the author says the function is public on purpose, if any. */
export function publicIntentComment(reg: Registration): string | undefined {
  const text = reg.file.text;
  const ranges: ts.CommentRange[] = [];
  const statement = enclosingStatement(reg.call);
  if (statement) ranges.push(...(ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []));
  const body = reg.handler?.body;
  if (body && ts.isBlock(body)) {
    const first = body.statements[0];
    if (first) ranges.push(...(ts.getLeadingCommentRanges(text, first.getFullStart()) ?? []));
  }
  return ranges.map((r) => text.slice(r.pos, r.end)).find((comment) => !/convex-review-disable/.test(comment) && INTENT_COMMENT.test(comment));
}

/**
 * A query whose exported name says it serves the public: `listPublic`, `getPublicProfile`,
 * `publicFeed`. Only queries: a mutation named `makePublic` changes who can see something, which
 * is exactly what needs a check.
 */
export function publicIntentName(reg: Registration): string | undefined {
  if (reg.kind !== 'query') return undefined;
  return reg.exportNames.find((name) => /(?:^public|Public)(?![a-z])|^public$/.test(name) || /(?:^|_)public(?:_|$)/.test(name));
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isSourceFile(n.parent)) return ts.isStatement(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Whether a query reads only published content: it reads something, runs no other function, and
 * every read — in the handler and the helpers it calls — is constrained to a public state
 * (`.withIndex("by_status", q => q.eq("status", "published"))`,
 * `.filter(q => q.eq(q.field("isPublic"), true))`), or is a `db.get` whose result is dropped
 * unless public (`if (!doc || !doc.published) return null`).
 */
export function servesOnlyPublishedContent(project: ConvexProject, reg: Registration): boolean {
  if (reg.kind !== 'query' || !reg.handler) return false;
  const functions = reachableFunctions(project, { file: reg.file, fn: reg.handler }, HELPER_DEPTH).map((r) => r.at);
  let reads = 0;
  for (const at of functions) {
    if (runCallsIn(project, at).length > 0) return false;
    for (const chain of chainsIn(project, at)) {
      reads++;
      if (!isPublishedOnly(chain)) return false;
    }
    for (const get of dbCalls(project, at.file)) {
      if (get.method !== 'get' || !within(get.call, at)) continue;
      reads++;
      if (!isDroppedUnlessPublic(get.call)) return false;
    }
  }
  return reads > 0;
}

function chainsIn(project: ConvexProject, at: FunctionAt): DbQueryChain[] {
  return dbQueryChains(project, at.file).filter((chain) => within(chain.queryCall, at));
}

/** In the function's own body, not in a nested function declared there that is followed on its own. */
function within(node: ts.Node, at: FunctionAt): boolean {
  const body = at.fn.body;
  return body !== undefined && body.pos <= node.pos && node.end <= body.end;
}

/** A narrowing step whose callback holds `eq(<public field>, <public value>)`. */
function isPublishedOnly(chain: DbQueryChain): boolean {
  return chain.steps.some((step) => NARROWING_STEPS.has(step.name) && step.call.arguments.some((arg) => holdsPublicEq(arg)));
}

function holdsPublicEq(root: ts.Node): boolean {
  let found = false;
  walk(root, (node) => {
    if (found || !ts.isCallExpression(node) || memberName(unwrap(node.expression)) !== 'eq' || node.arguments.length !== 2) return;
    const field = fieldName(node.arguments[0]);
    found = field !== undefined && isPublicValue(field, node.arguments[1]);
  });
  return found;
}

/** `"status"` in withIndex, `q.field("status")` in filter. */
function fieldName(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isCallExpression(e) && memberName(unwrap(e.expression)) === 'field' && e.arguments[0]) {
    const arg = unwrap(e.arguments[0]);
    return ts.isStringLiteralLike(arg) ? arg.text : undefined;
  }
  return undefined;
}

function isPublicValue(field: string, value: ts.Expression): boolean {
  const v = unwrap(value);
  if (PUBLIC_FLAG.test(field)) return v.kind === ts.SyntaxKind.TrueKeyword;
  if (STATUS_FIELD.test(field)) return ts.isStringLiteralLike(v) && PUBLIC_STATUS.test(v.text);
  return false;
}

/**
 * `const doc = await ctx.db.get(id); if (!doc || !doc.published) return null;` — a guard right
 * after the read, in the same block, that returns or throws unless the document is public.
 */
function isDroppedUnlessPublic(get: ts.CallExpression): boolean {
  let node: ts.Node = get;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  const first = readsOf(decl)[0];
  if (!first) return true; // read and dropped: nothing handed out
  for (let n: ts.Node | undefined = first.parent; n; n = n.parent) {
    if (ts.isIfStatement(n)) return exits(n.thenStatement) && conditionDropsNonPublic(n.expression, name);
    if (ts.isStatement(n)) return false;
  }
  return false;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.some((s) => ts.isReturnStatement(s) || ts.isThrowStatement(s));
}

/** `!doc.published`, `doc?.status !== "published"`, `doc.isPublic === false`, `doc.visible !== true`, joined by `||`. */
function conditionDropsNonPublic(condition: ts.Expression, name: string): boolean {
  const e = unwrap(condition);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return conditionDropsNonPublic(e.left, name) || conditionDropsNonPublic(e.right, name);
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const field = docField(e.operand, name);
    return field !== undefined && PUBLIC_FLAG.test(field);
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const field = docField(e.left, name) ?? docField(e.right, name);
    const other = unwrap(docField(e.left, name) !== undefined ? e.right : e.left);
    if (field === undefined) return false;
    const notEquals = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
    const equals = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
    if (PUBLIC_FLAG.test(field)) return (notEquals && other.kind === ts.SyntaxKind.TrueKeyword) || (equals && other.kind === ts.SyntaxKind.FalseKeyword);
    if (STATUS_FIELD.test(field)) return notEquals && ts.isStringLiteralLike(other) && PUBLIC_STATUS.test(other.text);
  }
  return false;
}

/** `doc.field` or `doc?.field` for the named document. */
function docField(expr: ts.Expression, name: string): string | undefined {
  const e = unwrap(expr);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const object = unwrap(e.expression);
  return ts.isIdentifier(object) && object.text === name ? propertyNameText(e.name) : undefined;
}

/** A whole-table read of a users or billing table that the handler returns as it is. */
export interface SensitiveTableRead {
  file: SourceFile;
  table: string;
  node: ts.Node;
}

/**
 * `return await ctx.db.query("users").collect()` (also `.take(n)`, `.paginate(…)`, or through a
 * `const` returned as it is) in the handler: every row of a table of accounts or money, whole
 * documents, to whoever calls.
 */
export function sensitiveTableReturned(project: ConvexProject, reg: Registration): SensitiveTableRead | undefined {
  if (reg.kind !== 'query' || !reg.handler) return undefined;
  const at: FunctionAt = { file: reg.file, fn: reg.handler };
  for (const chain of chainsIn(project, at)) {
    if (!chain.table || !SENSITIVE_TABLE.test(chain.table)) continue;
    if ([...chain.steps, ...chain.siblingSteps].some((s) => NARROWING_STEPS.has(s.name))) continue;
    const terminal = terminalOf(chain);
    if (!terminal || !MANY_ROWS.has(terminal.name) || chain.end !== terminal.call) continue;
    if (isReturnedAsIs(chain.end, reg.handler)) return { file: reg.file, table: chain.table, node: chain.end };
  }
  return undefined;
}

function isReturnedAsIs(expr: ts.Expression, handler: ts.Node): boolean {
  let node: ts.Node = expr;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isReturnStatement(parent)) return ownFunction(parent) === handler;
  if (ts.isArrowFunction(parent) && parent.body === node) return parent === handler;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    const reads = readsOf(parent);
    return reads.length === 1 && ts.isReturnStatement(reads[0].parent) && ownFunction(reads[0].parent) === handler;
  }
  return false;
}

function ownFunction(node: ts.Node): ts.Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return n;
  return undefined;
}
