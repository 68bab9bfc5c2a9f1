import { ts } from '../../typescript.js';
import { memberName } from '../model/ast.js';
import { dbCalls } from '../semantics/db.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { closestName, dataModelType, nameList, literalArgument, literalTypeTables, vIdTable, type TableLiteral } from '../semantics/table-refs.js';

interface TableReference extends TableLiteral {
  /** How the code names the table, for the message: `db.query`, `v.id`, `Id<…>`. */
  via: string;
}

/**
 * `db.*` methods that take a table name first, with the argument count of that form. The
 * id-only forms (`db.get(id)`, `db.patch(id, value)`) have one argument less and no table.
 */
const TABLE_FIRST_ARITY = new Map([
  ['query', 1],
  ['table', 1],
  ['insert', 2],
  ['get', 2],
  ['delete', 2],
  ['normalizeId', 2],
  ['patch', 3],
  ['replace', 3],
]);

/** Literal table names that a closed schema does not define. */
export const unknownTable: Rule = {
  id: 'unknown-table',
  title: 'Unknown table',
  description: 'A literal table name (in `db.*`, `v.id`, `Id<…>` or `Doc<…>`) that the schema does not define.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/database/schemas',
  category: 'correctness',
  concerns: ['correctness', 'data-model'],
  dependsOn: /(^|\/)schema\.[jt]s$/,
  *check(project) {
    const schema = project.schema;
    // Without a schema any table goes; an open schema may define tables the model cannot see.
    if (!schema || schema.open) return;
    const known = [...schema.tables.keys()];
    const schemaFiles = modulesOfSchema(project, schema.file);
    for (const file of project.files) {
      if (file.relPath.startsWith('_generated/')) continue;
      for (const ref of tableReferences(project, file, schemaFiles.has(file))) {
        if (isSystemTable(ref.table) || schema.tables.has(ref.table)) continue;
        yield reportOf(file, ref, known);
      }
    }
  },
};

/** The schema file and the project modules it imports (table definitions split into files), transitively. */
function modulesOfSchema(project: ConvexProject, schemaFile: SourceFile): Set<SourceFile> {
  const seen = new Set<SourceFile>([schemaFile]);
  const queue = [schemaFile];
  for (let file = queue.shift(); file; file = queue.shift()) {
    const scope = project.scope(file);
    const specifiers = [
      ...[...scope.imports.values()].map((i) => i.specifier),
      ...[...scope.exports.values()].flatMap((e) => (e.kind === 'reexport' ? [e.specifier] : [])),
      ...scope.starExports,
    ];
    for (const specifier of new Set(specifiers)) {
      const target = project.resolveModule(file, specifier);
      if (target.kind === 'file' && !seen.has(target.file)) {
        seen.add(target.file);
        queue.push(target.file);
      }
    }
  }
  return seen;
}

/** `_storage`, `_scheduled_functions`, …: defined by Convex, never by the schema. */
function isSystemTable(name: string): boolean {
  return name.startsWith('_');
}

/**
 * Literal table names in `file`. `v.id("T")` counts only where Convex applies the validator: in
 * the schema and the modules it imports, and in a registration's `args` / `returns`. Elsewhere
 * a `v.id` may be a mere type brand (validators handed to a custom framework that never runs them).
 */
function tableReferences(project: ConvexProject, file: SourceFile, isSchemaModule: boolean): TableReference[] {
  const refs: TableReference[] = [];
  const validatorRanges = isSchemaModule
    ? [file.ast]
    : project.registrationsIn(file).flatMap((r) => [r.args, r.returns]).filter((n): n is ts.ObjectLiteralElementLike => n !== undefined);
  const appliedByConvex = (node: ts.Node): boolean => validatorRanges.some((r) => r.pos <= node.pos && node.end <= r.end);
  for (const call of dbCalls(project, file)) {
    // `db.system` reads system tables only; `db.get(id)` and other id-only forms name no table.
    if (memberName(call.db) === 'system') continue;
    if (TABLE_FIRST_ARITY.get(call.method) !== call.call.arguments.length) continue;
    const literal = literalArgument(call.call.arguments[0]);
    if (literal) refs.push({ ...literal, via: `db.${call.method}` });
  }
  const index = project.index(file);
  for (const node of index.calls) {
    const literal = vIdTable(project, file, node);
    if (literal && appliedByConvex(node)) refs.push({ ...literal, via: 'v.id' });
  }
  for (const node of index.typeReferences) {
    const kind = dataModelType(project, file, node);
    if (!kind) continue;
    for (const literal of literalTypeTables(node.typeArguments?.[0]) ?? []) refs.push({ ...literal, via: `${kind}<…>` });
  }
  return refs;
}

function reportOf(file: SourceFile, ref: TableReference, known: string[]): Report {
  const suggestion = closestName(ref.table, known);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
  return {
    file,
    node: ref.node,
    message: `Table "${ref.table}" in \`${ref.via}\` is not defined in the schema${hint}`,
    detail:
      `\`schema.ts\` defines ${known.length === 0 ? 'no tables' : nameList(known, (t) => `\`${t}\``)}. ` +
      'TypeScript rejects other table names, so `npx convex dev` and `npx convex deploy` fail their type check; ' +
      'past it, the code would read or write a table the schema never validates (and a `v.id` validator for it accepts no id). ' +
      (suggestion ? `Use \`"${suggestion}"\`, or add the table with \`defineTable\`.` : 'Fix the name, or add the table to the schema with `defineTable`.'),
  };
}
