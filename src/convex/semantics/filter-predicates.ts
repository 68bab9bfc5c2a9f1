/**
 * The equalities a Convex filter predicate pins: `.filter((q) => q.eq(q.field("f"), X))`, also
 * joined by `q.and(…)`. Shared by `no-filter-on-db-query` (which index would serve the filter) and
 * `index-reads` (a filter that pins fields keeps the order of a longer index).
 */
import { ts } from '../../typescript.js';
import { memberName, memberObject, stringLiteralValue, unwrap, walk } from '../model/ast.js';

export interface Predicate {
  /** The callback's parameter (`q` of `(q) => …`). */
  param: string;
  /** `q.eq(q.field("f"), X)` terms joined by `q.and` (or the whole body), in source order. */
  equalities: Equality[];
  /** The body is exactly one equality. */
  single: boolean;
}

export interface Equality {
  field: string;
  /** The literal naming the field, for its quote style. */
  fieldLiteral: ts.Expression;
  value: ts.Expression;
}

/** `(q) => …` with one identifier parameter and an expression body; anything else is not read. */
export function predicateOf(call: ts.CallExpression): Predicate | undefined {
  const fn = unwrap(call.arguments[0]);
  if (!ts.isArrowFunction(fn) || fn.parameters.length !== 1 || ts.isBlock(fn.body)) return undefined;
  const param = fn.parameters[0].name;
  if (!ts.isIdentifier(param)) return undefined;
  const body = unwrap(fn.body);
  const single = equalityOf(body, param.text);
  return { param: param.text, equalities: single ? [single] : conjuncts(body, param.text), single: single !== undefined };
}

/** Equalities that every matching row satisfies: the body itself or terms of (nested) `q.and(…)`. */
function conjuncts(expr: ts.Expression, param: string): Equality[] {
  const e = unwrap(expr);
  const equality = equalityOf(e, param);
  if (equality) return [equality];
  if (ts.isCallExpression(e) && isParamMethod(e, param, 'and')) return e.arguments.flatMap((a) => conjuncts(a, param));
  return [];
}

/** `q.eq(q.field("f"), X)` or `q.eq(X, q.field("f"))`, where X does not itself read the row. */
function equalityOf(expr: ts.Expression, param: string): Equality | undefined {
  const e = unwrap(expr);
  if (!ts.isCallExpression(e) || !isParamMethod(e, param, 'eq') || e.arguments.length !== 2) return undefined;
  const [left, right] = e.arguments;
  for (const [fieldSide, value] of [
    [left, right],
    [right, left],
  ] as const) {
    const fieldLiteral = fieldReference(fieldSide, param);
    const field = stringLiteralValue(fieldLiteral);
    if (fieldLiteral && field !== undefined && !mentions(value, param)) return { field, fieldLiteral: unwrap(fieldLiteral), value };
  }
  return undefined;
}

/** The argument of `q.field("f")`. */
function fieldReference(expr: ts.Expression, param: string): ts.Expression | undefined {
  const e = unwrap(expr);
  return ts.isCallExpression(e) && isParamMethod(e, param, 'field') && e.arguments.length === 1 ? e.arguments[0] : undefined;
}

function isParamMethod(call: ts.CallExpression, param: string, method: string): boolean {
  const callee = unwrap(call.expression);
  const object = memberObject(callee);
  const receiver = object && unwrap(object);
  return memberName(callee) === method && receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === param;
}

function mentions(expr: ts.Expression, name: string): boolean {
  if (ts.isIdentifier(expr)) return expr.text === name;
  let found = false;
  walk(expr, (node) => {
    if (ts.isIdentifier(node) && node.text === name) found = true;
  });
  return found;
}
