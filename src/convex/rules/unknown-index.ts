import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, memberName, propertyNameText, stringLiteralValue, unwrap } from '../model/ast.js';
import { dbQueryChains, INDEX_STEPS, type ChainStep } from '../semantics/db.js';
import type { Report, Rule } from '../engine/rule.js';
import { BUILT_IN_INDEXES, type IndexModel, type TableModel } from '../semantics/schema.js';
import type { SourceFile } from '../model/source-file.js';
import { closestName, literalArgument, nameList } from '../semantics/table-refs.js';

const DOCS_URL = 'https://docs.convex.dev/database/reading-data/indexes/';

/** Every index range ends with this field, after the declared ones. */
const TIEBREAKER = '_creationTime';
const BUILT_IN_FIELDS: Record<string, string[]> = { by_id: ['_id'], by_creation_time: [TIEBREAKER] };

/** What an index lookup needs to know about the index it names. */
interface IndexInfo {
  name: string;
  kind: IndexModel['kind'];
  staged: boolean;
  /** Range fields in order (db), or the search field then the filter fields (search); undefined when not certain. */
  fields?: string[];
}

/** A problem found in a `withIndex` / `withSearchIndex` call, at the literal that shows it. */
interface Problem {
  node: ts.Node;
  message: string;
  detail: string;
}

/** `withIndex` / `withSearchIndex` naming an index the table does not have, a staged one, or fields out of index order. */
export const unknownIndex: Rule = {
  id: 'unknown-index',
  title: 'Unknown index or index fields',
  description: 'A query on an index the schema does not define for the table, a staged index, or range fields out of index order.',
  severity: 'error',
  docsUrl: DOCS_URL,
  category: 'correctness',
  concerns: ['correctness', 'data-model'],
  dependsOn: /(^|\/)schema\.[jt]s$/,
  *check(project) {
    const schema = project.schema;
    if (!schema) return;
    for (const file of project.files) {
      const seen = new Set<ts.CallExpression>();
      for (const chain of dbQueryChains(project, file)) {
        // A table the schema lacks is unknown-table's finding (or lives in an open schema's unseen part).
        const table = chain.table === undefined ? undefined : schema.tables.get(chain.table);
        if (!table || table.openDefinition) continue;
        for (const step of chain.steps) {
          if (!INDEX_STEPS.has(step.name) || seen.has(step.call)) continue;
          seen.add(step.call);
          const problem = step.name === 'withIndex' ? checkWithIndex(table, step) : checkWithSearchIndex(table, step);
          if (problem) yield report(file, problem);
        }
      }
    }
  },
};

function report(file: SourceFile, problem: Problem): Report {
  return { file, node: problem.node, message: problem.message, detail: problem.detail };
}

function checkWithIndex(table: TableModel, step: ChainStep): Problem | undefined {
  const nameArg = literalArgument(step.call.arguments[0]);
  if (!nameArg) return undefined;
  const index = indexInfo(table, nameArg.table);
  const where = `table "${table.name}"`;
  if (!index) {
    const existing = dbIndexNames(table);
    const suggestion = closestName(nameArg.table, existing);
    return {
      node: nameArg.node,
      message: `Table "${table.name}" has no index "${nameArg.table}" (${suggestion ? `did you mean "${suggestion}"? ` : ''}indexes: ${nameList(existing)})`,
      detail:
        'Convex throws when a query names an index the table does not define, and TypeScript rejects it. ' +
        `Use one of the table's indexes, or declare this one in \`schema.ts\`: \`.index("${nameArg.table}", ["field"])\`.`,
    };
  }
  if (index.kind !== 'db') {
    return {
      node: nameArg.node,
      message: `"${index.name}" of ${where} is a ${index.kind} index; \`withIndex\` needs a database index`,
      detail:
        index.kind === 'search'
          ? 'Query a search index with `.withSearchIndex(name, (q) => q.search(field, text))`.'
          : 'Vector indexes are queried with `ctx.vectorSearch(table, index, { vector, … })` in an action, not with `withIndex`.',
    };
  }
  if (index.staged) return stagedProblem(nameArg.node, index, table);
  const callback = step.call.arguments[1];
  return callback && index.fields ? checkRange(callback, index.fields, index, table) : undefined;
}

