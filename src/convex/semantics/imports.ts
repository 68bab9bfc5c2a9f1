/**
 * The imports of a module that survive compilation, and the project modules they name. Resolution
 * goes through `ConvexProject.resolveModule`: relative paths, tsconfig path aliases, `.js` → `.ts`
 * and index files behave as everywhere else in the model.
 */
import { builtinModules } from 'node:module';
import { ts } from '../../typescript.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';
import { flatTreeOf } from '../model/syntax-tree.js';

/** The one `node:` module the default Convex runtime provides. */
const RUNTIME_PROVIDED = new Set(['async_hooks']);
/**
 * Bare names with common npm browser polyfills (`buffer`, `events`, …): when such a package is
 * installed the bundler resolves the bare name from node_modules, so only `node:x` is certain to fail.
 */
const POLYFILLED = new Set(['buffer', 'events', 'util', 'path', 'url', 'assert', 'punycode', 'string_decoder', 'process', 'stream', 'querystring']);
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('node:')));

/** A module specifier whose import survives compilation: it is bundled with the file. */
export interface ValueImport {
  specifier: string;
  literal: ts.StringLiteral;
}

/** A value import that names a file of the project, with that file. */
export interface LocalValueImport {
  imp: ValueImport;
  target: SourceFile;
}

/** `node:fs`, `fs`, `fs/promises` — but not `node:async_hooks`, nor bare names npm polyfills commonly provide. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return !RUNTIME_PROVIDED.has(specifier.slice('node:'.length));
  if (!BUILTINS.has(specifier)) return false;
  const top = specifier.split('/')[0];
  return !POLYFILLED.has(top) && !RUNTIME_PROVIDED.has(top);
}

/**
 * The value imports of `file` that resolve to a project file (relative or through a path alias),
 * in source order; packages, `_generated/` and files outside the model are left out. Kept per file.
 */
export function localValueImports(project: ConvexProject, file: SourceFile): readonly LocalValueImport[] {
  return project.cached('local-value-imports', file, () => {
    const targets = new Map<string, SourceFile>();
    const isLocal = (specifier: string): boolean => {
      const target = project.resolveModule(file, specifier);
      if (target.kind === 'file') targets.set(specifier, target.file);
      return target.kind === 'file';
    };
    return valueImports(file, isLocal).map((imp) => ({ imp, target: targets.get(imp.specifier)! }));
  });
}

/**
 * The imports of `file` that stay in the compiled output: not `import type`, not only type-only
 * specifiers, and — in TypeScript, which drops imports used only as types — used as a value.
 */
export function valueImports(file: SourceFile, wanted: (specifier: string) => boolean = () => true): ValueImport[] {
  const imports: ValueImport[] = [];
  const isTypeScript = !/\.[cm]?jsx?$/.test(file.path);
  for (const statement of file.ast.statements) {
    const imported = importedNames(statement);
    if (!imported) continue;
    const { literal, names } = imported;
    // Elision needs a walk of the whole file: only for the imports the caller asks about.
    if (!wanted(literal.text)) continue;
    if (names === 'side-effect' || names === 're-export') {
      imports.push({ specifier: literal.text, literal });
    } else if (names.length > 0 && (!isTypeScript || usedAsValue(file.ast, new Set(names)))) {
      imports.push({ specifier: literal.text, literal });
    }
  }
  return imports;
}

/**
 * The local names a statement imports as values, `side-effect` for `import "x"`, `re-export` for
 * a value `export … from "x"`; undefined for anything else (including type-only forms).
 */
function importedNames(statement: ts.Statement): { literal: ts.StringLiteral; names: string[] | 'side-effect' | 're-export' } | undefined {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const literal = statement.moduleSpecifier;
    const clause = statement.importClause;
    if (!clause) return { literal, names: 'side-effect' };
    if (clause.isTypeOnly) return undefined;
    const names: string[] = [];
    if (clause.name) names.push(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    else if (bindings) for (const el of bindings.elements) if (!el.isTypeOnly) names.push(el.name.text);
    return { literal, names };
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
    if (statement.isTypeOnly) return undefined;
    const clause = statement.exportClause;
    if (clause && ts.isNamedExports(clause) && clause.elements.every((el) => el.isTypeOnly)) return undefined;
    return { literal: statement.moduleSpecifier, names: 're-export' };
  }
  if (
    ts.isImportEqualsDeclaration(statement) &&
    !statement.isTypeOnly &&
    ts.isExternalModuleReference(statement.moduleReference) &&
    ts.isStringLiteral(statement.moduleReference.expression)
  ) {
    return { literal: statement.moduleReference.expression, names: [statement.name.text] };
  }
  return undefined;
}

/** Whether any of `names` is referenced in a value position (TypeScript elides imports that are not). */
function usedAsValue(sourceFile: ts.SourceFile, names: ReadonlySet<string>): boolean {
  const used = valueNames(sourceFile);
  return [...names].some((name) => used.has(name));
}

const VALUE_NAMES = new WeakMap<ts.SourceFile, Set<string>>();

/** Every name a file references in a value position, collected in one walk and kept. */
function valueNames(sourceFile: ts.SourceFile): Set<string> {
  let names = VALUE_NAMES.get(sourceFile);
  if (names) return names;
  const found = new Set<string>();
  const tree = flatTreeOf(sourceFile);
  if (tree) {
    // The same visit over the file's flat node list; an import's subtree is skipped whole.
    const { nodes, ends } = tree;
    for (let i = 1; i < nodes.length; ) {
      const node = nodes[i];
      if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) {
        i = ends[i];
        continue;
      }
      if (ts.isIdentifier(node) && !found.has(node.text) && isValueReference(node)) found.add(node.text);
      i++;
    }
  } else {
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
      if (ts.isIdentifier(node) && !found.has(node.text) && isValueReference(node)) found.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  VALUE_NAMES.set(sourceFile, (names = found));
  return names;
}

function isValueReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name === id;
  if (ts.isExportSpecifier(parent)) return !parent.isTypeOnly && !parent.parent.parent.isTypeOnly && (parent.propertyName ?? parent.name) === id;
  // `x.fs`, `{ fs: 1 }`, `const fs = …`, `function fs()`: a name, not a reference to the import.
  if ((parent as { name?: ts.Node }).name === id || (parent as { propertyName?: ts.Node }).propertyName === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return !inTypePosition(id);
}

function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (ts.isExpressionWithTypeArguments(n) && isClassExtends(n)) return false;
    if (ts.isTypeNode(n)) return true;
    if (ts.isStatement(n)) return false;
  }
  return false;
}

/** `class A extends Base` names a value; `implements` and interface `extends` name types. */
function isClassExtends(node: ts.ExpressionWithTypeArguments): boolean {
  const clause = node.parent;
  return ts.isHeritageClause(clause) && clause.token === ts.SyntaxKind.ExtendsKeyword && (ts.isClassDeclaration(clause.parent) || ts.isClassExpression(clause.parent));
}
