import type { ConvexProject } from '../semantics/project.js';
import { describeReach } from '../semantics/reached-from.js';
import type { FunctionReference } from '../semantics/references.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import { calleeText, referenceName, type ReachedRun } from '../semantics/run-calls.js';
import { runsInQueriesOrMutations } from '../semantics/runs-in-transactions.js';

/**
 * `ctx.runQuery` / `ctx.runMutation` inside a query or mutation (its handler, a builder's input,
 * or a helper only queries and mutations reach), calling one of the app's own functions.
 * Components are exempt: they can only be called that way.
 */
export const runInQueryOrMutation: Rule = {
  id: 'run-in-query-or-mutation',
  title: 'ctx.run* inside a query or mutation',
  description: 'A query or mutation that calls another app function with `ctx.runQuery` / `ctx.runMutation` instead of a plain helper.',
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#use-ctxrunquery-and-ctxrunmutation-sparingly-in-queries-and-mutations`,
  category: 'performance',
  concerns: ['performance'],
  *check(project) {
    for (const { run, ref } of runsInQueriesOrMutations(project)) yield report(project, run, ref);
  },
};

function report(project: ConvexProject, run: ReachedRun, ref: FunctionReference): Report {
  const target = project.registrationFor(ref);
  const call = `\`${calleeText(run.node, run.file)}(${referenceName(ref)})\``;
  if (target && run.registrations.every((r) => r === target)) return selfCallReport(run, call);
  const targetKind = target?.kind === 'query' || target?.kind === 'mutation' ? target.kind : run.role === 'runQuery' ? 'query' : 'mutation';
  return {
    file: run.file,
    node: run.node.expression,
    message: `${call} ${describeReach(run)}: call the ${targetKind}'s code as a plain TypeScript helper`,
    detail:
      `Inside a query or mutation, \`ctx.${run.role}\` runs the other function in the same transaction, but as a separate ` +
      'function call: its arguments and return value are validated and serialized and it gets a fresh JavaScript context, ' +
      'all overhead for no gain. Move the body of the called function into a helper that takes `ctx` (e.g. in ' +
      '`convex/model/…`) and call it from both places.\n\n' +
      "Keep `ctx.runMutation` where you want partial rollback (when its error is caught, only the sub-mutation's writes " +
      'are undone), and for calls into components, which can only be called this way.',
  };
}

/**
 * A function calling itself (`generateInvoices` running `internal.…generateInvoices` for the next
 * page): every round joins the same transaction, so the batching buys nothing.
 */
function selfCallReport(run: ReachedRun, call: string): Report {
  return {
    file: run.file,
    node: run.node.expression,
    message: `${call} ${describeReach(run)} calls itself in the same transaction: schedule the next round with \`ctx.scheduler.runAfter(0, …)\``,
    detail:
      `\`ctx.${run.role}\` inside a query or mutation joins the caller's transaction, so a function that calls itself to ` +
      'process the next page or batch does all rounds in one transaction: it reads and writes as much as doing everything ' +
      'at once, and fails on the transaction limits the batching was meant to avoid. To give each round its own ' +
      'transaction, schedule it: `await ctx.scheduler.runAfter(0, internal.…, { cursor })`.',
  };
}
