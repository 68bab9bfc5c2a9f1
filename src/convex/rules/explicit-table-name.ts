import { convexAtLeast } from '../model/versions.js';
import { ts } from '../../typescript.js';
import { memberName, memberNameNode, memberObject, unwrap } from '../model/ast.js';
import { dbCalls, type DbCall } from '../semantics/db.js';
import { isConstDeclaration } from '../model/local-bindings.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Registration } from '../semantics/registrations.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { idTypeTable, literalArgument, vCallArgument } from '../semantics/table-refs.js';
import { argIdTable } from '../semantics/id-tables.js';

/** The id-only forms: `db.get(id)`, `db.delete(id)`, `db.patch(id, value)`, `db.replace(id, value)`. */
const ID_ONLY_ARITY = new Map([['get', 1], ['delete', 1], ['patch', 2], ['replace', 2]]);
const MAX_ALIAS_DEPTH = 4;

/** `db.get(id)` and kin without the table name, in projects on convex ≥ 1.31 (where the table-first forms exist). */
export const explicitTableName: Rule = {
  id: 'explicit-table-name',
  title: 'Database call without the table name',
  description: '`db.get/delete(id)` or `db.patch/replace(id, value)` without the table name as first argument (convex ≥ 1.31).',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#always-include-the-table-name-when-calling-ctxdb-functions`,
  category: 'maintainability',
  concerns: ['correctness', 'data-model', 'maintainability'],
  fixable: true,
  dependsOn: /(^|\/)package\.json$/,
  eslintEquivalent: 'explicit-table-ids',
  *check(project) {
    // Older versions have no table-first forms: the advice would not compile.
    if (!supportsTableNames(project.convexVersion)) return;
    for (const file of project.files) {
      for (const call of dbCalls(project, file)) {
        if (isIdOnlyForm(call)) yield reportOf(project, file, call);
      }
    }
  },
};

function isIdOnlyForm(call: DbCall): boolean {
  const args = call.call.arguments;
  if (ID_ONLY_ARITY.get(call.method) !== args.length) return false;
  return !args.some(ts.isSpreadElement) && literalArgument(args[0]) === undefined;
}

function reportOf(project: ConvexProject, file: SourceFile, call: DbCall): Report {
  const callee = memberName(call.db) === 'system' ? `db.system.${call.method}` : `db.${call.method}`;
  const idArg = call.call.arguments[0];
  const name = tableOfId(project, file, idArg, 0);
  const quote = quoteOf(file);
  const table = name === undefined ? undefined : quote + name + quote;
  return {
    file,
    node: memberNameNode(call.call.expression),
    message: table
      ? `\`${callee}\` without the table name: write \`${callee}(${table}, …)\``
      : `\`${callee}\` without the table name: pass the table first, \`${callee}("table", …)\``,
    detail:
      `Since convex 1.31, \`db.get\`, \`db.patch\`, \`db.replace\` and \`db.delete\` take the table name as their first argument; ` +
      'the id-only forms remain only for backwards compatibility. Naming the table documents which table the call touches and ' +
      'lets TypeScript and Convex check that the id belongs to that table.' +
      (table ? '' : ' Pass the table the id comes from (its `Id<"table">` type says which).'),
    ...(table ? { fix: { start: idArg.getStart(file.ast), end: idArg.getStart(file.ast), newText: `${table}, ` } } : {}),
  };
}

/**
 * The minimum convex version a dependency range allows is ≥ 1.31: `^1.31.0`, `~1.32.1`, `1.31.0`,
 * `>=1.31`, `>=1.31.0 <2`. Anything else (tags, workspace and git specs, `||` ranges) says no.
 */
export function supportsTableNames(range: string | undefined): boolean {
  return convexAtLeast(range, [1, 31, 0]);
}

/**
 * The table an id expression certainly belongs to: `x as Id<"T">`, a parameter or variable typed `Id<"T">`, an argument validated by
 * `v.id("T")` (`args.x` or a destructured `{ x }`), a const holding `await ctx.db.insert("T", …)`.
 */
function tableOfId(project: ConvexProject, file: SourceFile, expr: ts.Expression, depth: number): string | undefined {
  if (depth > MAX_ALIAS_DEPTH) return undefined;
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) return idTypeTable(project, file, e.type);
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
    const holder = declarationOf(e.expression);
    const reg = holder && ts.isParameter(holder) && argsParameterOf(project, file, holder);
    return reg ? argTable(project, reg, e.name.text) : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  const decl = declarationOf(e);
  if (!decl) return undefined;
  if (ts.isParameter(decl)) return idTypeTable(project, file, decl.type);
  if (ts.isVariableDeclaration(decl)) return tableOfVariable(project, file, decl, depth);
  if (ts.isBindingElement(decl)) return tableOfArgBinding(project, file, decl);
  return undefined;
}

function tableOfVariable(project: ConvexProject, file: SourceFile, decl: ts.VariableDeclaration, depth: number): string | undefined {
  if (decl.type) return idTypeTable(project, file, decl.type);
  if (!isConstDeclaration(decl) || !decl.initializer) return undefined;
  const init = unwrap(decl.initializer);
  if (ts.isAwaitExpression(init)) return insertedTable(project, file, unwrap(init.expression));
  return tableOfId(project, file, decl.initializer, depth + 1);
}

