import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, unwrap, walk, type FunctionNode } from '../model/ast.js';
import type { CtxIndex } from '../semantics/ctx.js';
import { bindingNames } from '../model/module-scope.js';
import type { ConvexProject } from '../semantics/project.js';
import { registrationName, type Registration } from '../semantics/registrations.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

/** Parameter types that say "this function runs in an action". */
const ACTION_CTX_TYPES = new Set(['ActionCtx', 'GenericActionCtx']);

/**
 * `ctx.db` where the ctx is an action's: the handler of an action or HTTP action (and closures
 * in it), a convex-helpers `customAction` input, or a helper whose ctx parameter is typed
 * `ActionCtx`. Untyped helpers may be shared with queries, so they are left alone.
 */
export const dbInAction: Rule = {
  id: 'db-in-action',
  title: 'ctx.db in an action',
  description: 'An action or HTTP action uses `ctx.db`, which does not exist in actions.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/functions/actions',
  category: 'correctness',
  concerns: ['correctness'],
  *check(project) {
    const reported = new Set<ts.Node>();
    const report = function* (file: SourceFile, scopeNode: ts.Node, where: string): Iterable<Report> {
      for (const node of dbUses(scopeNode, project.ctx(file))) {
        if (reported.has(node)) continue;
        reported.add(node);
        yield dbReport(file, node, where);
      }
    };
    for (const reg of project.registrations) {
      if (reg.kind !== 'action' && reg.kind !== 'httpAction') continue;
      if (reg.handler) yield* report(reg.file, reg.handler, describeRegistration(reg));
      for (const input of customizationInputs(project, reg)) yield* report(input.file, input.fn, 'a custom action builder');
    }
    for (const file of project.files) {
      for (const fn of actionTypedFunctions(project, file)) yield* report(file, fn, 'a helper taking `ActionCtx`');
    }
  },
};

/**
 * The `db` of each `ctx.db` in `root` (also `ctx.db.system`), and each destructured `{ db }`
 * binding taken from a ctx (`async ({ db }) => …`, `const { db } = ctx`).
 */
function dbUses(root: ts.Node, index: CtxIndex): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'db' && index.roleOf(node) === 'db') {
      found.push(node.name);
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && ts.isIdentifier(node.name)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key) && key.text === 'db' && index.roleOf(node.name) === 'db') found.push(key);
    }
  };
  walk(root, visit);
  return found;
}

/** Functions with a parameter typed `ActionCtx` / `GenericActionCtx<…>`, where `ctx.db` is only ever undefined. */
function actionTypedFunctions(project: ConvexProject, file: SourceFile): FunctionNode[] {
  return project.index(file).functions.filter((fn) => fn.parameters.some((p) => isActionCtxType(p.type)));
}

function isActionCtxType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isParenthesizedTypeNode(type)) return isActionCtxType(type.type);
  if (!ts.isTypeReferenceNode(type)) return false;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return ACTION_CTX_TYPES.has(name);
}

/**
 * The ctx-receiving function of each convex-helpers customization of an action registrar:
 * `customAction(action, customCtx(async (ctx) => …))` or `{ input: async (ctx, args) => … }`.
 */
function customizationInputs(project: ConvexProject, reg: Registration): { file: SourceFile; fn: FunctionNode }[] {
  const inputs: { file: SourceFile; fn: FunctionNode }[] = [];
  for (const c of reg.registrar.customizations) {
    const file = project.filesByPath.get(c.file);
    const mods = c.call.arguments[1] ? unwrap(c.call.arguments[1]) : undefined;
    if (!file || !mods) continue;
    let fn: ts.Node | undefined;
    if (ts.isCallExpression(mods) && mods.arguments[0]) fn = unwrap(mods.arguments[0]);
    else if (ts.isObjectLiteralExpression(mods)) {
      const input = findProperty(mods, 'input');
      fn = input && ts.isPropertyAssignment(input) ? unwrap(input.initializer) : input;
    }
    if (fn && isFunctionNode(fn) && ctxParameterIsUntypedOrAction(fn)) inputs.push({ file, fn });
  }
  return inputs;
}

/** A customization input whose ctx is declared some other way (e.g. `QueryCtx`) is not an action's. */
function ctxParameterIsUntypedOrAction(fn: FunctionNode): boolean {
  const ctx = fn.parameters[0];
  return !!ctx && (!ctx.type || isActionCtxType(ctx.type)) && bindingNames(ctx.name).length > 0;
}

function describeRegistration(reg: Registration): string {
  const name = registrationName(reg);
  const kind = reg.kind === 'httpAction' ? 'HTTP action' : 'action';
  return name ? `${kind} \`${name}\`` : `this ${kind}`;
}

function dbReport(file: SourceFile, node: ts.Node, where: string): Report {
  return {
    file,
    node,
    message: `\`ctx.db\` used in ${where}: actions have no database access`,
    detail:
      'Actions and HTTP actions run outside a database transaction: their `ctx` has no `db`, so this is `undefined` and ' +
      'throws at run time. Move the reads into an internal query and the writes into an internal mutation, and call them ' +
      'with `ctx.runQuery(internal.…)` / `ctx.runMutation(internal.…)` (one call per consistent unit of work).',
  };
}
