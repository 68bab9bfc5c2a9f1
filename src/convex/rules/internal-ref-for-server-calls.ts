import { isTestFile } from '../model/test-files.js';
import { isCronJobs } from '../semantics/crons.js';
import { RUN_ROLES } from '../semantics/ctx.js';
import { ts } from '../../typescript.js';
import type { Severity } from '../../core/finding.js';
import { findProperty, isFunctionNode, memberName, memberObject, outermostWrapper, unwrap } from '../model/ast.js';
import { isConstDeclaration, readsOf } from '../model/local-bindings.js';
import type { ConvexProject } from '../semantics/project.js';
import type { FunctionReference } from '../semantics/references.js';
import type { Registration } from '../semantics/registrations.js';
import { registrationAuth } from '../semantics/auth.js';
import { runsInQueriesOrMutations } from '../semantics/runs-in-transactions.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

/** How the server runs the function a reference is handed to; it decides the severity. */
type ServerCall =
  /** `scheduler.runAfter/runAt`: runs later, without the caller's auth. */
  | 'scheduler'
  /** `crons.interval/cron/daily/…`: runs on a timer, without any user. */
  | 'cron'
  /** Workpool / workflow / retrier enqueues and workflow steps: scheduled under the hood. */
  | 'component'
  /** `ctx.runQuery/runMutation/runAction`: runs now, inheriting the caller's auth. */
  | 'run';

interface ServerUse {
  kind: ServerCall;
  /** How the call reads in a message, e.g. `scheduler.runAfter`. */
  via: string;
  /** The call the reference is handed to. */
  call: ts.CallExpression;
}

/** A reference to a public function and the most serious way the server uses it. */
interface ServerCallOf {
  ref: FunctionReference;
  use: ServerUse;
}

const SCHEDULER_METHODS = new Set(['runAfter', 'runAt']);
const CRON_METHODS = new Set(['interval', 'cron', 'hourly', 'daily', 'weekly', 'monthly']);
/** Component client methods taking `(ctx, ref, …)`: workpool, workflow, action retrier. */
const COMPONENT_ENQUEUE_METHODS = new Set([
  'enqueueAction',
  'enqueueMutation',
  'enqueueQuery',
  'enqueueActionBatch',
  'enqueueMutationBatch',
  'enqueueQueryBatch',
  'start',
  'run',
]);

/** `api.*` handed to the scheduler, crons, `ctx.run*` or a workflow/workpool: those should be `internal.*`. */
export const internalRefForServerCalls: Rule = {
  id: 'internal-ref-for-server-calls',
  title: 'Public function called from the server',
  description: 'An `api.*` reference scheduled, run from a cron, enqueued or called with `ctx.run*`; server-only calls should target internal functions.',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#only-schedule-and-ctxrun-internal-functions`,
  category: 'security',
  concerns: ['security', 'reliability'],
  *check(project) {
    // In a component, `api.*` is public to the installing app only: no client can reach it, and a
    // component has no auth of its own to lose when scheduled.
    if (project.root.isComponent) return;
    // A `ctx.run*` in a query or mutation is run-in-query-or-mutation's: calling the code as a
    // plain helper removes the call, and with it the public reference.
    const ownedElsewhere = new Set<ts.Node>(runsInQueriesOrMutations(project).map((r) => r.run.node));
    const byTarget = new Map<Registration, ServerCallOf[]>();
    const reports: Report[] = [];
    for (const ref of project.references) {
      if (ref.root !== 'api' || isTestFile(ref.file)) continue;
      const uses = argumentPositions(ref.node)
        .map((arg) => serverUseOf(project, ref.file, arg))
        .filter((u): u is ServerUse => u !== undefined && !ownedElsewhere.has(u.call));
      if (uses.length === 0) continue;
      // One use per reference: the most serious way it is used.
      const use = uses.find((u) => u.kind !== 'run') ?? uses[0];
      const target = project.registrationFor(ref);
      // A query that checks its caller is a client endpoint the server reuses: `ctx.run*` hands it
      // the caller's auth, so it returns only what that caller may read anyway, and making it
      // internal would cut off the clients it was written for. Not so for a mutation, which the
      // server often calls after checks of its own that a direct client call would skip; and
      // scheduled or cron runs have no caller at all.
      if (use.kind === 'run' && target?.kind === 'query' && registrationAuth(project, target).status === 'checked') continue;
      if (target?.visibility === 'public' && !isTestFile(target.file)) {
        let calls = byTarget.get(target);
        if (!calls) byTarget.set(target, (calls = []));
        calls.push({ ref, use });
      } else {
        // Not a function of this project we can point at: say it where it is called.
        reports.push(callSiteReport(project, ref, use));
      }
    }
    for (const [target, calls] of byTarget) {
      // Every call site keeps its finding: each is an edit of the fix (`api.` → `internal.`), and in
      // a pull request the reference just written is where the reviewer reads. Each names the
      // definition and how many other places call it.
      for (const { ref, use } of calls) reports.push(callSiteReport(project, ref, use, { target, otherCallers: calls.length - 1 }));
      // Several callers: the builder, where the fix starts, also gets one finding listing them all.
      if (calls.length > 1) reports.push(definitionReport(target, calls));
    }
    yield* reports;
  },
};