function checkWithSearchIndex(table: TableModel, step: ChainStep): Problem | undefined {
  const nameArg = literalArgument(step.call.arguments[0]);
  if (!nameArg) return undefined;
  const index = indexInfo(table, nameArg.table);
  if (!index || index.kind !== 'search') {
    const existing = table.indexes.filter((i) => i.kind === 'search').map((i) => i.name);
    const what = index
      ? `"${index.name}" of table "${table.name}" is a ${index.kind === 'db' ? 'database' : 'vector'} index, not a search index`
      : `Table "${table.name}" has no search index "${nameArg.table}"`;
    return {
      node: nameArg.node,
      message: `${what} (search indexes: ${existing.length ? nameList(existing) : 'none'})`,
      detail:
        '`withSearchIndex` only works with an index declared by `.searchIndex(name, { searchField, filterFields })` on the table; Convex throws otherwise. ' +
        'Declare the search index in `schema.ts` or use the right name.',
    };
  }
  if (index.staged) return stagedProblem(nameArg.node, index, table);
  const callback = step.call.arguments[1];
  return callback && index.fields ? checkSearch(callback, index.fields, index, table) : undefined;
}

function stagedProblem(node: ts.Node, index: IndexInfo, table: TableModel): Problem {
  return {
    node,
    message: `Index "${index.name}" of table "${table.name}" is staged and cannot be queried yet`,
    detail:
      'A staged index (`staged: true`) is being backfilled and is not usable by queries; Convex throws when one is queried. ' +
      'Once the backfill has finished, remove `staged: true` from the index definition and deploy, then query it.',
  };
}

/** The index a name refers to: a built-in one or one the schema declares. */
function indexInfo(table: TableModel, name: string): IndexInfo | undefined {
  if (BUILT_IN_INDEXES.includes(name)) return { name, kind: 'db', staged: false, fields: BUILT_IN_FIELDS[name] };
  const declared = table.indexes.find((i) => i.name === name);
  if (!declared) return undefined;
  return { name, kind: declared.kind, staged: declared.staged, fields: certainFields(declared) };
}

function dbIndexNames(table: TableModel): string[] {
  return [...table.indexes.filter((i) => i.kind === 'db').map((i) => i.name), ...BUILT_IN_INDEXES];
}

/** The fields a range or search may use, when the schema spells them all out as literals. */
function certainFields(index: IndexModel): string[] | undefined {
  if (index.kind === 'db') return index.fieldsUnknown || index.fields.length === 0 ? undefined : [...index.fields, TIEBREAKER];
  if (index.kind !== 'search') return undefined;
  const config = index.call.arguments[1] ? unwrap(index.call.arguments[1]) : undefined;
  if (!config || !ts.isObjectLiteralExpression(config)) return undefined;
  const value = (key: string): ts.Expression | undefined => {
    const prop = findProperty(config, key);
    return prop && ts.isPropertyAssignment(prop) ? unwrap(prop.initializer) : undefined;
  };
  if (config.properties.some((p) => !p.name || !['searchField', 'filterFields', 'staged'].includes(propertyNameText(p.name) ?? ''))) return undefined;
  if (stringLiteralValue(value('searchField')) === undefined) return undefined;
  const filters = value('filterFields');
  if (filters && !(ts.isArrayLiteralExpression(filters) && filters.elements.every((e) => stringLiteralValue(e) !== undefined))) return undefined;
  return index.fields;
}

/** One condition of a range or search callback: `q.eq("field", value)`. */
interface Condition {
  method: string;
  field: string;
  fieldNode: ts.Node;
}

/**
 * The condition chains a callback can return: `q => q.eq(…).gt(…)`, also a block with a single
 * `return`, and both arms of a `cond ? … : …`. Chains the model cannot read (a helper call, a
 * computed field name, a builder stored in a variable) are left out.
 */
function conditionChains(callback: ts.Expression): Condition[][] {
  const fn = unwrap(callback);
  if (!isFunctionNode(fn) || fn.parameters.length !== 1) return [];
  const param = fn.parameters[0].name;
  if (!ts.isIdentifier(param) || !fn.body) return [];
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!only || !ts.isReturnStatement(only) || !only.expression) return [];
    body = only.expression;
  }
  return armsOf(body as ts.Expression)
    .map((arm) => chainFrom(arm, param.text))
    .filter((c): c is Condition[] => c !== undefined);
}

function armsOf(expr: ts.Expression): ts.Expression[] {
  const e = unwrap(expr);
  return ts.isConditionalExpression(e) ? [...armsOf(e.whenTrue), ...armsOf(e.whenFalse)] : [e];
}

