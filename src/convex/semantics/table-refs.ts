/**
 * Places code names a table by a literal outside `db.*` calls: `v.id("T")` validators and the
 * `Id<"T">` / `Doc<"T">` types of `_generated/dataModel`. Shared by `unknown-table` and
 * `explicit-table-name`.
 */
import { ts } from '../../typescript.js';
import { memberName, unwrap } from '../model/ast.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';
import type { Value } from '../model/values.js';
import { editDistance } from '../../core/suggest.js';

export interface TableLiteral {
  table: string;
  /** The string literal naming the table. */
  node: ts.StringLiteralLike;
}

/** True for `v` (under any alias or namespace) from `convex/values`. */
function isConvexValues(project: ConvexProject, file: SourceFile, expr: ts.Expression): boolean {
  const value = project.valueOf(file, expr);
  return value.kind === 'import' && value.module === 'convex/values' && value.name === 'v';
}

/** The single argument of `v.<method>(x)` (`v` from `convex/values`), when `expr` is that call. */
export function vCallArgument(project: ConvexProject, file: SourceFile, expr: ts.Expression, method: string): ts.Expression | undefined {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || memberName(call.expression) !== method || call.arguments.length !== 1) return undefined;
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !isConvexValues(project, file, callee.expression)) return undefined;
  return call.arguments[0];
}

/** The table of `v.id("T")`, when `expr` is one. */
export function vIdTable(project: ConvexProject, file: SourceFile, expr: ts.Expression): TableLiteral | undefined {
  return literalArgument(vCallArgument(project, file, expr, 'id'));
}

/** `Id` or `Doc` when a type reference names that export of `_generated/dataModel` (aliases, namespaces, re-exports). */
export function dataModelType(project: ConvexProject, file: SourceFile, ref: ts.TypeReferenceNode): 'Id' | 'Doc' | undefined {
  const name = ref.typeName;
  let value: Value;
  if (ts.isIdentifier(name)) {
    value = project.valueOf(file, name);
  } else if (ts.isIdentifier(name.left)) {
    const namespace = project.valueOf(file, name.left);
    if (namespace.kind !== 'namespace' || namespace.target.kind !== 'generated' || namespace.target.name !== 'dataModel') return undefined;
    value = { kind: 'import', module: 'generated:dataModel', name: name.right.text } as const;
  } else {
    return undefined;
  }
  if (value.kind !== 'import' || value.module !== 'generated:dataModel') return undefined;
  return value.name === 'Id' || value.name === 'Doc' ? value.name : undefined;
}

/** The string literals of a type argument: `"T"` or a union `"A" | "B"`; undefined when anything else is in it. */
export function literalTypeTables(type: ts.TypeNode | undefined): TableLiteral[] | undefined {
  if (!type) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return literalTypeTables(type.type);
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [{ table: type.literal.text, node: type.literal }];
  if (ts.isUnionTypeNode(type)) {
    const parts = type.types.map(literalTypeTables);
    return parts.every((p): p is TableLiteral[] => p !== undefined) ? parts.flat() : undefined;
  }
  return undefined;
}

/** The table of a type argument naming exactly one: `"T"` (not a union of several). */
export function singleLiteralTable(type: ts.TypeNode | undefined): string | undefined {
  const tables = literalTypeTables(type);
  return tables?.length === 1 ? tables[0].table : undefined;
}

/**
 * The single table of an id type: `Id<"T">`, also `Id<"T"> | null | undefined`. Undefined for
 * anything less certain (other types, several tables).
 */
export function idTypeTable(project: ConvexProject, file: SourceFile, type: ts.TypeNode | undefined): string | undefined {
  if (!type) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return idTypeTable(project, file, type.type);
  if (ts.isUnionTypeNode(type)) {
    const tables = type.types.filter((t) => !isNullish(t)).map((t) => idTypeTable(project, file, t));
    const first = tables[0];
    return first !== undefined && tables.every((t) => t === first) ? first : undefined;
  }
  if (!ts.isTypeReferenceNode(type) || dataModelType(project, file, type) !== 'Id') return undefined;
  return singleLiteralTable(type.typeArguments?.[0]);
}

function isNullish(type: ts.TypeNode): boolean {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  return ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword;
}

/** The table of a validator that holds one id: `v.id("T")` or `v.optional(v.id("T"))`. */
export function validatorIdTable(project: ConvexProject, file: SourceFile, expr: ts.Expression): string | undefined {
  const direct = vIdTable(project, file, expr);
  if (direct) return direct.table;
  const inner = vCallArgument(project, file, expr, 'optional');
  return inner && vIdTable(project, file, inner)?.table;
}

/** A string literal argument's text and node. */
export function literalArgument(arg: ts.Expression | undefined): TableLiteral | undefined {
  if (!arg) return undefined;
  const e = unwrap(arg);
  return ts.isStringLiteralLike(e) ? { table: e.text, node: e } : undefined;
}

/** The existing name within a small edit distance of `name` (a typo, a plural), the closest one. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}


/** Names for a message: the first few, then how many more. */
export function nameList(names: readonly string[], format: (name: string) => string = (n) => n, max = 10): string {
  const shown = names.slice(0, max).map(format).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
