/**
 * How a function reads one of its parameters: a handler's `args` (`args.userId`, `{ userId }`,
 * `const { userId } = args`), or any parameter a value was handed in. Syntactic and local: the
 * names are followed within the function, not into what it calls.
 */
import { ts } from '../../typescript.js';
import { memberName, propertyNameText, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { isConstDeclaration, localDeclarationOf } from '../model/local-bindings.js';

/** One read of a property of the parameter: `args.x`, or a name bound to it; `arg: '*'` for the whole object. */
export interface ArgRead {
  arg: string;
  expr: ts.Expression;
}

/**
 * Reads of the properties of `fn`'s parameter at `index` (a handler's args by default):
 * `args.x` (and `args["x"]`), names destructured in the parameter (`{ x }`) or from it
 * (`const { x } = args`, `const x = args.x`), and the parameter itself when used whole
 * (`db.insert("t", args)`), as `arg: '*'`.
 */
export function argReads(fn: FunctionNode, index = 1): ArgRead[] {
  const param = fn.parameters[index];
  if (!param || !fn.body) return [];
  const bindings = new Map<ts.Node, Map<string, string>>(); // declaration → local name → arg
  const paramName = ts.isIdentifier(param.name) ? param.name.text : undefined;
  if (ts.isObjectBindingPattern(param.name)) bindings.set(param, patternBindings(param.name));
  const reads: ArgRead[] = [];
  const isParam = (id: ts.Identifier): boolean => id.text === paramName && localDeclarationOf(id) === param;

  walk(fn.body, (node) => {
    if (ts.isVariableDeclaration(node) && node.initializer && isConstDeclaration(node)) {
      const init = unwrap(node.initializer);
      if (ts.isObjectBindingPattern(node.name) && ts.isIdentifier(init) && isParam(init)) bindings.set(node, patternBindings(node.name));
      if (ts.isIdentifier(node.name) && (ts.isPropertyAccessExpression(init) || ts.isElementAccessExpression(init))) {
        const object = unwrap(init.expression);
        const arg = memberName(init);
        if (arg && ts.isIdentifier(object) && isParam(object)) bindings.set(node, new Map([[node.name.text, arg]]));
      }
    }
  });

  const boundNames = new Set([...bindings.values()].flatMap((m) => [...m.keys()]));
  walk(fn.body, (node) => {
    if (!ts.isIdentifier(node) || !isValueRead(node)) return;
    if (isParam(node)) {
      const parent = node.parent;
      const arg = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node ? memberName(parent) : undefined;
      if (arg) reads.push({ arg, expr: parent as ts.Expression });
      else if (!isDestructuringSource(node)) reads.push({ arg: '*', expr: node });
      return;
    }
    if (!boundNames.has(node.text)) return; // spares the scope lookup for every other name
    const decl = localDeclarationOf(node);
    const arg = decl && bindings.get(decl)?.get(node.text);
    if (arg) reads.push({ arg, expr: node });
  });
  return reads.sort((a, b) => a.expr.pos - b.expr.pos);
}

/**
 * Reads of the parameter at `index` as a value (`token`, not its properties): every use of an
 * identifier parameter. Empty for a destructured parameter.
 */
export function parameterReads(fn: FunctionNode, index: number): ts.Identifier[] {
  const param = fn.parameters[index];
  if (!param || !fn.body || !ts.isIdentifier(param.name)) return [];
  const name = param.name.text;
  const reads: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isValueRead(node) && localDeclarationOf(node) === param) reads.push(node);
  };
  visit(fn.body);
  walk(fn.body, visit);
  return reads;
}

/**
 * Whether the handler uses its arguments at all: a destructured parameter that names any, or
 * an args parameter read anywhere. `(ctx) => …`, `(ctx, _args) => …` with `_args` unused and
 * `(ctx, {}) => …` do not.
 */
export function readsArguments(fn: FunctionNode, index = 1): boolean {
  const param = fn.parameters[index];
  if (!param) return false;
  if (param.dotDotDotToken) return true;
  if (ts.isObjectBindingPattern(param.name)) return param.name.elements.length > 0;
  if (ts.isArrayBindingPattern(param.name)) return true;
  return parameterReads(fn, index).length > 0;
}

/** `{ userId, email: address }` → userId → userId, address → email (rest elements carry no single arg). */
function patternBindings(pattern: ts.ObjectBindingPattern): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of pattern.elements) {
    const key = bindingElementKey(el);
    if (key && ts.isIdentifier(el.name)) out.set(el.name.text, key);
  }
  return out;
}

/** The property a binding element takes: `x` of `{ x }` and of `{ x: y }`; none for a rest element. */
export function bindingElementKey(el: ts.BindingElement): string | undefined {
  if (el.dotDotDotToken) return undefined;
  if (el.propertyName) return propertyNameText(el.propertyName);
  return ts.isIdentifier(el.name) ? el.name.text : undefined;
}

/** An identifier in value position: not a property name, a declared name or a type. */
export function isValueRead(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) || ts.isVariableDeclaration(parent) || ts.isParameter(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  return true;
}

/** `const { userId } = args`: the read is the destructuring itself, handled as bindings. */
function isDestructuringSource(id: ts.Identifier): boolean {
  let node: ts.Node = id;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isObjectBindingPattern(parent.name);
}
