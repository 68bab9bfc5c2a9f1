import { isCronJobs } from '../semantics/crons.js';
import { ts } from '../../typescript.js';
import { isFunctionNode, memberName, memberObject, unwrap } from '../model/ast.js';
import { RUN_ROLES } from '../semantics/ctx.js';
import { findLocalDeclaration, isConstDeclaration } from '../model/local-bindings.js';
import { bindingNames } from '../model/module-scope.js';
import { stripExtension } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Registration } from '../semantics/registrations.js';
import type { Report, Rule, TextEdit } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

const SCHEDULER_METHODS = new Set(['runAfter', 'runAt']);
const CRON_METHODS = new Set(['interval', 'cron', 'hourly', 'daily', 'weekly', 'monthly']);
/** How many `const a = b` hops are followed from an argument to what it names. */
const ALIAS_DEPTH = 4;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A call that takes a function reference, and which of its arguments that is. */
interface ReferenceSlot {
  /** How the call reads in a message: `ctx.runQuery`, `scheduler.runAfter`, `crons.daily`. */
  via: string;
  arg: ts.Expression;
}

/**
 * The registered function itself (`query({...})`'s result, imported or local) handed to
 * `ctx.run*`, `scheduler.runAfter/runAt` or a cron, where Convex needs its reference
 * (`api.*` / `internal.*`): it throws at run time.
 */
export const directFunctionRef: Rule = {
  id: 'direct-function-ref',
  title: 'Registered function passed instead of its reference',
  description: 'A registered Convex function value handed to `ctx.run*`, the scheduler or a cron, which need an `api.*` / `internal.*` reference.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/scheduling/scheduled-functions',
  category: 'correctness',
  concerns: ['correctness'],
  fixable: true,
  *check(project) {
    for (const file of project.files) {
      for (const call of project.index(file).calls) {
        const slot = referenceSlot(project, file, call);
        if (!slot) continue;
        const reg = registeredValue(project, file, slot.arg, 0);
        if (reg) yield report(project, file, slot, reg);
      }
    }
  },
};

/** The function-reference argument of `ctx.runQuery(ref)`, `scheduler.runAfter(ms, ref)`, `crons.daily(name, when, ref)`. */
function referenceSlot(project: ConvexProject, file: SourceFile, call: ts.CallExpression): ReferenceSlot | undefined {
  const callee = unwrap(call.expression);
  const roles = project.ctx(file);
  const role = roles.roleOf(callee);
  if (role && RUN_ROLES.has(role)) return slotAt(call, 0, `ctx.${role}`);
  const method = memberName(callee);
  const object = memberObject(callee);
  if (!method || !object) return undefined;
  if (SCHEDULER_METHODS.has(method) && roles.roleOf(object) === 'scheduler') return slotAt(call, 1, `scheduler.${method}`);
  if (CRON_METHODS.has(method) && isCronJobs(project, file, object)) return slotAt(call, 2, `crons.${method}`);
  return undefined;
}

function slotAt(call: ts.CallExpression, index: number, via: string): ReferenceSlot | undefined {
  const arg = call.arguments[index];
  return arg && !ts.isSpreadElement(arg) ? { via, arg } : undefined;
}

/**
 * The registration an argument evaluates to: a name bound to `query({...})` here or in another
 * module (imports, re-exports, `export default`, namespace members), through local `const`
 * aliases. A name a parameter or nested declaration shadows is not followed.
 */
function registeredValue(project: ConvexProject, file: SourceFile, arg: ts.Expression, depth: number): Registration | undefined {
  const expr = unwrap(arg);
  const root = rootIdentifier(expr);
  if (!root) return undefined;
  const local = findLocalDeclaration(root);
  if (local && !isModuleScope(local)) {
    // `const fn = messages.list` inside a function: follow the alias.
    if (root !== expr || depth >= ALIAS_DEPTH || !local.initializer || !ts.isIdentifier(local.name) || !isConstDeclaration(local)) return undefined;
    return registeredValue(project, file, local.initializer, depth + 1);
  }
  if (!local && shadowedLocally(root)) return undefined;
  const value = project.valueOf(file, expr);
  if (value.kind !== 'definition' || !ts.isCallExpression(value.node)) return undefined;
  const call = value.node;
  return project.registrationsIn(value.file).find((r) => r.call === call);
}