/** `q.a("x", …).b("y", …)` rooted at the callback's parameter, innermost first. */
function chainFrom(expr: ts.Expression, param: string): Condition[] | undefined {
  const conditions: Condition[] = [];
  let e = unwrap(expr);
  while (ts.isCallExpression(e)) {
    const method = memberName(e.expression);
    const field = literalArgument(e.arguments[0]);
    if (!method || !field || !ts.isPropertyAccessExpression(e.expression)) return undefined;
    conditions.unshift({ method, field: field.table, fieldNode: field.node });
    e = unwrap(e.expression.expression);
  }
  return ts.isIdentifier(e) && e.text === param ? conditions : undefined;
}

/**
 * Index ranges step through the index fields in order: `eq` on the first fields, then at most a
 * lower bound (`gt`/`gte`) and an upper bound (`lt`/`lte`) on the next field.
 */
function checkRange(callback: ts.Expression, fields: string[], index: IndexInfo, table: TableModel): Problem | undefined {
  for (const chain of conditionChains(callback)) {
    const problem = rangeProblem(chain, fields);
    if (problem) {
      const fieldList = fields.join(', ');
      return {
        node: problem.condition.fieldNode,
        message: `Index "${index.name}" of table "${table.name}" (fields: ${fieldList}): ${problem.text}`,
        detail:
          'An index range is `.eq` conditions on the index fields from the first one, in order, then at most a lower bound (`.gt`/`.gte`) ' +
          'and an upper bound (`.lt`/`.lte`) on the next field. Convex throws on any other range (and TypeScript rejects it). ' +
          'Reorder the conditions, use (or add) an index whose fields start with the ones you compare, or move the rest into a `.filter`.',
      };
    }
  }
  return undefined;
}

function rangeProblem(chain: Condition[], fields: string[]): { condition: Condition; text: string } | undefined {
  let next = 0;
  let phase: 'eq' | 'lower' | 'upper' = 'eq';
  let boundField: string | undefined;
  for (const condition of chain) {
    const call = `\`.${condition.method}("${condition.field}")\``;
    const expected = next < fields.length ? `"${fields[next]}"` : 'no further field';
    const notIndexed = !fields.includes(condition.field);
    const outOfOrder = notIndexed
      ? `the index has no field "${condition.field}"`
      : `${call} is out of order: expected ${expected}`;
    switch (condition.method) {
      case 'eq':
        if (phase !== 'eq') return { condition, text: `${call} comes after a range bound; \`.eq\` conditions must come first` };
        if (condition.field !== fields[next]) return { condition, text: outOfOrder };
        next++;
        break;
      case 'gt':
      case 'gte':
        if (phase !== 'eq') return { condition, text: `${call} is a second lower bound` };
        if (condition.field !== fields[next]) return { condition, text: outOfOrder };
        phase = 'lower';
        boundField = condition.field;
        break;
      case 'lt':
      case 'lte':
        if (phase === 'upper') return { condition, text: `${call} is a second upper bound` };
        if (phase === 'lower' && condition.field !== boundField) {
          return { condition, text: `${call} must bound the same field as the lower bound, "${boundField}"` };
        }
        if (phase === 'eq' && condition.field !== fields[next]) return { condition, text: outOfOrder };
        phase = 'upper';
        break;
      default:
        return undefined; // not an index range method: nothing the model can say
    }
  }
  return undefined;
}

/** A search callback: `q.search(searchField, text)` then `.eq(filterField, value)`s. */
function checkSearch(callback: ts.Expression, fields: string[], index: IndexInfo, table: TableModel): Problem | undefined {
  const [searchField, ...filterFields] = fields;
  for (const chain of conditionChains(callback)) {
    if (chain[0]?.method !== 'search') continue;
    for (const condition of chain) {
      let text: string | undefined;
      if (condition.method === 'search' && condition.field !== searchField) {
        text = `searches "${condition.field}", but the index's search field is "${searchField}"`;
      } else if (condition.method === 'eq' && !filterFields.includes(condition.field)) {
        text = `"${condition.field}" is not a filter field (filter fields: ${filterFields.length ? nameList(filterFields) : 'none'})`;
      } else if (condition.method !== 'search' && condition.method !== 'eq') {
        break;
      }
      if (text) {
        return {
          node: condition.fieldNode,
          message: `Search index "${index.name}" of table "${table.name}": ${text}`,
          detail:
            'A search index searches exactly its `searchField` and can only filter with `.eq` on its `filterFields`; Convex throws on anything else. ' +
            'Search the declared field, add the field to `filterFields` in `schema.ts`, or filter the results afterwards.',
        };
      }
    }
  }
  return undefined;
}
