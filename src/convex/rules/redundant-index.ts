import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import { projectIndexReads, type IndexRead } from '../semantics/index-reads.js';
import { isQueryableDbIndex, type IndexModel, type TableModel } from '../semantics/schema.js';

/**
 * A db index whose fields are a prefix of (or equal to) another db index's fields on the same
 * table: every query it serves, the longer index serves too, and each index costs storage and
 * write time. A prefix index some read relies on for `_creationTime` order within its fields is
 * not redundant: the longer index orders by its next field there. No fix: removing an index
 * breaks the `withIndex` calls that name it.
 */
export const redundantIndex: Rule = {
  id: 'redundant-index',
  title: 'Redundant index',
  description: "A database index whose fields are a prefix of (or the same as) another index's fields on the same table.",
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#check-for-redundant-indexes`,
  category: 'performance',
  concerns: ['performance', 'data-model', 'maintainability'],
  eslintEquivalent: 'no-duplicate-indexes',
  *check(project) {
    const schema = project.schema;
    if (!schema) return;
    // Every read of the project is walked only when some index is a prefix of another.
    let reads: readonly IndexRead[] | undefined;
    const indexReads = (): readonly IndexRead[] => (reads ??= projectIndexReads(project));
    for (const table of schema.tables.values()) yield* redundantIndexesOf(table, indexReads);
  },
};

function* redundantIndexesOf(table: TableModel, reads: () => readonly IndexRead[]): Iterable<Report> {
  const indexes = table.indexes.filter(isQueryableDbIndex) // staged, search and vector indexes answer other queries;
  for (const [position, index] of indexes.entries()) {
    // Of two identical indexes the later one is reported, against the first of its kind.
    const twin = indexes.slice(0, position).find((other) => sameFields(other.fields, index.fields));
    if (twin) {
      yield duplicate(table, index, twin);
      continue;
    }
    const longer = indexes.find((other) => other.fields.length > index.fields.length && isPrefix(index.fields, other.fields));
    if (longer) {
      if (!reliesOnCreationOrder(reads(), table, index, longer)) yield prefix(table, index, longer);
      continue;
    }
    if (sameFields(index.fields, ['_creationTime'])) yield builtIn(table, index);
  }
}

function duplicate(table: TableModel, index: IndexModel, twin: IndexModel): Report {
  return {
    file: index.file,
    node: index.nameNode,
    message: `Index "${index.name}" on "${table.name}" duplicates "${twin.name}": both index ${fieldList(index.fields)}`,
    detail:
      'Both indexes hold the same entries in the same order, so one of them is pure cost: it takes storage and every ' +
      `insert, patch and delete on "${table.name}" updates it. Point the \`withIndex("${index.name}", …)\` calls at ` +
      `"${twin.name}" and remove this one.`,
  };
}

function prefix(table: TableModel, index: IndexModel, longer: IndexModel): Report {
  const next = longer.fields[index.fields.length];
  const last = index.fields[index.fields.length - 1];
  const added = longer.fields.slice(index.fields.length).map((f) => `\`${f}\``).join(', ');
  return {
    file: index.file,
    node: index.nameNode,
    message: `Index "${index.name}" on "${table.name}" is redundant with "${longer.name}": ${fieldList(index.fields)} is a prefix of ${fieldList(longer.fields)}`,
    detail:
      `Every \`withIndex("${index.name}", …)\` range can be read from "${longer.name}" with the same \`q.eq\` / bounds, ` +
      `and each index costs storage and is updated on every write to "${table.name}". Point the callers at ` +
      `"${longer.name}" and remove "${index.name}".\n\n` +
      `**The exception is order.** Within equal \`${last}\`, "${index.name}" returns rows by \`_creationTime\`, while ` +
      `"${longer.name}" returns them by \`${next}\`. No read of "${index.name}" seen here depends on that order (through ` +
      `\`.order\`, \`.take(n)\`, \`.paginate\` or \`for await\`, without a \`.filter\` that pins ${added}). If one does elsewhere ` +
      '(e.g. a `.first()` that expects the oldest row), keep the shorter index and suppress this finding.',
  };
}

function builtIn(table: TableModel, index: IndexModel): Report {
  return {
    file: index.file,
    node: index.nameNode,
    message: `Index "${index.name}" on "${table.name}" duplicates the built-in "by_creation_time" index`,
    detail:
      'Every table already has `by_creation_time` (and `by_id`), and an unindexed query is ordered by `_creationTime`. ' +
      `Use \`withIndex("by_creation_time", …)\` and remove "${index.name}".`,
  };
}

/**
 * Some read through the index can see its order, and the longer index would return it in another
 * one: unless a `.filter` pins every field the longer index adds, it sorts by them before
 * `_creationTime`. A read whose table the model does not know counts too, since it may be this table's.
 */
function reliesOnCreationOrder(reads: readonly IndexRead[], table: TableModel, index: IndexModel, longer: IndexModel): boolean {
  const added = longer.fields.slice(index.fields.length);
  return reads.some(
    (read) =>
      read.orderSeen &&
      read.index === index.name &&
      (read.table === undefined || read.table === table.name) &&
      !added.every((field) => read.pinned.has(field)),
  );
}

function fieldList(fields: readonly string[]): string {
  return `[${fields.map((f) => `"${f}"`).join(', ')}]`;
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && isPrefix(a, b);
}

function isPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((field, i) => long[i] === field);
}
