/**
 * The Convex project model of one root, built once and shared by every rule: files as the
 * bundler sees them, module bindings, registrations, ctx tracking, schema, references.
 * Models are computed lazily so a rule that needs none of them costs nothing.
 */
import { DEFAULT_PROJECT_OPTIONS, type ProjectOptions } from '../model/options.js';
import { ts } from '../../typescript.js';
import { isFunctionNode, unwrap, type FunctionNode } from '../model/ast.js';
import type { FunctionAt } from './call-graph.js';
import { CtxIndex, CtxRoles, type CtxRole } from './ctx.js';
import { customizationMods } from './customizations.js';
import { classifyEntry } from '../model/entries.js';
import { indexFile, nodesWithin, type FileIndex } from '../model/file-index.js';
import { buildModuleScope, type ModuleScope } from '../model/module-scope.js';
import { resolveSpecifier, type ModuleTarget } from '../model/modules.js';
import { dirOf, isSourcePath, isUnder, joinPath, relativeTo, stripExtension } from '../model/paths.js';
import { findReferences, referenceTarget, type FunctionReference } from './references.js';
import { findRegistrations, type Registration } from './registrations.js';
import type { ConvexRoot } from '../model/roots.js';
import { buildSchemaModel, type SchemaModel } from './schema.js';
import { parseSource, type FileMap, type SourceFile } from '../model/source-file.js';
import { TsconfigPaths } from '../model/tsconfig.js';
import { ValueResolver, type Value } from '../model/values.js';

export type { FileMap } from '../model/source-file.js';

const HELPER_PROPAGATION_ROUNDS = 4;

export class ConvexProject {
  readonly files: SourceFile[] = [];
  readonly filesByPath = new Map<string, SourceFile>();
  /** Nearest package.json's `convex` dependency range, if any. */
  readonly convexVersion: string | undefined;
  /** `_generated/api.d.ts` when committed: the ground truth for installed components. */
  readonly generatedApi: string | undefined;
  readonly values: ValueResolver;

  private readonly scopes = new Map<SourceFile, ModuleScope>();
  private readonly indexes = new Map<SourceFile, FileIndex>();
  private readonly memos = new Map<string, WeakMap<object, unknown>>();
  private registrationsByFile: Map<SourceFile, Registration[]> | undefined;
  private registrationsByRef: Map<string, Registration> | undefined;
  private readonly ctxIndexes = new Map<SourceFile, CtxIndex>();
  private registrationList: Registration[] | undefined;
  private referenceList: FunctionReference[] | undefined;
  private referencesByNode: Map<ts.Node, FunctionReference> | undefined;
  private schemaModel: SchemaModel | null | undefined;
  private ctxRoles: CtxRoles | undefined;
  private tsconfigPaths: TsconfigPaths | undefined;

  constructor(
    readonly root: ConvexRoot,
    readonly repoFiles: FileMap,
    /** Limits the model to these paths (the CLI's size and binary filters). */
    readable: (path: string) => boolean = () => true,
    /** What the team's config file says about its code. */
    readonly options: ProjectOptions = DEFAULT_PROJECT_OPTIONS,
  ) {
    const inRoot = [...repoFiles.keys()].filter((p) => isUnder(p, root.functionsDir) && isSourcePath(p) && readable(p)).sort();
    const nestedComponentDirs = [...repoFiles.keys()]
      .filter((p) => /\/convex\.config\.[jt]s$/.test(p) && isUnder(p, root.functionsDir) && dirOf(p) !== root.functionsDir)
      .map(dirOf);
    for (const path of inRoot) {
      if (nestedComponentDirs.some((d) => isUnder(path, d))) continue; // a root of its own
      if (path.includes('/node_modules/')) continue;
      const text = repoFiles.get(path)!;
      const relPath = relativeTo(root.functionsDir, path);
      const parsed = parseSource(path, text);
      const file: SourceFile = {
        path,
        relPath,
        text,
        ast: parsed.ast,
        parseErrors: parsed.parseErrors,
        useNode: parsed.useNode,
        isEntry: classifyEntry(path, text, root.functionsDir, nestedComponentDirs).entry,
        isSchema: relPath === 'schema.ts' || relPath === 'schema.js',
      };
      this.files.push(file);
      this.filesByPath.set(path, file);
    }
    this.convexVersion = findConvexVersion(repoFiles, root.projectDir);
    this.generatedApi = repoFiles.get(joinPath(root.functionsDir, '_generated/api.d.ts'));
    this.values = new ValueResolver({ scope: (f) => this.scope(f), resolveModule: (f, s) => this.resolveModule(f, s), configuredRegistrar: (name) => options.registrars.get(name) });
  }

