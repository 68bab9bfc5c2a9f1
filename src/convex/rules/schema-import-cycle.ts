import { ts } from '../../typescript.js';
import { localValueImports } from '../semantics/imports.js';
import { findLocalDeclaration } from '../model/local-bindings.js';
import { bindingNames } from '../model/module-scope.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

const MAX_HOPS = 8;

/**
 * A file that `schema.ts` imports (directly or through other modules) and that reads a binding
 * declared in `schema.ts` while it is being evaluated: at module scope, or in a same-file function
 * called at module scope. In the import cycle the file runs before the schema has, so the binding
 * is still uninitialised and the push fails.
 */
export const schemaImportCycle: Rule = {
  id: 'schema-import-cycle',
  title: 'Schema used inside its own import cycle',
  description: 'A module imported by schema.ts uses a schema.ts export at import time, before the schema is defined.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/database/schemas',
  category: 'correctness',
  concerns: ['correctness'],
  dependsOn: /(^|\/)schema\.[jt]s$/,
  eslintEquivalent: 'no-schema-import-cycle',
  *check(project) {
    const schema = project.files.find((f) => f.isSchema);
    if (!schema) return;
    for (const [file, chain] of importChains(project, schema)) {
      const names = schemaBindings(project, file, schema);
      if (names.locals.size === 0 && names.namespaces.size === 0) continue;
      const chainText = chain.map((f) => f.relPath).join(' → ');
      for (const use of earlyUses(file, names)) yield reportFor(file, schema, chainText, use);
    }
  },
};

/**
 * Every project file `schema` imports for its values, transitively, with the shortest import
 * chain from the schema to it (type-only imports vanish at compile time and make no cycle).
 */
function importChains(project: ConvexProject, schema: SourceFile): Map<SourceFile, SourceFile[]> {
  const chains = new Map<SourceFile, SourceFile[]>([[schema, [schema]]]);
  const queue = [schema];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const { target } of localValueImports(project, file)) {
      if (chains.has(target)) continue;
      chains.set(target, [...chains.get(file)!, target]);
      queue.push(target);
    }
  }
  chains.delete(schema);
  return chains;
}

interface SchemaBindings {
  /** Local name → the name messages call it: the export's own name, or the local name of the default export. */
  locals: Map<string, string>;
  /** Namespace imports of schema.ts (`import * as s from "./schema"`). */
  namespaces: Set<string>;
}

/** The value imports of `file` that name a binding `schema.ts` itself declares (not re-exports of others' bindings). */
function schemaBindings(project: ConvexProject, file: SourceFile, schema: SourceFile): SchemaBindings {
  const out: SchemaBindings = { locals: new Map(), namespaces: new Set() };
  for (const [local, binding] of project.scope(file).imports) {
    if (binding.typeOnly) continue;
    const target = project.resolveModule(file, binding.specifier);
    if (target.kind !== 'file') continue;
    if (binding.imported === '*') {
      if (target.file === schema) out.namespaces.add(local);
      continue;
    }
    const origin = declarationOf(project, target.file, binding.imported, 0);
    if (origin?.file === schema && !origin.hoisted) out.locals.set(local, binding.imported === 'default' ? local : binding.imported);
  }
  return out;
}

interface Origin {
  file: SourceFile;
  /** A function declaration: initialised before any module code runs, so safe in a cycle. */
  hoisted: boolean;
}

/** The module that declares what `file` exports as `name`, following re-exports and import-then-export. */
function declarationOf(project: ConvexProject, file: SourceFile, name: string, hops: number): Origin | undefined {
  if (hops > MAX_HOPS) return undefined;
  const scope = project.scope(file);
  const exported = scope.exports.get(name);
  const follow = (specifier: string, imported: string): Origin | undefined => {
    const target = project.resolveModule(file, specifier);
    return target.kind === 'file' && imported !== '*' ? declarationOf(project, target.file, imported, hops + 1) : undefined;
  };
  if (!exported) {
    if (name === 'default') return undefined;
    for (const specifier of scope.starExports) {
      const origin = follow(specifier, name);
      if (origin) return origin;
    }
    return undefined;
  }
  if (exported.kind === 'reexport') return follow(exported.specifier, exported.imported);
  if (exported.kind === 'expression') return { file, hoisted: ts.isFunctionDeclaration(exported.expression) };
  const imported = scope.imports.get(exported.local);
  if (imported) return imported.typeOnly ? undefined : follow(imported.specifier, imported.imported);
  const decl = scope.locals.get(exported.local);
  return decl ? { file, hoisted: ts.isFunctionDeclaration(decl) } : undefined;
}

interface EarlyUse {
  node: ts.Node;
  /** What is read, for the message: `schema`, `statusValidator`. */
  name: string;
  /** Set when the read sits in a same-file function that module-scope code calls. */
  via?: string;
}