/**
 * The finding at the builder of a public function the server calls from several places: that is
 * where the fix starts (an internal builder), and the detail lists every caller to switch to
 * `internal.*`, which the call-site findings alone do not show in one place.
 */
function definitionReport(target: Registration, calls: ServerCallOf[]): Report {
  const name = `api.${calls[0].ref.segments.join('.')}`;
  const internalName = `internal.${calls[0].ref.segments.join('.')}`;
  const kinds = new Set(calls.map((c) => c.use.kind));
  const severity: Severity = [...kinds].some((k) => k !== 'run') ? 'warning' : 'info';
  const ways = [
    kinds.has('scheduler') || kinds.has('component') ? 'scheduled' : undefined,
    kinds.has('cron') ? 'run from a cron' : undefined,
    kinds.has('run') ? 'called with `ctx.run*`' : undefined,
  ].filter((w): w is string => w !== undefined);
  const how = ways.length > 1 ? `${ways.slice(0, -1).join(', ')} and ${ways[ways.length - 1]}` : ways[0];
  const places = calls.length === 1 ? '1 place' : `${calls.length} places`;
  const builder = builderName(target);
  const callers = calls.map(({ ref, use }) => `- \`${callerLocation(ref)}\` via \`${use.via}\``).join('\n');
  const why =
    severity === 'warning'
      ? "Scheduled and cron-run functions do not inherit the caller's auth, so the function cannot rely on `ctx.auth`; and as "
      : "`ctx.run*` inherits the caller's auth, but a function only the server calls does not need to be a public endpoint: as ";
  return {
    file: target.file,
    node: target.call.expression,
    severity,
    message: `Public \`${name}\` is ${how} by the server (${places}); register it with ${builder}`,
    detail:
      `${why}\`${name}\` any client can call it directly, with any arguments. Register it with ${builder} and ` +
      `reference it as \`${internalName}\` at each call below (switching the references alone does not compile while the ` +
      'function is public). If clients call it too, keep it public and add an internal function for the server.\n\n' +
      `Called from:\n${callers}`,
  };
}

/** `convex/orders.ts:7`: where a reference is written. */
function callerLocation(ref: FunctionReference): string {
  return locationOf(ref.file, ref.rootNode);
}

/** `path:line` of a node. Paths never carry backticks into the markdown. */
function locationOf(file: SourceFile, node: ts.Node): string {
  const line = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1;
  return `${file.path.replace(/`/g, '')}:${line}`;
}

function builderName(target: Registration | undefined): string {
  return target && target.kind !== 'httpAction' ? `\`internal${target.kind.charAt(0).toUpperCase()}${target.kind.slice(1)}\`` : 'an internal builder';
}

/** The public function of this project a call site targets, and how many other references the server calls it through. */
interface CallSiteTarget {
  target: Registration;
  otherCallers: number;
}

/** The finding where a reference is written; `known` when its target is a public function of this project. */
function callSiteReport(project: ConvexProject, ref: FunctionReference, use: ServerUse, known?: CallSiteTarget): Report {
  const name = `api.${ref.segments.join('.')}`;
  const internalName = `internal.${ref.segments.join('.')}`;
  const builder = builderName(project.registrationFor(ref));
  const severity: Severity = use.kind === 'run' ? 'info' : 'warning';
  const where = known ? ` (defined at \`${locationOf(known.target.file, known.target.call.expression)}\`)` : '';
  const others = known && known.otherCallers > 0 ? ` ${otherCallersNote(known.otherCallers)}` : '';
  const makeInternal = `Register the target${where} with ${builder} and reference it as \`${internalName}\` (switching the reference alone does not compile while the function is public).${others}`;
  if (use.kind === 'run') {
    return {
      file: ref.file,
      node: ref.rootNode,
      severity,
      message: `\`${use.via}\` calls public \`${name}\`; call an internal function instead`,
      detail:
        '`ctx.run*` inherits the caller\'s auth, but a function only the server calls does not need to be a public endpoint: ' +
        `as \`${name}\` any client can call it directly, with any arguments. ${makeInternal}`,
    };
  }
  const how = use.kind === 'cron' ? 'runs from a cron' : 'is scheduled';
  return {
    file: ref.file,
    node: ref.rootNode,
    severity,
    message: `Public \`${name}\` ${how} via \`${use.via}\`; use an internal function`,
    detail:
      'Scheduled and cron-run functions do not inherit the caller\'s auth, so the target cannot rely on `ctx.auth`, ' +
      `and as \`${name}\` it is also a public endpoint any client can call with any arguments. ${makeInternal}`,
  };
}

