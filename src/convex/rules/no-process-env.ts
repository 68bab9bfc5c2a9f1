import { ts } from '../../typescript.js';
import { findProperty, propertyNameText, unwrap, walk } from '../model/ast.js';
import { bindingNames } from '../model/module-scope.js';
import { baseOf, joinPath } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule, TextEdit } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';
import { convexAtLeast } from '../model/versions.js';

/** From this version `_generated/server` exports `env` in every project, with the platform variables typed. */
const ENV_BY_DEFAULT_SINCE = [1, 44, 0] as const;
/** Variables the platform provides; the generated `Env` type always lists them. */
const PLATFORM_VARIABLES = ['CONVEX_CLOUD_URL', 'CONVEX_SITE_URL'];
/** Files that must read `process.env`: the auth config and the app/component definition have no `env` to import. */
const EXEMPT_FILES = new Set(['auth.config.ts', 'auth.config.js', 'convex.config.ts', 'convex.config.js']);
/** Replaced by the bundler at build time; it is not a deployment variable and `env` does not carry it. */
const BUNDLER_DEFINED = new Set(['NODE_ENV']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** What the project's generated `env` declares: variable names, or `any` for the untyped `Record<string, …>`. */
type EnvModel = { declared: ReadonlySet<string> | 'any' | 'unknown' };

/**
 * `process.env` in Convex function code of a project whose `_generated/server` exports the typed
 * `env` object (a committed codegen that has it, variables declared in `convex.config.ts`, or
 * convex ≥ 1.44). Not in `auth.config.ts`, `convex.config.ts`, generated code or tests.
 */
export const noProcessEnv: Rule = {
  id: 'no-process-env',
  title: '`process.env` instead of the typed `env`',
  description: 'Convex code reads `process.env` although `_generated/server` exports a typed, deploy-checked `env` object.',
  severity: 'info',
  docsUrl: 'https://docs.convex.dev/production/environment-variables',
  category: 'maintainability',
  concerns: ['maintainability'],
  fixable: true,
  eslintEquivalent: 'no-process-env',
  *check(project) {
    const env = envModel(project);
    if (!env) return;
    for (const file of project.files) {
      if (EXEMPT_FILES.has(baseOf(file.relPath)) || file.relPath.startsWith('_generated/') || isTestFile(file)) continue;
      const accesses = processEnvAccesses(file);
      if (accesses.length === 0 || declaresName(file, 'process', true)) continue;
      const envLocal = generatedEnvImport(project, file);
      // Another `env` in the file (a parameter, a local) could be what a rewrite lands on: no fix then.
      const usable = envLocal !== undefined && !declaresName(file, envLocal, false) ? envLocal : undefined;
      for (const access of accesses) {
        const report = reportFor(file, access, env, usable);
        if (report) yield report;
      }
    }
  },
};

/** Whether (and with which names) the project has the generated `env`; undefined when it has none, or nothing says so. */
export function envModel(project: ConvexProject): EnvModel | undefined {
  const generated = ['server.d.ts', 'server.ts', 'server.js']
    .map((name) => project.repoFiles.get(joinPath(project.root.functionsDir, '_generated', name)))
    .find((text) => text !== undefined);
  // A committed codegen is the ground truth: an older one without `env` means there is none.
  if (generated !== undefined) return generatedEnv(generated);
  const declared = configDeclaredVariables(project);
  if (declared) return { declared: new Set([...PLATFORM_VARIABLES, ...declared]) };
  return convexAtLeast(project.convexVersion, ENV_BY_DEFAULT_SINCE) ? { declared: 'unknown' } : undefined;
}

function generatedEnv(text: string): EnvModel | undefined {
  if (!/export\s+(?:declare\s+)?const\s+env\b/.test(text)) return undefined;
  if (/export\s+(?:declare\s+)?const\s+env\s*:\s*Record</.test(text)) return { declared: 'any' };
  const body = /type\s+Env\s*=\s*\{([^}]*)\}/.exec(text)?.[1];
  if (body === undefined) return { declared: 'unknown' };
  return { declared: new Set([...body.matchAll(/readonly\s+([A-Za-z_$][\w$]*)\s*\??\s*:/g)].map((m) => m[1])) };
}

/** The keys of `defineApp({ env: { … } })` / `defineComponent(name, { env: { … } })` in convex.config.ts. */
function configDeclaredVariables(project: ConvexProject): string[] | undefined {
  const config = project.files.find((f) => f.relPath === 'convex.config.ts' || f.relPath === 'convex.config.js');
  if (!config) return undefined;
  for (const call of project.index(config).calls) {
    const callee = project.valueOf(config, call.expression);
    if (callee.kind !== 'import' || callee.module !== 'convex/server') continue;
    const options = callee.name === 'defineApp' ? call.arguments[0] : callee.name === 'defineComponent' ? call.arguments[1] : undefined;
    const object = options && unwrap(options);
    const envProp = object && ts.isObjectLiteralExpression(object) ? findProperty(object, 'env') : undefined;
    const envObject = envProp && ts.isPropertyAssignment(envProp) ? unwrap(envProp.initializer) : undefined;
    if (!envObject || !ts.isObjectLiteralExpression(envObject)) continue;
    return envObject.properties.map((p) => (p.name ? propertyNameText(p.name) : undefined)).filter((n): n is string => n !== undefined);
  }
  return undefined;
}

