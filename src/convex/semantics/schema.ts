/** The schema model: tables, their fields and indexes, as `schema.ts` defines them. */
import { ts } from '../../typescript.js';
import { memberName, propertyNameText, stringLiteralValue, unwrap, walk } from '../model/ast.js';
import type { SourceFile } from '../model/source-file.js';
import type { ValueResolver } from '../model/values.js';

export interface IndexModel {
  table: string;
  name: string;
  kind: 'db' | 'search' | 'vector';
  /** Indexed fields in order (search/vector: the search or vector field first, then filter fields). */
  fields: string[];
  staged: boolean;
  /** A db index whose field list is not an array of string literals: `fields` is incomplete, do not reason about it. */
  fieldsUnknown?: boolean;
  /** The index name literal: where a finding about the index points. */
  nameNode: ts.Node;
  call: ts.CallExpression;
  file: SourceFile;
}

export interface TableModel {
  name: string;
  nameNode: ts.Node;
  indexes: IndexModel[];
  /** The definition was not seen (built by a function, imported from a package): indexes may be missing. */
  openDefinition: boolean;
  /** Top-level document fields, when the validator is a literal object. */
  fields?: string[];
}

export interface SchemaModel {
  file: SourceFile;
  tables: Map<string, TableModel>;
  /** Tables may exist that the model does not know (a spread from a package such as `...authTables`). */
  open: boolean;
  openReasons: string[];
}

/** A db index that queries can use now, with fields we know: not staged, not search or vector. */
export function isQueryableDbIndex(index: IndexModel): boolean {
  return index.kind === 'db' && !index.staged && !index.fieldsUnknown && index.fields.length > 0;
}

/** Indexes every table has without declaring them. */
export const BUILT_IN_INDEXES = ['by_id', 'by_creation_time'];

export function buildSchemaModel(file: SourceFile, values: ValueResolver): SchemaModel | undefined {
  let defineSchemaCall: ts.CallExpression | undefined;
  walk(file.ast, (node) => {
    if (defineSchemaCall || !ts.isCallExpression(node)) return;
    const callee = values.valueOf(file, node.expression);
    if (callee.kind === 'import' && callee.module === 'convex/server' && callee.name === 'defineSchema') defineSchemaCall = node;
  });
  if (!defineSchemaCall) return undefined;
  const model: SchemaModel = { file, tables: new Map(), open: false, openReasons: [] };
  const lax = laxTableNames(defineSchemaCall.arguments[1]);
  if (lax) {
    model.open = true;
    model.openReasons.push(lax);
  }
  const tablesArg = defineSchemaCall.arguments[0];
  const tablesObject = tablesArg && objectLiteralOf(file, tablesArg, values);
  if (!tablesObject) {
    model.open = true;
    model.openReasons.push('the tables object is not a literal');
    return model;
  }
  collectTables(tablesObject.file, tablesObject.node, values, model);
  return model;
}

/**
 * `defineSchema(tables, { strictTableNameTypes: false })` lets code use tables the schema does not
 * list; options the model cannot read might say the same. Returns the reason, or undefined.
 */
function laxTableNames(options: ts.Expression | undefined): string | undefined {
  if (!options) return undefined;
  const expr = unwrap(options);
  if (!ts.isObjectLiteralExpression(expr)) return 'the schema options are not a literal';
  for (const prop of expr.properties) {
    if (ts.isSpreadAssignment(prop)) return 'the schema options are spread';
    if (!prop.name || propertyNameText(prop.name) !== 'strictTableNameTypes') continue;
    const value = ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
    if (value?.kind !== ts.SyntaxKind.TrueKeyword) return 'strictTableNameTypes is not true';
  }
  return undefined;
}

function collectTables(file: SourceFile, tables: ts.ObjectLiteralExpression, values: ValueResolver, model: SchemaModel): void {
  for (const prop of tables.properties) {
    if (ts.isSpreadAssignment(prop)) {
      const spread = objectLiteralOf(file, prop.expression, values);
      if (spread) collectTables(spread.file, spread.node, values, model);
      else {
        model.open = true;
        model.openReasons.push(`...${prop.expression.getText(file.ast)}`);
      }
      continue;
    }
    const name = prop.name && propertyNameText(prop.name);
    if (!name || !prop.name) continue;
    const expr = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
    const table: TableModel = { name, nameNode: prop.name, indexes: [], openDefinition: false };
    if (expr) readTable(file, expr, values, table, 0);
    else table.openDefinition = true;
    model.tables.set(name, table);
  }
}

/** Follows `defineTable(…).index(…).searchIndex(…)`, through variables and imports. */
function readTable(file: SourceFile, expression: ts.Expression, values: ValueResolver, table: TableModel, depth: number): void {
  const chain: ts.CallExpression[] = [];
  let expr = unwrap(expression);
  while (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    chain.push(expr);
    expr = unwrap(expr.expression.expression);
  }
  readTableBase(file, expr, values, table, depth);
  // Calls were collected outermost first; indexes are declared innermost first, after the base's.
  for (const call of chain.reverse()) readIndexCall(file, call, table);
}

