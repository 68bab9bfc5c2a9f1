/**
 * Which table an id or a document belongs to, followed through one registration's handler:
 * `Id<"T">` types and casts, `args.x` / destructured args validated by `v.id("T")`,
 * `await db.insert("T", …)` results, and `doc._id` of a document read from a known table
 * (`db.get`, `db.query("T")…first/unique/collect/take`, loops and array callbacks over those,
 * `Doc<"T">` types). Certain answers only: anything less yields undefined.
 */
import { ts } from '../../typescript.js';
import { memberName, memberObject, propertyNameText, unwrap } from '../model/ast.js';
import { isConstDeclaration, localDeclarationOf } from '../model/local-bindings.js';
import type { SourceFile } from '../model/source-file.js';
import { propertyValue } from './customizations.js';
import { dbQueryChains, terminalOf } from './db.js';
import type { ConvexProject } from './project.js';
import type { Registration } from './registrations.js';
import { dataModelType, idTypeTable, literalArgument, singleLiteralTable, validatorIdTable, vCallArgument } from './table-refs.js';

const MAX_HOPS = 4;

/**
 * The table an id expression certainly belongs to: `Id<"T">` types, `v.id("T")` arguments,
 * `await db.insert("T", …)` results, and `doc._id` of a document read from a known table.
 * `reg` is the registration whose handler's second parameter holds the validated args.
 */
export function tableOfId(project: ConvexProject, file: SourceFile, expression: ts.Expression, reg: Registration, depth = 0): string | undefined {
  if (depth > MAX_HOPS) return undefined;
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) return idTypeTable(project, file, e.type);
  if (ts.isPropertyAccessExpression(e)) {
    if (e.name.text === '_id') return tableOfDoc(project, file, e.expression, reg, depth + 1);
    const object = unwrap(e.expression);
    return ts.isIdentifier(object) && isArgsParameter(object, reg) ? argTable(project, reg, e.name.text) : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = localDeclarationOf(e);
  if (!decl) return undefined;
  if (ts.isParameter(decl)) {
    if (decl.type) return idTypeTable(project, file, decl.type);
    return ts.isObjectBindingPattern(decl.name) && isArgsParameterDecl(decl, reg) ? argTable(project, reg, bindingKey(decl.name, e.text)) : undefined;
  }
  if (decl.type) return idTypeTable(project, file, decl.type);
  if (!isConstDeclaration(decl) || !decl.initializer) return undefined;
  if (ts.isObjectBindingPattern(decl.name)) {
    const source = unwrap(decl.initializer);
    return ts.isIdentifier(source) && isArgsParameter(source, reg) ? argTable(project, reg, bindingKey(decl.name, e.text)) : undefined;
  }
  const init = unwrap(decl.initializer);
  if (ts.isAwaitExpression(init)) {
    const inner = unwrap(init.expression);
    if (ts.isCallExpression(inner) && memberName(inner.expression) === 'insert' && isDbCall(project, file, inner)) return literalArgument(inner.arguments[0])?.table;
  }
  return tableOfId(project, file, decl.initializer, reg, depth + 1);
}

/**
 * The table a document expression was read from: `await db.get("T", id)` / `db.get(id)` with a
 * known id, `await db.query("T")….first()/unique()`, an element of `await db.query("T")….collect()/take()`
 * (in `for … of` or an array callback), or a parameter typed `Doc<"T">`.
 */
export function tableOfDoc(project: ConvexProject, file: SourceFile, expression: ts.Expression, reg: Registration, depth = 0): string | undefined {
  if (depth > MAX_HOPS) return undefined;
  const e = unwrap(expression);
  if (!ts.isIdentifier(e)) return readTable(project, file, e, 'one', reg, depth);
  const decl = localDeclarationOf(e);
  if (!decl) return undefined;
  if (ts.isParameter(decl)) {
    if (decl.type && ts.isTypeReferenceNode(decl.type) && dataModelType(project, file, decl.type) === 'Doc') return singleLiteralTable(decl.type.typeArguments?.[0]);
    // `docs.map((doc) => …)`, `docs.forEach(async (doc) => …)`
    const fn = decl.parent;
    const call = fn.parent;
    if (fn.parameters[0] === decl && ts.isCallExpression(call) && call.arguments[0] === fn && memberObject(unwrap(call.expression))) {
      return tableOfList(project, file, memberObject(unwrap(call.expression))!, reg, depth + 1);
    }
    return undefined;
  }
  if (decl.type && ts.isTypeReferenceNode(decl.type) && dataModelType(project, file, decl.type) === 'Doc') return singleLiteralTable(decl.type.typeArguments?.[0]);
  if (!ts.isIdentifier(decl.name)) return undefined;
  const list = decl.parent;
  if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) return tableOfList(project, file, list.parent.expression, reg, depth + 1);
  if (!isConstDeclaration(decl) || !decl.initializer) return undefined;
  return readTable(project, file, unwrap(decl.initializer), 'one', reg, depth);
}