/** `ctx.db.insert("T", …)` on a Convex db: its literal table. */
function insertedTable(project: ConvexProject, file: SourceFile, expr: ts.Expression): string | undefined {
  if (!ts.isCallExpression(expr) || memberName(expr.expression) !== 'insert') return undefined;
  const db = memberObject(unwrap(expr.expression));
  if (!db || project.ctx(file).roleOf(db) !== 'db' || memberName(db) === 'system') return undefined;
  return literalArgument(expr.arguments[0])?.table;
}

/** `handler: (ctx, { x }) => …` or `const { x } = args`: the arg `x` of the registration's validators. */
function tableOfArgBinding(project: ConvexProject, file: SourceFile, element: ts.BindingElement): string | undefined {
  const pattern = element.parent;
  if (!ts.isObjectBindingPattern(pattern) || element.dotDotDotToken) return undefined;
  const key = element.propertyName ?? element.name;
  if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return undefined;
  const holder = pattern.parent;
  let reg: Registration | undefined;
  if (ts.isParameter(holder)) reg = argsParameterOf(project, file, holder);
  else if (ts.isVariableDeclaration(holder) && holder.initializer && ts.isIdentifier(unwrap(holder.initializer))) {
    const source = declarationOf(unwrap(holder.initializer) as ts.Identifier);
    if (source && ts.isParameter(source)) reg = argsParameterOf(project, file, source);
  }
  return reg ? argTable(project, reg, key.text) : undefined;
}

/** The registration whose handler takes `param` as its second (args) parameter. */
function argsParameterOf(project: ConvexProject, file: SourceFile, param: ts.ParameterDeclaration): Registration | undefined {
  const fn = param.parent;
  if (fn.parameters[1] !== param) return undefined;
  return project.registrationsIn(file).find((r) => r.handler === fn);
}

/** The table of `args: { key: v.id("T") }` in the registration. */
function argTable(project: ConvexProject, reg: Registration, key: string): string | undefined {
  const shape = argsShape(project, reg);
  return shape && argIdTable(project, shape.file, shape.node, key);
}

/** The object literal of a registration's `args` (inline, `v.object({…})`, or a const in the project). */
function argsShape(project: ConvexProject, reg: Registration): { file: SourceFile; node: ts.ObjectLiteralExpression } | undefined {
  const prop = reg.args;
  let expr = prop && ts.isPropertyAssignment(prop) ? prop.initializer : prop && ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  let file = reg.file;
  for (let hop = 0; expr && hop < MAX_ALIAS_DEPTH; hop++) {
    const e = unwrap(expr);
    if (ts.isObjectLiteralExpression(e)) return { file, node: e };
    if (ts.isCallExpression(e) && memberName(e.expression) === 'object' && e.arguments.length === 1) {
      expr = vCallArgument(project, file, e, 'object');
      if (!expr) return undefined;
      continue;
    }
    if (!ts.isIdentifier(e)) return undefined;
    // A module-scope name: the resolver follows it (and imports) to the value it is bound to.
    const value = project.valueOf(file, e);
    if (value.kind !== 'definition' || !(ts.isObjectLiteralExpression(value.node) || ts.isCallExpression(value.node))) return undefined;
    file = value.file;
    expr = value.node;
  }
  return undefined;
}

/** The quote the file's imports use, so the inserted table name matches the code around it. */
function quoteOf(file: SourceFile): string {
  const first = file.ast.statements.find(ts.isImportDeclaration);
  return first && first.moduleSpecifier.getText(file.ast).startsWith("'") ? "'" : '"';
}

/**
 * The declaration a local identifier refers to, by lexical scope: a parameter, a variable, or an
 * element of a destructuring pattern. Undefined for module imports, functions and classes.
 */
function declarationOf(id: ts.Identifier): ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement | undefined {
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    const found = declaredIn(node, id.text);
    if (found === null) return undefined;
    if (found) return found;
  }
  return undefined;
}

type Declared = ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement;

/** The binding of `name` that `scope` introduces; null when it declares `name` as something else. */
function declaredIn(scope: ts.Node, name: string): Declared | null | undefined {
  if (ts.isFunctionLike(scope)) {
    for (const p of scope.parameters) {
      const found = bindingIn(p.name, name);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
    for (const statement of scope.statements) {
      if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          const found = bindingIn(decl.name, name);
          if (found) return found;
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) {
        return null;
      }
    }
    return undefined;
  }
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const decl of scope.initializer.declarations) {
      const found = bindingIn(decl.name, name);
      if (found) return found;
    }
  }
  if (ts.isCatchClause(scope) && scope.variableDeclaration) return bindingIn(scope.variableDeclaration.name, name);
  return undefined;
}

function bindingIn(pattern: ts.BindingName, name: string): Declared | undefined {
  if (ts.isIdentifier(pattern)) {
    if (pattern.text !== name) return undefined;
    const parent = pattern.parent;
    return ts.isParameter(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent) ? parent : undefined;
  }
  for (const element of pattern.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = bindingIn(element.name, name);
    if (found) return found;
  }
  return undefined;
}