  scope(file: SourceFile): ModuleScope {
    let scope = this.scopes.get(file);
    if (!scope) this.scopes.set(file, (scope = buildModuleScope(file.ast)));
    return scope;
  }

  /** The calls, functions, statements … of a file, collected in one walk. */
  index(file: SourceFile): FileIndex {
    let index = this.indexes.get(file);
    if (!index) this.indexes.set(file, (index = indexFile(file.ast)));
    return index;
  }

  /**
   * A result computed once per owner (a file, a function, …) for this project: rules share
   * derived models (`dbCalls`, call sites, auth summaries) without recomputing them each.
   */
  cached<T>(kind: string, owner: object, compute: () => T): T {
    let memo = this.memos.get(kind);
    if (!memo) this.memos.set(kind, (memo = new WeakMap()));
    if (memo.has(owner)) return memo.get(owner) as T;
    const value = compute();
    memo.set(owner, value);
    return value;
  }

  resolveModule(file: SourceFile, specifier: string): ModuleTarget {
    if (specifier.startsWith('.')) return resolveSpecifier(file.path, specifier, this.root.functionsDir, this.filesByPath);
    // tsconfig path aliases (`@cvx/_generated/server`, `@/convex/lib/auth`), read once per project.
    this.tsconfigPaths ??= new TsconfigPaths(this.repoFiles);
    return resolveSpecifier(file.path, specifier, this.root.functionsDir, this.filesByPath, {
      aliases: this.tsconfigPaths.forFile(file.path),
      repoHas: (path) => this.repoFiles.has(path),
    });
  }

  valueOf(file: SourceFile, expr: ts.Expression): Value {
    return this.values.valueOf(file, expr);
  }

  get registrations(): readonly Registration[] {
    this.registrationList ??= this.files.flatMap((f) => findRegistrations(f, this.index(f).calls, this.scope(f), this.values));
    return this.registrationList;
  }

  registrationsIn(file: SourceFile): Registration[] {
    if (!this.registrationsByFile) {
      this.registrationsByFile = new Map();
      for (const r of this.registrations) this.registrationsByFile.set(r.file, [...(this.registrationsByFile.get(r.file) ?? []), r]);
    }
    return this.registrationsByFile.get(file) ?? [];
  }

  /** The registration a function reference points at (`api.a.b.fn` → export `fn` of `a/b.ts`). */
  registrationFor(ref: FunctionReference): Registration | undefined {
    const target = referenceTarget(ref);
    if (!target) return undefined;
    if (!this.registrationsByRef) {
      this.registrationsByRef = new Map();
      for (const r of this.registrations) {
        if (!r.file.isEntry) continue;
        for (const name of r.exportNames) this.registrationsByRef.set(`${stripExtension(r.file.relPath)}:${name}`, r);
      }
    }
    return this.registrationsByRef.get(`${target.module}:${target.exportName}`);
  }

  /** The registration whose handler (or definition) encloses `node`, if any. */
  registrationAt(file: SourceFile, node: ts.Node): Registration | undefined {
    return this.registrationsIn(file).find((r) => r.call.pos <= node.pos && node.end <= r.call.end);
  }

  get references(): readonly FunctionReference[] {
    this.referenceList ??= this.files.flatMap((f) => findReferences(f, this.scope(f), (s) => this.resolveModule(f, s)));
    return this.referenceList;
  }

  /** The `api.*` / `internal.*` / `components.*` reference written at `expr` of `file` (through parentheses and casts), if any. */
  referenceAt(file: SourceFile, expr: ts.Expression): FunctionReference | undefined {
    this.referencesByNode ??= new Map(this.references.map((r) => [r.node, r]));
    const ref = this.referencesByNode.get(unwrap(expr));
    return ref?.file === file ? ref : undefined;
  }

