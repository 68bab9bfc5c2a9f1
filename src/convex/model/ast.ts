/** Small syntax helpers shared by the model and the rules. */
import { ts } from '../../typescript.js';
import { subtreeOf } from './syntax-tree.js';

/** Strips parentheses, `as`, `satisfies`, `!` and type assertions. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The inverse of `unwrap`: climbs through parentheses, casts and `!` to the outermost expression with the same value. */
export function outermostWrapper(expr: ts.Expression): ts.Expression {
  let node: ts.Expression = expr;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent) ||
    ts.isNonNullExpression(node.parent) ||
    ts.isTypeAssertionExpression(node.parent)
  ) {
    node = node.parent;
  }
  return node;
}

/** The name of a property access or string-literal element access, e.g. `filter` of `q.filter`. */
export function memberName(expr: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression)) return expr.argumentExpression.text;
  return undefined;
}

/** The object of a property or element access. */
export function memberObject(expr: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) return expr.expression;
  return undefined;
}

/** The node a finding about a member call should point at: the member's name. */
export function memberNameNode(expr: ts.Node): ts.Node {
  if (ts.isPropertyAccessExpression(expr)) return expr.name;
  if (ts.isElementAccessExpression(expr)) return expr.argumentExpression;
  return expr;
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** The property of an object literal by name (assignment, shorthand or method). */
export function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => p.name !== undefined && propertyNameText(p.name) === name);
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

export function isAsync(fn: FunctionNode): boolean {
  return (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) !== 0;
}

/** The name a function is known by: its own, the variable or property holding it, or its method name. */
export function functionNameOf(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if (ts.isMethodDeclaration(fn)) return propertyNameText(fn.name);
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === fn && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && parent.initializer === fn) return propertyNameText(parent.name);
  return undefined;
}

export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionNode(n)) return n;
  return undefined;
}

export function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

export function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** Visits every node below `root` (depth first, source order). */
export function walk(root: ts.Node, visit: (node: ts.Node) => void): void {
  // A project file's nodes are a flat list (syntax-tree.ts): the subtree is a slice of it.
  const subtree = subtreeOf(root);
  if (subtree) {
    const { nodes, from, to } = subtree;
    for (let i = from; i < to; i++) visit(nodes[i]);
    return;
  }
  const go = (node: ts.Node): void => {
    visit(node);
    ts.forEachChild(node, go);
  };
  ts.forEachChild(root, go);
}

/** The text of a string literal, through parentheses and casts. */
export function stringLiteralValue(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  return ts.isStringLiteralLike(e) ? e.text : undefined;
}
