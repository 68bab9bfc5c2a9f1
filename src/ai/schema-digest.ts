/**
 * A schema too large for the project context, in a few lines: each table with its fields and
 * their validator kinds, and its indexes. Parsed with TypeScript's parser, best effort: what it
 * cannot read it names as written (shortened), and it never throws. Pure.
 */
import { ts } from '../typescript.js';
import { scriptKindFor } from '../convex/model/source-file.js';

const MAX_DEPTH = 3;
const MAX_EXPRESSION_CHARS = 40;

/**
 * `users: name string, email? string, role "admin"|"member"` and, below it,
 * `  indexes: by_email(email); search search_body(body; filter channelId)` per table.
 * Undefined when the file has no `defineSchema({...})` it can read.
 */
export function schemaDigest(path: string, text: string): string | undefined {
  try {
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
    const consts = topLevelConsts(source);
    const call = findCall(source, 'defineSchema');
    const tables = call && objectOf(call.arguments[0], consts);
    if (!tables) return undefined;
    const out: string[] = [];
    for (const p of tables.properties) {
      if (ts.isSpreadAssignment(p)) {
        out.push(`...${short(p.expression)}`);
        continue;
      }
      const name = p.name && propertyName(p.name);
      const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? consts.get(p.name.text) : undefined;
      if (!name || !value) continue;
      out.push(...table(name, value, consts));
    }
    return out.length > 0 ? out.join('\n') : undefined;
  } catch {
    return undefined;
  }
}

function table(name: string, value: ts.Expression, consts: ReadonlyMap<string, ts.Expression>): string[] {
  const indexes: string[] = [];
  let e = resolve(value, consts);
  // defineTable(...).index(...).searchIndex(...): walk the chain back to defineTable.
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const index = indexOf(e.expression.name.text, e.arguments);
    if (index) indexes.unshift(index);
    e = e.expression.expression;
  }
  const fields = ts.isCallExpression(e) && e.arguments[0] ? fieldsOf(e.arguments[0], consts, 0) : short(e);
  const lines = [`${name}: ${fields || '(no fields)'}`];
  if (indexes.length > 0) lines.push(`  indexes: ${indexes.join('; ')}`);
  return lines;
}

function indexOf(method: string, args: ts.NodeArray<ts.Expression>): string | undefined {
  const name = args[0] && ts.isStringLiteralLike(args[0]) ? args[0].text : '?';
  const config = args[1];
  if (method === 'index') {
    const fields = config && ts.isArrayLiteralExpression(config) ? config.elements.map(literalText) : config && ts.isObjectLiteralExpression(config) ? strings(prop(config, 'fields')) : [];
    return `${name}(${fields.join(', ')})`;
  }
  if ((method === 'searchIndex' || method === 'vectorIndex') && config && ts.isObjectLiteralExpression(config)) {
    const field = strings(prop(config, method === 'searchIndex' ? 'searchField' : 'vectorField'))[0] ?? '?';
    const dims = method === 'vectorIndex' ? `, ${short(prop(config, 'dimensions'))} dims` : '';
    const filter = strings(prop(config, 'filterFields'));
    return `${method === 'searchIndex' ? 'search' : 'vector'} ${name}(${field}${dims}${filter.length ? `; filter ${filter.join(', ')}` : ''})`;
  }
  return undefined;
}

/** `{ a: v.string(), b: v.optional(v.number()) }` → `a string, b? number`. */
function fieldsOf(node: ts.Expression, consts: ReadonlyMap<string, ts.Expression>, depth: number): string {
  const e = resolve(node, consts);
  const object = ts.isObjectLiteralExpression(e) ? e : validatorCall(e, 'object') ? objectOf(validatorCall(e, 'object')!.arguments[0], consts) : undefined;
  if (!object) return kind(e, consts, depth);
  return object.properties
    .map((p) => {
      if (ts.isSpreadAssignment(p)) return `...${short(p.expression)}`;
      const name = p.name ? propertyName(p.name) : undefined;
      const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? (consts.get(p.name.text) ?? p.name) : undefined;
      if (!name || !value) return short(p);
      const { optional, text } = field(value, consts, depth);
      return `${name}${optional ? '?' : ''} ${text}`;
    })
    .join(', ');
}

function field(value: ts.Expression, consts: ReadonlyMap<string, ts.Expression>, depth: number): { optional: boolean; text: string } {
  const optional = validatorCall(resolve(value, consts), 'optional');
  return optional ? { optional: true, text: kind(optional.arguments[0], consts, depth) } : { optional: false, text: kind(value, consts, depth) };
}

/** A validator's kind: `string`, `id<users>`, `string[]`, `"a"|"b"`, `{x number}`, `record<string, number>`. */
function kind(node: ts.Expression | undefined, consts: ReadonlyMap<string, ts.Expression>, depth: number): string {
  if (!node) return '?';
  const e = resolve(node, consts);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return ts.isIdentifier(node) ? node.text : short(e);
  const args = e.arguments;
  switch (e.expression.name.text) {
    case 'id':
      return `id<${args[0] ? literalText(args[0]) : '?'}>`;
    case 'optional':
      return `${kind(args[0], consts, depth)}?`;
    case 'array': {
      const inner = kind(args[0], consts, depth + 1);
      return /[|{ ]/.test(inner) ? `(${inner})[]` : `${inner}[]`;
    }
    case 'union':
      return args.map((a) => kind(a, consts, depth + 1)).join('|');
    case 'literal':
      return args[0] ? args[0].getText() : '?';
    case 'object':
      return depth >= MAX_DEPTH ? 'object' : `{${fieldsOf(e, consts, depth + 1)}}`;
    case 'record':
      return `record<${kind(args[0], consts, depth + 1)}, ${kind(args[1], consts, depth + 1)}>`;
    default:
      return e.expression.name.text;
  }
}

function validatorCall(e: ts.Expression, name: string): ts.CallExpression | undefined {
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === name ? e : undefined;
}

function objectOf(node: ts.Expression | undefined, consts: ReadonlyMap<string, ts.Expression>): ts.ObjectLiteralExpression | undefined {
  const e = node && resolve(node, consts);
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}

/** An identifier bound by a top-level `const` → its initializer (a few hops); casts and parentheses unwrapped. */
function resolve(node: ts.Expression, consts: ReadonlyMap<string, ts.Expression>): ts.Expression {
  let e = node;
  for (let hops = 0; hops < 5; hops++) {
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
    const next = ts.isIdentifier(e) ? consts.get(e.text) : undefined;
    if (!next) break;
    e = next;
  }
  return e;
}

function topLevelConsts(source: ts.SourceFile): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const s of source.statements) {
    if (!ts.isVariableStatement(s)) continue;
    for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) out.set(d.name.text, d.initializer);
  }
  return out;
}

function findCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    if ((ts.isIdentifier(callee) && callee.text === name) || (ts.isPropertyAccessExpression(callee) && callee.name.text === name)) return node;
  }
  return ts.forEachChild(node, (child) => findCall(child, name));
}

function prop(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) if (ts.isPropertyAssignment(p) && propertyName(p.name) === name) return p.initializer;
  return undefined;
}

function strings(node: ts.Expression | undefined): string[] {
  if (!node) return [];
  return ts.isArrayLiteralExpression(node) ? node.elements.map(literalText) : [literalText(node)];
}

function literalText(node: ts.Node): string {
  return ts.isStringLiteralLike(node) ? node.text : short(node);
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

function short(node: ts.Node | undefined): string {
  if (!node) return '?';
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > MAX_EXPRESSION_CHARS ? `${text.slice(0, MAX_EXPRESSION_CHARS - 1)}…` : text;
}
