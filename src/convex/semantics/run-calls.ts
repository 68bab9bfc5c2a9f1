/**
 * `ctx.runQuery` / `runMutation` / `runAction` calls: where they are, which registrations run
 * them (through `reached-from.ts`), and which `api.*` / `internal.*` / `components.*` reference
 * they are handed. Shared by the rules about `ctx.run*`.
 */
import { ts } from '../../typescript.js';
import { unwrap } from '../model/ast.js';
import { callSites, type FunctionAt } from './call-graph.js';
import { RUN_ROLES, type CtxIndex } from './ctx.js';
import { findLocalDeclaration, isConstDeclaration } from '../model/local-bindings.js';
import type { ConvexProject } from './project.js';
import { nodesReachedFrom, type ReachedNode } from './reached-from.js';
import type { FunctionReference } from './references.js';
import type { FunctionKind } from '../model/registrars.js';
import type { SourceFile } from '../model/source-file.js';

export type RunRole = 'runQuery' | 'runMutation' | 'runAction';

/** A `ctx.run*` call found in a function some registrations run. */
export interface ReachedRun extends ReachedNode<ts.CallExpression> {
  role: RunRole;
}

/** How many `const a = b` hops are followed from an argument to its reference. */
const ALIAS_DEPTH = 4;

/**
 * Every `ctx.run*` call of the given roles in the functions run by registrations of the given
 * kinds (handlers, builder inputs, helpers a few calls deep), with the registrations reaching it.
 */
export function runCallsReachedFrom(project: ConvexProject, kinds: ReadonlySet<FunctionKind>, roles: ReadonlySet<RunRole>): ReachedRun[] {
  const wanted = (file: SourceFile, call: ts.CallExpression): boolean => {
    const role = runRole(project.ctx(file), call);
    return role !== undefined && roles.has(role);
  };
  const reached = nodesReachedFrom(project, kinds, (at) => runCallsIn(project, at).filter((call) => wanted(at.file, call)));
  // Every call found has a role: `runCallsIn` keeps only those.
  return reached.map((r) => ({ ...r, role: runRole(project.ctx(r.file), r.node) as RunRole }));
}

/** `ctx.runQuery(…)` and kin in a function's body (closures included), with a ctx-derived callee. */
export function runCallsIn(project: ConvexProject, at: FunctionAt): ts.CallExpression[] {
  return project.cached('runCallsIn', at.fn, () =>
    callSites(project, at)
      .map((site) => site.call)
      .filter((call) => runRole(project.ctx(at.file), call) !== undefined),
  );
}

/** Which `ctx.run*` method a call is (`ctx.runQuery(…)`, a destructured `runMutation(…)`), by its file's ctx index. */
export function runRole(index: CtxIndex, call: ts.CallExpression): RunRole | undefined {
  const role = index.roleOf(call.expression);
  return role && RUN_ROLES.has(role) ? (role as RunRole) : undefined;
}

/**
 * The `api.*` / `internal.*` / `components.*` reference an argument is: written in place
 * (through parentheses and casts) or bound to a `const` first. Undefined for anything else.
 */
export function referenceArgument(project: ConvexProject, file: SourceFile, arg: ts.Expression | undefined, depth = 0): FunctionReference | undefined {
  if (!arg) return undefined;
  const expr = unwrap(arg);
  const ref = project.referenceAt(file, expr);
  if (ref || depth >= ALIAS_DEPTH || !ts.isIdentifier(expr)) return ref;
  const decl = findLocalDeclaration(expr);
  if (!decl?.initializer || !ts.isIdentifier(decl.name) || !isConstDeclaration(decl)) return undefined;
  return referenceArgument(project, file, decl.initializer, depth + 1);
}

/** `internal.users.get`: the reference as written in the generated API. */
export function referenceName(ref: FunctionReference): string {
  return [ref.root, ...ref.segments].join('.');
}

/** The callee as written, e.g. `ctx.runQuery` or a destructured `runQuery`. */
export function calleeText(call: ts.CallExpression, file: SourceFile): string {
  return unwrap(call.expression).getText(file.ast).replace(/\s+/g, '');
}
