/**
 * What an expression denotes, followed through aliases, imports, re-exports, barrels,
 * namespace imports, default exports, convex-helpers custom builders and project functions
 * wrapping a builder, across files.
 * Syntactic only: no type checker, nothing executed.
 */
import { ts } from '../../typescript.js';
import { unwrap } from './ast.js';
import type { ModuleTarget } from './modules.js';
import type { LocalDeclaration, ModuleScope } from './module-scope.js';
import type { ConfiguredRegistrar } from './options.js';
import { declaredFunction, wrapperRegistrar } from './registrar-wrappers.js';
import { builtinRegistrar, CUSTOM_BUILDER_FACTORIES, isConvexHelpersModule, type Registrar } from './registrars.js';
import type { SourceFile } from './source-file.js';

export type Value =
  /** A name imported from a package or a `_generated` module, e.g. `convex/server`.`cronJobs`. */
  | { kind: 'import'; module: string; name: string }
  | { kind: 'registrar'; registrar: Registrar }
  | { kind: 'namespace'; target: ModuleTarget }
  /** A definition in the project that does not reduce further (an object, a function, a call …). */
  | { kind: 'definition'; file: SourceFile; node: ts.Node }
  | { kind: 'unknown' };

export interface ValueHost {
  scope(file: SourceFile): ModuleScope;
  resolveModule(file: SourceFile, specifier: string): ModuleTarget;
  /** A wrapper the config file names as a registrar (for code the resolver cannot see through). */
  configuredRegistrar?(name: string): ConfiguredRegistrar | undefined;
}

const UNKNOWN: Value = { kind: 'unknown' };
const MAX_DEPTH = 24;

export class ValueResolver {
  private readonly exportMemo = new Map<SourceFile, Map<string, Value>>();
  private readonly bindingMemo = new Map<SourceFile, Map<string, Value>>();

  constructor(private readonly host: ValueHost) {}

