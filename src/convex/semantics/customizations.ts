/**
 * What a convex-helpers custom builder adds to the functions it builds: the "mods" of
 * `customQuery(query, mods)`. Mods are `customCtx(async (ctx) => …)`, `customCtxAndArgs({ … })`
 * or `{ args, input: async (ctx, args) => … }`, written inline or bound to a name (in any file).
 * The input functions run before every handler with the caller's ctx, so a builder that checks
 * auth (or anything else) there does it for all of its functions.
 */
import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, memberName, unwrap } from '../model/ast.js';
import type { FunctionAt } from './call-graph.js';
import type { ConvexProject } from './project.js';
import { isConvexHelpersModule, type Customization } from '../model/registrars.js';
import type { SourceFile } from '../model/source-file.js';

export interface CustomizationMods {
  /** Functions run with the caller's ctx before the handler (`customCtx`'s function, `input`). */
  inputs: FunctionAt[];
  /** The builder's own `args`, added to every function it builds. */
  args?: { file: SourceFile; expression: ts.Expression };
  /**
   * False when part of the mods could not be followed (built by an unknown call, imported from a
   * package, an input that is not a project function): the builder may do more than `inputs` show.
   */
  complete: boolean;
}

/** The members convex-helpers `Triggers` hands to `customCtx`: they wrap ctx.db and nothing else. */
const KNOWN_DB_WRAPPERS = new Set(['wrapDB']);

const MAX_DEPTH = 8;

type ModsHost = Pick<ConvexProject, 'valueOf' | 'functionAt' | 'filesByPath'>;

export function customizationMods(project: ModsHost, customization: Customization): CustomizationMods {
  const file = project.filesByPath.get(customization.file);
  const mods = customization.call.arguments[1];
  const out: CustomizationMods = { inputs: [], complete: true };
  if (!file || customization.opaque) return { ...out, complete: false };
  if (!mods) return out; // `customQuery(query)`: nothing added
  readMods(project, file, mods, out, 0);
  return out;
}

function readMods(project: ModsHost, file: SourceFile, expression: ts.Expression, out: CustomizationMods, depth: number): void {
  if (depth > MAX_DEPTH) {
    out.complete = false;
    return;
  }
  const expr = unwrap(expression);
  if (ts.isObjectLiteralExpression(expr)) return readModsObject(project, file, expr, out);
  if (ts.isCallExpression(expr)) return readModsCall(project, file, expr, out, depth);
  const value = project.valueOf(file, expr);
  if (value.kind === 'import' && isConvexHelpersModule(value.module) && value.name === 'NoOp') return;
  if (value.kind === 'definition' && value.node !== expr && ts.isExpression(value.node)) {
    return readMods(project, value.file, value.node, out, depth + 1);
  }
  out.complete = false;
}

/** `customCtx(fn)` and `customCtxAndArgs({ args, input })` from convex-helpers. */
function readModsCall(project: ModsHost, file: SourceFile, call: ts.CallExpression, out: CustomizationMods, depth: number): void {
  const callee = project.valueOf(file, call.expression);
  const factory = callee.kind === 'import' && isConvexHelpersModule(callee.module) ? callee.name : undefined;
  const first = call.arguments[0];
  if (factory === 'customCtx' && first) return addInput(project, file, first, out);
  if (factory === 'customCtxAndArgs' && first) return readMods(project, file, first, out, depth + 1);
  out.complete = false;
  // An unknown factory handed a function literal most likely calls it with ctx, like `customCtx`.
  const fn = first && unwrap(first);
  if (fn && isFunctionNode(fn)) out.inputs.push({ file, fn });
}

function readModsObject(project: ModsHost, file: SourceFile, obj: ts.ObjectLiteralExpression, out: CustomizationMods): void {
  const args = findProperty(obj, 'args');
  const argsExpression = args && propertyValue(args);
  if (argsExpression) out.args = { file, expression: argsExpression };
  const input = findProperty(obj, 'input');
  if (!input) return;
  if (ts.isMethodDeclaration(input)) {
    out.inputs.push({ file, fn: input });
    return;
  }
  const value = propertyValue(input);
  if (value) addInput(project, file, value, out);
  else out.complete = false;
}

function addInput(project: ModsHost, file: SourceFile, expression: ts.Expression, out: CustomizationMods): void {
  const expr = unwrap(expression);
  if (isFunctionNode(expr)) {
    out.inputs.push({ file, fn: expr });
    return;
  }
  const name = memberName(expr);
  if (name && KNOWN_DB_WRAPPERS.has(name)) return;
  const target = project.functionAt(file, expr);
  if (target) out.inputs.push(target);
  else out.complete = false;
}

/** The value of `key: value` or `{ key }`; undefined for methods and accessors. */
export function propertyValue(prop: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(prop)) return prop.initializer;
  if (ts.isShorthandPropertyAssignment(prop)) return prop.name;
  return undefined;
}
