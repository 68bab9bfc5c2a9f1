/**
 * Project functions that wrap a Convex builder and so are builders themselves:
 * `function mutationWithSession(func) { return mutation(withSession(func)); }` (the
 * pre-`customMutation` convex-helpers pattern) or `const myQuery = (def) => query(def)`.
 * Whatever is handed to such a function is registered by the builder it calls, so the function
 * (or `{ args, handler }`) passed to the wrapper is the handler and its first parameter a ctx of
 * the builder's kind. Syntactic and strict: the wrapper's own declaration must be in the project
 * and its only return must visibly be the builder call, handed the wrapper's first parameter.
 */
import { ts } from '../../typescript.js';
import { isAsync, isFunctionNode, unwrap, walk, type FunctionNode } from './ast.js';
import { bindingNames } from './module-scope.js';
import type { Registrar } from './registrars.js';

/** The registrar an expression written in the wrapper's file denotes, if any. */
export type RegistrarOf = (expression: ts.Expression) => Registrar | undefined;

/** How deep `withA(withB(func))` may nest around the parameter. */
const MAX_WRAPPING_CALLS = 4;

/** The function a module-scope declaration defines: `function f() {}` or `const f = () => …`. */
export function declaredFunction(decl: ts.Node): FunctionNode | undefined {
  if (ts.isFunctionDeclaration(decl)) return decl.body ? decl : undefined;
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
    const init = unwrap(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/**
 * The registrar `fn` (named `name`, declared in `filePath`) is, when it returns a builder call
 * handed its first parameter: as is (`query(def)`, the builder's own registrar), or through
 * calls (`mutation(withSession(func))`). A call in between may add arguments or checks the model
 * cannot read, so it is recorded as an opaque customization named after the wrapper.
 */
export function wrapperRegistrar(fn: FunctionNode, name: string, filePath: string, registrarOf: RegistrarOf): Registrar | undefined {
  // An async or generator wrapper returns a promise or an iterator, not a registered function.
  if (isAsync(fn) || fn.asteriskToken) return undefined;
  const param = fn.parameters[0];
  if (!param || param.dotDotDotToken || !ts.isIdentifier(param.name)) return undefined;
  const returned = onlyReturnedExpression(fn);
  const call = returned && unwrap(returned);
  // Convex builders take one argument; a second would be read as mods by builder analyses.
  if (!call || !ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const handedOn = handsOn(call.arguments[0], param.name.text, 0);
  if (!handedOn) return undefined;
  const callee = unwrap(call.expression);
  // `const mutation = …` inside the wrapper is not the module's `mutation`.
  if (ts.isIdentifier(callee) && declaresName(fn, callee.text)) return undefined;
  const inner = registrarOf(callee);
  if (!inner) return undefined;
  if (handedOn === 'as-is') return inner;
  return {
    ...inner,
    customizations: [{ name, factory: handedOn.via, file: filePath, call, opaque: true as const }, ...inner.customizations],
  };
}

/** The expression `fn` returns when that is all it can return: an arrow's body, or a single `return x`. */
function onlyReturnedExpression(fn: FunctionNode): ts.Expression | undefined {
  if (!fn.body) return undefined;
  if (!ts.isBlock(fn.body)) return fn.body;
  const returns: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return; // their returns are not fn's
    if (ts.isReturnStatement(node)) returns.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return returns.length === 1 ? returns[0].expression : undefined;
}

/** `param` itself, or a call (`withSession(param)`, nested a few deep) it is handed to. */
function handsOn(arg: ts.Expression, param: string, depth: number): 'as-is' | { via: string } | undefined {
  const expr = unwrap(arg);
  if (ts.isIdentifier(expr)) return expr.text === param ? 'as-is' : undefined;
  if (!ts.isCallExpression(expr) || depth >= MAX_WRAPPING_CALLS) return undefined;
  if (!expr.arguments.some((a) => handsOn(a, param, depth + 1) !== undefined)) return undefined;
  return { via: calleeText(expr.expression) };
}

function calleeText(callee: ts.Expression): string {
  const expr = unwrap(callee);
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return 'a call';
}

/** Whether `fn` binds `name` itself (a parameter, a local variable or function) anywhere inside. */
function declaresName(fn: FunctionNode, name: string): boolean {
  if (fn.parameters.some((p) => bindingNames(p.name).includes(name))) return true;
  let found = false;
  if (fn.body) {
    walk(fn.body, (node) => {
      if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && bindingNames(node.name).includes(name)) found = true;
      else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name) found = true;
    });
  }
  return found;
}