  /** The value of an expression written in `file`. Identifiers resolve at module scope. */
  valueOf(file: SourceFile, expression: ts.Expression, depth = 0): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const expr = unwrap(expression);
    if (ts.isIdentifier(expr)) return this.binding(file, expr.text, depth + 1);
    if (ts.isPropertyAccessExpression(expr)) {
      const object = this.valueOf(file, expr.expression, depth + 1);
      if (object.kind === 'namespace') return this.exportOfTarget(object.target, expr.name.text, depth + 1);
      return { kind: 'definition', file, node: expr };
    }
    if (ts.isCallExpression(expr)) return this.callValue(file, expr, depth + 1);
    return { kind: 'definition', file, node: expr };
  }

  /** The value bound to a module-scope name of `file`. */
  binding(file: SourceFile, name: string, depth = 0): Value {
    let memo = this.bindingMemo.get(file);
    if (!memo) this.bindingMemo.set(file, (memo = new Map()));
    const cached = memo.get(name);
    if (cached) return cached;
    memo.set(name, UNKNOWN); // cycle guard
    const value = this.asConfigured(name, this.computeBinding(file, name, depth));
    memo.set(name, value);
    return value;
  }

  /** The value a module exports under `name` (`default` for the default export). */
  exportOf(file: SourceFile, name: string, depth = 0): Value {
    let memo = this.exportMemo.get(file);
    if (!memo) this.exportMemo.set(file, (memo = new Map()));
    const cached = memo.get(name);
    if (cached) return cached;
    memo.set(name, UNKNOWN); // cycle guard
    const value = this.computeExport(file, name, depth);
    memo.set(name, value);
    return value;
  }

  private computeBinding(file: SourceFile, name: string, depth: number): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const scope = this.host.scope(file);
    const imported = scope.imports.get(name);
    if (imported) {
      const target = this.host.resolveModule(file, imported.specifier);
      if (imported.imported === '*') return { kind: 'namespace', target };
      return this.exportOfTarget(target, imported.imported, depth + 1);
    }
    const local = scope.locals.get(name);
    if (local) return this.declarationValue(file, local, name, depth + 1);
    return UNKNOWN;
  }

  private declarationValue(file: SourceFile, decl: LocalDeclaration, name: string, depth: number): Value {
    // A wrapper the config file declares keeps what the config says of it (e.g. that it checks auth).
    const wrapper = this.host.configuredRegistrar?.(name) ? undefined : declaredFunction(decl);
    const wrapped = wrapper && wrapperRegistrar(wrapper, name, file.path, (e) => this.registrarOf(file, e, depth + 1));
    if (wrapped) return { kind: 'registrar', registrar: wrapped };
    if (ts.isVariableDeclaration(decl)) {
      // Only `const x = …` (or a never-reassigned let) is an alias; destructuring is not followed.
      if (!ts.isIdentifier(decl.name) || !decl.initializer) return { kind: 'definition', file, node: decl };
      const value = this.valueOf(file, decl.initializer, depth + 1);
      if (value.kind === 'registrar' && value.registrar.customizations.length > 0) {
        const [outer, ...rest] = value.registrar.customizations;
        if (outer.name === undefined && ts.isCallExpression(unwrap(decl.initializer))) {
          return { kind: 'registrar', registrar: { ...value.registrar, customizations: [{ ...outer, name }, ...rest] } };
        }
      }
      return value;
    }
    return { kind: 'definition', file, node: decl };
  }

  private registrarOf(file: SourceFile, expression: ts.Expression, depth: number): Registrar | undefined {
    const value = this.valueOf(file, expression, depth + 1);
    return value.kind === 'registrar' ? value.registrar : undefined;
  }

  private exportOfTarget(target: ModuleTarget, name: string, depth: number): Value {
    switch (target.kind) {
      case 'file':
        return this.exportOf(target.file, name, depth + 1);
      case 'generated':
        return this.importValue(`generated:${target.name}`, name);
      case 'package':
        return this.importValue(target.name, name);
      case 'missing':
        return UNKNOWN;
    }
  }

  private importValue(module: string, name: string): Value {
    const registrar = builtinRegistrar(module, name);
    return registrar ? { kind: 'registrar', registrar } : this.asConfigured(name, { kind: 'import', module, name });
  }

  /** A name the config file declares a registrar is one, whatever the resolver found behind it. */
  private asConfigured(name: string, value: Value): Value {
    if (value.kind === 'registrar') return value;
    const configured = this.host.configuredRegistrar?.(name);
    if (!configured) return value;
    return { kind: 'registrar', registrar: { kind: configured.kind, visibility: configured.visibility, base: configured.base, customizations: [], ...(configured.checksAuth ? { configuredAs: name } : {}) } };
  }

  private computeExport(file: SourceFile, name: string, depth: number): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const scope = this.host.scope(file);
    const binding = scope.exports.get(name);
    if (binding?.kind === 'local') return this.binding(file, binding.local, depth + 1);
    if (binding?.kind === 'expression') return this.valueOf(file, binding.expression, depth + 1);
    if (binding?.kind === 'reexport') {
      const target = this.host.resolveModule(file, binding.specifier);
      return binding.imported === '*' ? { kind: 'namespace', target } : this.exportOfTarget(target, binding.imported, depth + 1);
    }
    if (name === 'default') return UNKNOWN; // `export *` never carries the default export
    for (const specifier of scope.starExports) {
      const value = this.exportOfTarget(this.host.resolveModule(file, specifier), name, depth + 1);
      if (value.kind !== 'unknown') return value;
    }
    return UNKNOWN;
  }

  /** A call that builds a registrar: convex-helpers `customQuery(query, mods)` and kin. */
  private callValue(file: SourceFile, call: ts.CallExpression, depth: number): Value {
    const callee = this.valueOf(file, call.expression, depth + 1);
    if (
      callee.kind === 'import' &&
      isConvexHelpersModule(callee.module) &&
      CUSTOM_BUILDER_FACTORIES.has(callee.name) &&
      call.arguments.length > 0
    ) {
      const inner = this.valueOf(file, call.arguments[0], depth + 1);
      if (inner.kind === 'registrar') {
        return {
          kind: 'registrar',
          registrar: {
            ...inner.registrar,
            customizations: [{ factory: callee.name, file: file.path, call }, ...inner.registrar.customizations],
          },
        };
      }
    }
    return { kind: 'definition', file, node: call };
  }
}
