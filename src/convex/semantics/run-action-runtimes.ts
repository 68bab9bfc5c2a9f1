/**
 * `ctx.runAction` calls from an action (or HTTP action) to an action of the same runtime: both
 * `"use node"`, or both in the default runtime. What `unnecessary-run-action` reports; other
 * rules about the same call (`sequential-run-in-action`'s `runAction` in a loop) stay silent on
 * these: calling the action's code as a plain function removes the call altogether.
 */
import type { FunctionKind } from '../model/registrars.js';
import type { ConvexProject } from './project.js';
import type { FunctionReference } from './references.js';
import type { Registration } from './registrations.js';
import { referenceArgument, runCallsReachedFrom, type ReachedRun, type RunRole } from './run-calls.js';

export type Runtime = 'node' | 'default';

const ACTION_KINDS: ReadonlySet<FunctionKind> = new Set(['action', 'httpAction']);
const ROLES: ReadonlySet<RunRole> = new Set(['runAction']);

export interface SameRuntimeRun {
  run: ReachedRun;
  ref: FunctionReference;
  runtime: Runtime;
}

/** Every `ctx.runAction` whose caller and target run in the same, known runtime. */
export function sameRuntimeRunActions(project: ConvexProject): SameRuntimeRun[] {
  return project.cached('sameRuntimeRunActions', project, () => {
    const out: SameRuntimeRun[] = [];
    for (const run of runCallsReachedFrom(project, ACTION_KINDS, ROLES)) {
      const runtime = callerRuntime(run.registrations);
      const ref = referenceArgument(project, run.file, run.node.arguments[0]);
      const target = ref && targetAction(project, ref);
      if (!runtime || !ref || !target || runtimeOf(target) !== runtime) continue;
      out.push({ run, ref, runtime });
    }
    return out;
  });
}

/** The one runtime every action reaching the call runs in; undefined when mixed. */
function callerRuntime(callers: readonly Registration[]): Runtime | undefined {
  const runtimes = new Set(callers.map(runtimeOf));
  return runtimes.size === 1 ? [...runtimes][0] : undefined;
}

/** HTTP actions always run in the default runtime; an action runs where its module's directive says. */
function runtimeOf(reg: Registration): Runtime {
  return reg.kind === 'action' && reg.file.useNode ? 'node' : 'default';
}

/** The action an `api.*` / `internal.*` reference names, when the project defines it. */
function targetAction(project: ConvexProject, ref: FunctionReference): Registration | undefined {
  if (ref.root === 'components') return undefined;
  const target = project.registrationFor(ref);
  return target?.kind === 'action' ? target : undefined;
}