function readTableBase(file: SourceFile, expr: ts.Expression, values: ValueResolver, table: TableModel, depth: number): void {
  if (ts.isCallExpression(expr)) {
    const callee = values.valueOf(file, expr.expression);
    if (callee.kind === 'import' && callee.module === 'convex/server' && callee.name === 'defineTable') {
      table.fields = documentFields(expr.arguments[0]);
      return;
    }
  }
  if (ts.isIdentifier(expr) && depth < 8) {
    const definition = definitionExpression(values, file, expr);
    if (definition) {
      readTable(definition.file, definition.node, values, table, depth + 1);
      return;
    }
  }
  table.openDefinition = true;
}

function readIndexCall(file: SourceFile, call: ts.CallExpression, table: TableModel): void {
  const method = memberName(call.expression);
  const kind = method === 'index' ? 'db' : method === 'searchIndex' ? 'search' : method === 'vectorIndex' ? 'vector' : undefined;
  if (!kind) return;
  const nameArg = call.arguments[0];
  const name = stringLiteralValue(nameArg);
  if (!name || !nameArg) {
    // An index whose name the model cannot read: the table's index list is incomplete.
    table.openDefinition = true;
    return;
  }
  const config = call.arguments[1] ? unwrap(call.arguments[1]) : undefined;
  let fields: string[] = [];
  let staged = false;
  if (config && ts.isArrayLiteralExpression(config)) {
    fields = stringList(config);
  } else if (config && ts.isObjectLiteralExpression(config)) {
    const get = (key: string): ts.Expression | undefined => {
      const prop = config.properties.find((p) => p.name && propertyNameText(p.name) === key);
      return prop && ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
    };
    const listOf = (key: string): string[] => {
      const e = get(key);
      return e && ts.isArrayLiteralExpression(e) ? stringList(e) : [];
    };
    staged = get('staged')?.kind === ts.SyntaxKind.TrueKeyword;
    if (kind === 'db') fields = listOf('fields');
    else {
      const main = stringLiteralValue(get(kind === 'search' ? 'searchField' : 'vectorField'));
      fields = [...(main ? [main] : []), ...listOf('filterFields')];
    }
  }
  const fieldsUnknown = kind === 'db' && !hasLiteralFields(config);
  table.indexes.push({ table: table.name, name, kind, fields, staged, fieldsUnknown, nameNode: nameArg, call, file });
}

/** `["a", "b"]` or `{ fields: ["a", "b"], … }` with every field a string literal (not a variable or spread). */
function hasLiteralFields(config: ts.Expression | undefined): boolean {
  let list = config;
  if (list && ts.isObjectLiteralExpression(list)) {
    const prop = list.properties.find((p) => p.name && propertyNameText(p.name) === 'fields');
    list = prop && ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
  }
  return !!list && ts.isArrayLiteralExpression(list) && list.elements.every((e) => stringLiteralValue(e) !== undefined);
}

function stringList(array: ts.ArrayLiteralExpression): string[] {
  return array.elements.map((e) => stringLiteralValue(e)).filter((s): s is string => s !== undefined);
}

function documentFields(arg: ts.Expression | undefined): string[] | undefined {
  if (!arg) return undefined;
  let expr = unwrap(arg);
  if (ts.isCallExpression(expr) && memberName(expr.expression) === 'object' && expr.arguments[0]) expr = unwrap(expr.arguments[0]);
  if (!ts.isObjectLiteralExpression(expr)) return undefined;
  const names: string[] = [];
  for (const p of expr.properties) {
    if (ts.isSpreadAssignment(p)) return undefined;
    const n = p.name && propertyNameText(p.name);
    if (n) names.push(n);
  }
  return names;
}

function objectLiteralOf(
  file: SourceFile,
  expression: ts.Expression,
  values: ValueResolver,
): { file: SourceFile; node: ts.ObjectLiteralExpression } | undefined {
  const expr = unwrap(expression);
  if (ts.isObjectLiteralExpression(expr)) return { file, node: expr };
  if (!ts.isIdentifier(expr)) return undefined;
  const definition = definitionExpression(values, file, expr);
  return definition && ts.isObjectLiteralExpression(definition.node) ? { file: definition.file, node: definition.node } : undefined;
}

/** The expression a name is bound to (`const x = <expression>`), in whichever file defines it. */
function definitionExpression(values: ValueResolver, file: SourceFile, name: ts.Identifier): { file: SourceFile; node: ts.Expression } | undefined {
  const value = values.valueOf(file, name);
  if (value.kind !== 'definition') return undefined;
  const node = value.node;
  if (ts.isVariableDeclaration(node)) return node.initializer ? { file: value.file, node: unwrap(node.initializer) } : undefined;
  return ts.isExpression(node) ? { file: value.file, node: unwrap(node as ts.Expression) } : undefined;
}
