import { ts } from '../../typescript.js';
import { unwrap } from '../model/ast.js';
import { collectCalls, describeTable } from '../semantics/collects.js';
import { collectedUses, countOnlyReads } from '../semantics/collected-uses.js';
import { BEST_PRACTICES, type Rule } from '../engine/rule.js';

const AGGREGATE_URL = 'https://www.convex.dev/components/aggregate';

/** `(await q.collect()).length`: every document read just to count them. */
export const collectForCount: Rule = {
  id: 'collect-for-count',
  title: 'Collect used only to count',
  description: 'A collected query result whose only use is its `.length`.',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#only-use-collect-with-a-small-number-of-results`,
  category: 'performance',
  concerns: ['performance'],
  *check(project) {
    for (const file of project.files) {
      for (const { chain, step } of collectCalls(project, file)) {
        if (chain.end !== step.call) continue; // `.collect().then(…)`: the result goes elsewhere
        const reads = countOnlyReads(collectedUses(project, file, step.call));
        if (!reads) continue;
        const table = describeTable(chain);
        // Report at the first `.length` read when it is in this file, else (a helper's caller
        // elsewhere counts) at the collect itself.
        const local = reads.filter((r) => r.getSourceFile() === file.ast).sort((a, b) => a.pos - b.pos);
        const node = local[0]?.name ?? step.nameNode;
        const needed = documentsNeeded(reads);
        if (needed === '1') {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} only checks whether a document exists: use \`.first()\``,
            detail:
              'Collecting reads every matching document, and the read set makes the function re-run whenever any of them changes. ' +
              '`(await query.first()) !== null` reads one document and answers the same question.',
          };
        } else if (needed !== undefined) {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} only checks whether there are at least ${needed} documents: use \`.take(${needed})\``,
            detail:
              'Collecting reads every matching document only to compare their number with a limit. ' +
              `\`(await query.take(${needed})).length\` reads at most ${needed} documents and answers the same question, ` +
              'and the function no longer re-runs whenever any document past them changes.',
          };
        } else {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} loads every document only to count them`,
            detail:
              'Counting by collecting reads every matching document, so it slows down as the table grows, fails past the ' +
              'per-transaction read limits, and re-runs the function whenever any of those documents changes. ' +
              `Keep the count instead: the [Aggregate component](${AGGREGATE_URL}) counts (and sums, ranks) in O(log n), ` +
              'or keep a counter document updated by the mutations that insert and delete (the Sharded Counter component ' +
              'spreads a hot counter over shards).',
          };
        }
      }
    }
  },
};

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
  const op = lengthOnLeft ? parent.operatorToken.kind : flipped(parent.operatorToken.kind);
  if (op === undefined) return undefined;
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
