import { ts } from '../../typescript.js';
import type { Severity } from '../../core/finding.js';
import { isFunctionNode, memberName, unwrap } from '../model/ast.js';
import { describeReach } from '../semantics/reached-from.js';
import type { FunctionReference } from '../semantics/references.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import { sameRuntimeRunActions, type Runtime } from '../semantics/run-action-runtimes.js';
import { calleeText, referenceName, type ReachedRun } from '../semantics/run-calls.js';

const RUNTIME_NAMES: Record<Runtime, string> = { node: 'the Node.js runtime', default: "Convex's default runtime" };

/** `Promise.all([...])` and kin: the calls in them run side by side. */
const PARALLEL_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);
/** `items.map(async (item) => …)`: one call per item, started together. */
const PER_ITEM_METHODS = new Set(['map', 'flatMap', 'forEach']);

/**
 * `ctx.runAction` from an action (or HTTP action) to an action of the same runtime: both
 * `"use node"`, or both in the default runtime. Crossing runtimes is what `runAction` is for;
 * when the target or the caller's runtime is unknown the rule says nothing.
 */
export const unnecessaryRunAction: Rule = {
  id: 'unnecessary-run-action',
  title: 'ctx.runAction within one runtime',
  description: 'An action calls another action of the same runtime with `ctx.runAction` instead of a plain helper function.',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#use-runaction-only-when-using-a-different-runtime`,
  category: 'performance',
  concerns: ['performance'],
  *check(project) {
    for (const { run, ref, runtime } of sameRuntimeRunActions(project)) yield report(run, ref, runtime);
  },
};

/**
 * Actions started side by side (`Promise.all`, `items.map(async …)`): splitting work across
 * actions gives each its own memory and time budget, a reason to keep them separate.
 */
function isFanOut(call: ts.CallExpression, holder: ts.Node): boolean {
  let child: ts.Node = call;
  for (let node = call.parent; node && node !== holder; child = node, node = node.parent) {
    if (!ts.isCallExpression(node) || !node.arguments.includes(child as ts.Expression)) continue;
    const method = memberName(unwrap(node.expression)) ?? '';
    if (PARALLEL_COMBINATORS.has(method)) return true; // `Promise.all(ids.map(…))`, `Promise.all([a, b])`
    if (PER_ITEM_METHODS.has(method) && isFunctionNode(child)) return true; // `ids.map(async (id) => ctx.runAction(…))`
  }
  return false;
}

function report(run: ReachedRun, ref: FunctionReference, runtime: Runtime): Report {
  const fanOut = isFanOut(run.node, run.holder);
  const severity: Severity = fanOut ? 'info' : 'warning';
  return {
    file: run.file,
    node: run.node.expression,
    severity,
    message: `\`${calleeText(run.node, run.file)}(${referenceName(ref)})\` ${describeReach(run)} stays in one runtime (${RUNTIME_NAMES[runtime]}): call the action's code as a plain function`,
    detail:
      '`ctx.runAction` starts a separate Convex function: its arguments and return value are validated and serialized, ' +
      'it runs in a fresh context while the caller waits and keeps using its own memory and time, and it counts as an ' +
      'extra function call. It is only needed to cross runtimes (a default-runtime action calling a `"use node"` one, or ' +
      'the reverse). Move the body of the called action into a helper function and call it directly.' +
      (fanOut
        ? '\n\nHere the actions are started side by side: if the point is to give each piece of work its own memory and ' +
          'time budget, keeping `ctx.runAction` is a deliberate choice.'
        : ''),
  };
}
