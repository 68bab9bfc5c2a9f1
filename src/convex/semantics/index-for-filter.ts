/**
 * A collected range whose only use is one JavaScript equality test on a field F
 * (`rows.filter((r) => r.F === v)`, `.find`, `.some`, `rows.map((r) => r.F).includes(v)`), on a
 * table whose schema has an index continuing the range's own equalities with F: the database can
 * do the test, reading only the matching documents.
 */
import { ts } from '../../typescript.js';
import { stringLiteralValue, unwrap, walk } from '../model/ast.js';
import type { CollectedUse } from './collected-uses.js';
import { INDEX_STEPS, type DbQueryChain } from './db.js';
import { isQueryableDbIndex, type IndexModel, type SchemaModel } from './schema.js';

export interface IndexForFilter {
  /** The index that serves the test. */
  index: IndexModel;
  field: string;
  /** The compared value, as written (a literal or plain name). */
  value: string;
  /** `filter`, `find`, `some` or `includes`. */
  method: string;
  /** The range's own equalities (`q.eq("teamId", teamId)`), as written, to keep before the new one. */
  eqs: { field: string; value: string }[];
}

export function indexForFilter(schema: SchemaModel | undefined, chain: DbQueryChain, uses: readonly CollectedUse[]): IndexForFilter | undefined {
  if (!schema || chain.table === undefined || uses.length !== 1) return undefined;
  const [use] = uses;
  if (use.kind !== 'search') return undefined;
  const test = use.method === 'includes' ? membershipTest(use) : use.copy === 'none' ? predicateTest(use) : undefined;
  if (!test) return undefined;
  const table = schema.tables.get(chain.table);
  if (!table) return undefined;
  const range = equalityRange(chain);
  if (!range) return undefined;
  // The range's index must be exactly its equalities (or there is none): then the new index
  // returns the same documents in the same order (by creation time), only fewer.
  if (range.index !== undefined) {
    const current = table.indexes.find((i) => i.name === range.index);
    if (!current || !isQueryableDbIndex(current) || !sameFields(current.fields, range.eqs.map((e) => e.field))) return undefined;
  }
  const wanted = [...range.eqs.map((e) => e.field), test.field];
  // `filter` and `find` answer in the range's order, which only an index of exactly these fields
  // keeps; a yes/no test (`some`, `includes`) can use any index that starts with them.
  const ordered = use.method === 'filter' || use.method === 'find';
  const serves = (i: IndexModel) => isQueryableDbIndex(i) && (ordered ? sameFields(i.fields, wanted) : sameFields(i.fields.slice(0, wanted.length), wanted));
  const index = table.indexes.find(serves);
  if (!index) return undefined;
  return { index, field: test.field, value: test.value, method: use.method, eqs: range.eqs };
}

/** `(r) => r.F === v` (or `v === r.F`, a block returning it) for filter/find/some/every-free searches. */
function predicateTest(use: Extract<CollectedUse, { kind: 'search' }>): { field: string; value: string } | undefined {
  if (!['filter', 'find', 'some'].includes(use.method) || use.node.arguments.length !== 1) return undefined;
  const callback = rowCallback(use.node.arguments[0]);
  if (!callback) return undefined;
  const { param, body } = callback;
  if (!ts.isBinaryExpression(body) || body.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
  const left = unwrap(body.left);
  const right = unwrap(body.right);
  const leftField = fieldOf(left, param);
  const rightField = fieldOf(right, param);
  if (leftField && !rightField) return valueTest(leftField, right, param);
  if (rightField && !leftField) return valueTest(rightField, left, param);
  return undefined;
}

/** `rows.map((r) => r.F).includes(v)`. */
function membershipTest(use: Extract<CollectedUse, { kind: 'search' }>): { field: string; value: string } | undefined {
  if (use.copy !== 'map' || !use.via || use.node.arguments.length !== 1) return undefined;
  const callback = rowCallback(use.via.arguments[0]);
  const field = callback && fieldOf(callback.body, callback.param);
  return callback && field ? valueTest(field, unwrap(use.node.arguments[0]), callback.param) : undefined;
}

/** A callback of one named parameter, `(r) => …` or `function (r) { return …; }`: the name and the expression it returns. */
function rowCallback(arg: ts.Expression | undefined): { param: string; body: ts.Expression } | undefined {
  const fn = arg && unwrap(arg);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length !== 1 || !ts.isIdentifier(fn.parameters[0].name)) return undefined;
  const body = returnedExpression(fn);
  return body && { param: fn.parameters[0].name.text, body };
}

