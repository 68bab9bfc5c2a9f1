/**
 * What a `.length` read of a collected array asks: "is there any?", "are there at least N?", or
 * the true total. The first two need only a few documents (`.first()`, `.take(N)`).
 */
import { ts } from '../../typescript.js';
import { unwrap } from '../model/ast.js';

/**
 * How many documents answer every `.length` read when each only compares the count with a bound
 * (`>= 5`, `> 0`, `=== 0`, `< MAX_MEMBERS`): `'1'` for a yes/no existence question, a number or
 * an expression (`MAX_MEMBERS`, `LIMIT + 1`) otherwise; undefined when some read needs the true total.
 */
export function documentsNeeded(reads: readonly ts.PropertyAccessExpression[]): string | undefined {
  const bounds = reads.map(boundOf);
  if (bounds.some((b) => b === undefined)) return undefined;
  const numbers = bounds.filter((b): b is number => typeof b === 'number');
  const names = [...new Set(bounds.filter((b): b is string => typeof b === 'string'))];
  if (names.length === 0) return String(Math.max(...numbers));
  // A named bound is kept only when it is the one bound (besides existence checks it covers).
  if (names.length === 1 && numbers.every((n) => n <= 1)) return names[0];
  return undefined;
}

/**
 * The documents one `.length` read needs: 1 for an existence check, n for `length >= n`, n + 1
 * for `length > n` / `=== n` / `<= n`; for a named bound, its text (`LIMIT`, `LIMIT + 1`).
 */
function boundOf(read: ts.PropertyAccessExpression): number | string | undefined {
  if (inBooleanContext(read)) return 1;
  let node: ts.Expression = read;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!ts.isBinaryExpression(parent)) return undefined;
  const lengthOnLeft = parent.left === node;
  const other = unwrap(lengthOnLeft ? parent.right : parent.left);
  // Normalise to `length OP other`.
  const comparison = flipped(parent.operatorToken.kind);
  if (comparison === undefined) return undefined; // `a.length + b.length`: not a comparison
  const op = lengthOnLeft ? parent.operatorToken.kind : comparison;
  // length >= n needs n documents; length > n, === n, !== n, <= n need n + 1; length < n needs n.
  const plusOne = op !== ts.SyntaxKind.GreaterThanEqualsToken && op !== ts.SyntaxKind.LessThanToken;
  if (ts.isNumericLiteral(other)) {
    const n = Number(other.text);
    if (!Number.isInteger(n) || n < 0) return undefined;
    return Math.max(1, plusOne ? n + 1 : n);
  }
  const name = simpleName(other);
  if (!name) return undefined;
  return plusOne ? `${name} + 1` : name;
}

/** The comparison with its operands swapped (`n < length` is `length > n`); undefined for other operators. */
function flipped(kind: ts.SyntaxKind): ts.SyntaxKind | undefined {
  switch (kind) {
    case ts.SyntaxKind.GreaterThanToken:
      return ts.SyntaxKind.LessThanToken;
    case ts.SyntaxKind.LessThanToken:
      return ts.SyntaxKind.GreaterThanToken;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return ts.SyntaxKind.LessThanEqualsToken;
    case ts.SyntaxKind.LessThanEqualsToken:
      return ts.SyntaxKind.GreaterThanEqualsToken;
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return kind;
    default:
      return undefined;
  }
}

/** `MAX_MEMBERS`, `limits.maxSeats`: a plain (dotted) name, safe to quote in a message. */
function simpleName(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
    const object = simpleName(expr.expression);
    return object && `${object}.${expr.name.text}`;
  }
  return undefined;
}

/** Used only for its truthiness: `!x`, a condition, or an operand of `&&`/`||` that is itself one. */
function inBooleanContext(expr: ts.Expression): boolean {
  let node: ts.Expression = expr;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) return inBooleanContext(parent);
  }
  return false;
}
