/**
 * `.collect()` at the end of a Convex db query chain, shared by the rules that ask what a
 * collect reads (`unbounded-collect`) and what its result is used for (`collect-for-count`).
 */
import { dbQueryChains, terminalOf, type ChainStep, type DbQueryChain } from './db.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';

export interface CollectCall {
  chain: DbQueryChain;
  /** The `collect` step: its `nameNode` is where findings point. */
  step: ChainStep;
}

/** Each `.collect()` that ends a db query chain of `file`, once (a stored query may yield several chains). */
export function collectCalls(project: ConvexProject, file: SourceFile): CollectCall[] {
  const seen = new Set<ChainStep['call']>();
  const out: CollectCall[] = [];
  for (const chain of dbQueryChains(project, file)) {
    const step = terminalOf(chain);
    if (step?.name !== 'collect' || seen.has(step.call)) continue;
    seen.add(step.call);
    out.push({ chain, step });
  }
  return out;
}

/** `"messages"` for a literal table, else a generic phrase. */
export function describeTable(chain: DbQueryChain): string {
  return chain.table !== undefined ? `"${chain.table}"` : 'this table';
}