/** Every `process.env` / `process["env"]` in a value position. */
function processEnvAccesses(file: SourceFile): ts.Expression[] {
  if (!file.text.includes('process')) return [];
  const found: ts.Expression[] = [];
  walk(file.ast, (node) => {
    if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return;
    const object = node.expression;
    if (!ts.isIdentifier(object) || object.text !== 'process') return;
    if (staticKey(node) === 'env') found.push(node);
  });
  return found;
}

/**
 * Whether the file declares `name` itself (a variable, parameter, function or class; with
 * `withImports`, an import too). Used bluntly: such a file is not judged, or gets no fix.
 */
function declaresName(file: SourceFile, name: string, withImports: boolean): boolean {
  let declares = false;
  walk(file.ast, (node) => {
    if (declares) return;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) && bindingNames(node.name).includes(name)) declares = true;
    else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) && node.name?.text === name) declares = true;
    else if (withImports && (ts.isImportClause(node) || ts.isImportSpecifier(node) || ts.isNamespaceImport(node)) && node.name?.text === name) declares = true;
  });
  return declares;
}

/** The local name of a value import of `env` from `_generated/server`, if the file has one. */
function generatedEnvImport(project: ConvexProject, file: SourceFile): string | undefined {
  for (const [local, binding] of project.scope(file).imports) {
    if (binding.typeOnly || binding.imported !== 'env') continue;
    const target = project.resolveModule(file, binding.specifier);
    if (target.kind === 'generated' && target.name === 'server') return local;
  }
  return undefined;
}

function staticKey(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const arg = node.argumentExpression;
  return ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** `process.env.X = …`, `process.env.X++`, `delete process.env.X`. */
function isWriteTarget(node: ts.Expression): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
  return ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent) || ts.isDeleteExpression(parent);
}

/** `const { A, B } = process.env`: the names read, or undefined for rest elements and computed keys. */
function destructuredKeys(pattern: ts.ObjectBindingPattern): string[] | undefined {
  const keys: string[] = [];
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) return undefined;
    const name = element.propertyName ?? element.name;
    const key = ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
    if (key === undefined) return undefined;
    keys.push(key);
  }
  return keys.length > 0 ? keys : undefined;
}

/** What a `process.env` access reads: one variable (`member`), several (`destructure`), or the whole object. */
type EnvRead =
  | { kind: 'member'; key: string; node: ts.PropertyAccessExpression | ts.ElementAccessExpression; write: boolean }
  | { kind: 'destructure'; keys: string[] }
  /** `process.env[name]`: which variable is only known at run time. */
  | { kind: 'dynamic' }
  | { kind: 'whole' };

function readOf(access: ts.Expression): EnvRead {
  const parent = access.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === access) {
    const key = staticKey(parent);
    if (key !== undefined) return { kind: 'member', key, node: parent, write: isWriteTarget(parent) };
    if (ts.isElementAccessExpression(parent)) return { kind: 'dynamic' };
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === access && ts.isObjectBindingPattern(parent.name)) {
    const keys = destructuredKeys(parent.name);
    if (keys) return { kind: 'destructure', keys };
  }
  return { kind: 'whole' };
}

function reportFor(file: SourceFile, access: ts.Expression, env: EnvModel, usable: string | undefined): Report | undefined {
  const read = readOf(access);
  const isDeclared = (key: string): boolean => env.declared === 'any' || (env.declared !== 'unknown' && env.declared.has(key));
  const base = { file, node: access, detail: DETAIL };
  if (read.kind === 'member') {
    if (BUNDLER_DEFINED.has(read.key)) return undefined;
    const declared = isDeclared(read.key);
    const fix: TextEdit | undefined =
      usable && declared && !read.write
        ? { start: read.node.getStart(file.ast), end: read.node.getEnd(), newText: IDENTIFIER.test(read.key) ? `${usable}.${read.key}` : `${usable}[${JSON.stringify(read.key)}]` }
        : undefined;
    return { ...base, message: memberMessage(read.key, env), ...(fix ? { fix } : {}) };
  }
  if (read.kind === 'destructure') {
    const allDeclared = read.keys.every(isDeclared);
    const fix: TextEdit | undefined = usable && allDeclared ? { start: access.getStart(file.ast), end: access.getEnd(), newText: usable } : undefined;
    const names = read.keys.map((k) => `\`${k}\``).join(', ');
    return { ...base, message: `${names} destructured from \`process.env\`: read ${read.keys.length > 1 ? 'them' : 'it'} from the typed \`env\` of \`_generated/server\``, ...(fix ? { fix } : {}) };
  }
  if (read.kind === 'dynamic') return { ...base, message: '`process.env[…]` read with a computed name: read declared variables from the typed `env` of `_generated/server`' };
  return { ...base, message: '`process.env` used as a whole: read declared variables from the typed `env` of `_generated/server`' };
}

function memberMessage(key: string, env: EnvModel): string {
  if (env.declared instanceof Set && env.declared.has(key)) return `\`process.env.${key}\`: \`${key}\` is declared, read it as \`env.${key}\` from \`_generated/server\``;
  return `\`process.env.${key}\`: declare \`${key}\` in convex.config.ts and read it from the typed \`env\` of \`_generated/server\``;
}

const DETAIL =
  'Variables declared in `convex/convex.config.ts` (`defineApp({ env: { NAME: v.string() } })`) are checked when you push — a ' +
  'missing or malformed value fails the deploy instead of surfacing as `undefined` in production — and are typed on the `env` ' +
  'object: `import { env } from "./_generated/server"`, then `env.NAME`. `process.env` still works, but is untyped and unchecked.';