/** `list` or the `messages` of `messages.list`; undefined for anything but a name or a dotted name. */
function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  if (ts.isIdentifier(expr)) return expr;
  if (ts.isPropertyAccessExpression(expr)) return rootIdentifier(expr.expression);
  return undefined;
}

function isModuleScope(decl: ts.VariableDeclaration): boolean {
  const statement = decl.parent.parent;
  return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
}

/** A parameter, catch variable or nested function/class declaration of the same name between `id` and the module. */
function shadowedLocally(id: ts.Identifier): boolean {
  for (let node: ts.Node = id.parent; !ts.isSourceFile(node); node = node.parent) {
    if (isFunctionNode(node) && node.parameters.some((p) => bindingNames(p.name).includes(id.text))) return true;
    if (ts.isCatchClause(node) && node.variableDeclaration && bindingNames(node.variableDeclaration.name).includes(id.text)) return true;
    if (ts.isBlock(node) && node.statements.some((s) => (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name?.text === id.text)) {
      return true;
    }
  }
  return false;
}

/** `internal.messages.send` for an exported registration of an entry module; undefined when it has no reference. */
function referenceTo(reg: Registration): { root: 'api' | 'internal'; text: string } | undefined {
  if (!reg.file.isEntry || reg.kind === 'httpAction') return undefined;
  const exportName = reg.exportNames.find((n) => n !== 'default') ?? reg.exportNames[0];
  if (!exportName) return undefined;
  const segments = [...stripExtension(reg.file.relPath).split('/'), exportName];
  const root = reg.visibility === 'internal' ? 'internal' : 'api';
  const path = segments.map((s) => (IDENTIFIER.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
  return { root, text: `${root}${path}` };
}

function report(project: ConvexProject, file: SourceFile, slot: ReferenceSlot, reg: Registration): Report {
  const name = unwrap(slot.arg).getText(file.ast).replace(/\s+/g, '');
  const ref = referenceTo(reg);
  const kind = reg.kind === 'httpAction' ? 'HTTP action' : reg.kind;
  const instead = ref
    ? `pass its reference \`${ref.text}\``
    : reg.kind === 'httpAction'
      ? 'HTTP actions cannot be called this way'
      : 'export it from a Convex module and pass its `api.*` / `internal.*` reference';
  return {
    file,
    node: slot.arg,
    message: `\`${slot.via}\` is handed the registered ${kind} \`${name}\` itself, not a function reference: ${instead}`,
    detail:
      '`ctx.runQuery` / `runMutation` / `runAction`, `scheduler.runAfter` / `runAt` and cron jobs take a function ' +
      '*reference* from `_generated/api` (`api.module.fn` for public functions, `internal.module.fn` for internal ones): ' +
      'Convex runs the function by the name the reference carries. The value `query(…)` / `mutation(…)` / `action(…)` ' +
      'returns is the registered function, which carries no such name, so the call throws at run time (TypeScript flags ' +
      'it too, unless a cast hides it). To reuse the code without another function call, move its body into a plain ' +
      'helper and call that.',
    fix: ref && importsRoot(project, file, ref.root) ? replaceArgument(file, slot.arg, ref.text) : undefined,
  };
}

/** The file has `import { internal } from "./_generated/api"` under that very name. */
function importsRoot(project: ConvexProject, file: SourceFile, root: 'api' | 'internal'): boolean {
  const binding = project.scope(file).imports.get(root);
  if (!binding || binding.imported !== root || binding.typeOnly) return false;
  const target = project.resolveModule(file, binding.specifier);
  return target.kind === 'generated' && target.name === 'api';
}

function replaceArgument(file: SourceFile, arg: ts.Expression, text: string): TextEdit {
  return { start: arg.getStart(file.ast), end: arg.end, newText: text };
}
