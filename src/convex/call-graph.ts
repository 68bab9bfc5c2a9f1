/**
 * Which project functions a function calls, followed a few levels deep and across files:
 * "does this handler reach an auth check / the wall clock" asks this, not the handler alone.
 */
import { ts } from 'ts-morph';
import { unwrap, walk, type FunctionNode } from './ast.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from './source-file.js';

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
  const sites: CallSite[] = [];
  if (!at.fn.body) return sites;
  const visit = (node: ts.Node): void => {
    if (!ts.isCallExpression(node)) return;
    sites.push({ call: node, target: project.functionAt(at.file, unwrap(node.expression)) });
  };
  // `walk` skips its root, and an arrow's expression body may itself be the call: `(ctx) => helper(ctx)`.
  visit(at.fn.body);
  walk(at.fn.body, visit);
  return sites;
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
