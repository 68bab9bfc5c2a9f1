import type { ts } from 'ts-morph';
import { reachableFunctions } from '../semantics/call-graph.js';
import type { ConvexProject } from '../semantics/project.js';
import { HELPER_DEPTH, qualifiedName } from '../semantics/reached-from.js';
import { isTestFile } from '../model/test-files.js';
import type { FunctionReference } from '../semantics/references.js';
import type { Registration } from '../semantics/registrations.js';
import type { Report, Rule } from '../engine/rule.js';
import { calleeText, referenceArgument, referenceName, runCallsIn } from '../semantics/run-calls.js';
import type { SourceFile } from '../model/source-file.js';

interface Write {
  file: SourceFile;
  call: ts.CallExpression;
  ref?: FunctionReference;
}

/**
 * A public action that writes through `ctx.runMutation` (in its handler or a helper it calls).
 * Clients can call it directly, so its writes happen outside any transaction the client
 * started: the documented pattern is a mutation that records the intent and schedules an
 * internal action. Calls into components (rate limiters, aggregates …) are not counted.
 */
export const clientCalledActionWrites: Rule = {
  id: 'client-called-action-writes',
  title: 'Public action that writes',
  description: 'A public action that writes through `ctx.runMutation`; clients should call a mutation that schedules an internal action.',
  severity: 'info',
  // 50% on the held-out half of docs/precision.md: only for teams that ask for it.
  optIn: true,
  docsUrl: 'https://docs.convex.dev/functions/actions#calling-actions-from-clients',
  category: 'reliability',
  concerns: ['security', 'reliability'],
  *check(project) {
    // A component's public functions are called by the app that installs it, never by clients.
    if (project.root.isComponent) return;
    for (const reg of project.registrations) {
      if (reg.kind !== 'action' || reg.visibility !== 'public' || isTestFile(reg.file)) continue;
      const write = firstWrite(project, reg);
      if (write) yield report(reg, write);
    }
  },
};

/**
 * The first `ctx.runMutation` the action's handler reaches, directly or through helpers. A
 * custom builder's input is not followed: a write there (usage logs) would flag every action built with it.
 */
function firstWrite(project: ConvexProject, reg: Registration): Write | undefined {
  if (!reg.handler) return undefined;
  for (const { at } of reachableFunctions(project, { file: reg.file, fn: reg.handler }, HELPER_DEPTH)) {
    const roles = project.ctx(at.file);
    for (const call of runCallsIn(project, at)) {
      if (roles.roleOf(call.expression) !== 'runMutation') continue;
      const ref = referenceArgument(project, at.file, call.arguments[0]);
      if (ref?.root === 'components') continue;
      return { file: at.file, call, ref };
    }
  }
  return undefined;
}

function report(reg: Registration, write: Write): Report {
  const call = `${calleeText(write.call, write.file)}(${write.ref ? referenceName(write.ref) : '…'})`;
  return {
    file: reg.file,
    node: reg.call.expression,
    message: `Public action \`${qualifiedName(reg, reg.file)}\` writes through \`${call}\`: have clients call a mutation that schedules an internal action`,
    detail:
      'A client calling an action directly starts work that nothing records: the action runs outside a transaction, is ' +
      'not retried, and if it fails halfway (or the client goes away) the writes already made stay while the rest never ' +
      'happens. Prefer a mutation as the entry point: it validates the request and records the intent (e.g. a document ' +
      'with `status: "pending"`), then `ctx.scheduler.runAfter(0, internal.…)` an internal action that does the ' +
      'external work and writes the result back; the client follows progress with a query.\n\n' +
      'Fine to keep for actions whose writes are incidental (logs, caches) or that only return data to the caller.',
  };
}
