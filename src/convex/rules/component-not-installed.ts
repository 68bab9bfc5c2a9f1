import { posix } from 'node:path';
import { ts } from '../../typescript.js';
import { findProperty, propertyNameText, unwrap } from '../model/ast.js';
import { propertyValue } from '../semantics/customizations.js';
import { isConstDeclaration, readsOf } from '../model/local-bindings.js';
import { dirOf, joinPath, SOURCE_EXTENSIONS } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { FunctionReference } from '../semantics/references.js';
import type { Report, Rule } from '../engine/rule.js';
import { parseSource, type SourceFile } from '../model/source-file.js';
import { closestName } from '../semantics/table-refs.js';
import { isTestFile } from '../model/test-files.js';

/**
 * `components.X` where no component is installed under the name X: not by an `app.use(…)` in
 * `convex.config.ts`, not in the committed `_generated/api.d.ts`. Such code does not compile, and
 * a component client built on it fails when called.
 */
export const componentNotInstalled: Rule = {
  id: 'component-not-installed',
  title: 'Component not installed',
  description: '`components.X` where no component is installed as `X` in `convex.config.ts` (nor listed in `_generated/api.d.ts`).',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/components/using',
  category: 'correctness',
  concerns: ['correctness'],
  dependsOn: /(^|\/)(convex\.config\.[jt]s|_generated\/api\.d\.ts)$/,
  *check(project) {
    const refs = project.references.filter((r) => r.root === 'components' && r.segments.length > 0 && !isTestFile(r.file) && !r.file.relPath.startsWith('_generated/'));
    if (refs.length === 0) return;
    const installed = installedComponents(project);
    // When the installed names cannot be known, no reference can be called wrong.
    if (!installed) return;
    const reported = new Set<string>();
    for (const ref of refs) {
      const name = ref.segments[0];
      const key = `${ref.file.path}\n${name}`;
      if (installed.names.has(name) || reported.has(key)) continue;
      reported.add(key);
      yield reportOf(ref, name, installed);
    }
  },
};

interface Installed {
  names: ReadonlySet<string>;
  /** The config that installs components, when the root has one. */
  config?: SourceFile;
  /** Whether `_generated/api.d.ts` contributed names. */
  fromGenerated: boolean;
}