function tableOfList(project: ConvexProject, file: SourceFile, expression: ts.Expression, reg: Registration, depth: number): string | undefined {
  if (depth > MAX_HOPS) return undefined;
  const e = unwrap(expression);
  if (ts.isIdentifier(e)) {
    const decl = localDeclarationOf(e);
    return decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && isConstDeclaration(decl) && decl.initializer
      ? readTable(project, file, unwrap(decl.initializer), 'many', reg, depth + 1)
      : undefined;
  }
  return readTable(project, file, e, 'many', reg, depth);
}

/** `await db.get(…)` (one) or `await db.query("T")…` ending in `first/unique` (one) or `collect/take` (many). */
function readTable(project: ConvexProject, file: SourceFile, expression: ts.Expression, shape: 'one' | 'many', reg: Registration, depth: number): string | undefined {
  const e = ts.isAwaitExpression(expression) ? unwrap(expression.expression) : expression;
  if (!ts.isCallExpression(e)) return undefined;
  if (shape === 'one' && memberName(e.expression) === 'get' && isDbCall(project, file, e)) {
    const [first, second] = e.arguments;
    const literal = literalArgument(first)?.table;
    if (literal !== undefined) return second ? literal : undefined;
    return first && tableOfId(project, file, first, reg, depth + 1);
  }
  const chain = dbQueryChains(project, file).find((c) => c.end === e);
  const terminal = chain && terminalOf(chain);
  if (!chain || !terminal) return undefined;
  const wanted = shape === 'one' ? ['first', 'unique'] : ['collect', 'take'];
  return wanted.includes(terminal.name) ? chain.table : undefined;
}

function isDbCall(project: ConvexProject, file: SourceFile, call: ts.CallExpression): boolean {
  const object = memberObject(unwrap(call.expression));
  return object !== undefined && project.ctx(file).roleOf(object) === 'db';
}

/** The key a local name destructures: `{ id }` → id, `{ postId: id }` → postId. */
function bindingKey(pattern: ts.ObjectBindingPattern, local: string): string {
  const el = pattern.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === local);
  return el?.propertyName ? (propertyNameText(el.propertyName) ?? local) : local;
}

function isArgsParameter(id: ts.Identifier, reg: Registration): boolean {
  const decl = localDeclarationOf(id);
  return decl !== undefined && ts.isParameter(decl) && isArgsParameterDecl(decl, reg);
}

function isArgsParameterDecl(decl: ts.ParameterDeclaration, reg: Registration): boolean {
  return reg.handler !== undefined && reg.handler.parameters[1] === decl;
}

/** The table of `args: { key: v.id("T") }` (inline or `v.object({ … })`). */
function argTable(project: ConvexProject, reg: Registration, key: string): string | undefined {
  const argsExpr = reg.args && propertyValue(reg.args);
  let shape = argsExpr && unwrap(argsExpr);
  if (shape && ts.isCallExpression(shape)) {
    const inner = vCallArgument(project, reg.file, shape, 'object');
    shape = inner && unwrap(inner);
  }
  if (!shape || !ts.isObjectLiteralExpression(shape)) return undefined;
  return argIdTable(project, reg.file, shape, key);
}

/**
 * The table of the `v.id("T")` (or `v.optional(v.id("T"))`) validator an args object gives `key`.
 * The last word counts: a later property or spread overrides an earlier one.
 */
export function argIdTable(project: ConvexProject, file: SourceFile, args: ts.ObjectLiteralExpression, key: string): string | undefined {
  let validator: ts.Expression | undefined;
  for (const prop of args.properties) {
    if (ts.isSpreadAssignment(prop)) validator = undefined;
    else if (prop.name && propertyNameText(prop.name) === key) validator = ts.isPropertyAssignment(prop) ? prop.initializer : undefined;
  }
  return validator && validatorIdTable(project, file, validator);
}

