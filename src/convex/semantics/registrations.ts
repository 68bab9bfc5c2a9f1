/** Every Convex function registration in a root, whatever the form of its builder or export. */
import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, unwrap, type FunctionNode } from '../model/ast.js';
import type { ModuleScope } from '../model/module-scope.js';
import type { FunctionKind, Registrar, Visibility } from '../model/registrars.js';
import type { SourceFile } from '../model/source-file.js';
import type { ValueResolver } from '../model/values.js';

export interface Registration {
  file: SourceFile;
  /** The registering call, e.g. `query({...})`. */
  call: ts.CallExpression;
  kind: FunctionKind;
  visibility: Visibility;
  registrar: Registrar;
  /** `object`: `query({ args, handler })`; `function`: the old `query(async (ctx) => …)`; `unknown`: anything else. */
  syntax: 'object' | 'function' | 'unknown';
  /** The definition object, for the object syntax. */
  definition?: ts.ObjectLiteralExpression;
  /** The `args` property, when present (any expression counts). */
  args?: ts.ObjectLiteralElementLike;
  returns?: ts.ObjectLiteralElementLike;
  /** The handler function, when it can be found. */
  handler?: FunctionNode;
  /** The local name the registration is bound to (`const list = query(…)`). */
  localName?: string;
  /** The names the module exports it under (`list`, `default`, …); empty when never exported. */
  exportNames: string[];
}

export function findRegistrations(
  file: SourceFile,
  calls: readonly ts.CallExpression[],
  scope: ModuleScope,
  values: ValueResolver,
): Registration[] {
  const found: Registration[] = [];
  for (const node of calls) {
    const callee = unwrap(node.expression);
    // Only names and `ns.name` can denote a builder; skip the rest cheaply.
    if (!ts.isIdentifier(callee) && !(ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression))) continue;
    if (ts.isIdentifier(callee) && !scope.imports.has(callee.text) && !scope.locals.has(callee.text)) continue;
    if (ts.isPropertyAccessExpression(callee) && !scope.imports.has((callee.expression as ts.Identifier).text)) continue;
    const value = values.valueOf(file, callee);
    if (value.kind !== 'registrar') continue;
    found.push(describeRegistration(file, node, value.registrar, scope));
  }
  return found;
}

function describeRegistration(file: SourceFile, call: ts.CallExpression, registrar: Registrar, scope: ModuleScope): Registration {
  const base: Registration = {
    file,
    call,
    kind: registrar.kind,
    visibility: registrar.visibility,
    registrar,
    syntax: 'unknown',
    exportNames: [],
  };
  const arg = call.arguments[0] ? unwrap(call.arguments[0]) : undefined;
  const definition = arg && resolveLocalObject(arg, scope);
  if (definition) {
    base.syntax = 'object';
    base.definition = definition;
    base.args = findProperty(definition, 'args');
    base.returns = findProperty(definition, 'returns');
    base.handler = handlerOf(findProperty(definition, 'handler'), scope);
  } else if (arg && (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) {
    base.syntax = 'function';
    base.handler = arg;
  } else if (arg && ts.isIdentifier(arg)) {
    const decl = scope.locals.get(arg.text);
    const fn = decl && functionOfDeclaration(decl);
    if (fn) {
      base.syntax = 'function';
      base.handler = fn;
    }
  }
  Object.assign(base, exportInfo(call, scope));
  return base;
}

/** `query(def)` where `const def = { … }` in the same module. */
function resolveLocalObject(arg: ts.Expression, scope: ModuleScope): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(arg)) return arg;
  if (ts.isIdentifier(arg)) {
    const decl = scope.locals.get(arg.text);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isObjectLiteralExpression(init)) return init;
    }
  }
  return undefined;
}

function handlerOf(prop: ts.ObjectLiteralElementLike | undefined, scope: ModuleScope): FunctionNode | undefined {
  if (!prop) return undefined;
  if (ts.isMethodDeclaration(prop)) return prop;
  const expr = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  if (!expr) return undefined;
  if (isFunctionNode(expr)) return expr;
  if (ts.isIdentifier(expr)) {
    const decl = scope.locals.get(expr.text);
    return decl && functionOfDeclaration(decl);
  }
  return undefined;
}

function functionOfDeclaration(decl: ts.Node): FunctionNode | undefined {
  if (ts.isFunctionDeclaration(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = unwrap(decl.initializer);
    if (isFunctionNode(init)) return init;
  }
  return undefined;
}

/** The local and exported names of a registration call. */
function exportInfo(call: ts.CallExpression, scope: ModuleScope): Pick<Registration, 'localName' | 'exportNames'> {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isExportAssignment(parent)) return { exportNames: ['default'] };
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer === node) {
    const localName = parent.name.text;
    const isModuleScope = ts.isVariableStatement(parent.parent.parent) && ts.isSourceFile(parent.parent.parent.parent);
    return { localName, exportNames: isModuleScope ? [...(scope.exportedAs.get(localName) ?? [])] : [] };
  }
  return { exportNames: [] };
}

/** The name a message calls a registration by: its named export, else its local name. */
export function registrationName(reg: Registration): string | undefined {
  return reg.exportNames.find((n) => n !== 'default') ?? reg.localName;
}