function reportOf(ref: FunctionReference, name: string, installed: Installed): Report {
  const suggestion = closestName(name, [...installed.names]);
  const parent = ref.rootNode.parent;
  const node = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === ref.rootNode ? parent : ref.rootNode;
  const where = installed.config
    ? `\`${posix.basename(installed.config.path)}\` installs no component named \`${name}\``
    : 'this project has no `convex.config.ts` to install it';
  const sources = [installed.config && `\`${installed.config.relPath}\``, installed.fromGenerated && '`_generated/api.d.ts`'].filter(Boolean).join(' and ');
  return {
    file: ref.file,
    node,
    message: `\`components.${name}\` is not an installed component: ${where}${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`,
    detail:
      `Installed: ${installed.names.size > 0 ? [...installed.names].sort().map((n) => `\`${n}\``).join(', ') : 'none'}${sources ? ` (from ${sources})` : ''}. ` +
      'A component is available as `components.<name>` only once `convex.config.ts` (beside `schema.ts`) installs it, with ' +
      '`app.use(component)` (under its default name) or `app.use(component, { name: "…" })`; `npx convex dev` then ' +
      'regenerates `_generated/api`. Install the component, or use the name it is installed under.',
  };
}

// ---------------------------------------------------------------------------------------------
// What is installed

/**
 * The component names a root has installed, or undefined when that cannot be known: a
 * `use(…)` whose name cannot be read (a package's default name, a computed name, the app
 * handed to other code) and no generated API that can stand in for it.
 */
function installedComponents(project: ConvexProject): Installed | undefined {
  return project.cached('component-not-installed:installed', project, () => {
    const generated = project.generatedApi === undefined ? undefined : generatedComponents(project.generatedApi);
    const config = configFile(project);
    const uses = config ? componentUses(project, config) : [];
    if (uses === undefined) return generated && { names: generated, fromGenerated: true };
    const known = uses.filter((u): u is string => u !== undefined);
    // Some names are unknown: the generated API answers, unless it lists fewer components than
    // the config installs (then it predates the config and may lack the very name asked about).
    if (known.length < uses.length && !(generated && generated.size >= uses.length)) return undefined;
    return { names: new Set([...known, ...(generated ?? [])]), config, fromGenerated: generated !== undefined && generated.size > 0 };
  });
}

/** `convex.config.ts` (or `.js`, …) directly in the functions folder, if the snapshot has it. */
function configFile(project: ConvexProject): SourceFile | undefined {
  for (const ext of SOURCE_EXTENSIONS) {
    const file = project.filesByPath.get(joinPath(project.root.functionsDir, `convex.config${ext}`));
    if (file) return file;
  }
  return undefined;
}

/**
 * The name each `app.use(…)` (or a component's `component.use(…)`) installs, `undefined` for
 * one whose name cannot be read; `undefined` as a whole when the app is handed to other code,
 * which may install more.
 */
function componentUses(project: ConvexProject, config: SourceFile): (string | undefined)[] | undefined {
  const names: (string | undefined)[] = [];
  for (const decl of project.index(config).variableDeclarations) {
    if (!decl.initializer || !isDefineCall(project, config, decl.initializer)) continue;
    if (!ts.isIdentifier(decl.name) || !isConstDeclaration(decl)) return undefined;
    for (const read of readsOf(decl)) {
      const use = useCallOf(read);
      if (use) names.push(useName(project, config, use));
      else if (!isDefaultExport(read)) return undefined;
    }
  }
  return names;
}

/** `defineApp()` / `defineComponent("name")` from `convex/server`. */
function isDefineCall(project: ConvexProject, file: SourceFile, expr: ts.Expression): boolean {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call)) return false;
  const callee = project.valueOf(file, call.expression);
  return callee.kind === 'import' && callee.module === 'convex/server' && (callee.name === 'defineApp' || callee.name === 'defineComponent');
}

/** `app.use(component, options?)` with `app` the read given. */
function useCallOf(read: ts.Identifier): ts.CallExpression | undefined {
  const access = read.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== read || access.name.text !== 'use') return undefined;
  const call = access.parent;
  return ts.isCallExpression(call) && call.expression === access && call.arguments.length > 0 ? call : undefined;
}

function isDefaultExport(read: ts.Identifier): boolean {
  return ts.isExportAssignment(read.parent) || ts.isExportSpecifier(read.parent);
}

/** The name a `use(component, { name })` installs: the literal `name`, else the component's own default name. */
function useName(project: ConvexProject, config: SourceFile, use: ts.CallExpression): string | undefined {
  const options = use.arguments[1] && unwrap(use.arguments[1]);
  if (options) {
    if (!ts.isObjectLiteralExpression(options)) return undefined;
    if (options.properties.some((p) => ts.isSpreadAssignment(p))) return undefined;
    const nameProp = findProperty(options, 'name');
    if (nameProp) {
      const value = propertyValue(nameProp);
      const literal = value && unwrap(value);
      return literal && ts.isStringLiteralLike(literal) ? literal.text : undefined;
    }
  }
  return defaultName(project, config, use.arguments[0]);
}

/**
 * The name a component defines for itself (`defineComponent("name")`), when its definition is a
 * file of the repository. A package's is unknown here: its files are not in the snapshot, and
 * packages have renamed their components between versions.
 */
function defaultName(project: ConvexProject, config: SourceFile, component: ts.Expression): string | undefined {
  const expr = unwrap(component);
  if (!ts.isIdentifier(expr)) return undefined;
  const imported = project.scope(config).imports.get(expr.text);
  if (!imported || imported.imported !== 'default' || !imported.specifier.startsWith('.')) return undefined;
  const target = posix.normalize(joinPath(dirOf(config.path), imported.specifier));
  const bases = /\.[cm]?js$/.test(target) ? [target, target.replace(/\.([cm]?)js$/, '.$1ts')] : [target];
  for (const base of bases) {
    for (const suffix of ['', ...SOURCE_EXTENSIONS]) {
      const text = project.repoFiles.get(base + suffix);
      if (text !== undefined) return definedName(text);
    }
  }
  return undefined;
}

/** The literal name of the one `defineComponent("…")` in a component's config. */
function definedName(text: string): string | undefined {
  const matches = [...text.matchAll(/\bdefineComponent\s*\(\s*(["'`])([A-Za-z_$][\w$]*)\1/g)];
  return matches.length === 1 ? matches[0][2] : undefined;
}

/**
 * The top-level keys of `components` in a committed `_generated/api.d.ts`
 * (`export declare const components: { aggregate: …; }`); undefined when it declares none in that
 * form (older generated code, or a type it does not spell out).
 */
export function generatedComponents(apiText: string): Set<string> | undefined {
  const { ast } = parseSource('api.d.ts', apiText);
  for (const statement of ast.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations) {
      if (!ts.isIdentifier(decl.name) || decl.name.text !== 'components') continue;
      if (!decl.type || !ts.isTypeLiteralNode(decl.type)) return undefined;
      const names = decl.type.members.map((m) => (m.name ? propertyNameText(m.name) : undefined));
      return names.every((n): n is string => n !== undefined) ? new Set(names) : undefined;
    }
  }
  return undefined;
}