/** Tells a call site's reader the fix is not done at this line alone. */
function otherCallersNote(count: number): string {
  const others = count === 1 ? '1 other place: switch that reference too' : `${count} other places: switch those references too`;
  return `The server also calls it from ${others}; the finding at the definition lists them all.`;
}

/**
 * The expressions whose value is the reference and that sit in an argument slot: the reference
 * itself (through parentheses, casts and `cond ? a : b`) and, for `const ref = api.a.b`, each read of `ref`.
 */
function argumentPositions(refNode: ts.Expression): ts.Expression[] {
  const outer = valueSlot(refNode);
  const parent = outer.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && ts.isIdentifier(parent.name) && isConstDeclaration(parent)) {
    return readsOf(parent).map(valueSlot);
  }
  return [outer];
}

/**
 * Climbs from an expression to the outermost expression carrying the same value: through
 * parentheses and casts (`outermostWrapper`) and either branch of `cond ? a : b`.
 */
function valueSlot(expr: ts.Expression): ts.Expression {
  let node = outermostWrapper(expr);
  while (ts.isConditionalExpression(node.parent) && node.parent.condition !== node) node = outermostWrapper(node.parent);
  return node;
}

/** The server call `arg` is the function-reference argument of, if any. */
function serverUseOf(project: ConvexProject, file: SourceFile, arg: ts.Expression): ServerUse | undefined {
  const call = arg.parent;
  if (!ts.isCallExpression(call) || call.expression === arg) return undefined;
  const index = call.arguments.indexOf(arg);
  const callee = unwrap(call.expression);
  const roles = project.ctx(file);
  const method = memberName(callee);
  const object = memberObject(callee);

  const calleeRole = roles.roleOf(callee);
  if (calleeRole && RUN_ROLES.has(calleeRole)) return index === 0 ? { kind: 'run', via: `ctx.${calleeRole}`, call } : undefined;
  if (!method || !object) return undefined;

  if (SCHEDULER_METHODS.has(method) && roles.roleOf(object) === 'scheduler') {
    return index === 1 ? { kind: 'scheduler', via: `scheduler.${method}`, call } : undefined;
  }
  if (CRON_METHODS.has(method) && isCronJobs(project, file, object)) {
    return index === 2 ? { kind: 'cron', via: `${shortText(object, file)}.${method}`, call } : undefined;
  }
  if (COMPONENT_ENQUEUE_METHODS.has(method) && index === 1) return { kind: 'component', via: `${shortText(object, file)}.${method}`, call };
  if (RUN_ROLES.has(method) && index === 0 && isWorkflowStep(object)) return { kind: 'component', via: `step.${method}`, call };
  return undefined;
}

/**
 * A workflow step: an identifier named `step`, or the first parameter of the `handler` of a
 * `workflow.define({ handler })`. Ctx-derived `run*` is handled before this is asked.
 */
function isWorkflowStep(object: ts.Expression): boolean {
  const expr = unwrap(object);
  if (!ts.isIdentifier(expr)) return false;
  if (expr.text === 'step') return true;
  for (let node: ts.Node | undefined = expr.parent; node; node = node.parent) {
    if (!isFunctionNode(node)) continue;
    const first = node.parameters[0];
    if (first && ts.isIdentifier(first.name) && first.name.text === expr.text) return isDefineHandler(node);
  }
  return false;
}

function isDefineHandler(fn: ts.Node): boolean {
  const slot = ts.isPropertyAssignment(fn.parent) ? fn.parent : ts.isMethodDeclaration(fn) ? fn : undefined;
  const obj = slot?.parent;
  if (!slot || !obj || !ts.isObjectLiteralExpression(obj) || findProperty(obj, 'handler') !== slot) return false;
  const call = obj.parent;
  return ts.isCallExpression(call) && memberName(unwrap(call.expression)) === 'define';
}

function shortText(expr: ts.Expression, file: SourceFile): string {
  const text = expr.getText(file.ast).replace(/\s+/g, '');
  return text.length <= 40 ? text : `…${memberName(expr) ?? ''}`;
}

