import { builtinModules } from 'node:module';
import { ts } from 'ts-morph';
import type { ConvexProject } from '../project.js';
import type { Report, Rule } from '../rule.js';
import type { SourceFile } from '../source-file.js';

/** The one `node:` module the default Convex runtime provides. */
const RUNTIME_PROVIDED = new Set(['async_hooks']);
/**
 * Bare names with common npm browser polyfills (`buffer`, `events`, …): when such a package is
 * installed the bundler resolves the bare name from node_modules, so only `node:x` is certain to fail.
 */
const POLYFILLED = new Set(['buffer', 'events', 'util', 'path', 'url', 'assert', 'punycode', 'string_decoder', 'process', 'stream', 'querystring']);
const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('node:')));
/** Helper modules are followed this many imports away from the entry file. */
const HELPER_DEPTH = 2;

/** A module specifier whose import survives compilation: it is bundled with the file. */
export interface ValueImport {
  specifier: string;
  literal: ts.StringLiteral;
}

/**
 * A default-runtime entry file (no `"use node"`) that value-imports a Node built-in, directly
 * or through non-entry helper modules it imports.
 */
export const nodeImportWithoutUseNode: Rule = {
  id: 'node-import-without-use-node',
  title: 'Node built-in in the default runtime',
  description: 'A file without "use node" imports a Node.js built-in module, which the default Convex runtime cannot load.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/functions/runtimes',
  *check(project) {
    const viaHelpers = new Map<ts.StringLiteral, { file: SourceFile; entries: Set<string> }>();
    for (const file of project.files) {
      if (!file.isEntry || file.useNode) continue;
      for (const imp of valueImports(file, isNodeBuiltin)) yield directReport(file, imp);
      for (const { file: helper, imp } of helperBuiltinImports(project, file)) {
        const found = viaHelpers.get(imp.literal) ?? { file: helper, entries: new Set<string>() };
        found.entries.add(file.path);
        viaHelpers.set(imp.literal, found);
      }
    }
    for (const [literal, { file, entries }] of viaHelpers) yield helperReport(file, literal, [...entries].sort());
  },
};

/** `node:fs`, `fs`, `fs/promises` — but not `node:async_hooks`, nor bare names npm polyfills commonly provide. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return !RUNTIME_PROVIDED.has(specifier.slice('node:'.length));
  if (!BUILTINS.has(specifier)) return false;
  const top = specifier.split('/')[0];
  return !POLYFILLED.has(top) && !RUNTIME_PROVIDED.has(top);
}

const isRelative = (specifier: string): boolean => specifier.startsWith('.');

/** Built-in imports of the non-entry helper modules an entry file pulls into its bundle. */
function helperBuiltinImports(project: ConvexProject, entry: SourceFile): { file: SourceFile; imp: ValueImport }[] {
  const found: { file: SourceFile; imp: ValueImport }[] = [];
  const seen = new Set<SourceFile>([entry]);
  let frontier = [entry];
  for (let depth = 0; depth < HELPER_DEPTH; depth++) {
    const next: SourceFile[] = [];
    for (const file of frontier) {
      for (const imp of valueImports(file, isRelative)) {
        const target = project.resolveModule(file, imp.specifier);
        // An entry helper is checked as an entry of its own (or is a "use node" file: another rule's concern).
        if (target.kind !== 'file' || target.file.isEntry || seen.has(target.file)) continue;
        seen.add(target.file);
        next.push(target.file);
        for (const helperImport of valueImports(target.file, isNodeBuiltin)) found.push({ file: target.file, imp: helperImport });
      }
    }
    frontier = next;
  }
  return found;
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
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isIdentifier(node) && !found.has(node.text) && isValueReference(node)) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
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

function directReport(file: SourceFile, imp: ValueImport): Report {
  return {
    file,
    node: imp.literal,
    message: `Node built-in \`${imp.specifier}\` imported in a file without "use node": the default Convex runtime cannot load it`,
    detail:
      'Files without `"use node"` are bundled for the default Convex runtime, which is not Node.js: the push fails with ' +
      '"Could not resolve". If this file only defines actions, add `"use node";` at its top; otherwise move the code that ' +
      'needs Node into a `"use node"` action file and call it with `ctx.runAction`.',
  };
}

function helperReport(file: SourceFile, literal: ts.StringLiteral, entries: string[]): Report {
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more)` : '';
  return {
    file,
    node: literal,
    message: `Node built-in \`${literal.text}\` reaches the default Convex runtime: \`${entries[0]}\`${more} imports this module without "use node"`,
    detail:
      'Helper modules are bundled into every file that imports them. A file without `"use node"` runs in the default Convex ' +
      'runtime, which is not Node.js, so the push fails with "Could not resolve". Import this helper only from `"use node"` ' +
      'action files, or keep the Node-only code out of the modules that default-runtime files import.',
  };
}