  get schema(): SchemaModel | undefined {
    if (this.schemaModel === undefined) {
      const file = this.files.find((f) => f.isSchema);
      this.schemaModel = (file && buildSchemaModel(file, this.values)) ?? null;
    }
    return this.schemaModel ?? undefined;
  }

  /** Role lookup (`ctx`, `db`, `scheduler`, …) for expressions of `file`. */
  ctx(file: SourceFile): CtxIndex {
    let index = this.ctxIndexes.get(file);
    if (!index) this.ctxIndexes.set(file, (index = new CtxIndex(this.roles(), file.ast)));
    return index;
  }

  /** The ctx roles given to a function's parameters (by index), if any. */
  ctxRoleParameters(fn: FunctionNode): ReadonlyMap<number, CtxRole> | undefined {
    return this.roles().parameters(fn);
  }

  private roles(): CtxRoles {
    if (this.ctxRoles) return this.ctxRoles;
    const roles = new CtxRoles();
    this.ctxRoles = roles;
    for (const r of this.registrations) if (r.handler) roles.mark(r.handler, 0, 'ctx');
    // convex-helpers mods: `customCtx(async (ctx) => …)`, `{ input: async (ctx, args) => … }`, inline or named.
    for (const r of this.registrations) {
      for (const c of r.registrar.customizations) for (const input of customizationMods(this, c).inputs) roles.mark(input.fn, 0, 'ctx');
    }
    for (const f of this.files) roles.markTypedParameters(this.index(f).functions);
    this.propagateToHelpers(roles);
    return roles;
  }

  /** Helpers handed `ctx` (or `ctx.db`, …) by a ctx-bearing function get that role too. */
  private propagateToHelpers(roles: CtxRoles): void {
    // Only calls handing over a name or a member access can pass ctx along. The first round
    // looks at every such call; later rounds only at calls inside functions that just gained a role.
    let work: { file: SourceFile; calls: ts.CallExpression[] }[] = this.files.map((f) => ({ file: f, calls: this.index(f).calls.filter(handsOverNames) }));
    for (let round = 0; round < HELPER_PROPAGATION_ROUNDS && work.length > 0; round++) {
      const gained: FunctionAt[] = [];
      for (const { file, calls } of work) {
        const index = this.ctx(file);
        for (const node of calls) {
          const argRoles = node.arguments.map((a) => index.roleOf(a));
          if (argRoles.every((r) => r === undefined)) continue;
          const target = this.functionAt(file, unwrap(node.expression));
          if (!target) continue;
          let changed = false;
          argRoles.forEach((role, i) => {
            if (role && roles.mark(target.fn, i, role as CtxRole)) changed = true;
          });
          if (changed) gained.push(target);
        }
      }
      work = gained
        .filter((at) => at.fn.body)
        .map((at) => ({ file: at.file, calls: nodesWithin(this.index(at.file).calls, at.fn.body!).filter(handsOverNames) }));
    }
  }

  /** The project function a callee names (a declaration or a `const f = () => …`), in whichever file. */
  functionAt(file: SourceFile, callee: ts.Expression): FunctionAt | undefined {
    const value = this.values.valueOf(file, callee);
    if (value.kind !== 'definition') return undefined;
    const node = value.node;
    if (isFunctionNode(node)) return { file: value.file, fn: node };
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = unwrap(node.initializer);
      if (isFunctionNode(init)) return { file: value.file, fn: init };
    }
    return undefined;
  }
}

/** Only a call handing over a name or a member access (`helper(ctx)`, `f(ctx.db)`) can pass ctx on. */
function handsOverNames(call: ts.CallExpression): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return false;
  return call.arguments.some((a) => {
    const arg = unwrap(a);
    return ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg);
  });
}

function findConvexVersion(files: FileMap, projectDir: string): string | undefined {
  for (let dir = projectDir; ; dir = dirOf(dir)) {
    const text = files.get(joinPath(dir, 'package.json'));
    if (text) {
      try {
        const pkg = JSON.parse(text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
        const version = pkg.dependencies?.convex ?? pkg.devDependencies?.convex;
        if (version) return version;
      } catch {
        // an unreadable package.json says nothing about the version
      }
    }
    if (dir === '') return undefined;
  }
}

