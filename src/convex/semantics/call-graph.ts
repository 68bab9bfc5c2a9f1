/**
 * Which project functions a function calls, followed a few levels deep and across files:
 * "does this handler reach an auth check / the wall clock" asks this, not the handler alone.
 */
import { ts } from '../../typescript.js';
import { unwrap, type FunctionNode } from '../model/ast.js';
import { nodesWithin } from '../model/file-index.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';

export interface FunctionAt {
  file: SourceFile;
  fn: FunctionNode;
}

export interface CallSite {
  call: ts.CallExpression;
  /** The project function called, when the callee resolves to one. */
  target?: FunctionAt;
}

/** Calls made in `fn`'s own body (nested function bodies included: closures run with it). */
export function callSites(project: ConvexProject, at: FunctionAt): CallSite[] {
  return project.cached('callSites', at.fn, () => findCallSites(project, at));
}

function findCallSites(project: ConvexProject, at: FunctionAt): CallSite[] {
  if (!at.fn.body) return [];
  // The body itself may be the call: `(ctx) => helper(ctx)`.
  return nodesWithin(project.index(at.file).calls, at.fn.body).map((call) => ({
    call,
    target: project.functionAt(at.file, unwrap(call.expression)),
  }));
}

/**
 * `start` and every project function it reaches through calls, breadth first, at most
 * `maxDepth` calls away. Each function appears once, with the path of calls that reached it.
 */
export function reachableFunctions(project: ConvexProject, start: FunctionAt, maxDepth = 3): { at: FunctionAt; via: CallSite[] }[] {
  const seen = new Set<FunctionNode>([start.fn]);
  const out: { at: FunctionAt; via: CallSite[] }[] = [{ at: start, via: [] }];
  for (let i = 0; i < out.length; i++) {
    const { at, via } = out[i];
    if (via.length >= maxDepth) continue;
    for (const site of callSites(project, at)) {
      if (!site.target || seen.has(site.target.fn)) continue;
      seen.add(site.target.fn);
      out.push({ at: site.target, via: [...via, site] });
    }
  }
  return out;
}