/** Reads of schema bindings that run while the module is evaluated. */
function earlyUses(file: SourceFile, names: SchemaBindings): EarlyUse[] {
  const uses: EarlyUse[] = [];
  const calledAtLoad = functionsCalledAtLoad(file);
  const visit = (node: ts.Node, via: string | undefined): void => {
    if (ts.isIdentifier(node)) {
      const use = schemaRead(node, names);
      if (use) uses.push({ ...use, via });
      return;
    }
    if (isDeferred(node)) return;
    ts.forEachChild(node, (child) => visit(child, via));
  };
  ts.forEachChild(file.ast, (child) => visit(child, undefined));
  for (const [fn, call] of calledAtLoad) {
    const before = uses.length;
    if (fn.body) visit(fn.body, callName(call));
    // One finding per call: the first read it makes, reported at the call that runs it.
    uses.splice(before + 1);
    if (uses.length > before) uses[before] = { ...uses[before], node: call.expression };
  }
  return uses;
}

/** The schema binding an identifier reads as a value, if it does. */
function schemaRead(id: ts.Identifier, names: SchemaBindings): { node: ts.Node; name: string } | undefined {
  const declared = names.locals.get(id.text);
  const isNamespace = names.namespaces.has(id.text);
  if ((declared === undefined && !isNamespace) || !isValueRead(id) || isShadowed(id)) return undefined;
  if (declared !== undefined) return { node: id, name: declared };
  // `s.default.tables`, `s.statusValidator`: the namespace object exists, its members are not ready.
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === id) return { node: parent, name: parent.getText() };
  return undefined;
}

/** A parameter or a nearer declaration of the same name hides the import. */
function isShadowed(id: ts.Identifier): boolean {
  if (findLocalDeclaration(id) !== undefined) return true;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n) && n.parameters.some((p) => bindingNames(p.name).includes(id.text))) return true;
  }
  return false;
}

/** Code that runs later than module evaluation: function bodies and instance field initializers. */
function isDeferred(node: ts.Node): boolean {
  if (ts.isFunctionLike(node)) return true;
  return ts.isPropertyDeclaration(node) && !(ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Static);
}

/**
 * Same-file functions called by module-scope code, each with its first such call: their bodies run
 * at load time too. Only direct calls by name of a function declaration or a `const f = () => …`.
 */
function functionsCalledAtLoad(file: SourceFile): Map<ts.FunctionLikeDeclaration, ts.CallExpression> {
  const called = new Map<ts.FunctionLikeDeclaration, ts.CallExpression>();
  const visit = (node: ts.Node): void => {
    if (isDeferred(node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const fn = moduleFunction(file, node.expression.text);
      if (fn && !called.has(fn)) called.set(fn, node);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file.ast, visit);
  return called;
}

function moduleFunction(file: SourceFile, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const statement of file.ast.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== name || !decl.initializer) continue;
      const init = decl.initializer;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function callName(call: ts.CallExpression): string {
  return (call.expression as ts.Identifier).text;
}

/** An identifier read as a value: not a name slot, not an import/export specifier, not in a type. */
function isValueRead(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportSpecifier(parent)) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && (parent.propertyName === id || parent.name === id)) return false;
  if (ts.isQualifiedName(parent)) return false;
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    if (ts.isExpressionWithTypeArguments(n)) return isClassExtends(n);
    if (ts.isTypeNode(n)) return false;
    if (ts.isStatement(n)) break;
  }
  return true;
}

/** `class A extends Base` names a value; `implements` and interface `extends` name types. */
function isClassExtends(node: ts.ExpressionWithTypeArguments): boolean {
  const clause = node.parent;
  return ts.isHeritageClause(clause) && clause.token === ts.SyntaxKind.ExtendsKeyword && (ts.isClassDeclaration(clause.parent) || ts.isClassExpression(clause.parent));
}

function reportFor(file: SourceFile, schema: SourceFile, chain: string, use: EarlyUse): Report {
  const read = use.via ? `\`${use.via}()\` reads \`${use.name}\` while this module loads` : `\`${use.name}\` is read while this module loads`;
  return {
    file,
    node: use.node,
    message: `${read}, but \`${schema.relPath}\` imports this file (${chain}): it is still undefined here`,
    detail:
      `\`${schema.relPath}\` imports this module, so when the schema is evaluated this module runs first, before \`${schema.relPath}\` ` +
      'has defined anything: reading its exports at the top level fails with "Cannot read properties of undefined" (or ' +
      '"Cannot access … before initialization") and the push fails. Use `v.id("table")` and plain validators here instead of ' +
      '`schema.tables…` / `schema.id(…)`, read the schema only inside functions, or move this code to a module the schema does not import.',
  };
}
