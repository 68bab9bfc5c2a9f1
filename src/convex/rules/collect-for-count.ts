import { ts } from '../../typescript.js';
import { isFunctionNode, unwrap, walk } from '../model/ast.js';
import { collectCalls, describeTable } from '../semantics/collects.js';
import { bindingNames } from '../model/module-scope.js';
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
        const reads = lengthReads(step.call);
        if (!reads || reads.length === 0) continue;
        const table = describeTable(chain);
        const existence = reads.every(isExistenceCheck);
        yield {
          file,
          node: reads[0].name,
          message: existence
            ? `\`.collect()\` on ${table} only checks whether a document exists: use \`.first()\``
            : `\`.collect()\` on ${table} loads every document only to count them`,
          detail: existence
            ? 'Collecting reads every matching document, and the read set makes the function re-run whenever any of them changes. ' +
              '`(await query.first()) !== null` reads one document and answers the same question.'
            : 'Counting by collecting reads every matching document, so it slows down as the table grows, fails past the ' +
              'per-transaction read limits, and re-runs the function whenever any of those documents changes. ' +
              `Keep the count instead: the [Aggregate component](${AGGREGATE_URL}) counts (and sums, ranks) in O(log n), ` +
              'or keep a counter document updated by the mutations that insert and delete (the Sharded Counter component ' +
              'spreads a hot counter over shards).',
        };
      }
    }
  },
};

/**
 * The `.length` reads of a collect's result when counting is all it is used for: read directly
 * (`(await q.collect()).length`) or through a variable whose every use reads `.length`.
 * Undefined when the array is used for anything else.
 */
function lengthReads(collect: ts.CallExpression): ts.PropertyAccessExpression[] | undefined {
  const result = outermost(collect, true);
  if (!ts.isAwaitExpression(unwrap(result))) return undefined; // the `.length` of a promise is another bug
  const parent = result.parent;
  if (isLengthRead(parent, result)) return [parent];
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== result || !ts.isIdentifier(parent.name)) return undefined;
  const uses = usesOfLocal(parent.name);
  if (!uses) return undefined;
  const reads: ts.PropertyAccessExpression[] = [];
  for (const use of uses) {
    const expr = outermost(use, false);
    if (!isLengthRead(expr.parent, expr)) return undefined;
    reads.push(expr.parent);
  }
  return reads;
}

/** Climbs parentheses, casts, `!` (and one `await` when asked) around an expression. */
function outermost(expr: ts.Expression, throughAwait: boolean): ts.Expression {
  let node: ts.Expression = expr;
  let awaited = !throughAwait;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) {
      node = parent;
    } else if (!awaited && ts.isAwaitExpression(parent)) {
      node = parent;
      awaited = true;
    } else {
      return node;
    }
  }
}

/** `x.length` as a read (not `x.length = 0`). */
function isLengthRead(node: ts.Node, object: ts.Expression): node is ts.PropertyAccessExpression {
  if (!ts.isPropertyAccessExpression(node) || node.expression !== object || node.name.text !== 'length') return false;
  const parent = node.parent;
  return !(ts.isBinaryExpression(parent) && parent.left === node && isAssignment(parent.operatorToken.kind));
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * Every reference to a local variable in its function, or undefined when that cannot be told
 * safely (another binding of the same name there could be shadowing it).
 */
function usesOfLocal(name: ts.Identifier): ts.Identifier[] | undefined {
  let scope: ts.Node = name;
  while (scope.parent && !isFunctionNode(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  let ambiguous = false;
  walk(scope, (node) => {
    if (ambiguous) return;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && node.name !== name) {
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

/** `o.name`, `{ name: … }`, `name() {}`: the identifier is a property name, not the variable. */
function isPropertyNamePosition(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return true;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return true;
  return ts.isBindingElement(parent) && parent.propertyName === id;
}

/** `x.length > 0`, `x.length === 0`, `!x.length`, `if (x.length)`: a yes/no question, not a count. */
function isExistenceCheck(read: ts.PropertyAccessExpression): boolean {
  if (inBooleanContext(read)) return true;
  let node: ts.Expression = read;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!ts.isBinaryExpression(parent)) return false;
  const other = parent.left === node ? parent.right : parent.left;
  if (!ts.isNumericLiteral(other)) return false;
  const n = Number(other.text);
  const lengthOnLeft = parent.left === node;
  switch (parent.operatorToken.kind) {
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      return n === 0;
    case ts.SyntaxKind.GreaterThanToken: // length > 0, 1 > length
      return lengthOnLeft ? n === 0 : n === 1;
    case ts.SyntaxKind.GreaterThanEqualsToken: // length >= 1, 0 >= length
      return lengthOnLeft ? n === 1 : n === 0;
    case ts.SyntaxKind.LessThanToken: // length < 1, 0 < length
      return lengthOnLeft ? n === 1 : n === 0;
    case ts.SyntaxKind.LessThanEqualsToken: // length <= 0, 1 <= length
      return lengthOnLeft ? n === 0 : n === 1;
    default:
      return false;
  }
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