function valueTest(field: string, value: ts.Expression, param: string): { field: string; value: string } | undefined {
  const text = plainValue(value);
  if (text === undefined || mentions(value, param)) return undefined;
  return { field, value: text };
}

/** The expression an arrow returns, or the one `return` of a single-statement block. */
function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return unwrap(fn.body);
  const [only, ...rest] = fn.body.statements;
  return only && rest.length === 0 && ts.isReturnStatement(only) && only.expression ? unwrap(only.expression) : undefined;
}

/** `r.F` for the parameter `r`: a top-level field (not `_id`, whose index is built in). */
function fieldOf(expr: ts.Expression, param: string): string | undefined {
  if (!ts.isPropertyAccessExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== param) return undefined;
  const name = expr.name.text;
  return name === '_id' ? undefined : name;
}

/**
 * A value the database can compare once: a literal, a name, or a member chain of names
 * (`args.status`). Calls and anything computed per row stay out.
 */
function plainValue(expr: ts.Expression): string | undefined {
  // Only short plain strings are quoted back into a message.
  if (ts.isStringLiteral(expr)) return /^[\w .:@/-]{0,40}$/.test(expr.text) ? JSON.stringify(expr.text) : undefined;
  if (ts.isNumericLiteral(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (expr.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
    const object = plainValue(unwrap(expr.expression));
    return object && /^[\w$.]+$/.test(object) ? `${object}.${expr.name.text}` : undefined;
  }
  return undefined;
}

function mentions(expr: ts.Node, name: string): boolean {
  if (ts.isIdentifier(expr) && expr.text === name) return true;
  let found = false;
  walk(expr, (n) => {
    if (ts.isIdentifier(n) && n.text === name) found = true;
  });
  return found;
}

/**
 * The chain's index and its equalities, in order (`withIndex("by_team", (q) => q.eq("teamId", t))`),
 * an empty list for a chain without an index; undefined when the range has anything but
 * equalities on literal fields, or the query is a search or is built in pieces.
 */
function equalityRange(chain: DbQueryChain): { index?: string; eqs: { field: string; value: string }[] } | undefined {
  if (chain.siblingSteps.length > 0) return undefined;
  const indexSteps = chain.steps.filter((s) => INDEX_STEPS.has(s.name));
  if (indexSteps.length === 0) return { eqs: [] };
  if (indexSteps.length > 1 || indexSteps[0].name !== 'withIndex') return undefined;
  const [nameArg, rangeArg] = indexSteps[0].call.arguments;
  const index = stringLiteralValue(nameArg);
  if (index === undefined) return undefined;
  if (!rangeArg) return { index, eqs: [] };
  const range = unwrap(rangeArg);
  if (!ts.isArrowFunction(range) || ts.isBlock(range.body) || range.parameters.length !== 1 || !ts.isIdentifier(range.parameters[0].name)) return undefined;
  const q = range.parameters[0].name.text;
  const eqs: { field: string; value: string }[] = [];
  let node: ts.Expression = unwrap(range.body);
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text !== 'eq' || node.arguments.length !== 2) return undefined;
    const field = stringLiteralValue(node.arguments[0]);
    if (field === undefined) return undefined;
    eqs.unshift({ field, value: plainValue(unwrap(node.arguments[1])) ?? '…' });
    node = unwrap(node.expression.expression);
  }
  return ts.isIdentifier(node) && node.text === q ? { index, eqs } : undefined;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
