/**
 * Objects packages build: instances of one package's class (`new WorkflowManager(…)` of
 * `@convex-dev/workflow`, `new Triggers()` of convex-helpers, `new TableAggregate(…)` of
 * `@convex-dev/aggregate`), and anything a package builds (`new RateLimiter(components.x)`,
 * `createClient(components.auth)`), whose methods are package code the call graph cannot follow.
 * Followed through imports, aliases and re-exports to wherever the instance is bound.
 */
import { ts } from '../../typescript.js';
import { unwrap } from '../model/ast.js';
import type { SourceFile } from '../model/source-file.js';
import type { ConvexProject } from './project.js';

/** True when `ctor` names the class `name` that package `module` exports (under any alias). */
export function isPackageClass(project: ConvexProject, file: SourceFile, ctor: ts.Expression, module: string, name: string): boolean {
  const value = project.valueOf(file, ctor);
  return value.kind === 'import' && value.module === module && value.name === name;
}

/**
 * The `new C(…)` an expression denotes (the name bound to it, in this module or another) when `C`
 * is the class `name` of package `module`; undefined for anything else.
 */
export function packageInstance(project: ConvexProject, file: SourceFile, expr: ts.Expression, module: string, name: string): ts.NewExpression | undefined {
  const value = project.valueOf(file, expr);
  if (value.kind !== 'definition' || !ts.isNewExpression(value.node)) return undefined;
  return isPackageClass(project, value.file, value.node.expression, module, name) ? value.node : undefined;
}

/**
 * A definition (a variable declaration or its value) built by a package: `new X(…)` or `x(…)`
 * whose callee — or the root of its member chain, `new pkg.X(…)` — is a name imported from a
 * package (or a `_generated` module).
 */
export function isBuiltByPackage(project: ConvexProject, file: SourceFile, node: ts.Node): boolean {
  const init = ts.isVariableDeclaration(node) ? node.initializer : ts.isExpression(node) ? node : undefined;
  const expr = init && unwrap(init);
  if (!expr || !(ts.isNewExpression(expr) || ts.isCallExpression(expr))) return false;
  let root = unwrap(expr.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrap(root.expression);
  return ts.isIdentifier(root) && project.valueOf(file, root).kind === 'import';
}
