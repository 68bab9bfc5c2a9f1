/**
 * Which files Claude reviews and in which requests, under the run's input-token budget. Pure.
 *
 * Order (documented in the README): files with static findings first, then by added lines,
 * descending, then by path. A file that does not fit in what is left of the budget is left out
 * and the next, smaller ones are still tried; every file left out is named with its reason.
 */
import type { FileSection } from './prompt.js';

export interface BatchPlan {
  batches: FileSection[][];
  leftOut: { path: string; reason: string }[];
  /** Estimated input tokens of all planned requests, the shared prefix counted in each. */
  estimatedInputTokens: number;
}

export interface BatchLimits {
  /** Tokens every request repeats: system prompts and the project context. */
  prefixTokens: number;
  /** Budget for the changed-file sections of one request. */
  maxBatchTokens: number;
  /** `max-input-tokens`: every request's whole prompt, cached or not. */
  maxInputTokens: number;
  /** Default: as many as fit. */
  maxFilesPerBatch?: number;
  /** What joining a section to a batch adds besides the section (the blank line between; default 0). */
  separatorTokens?: number;
}

export function reviewOrder(sections: readonly FileSection[]): FileSection[] {
  return sections.slice().sort(
    (a, b) =>
      Number(b.file.staticFindings.length > 0) - Number(a.file.staticFindings.length > 0) ||
      b.addedLines - a.addedLines ||
      a.file.path.localeCompare(b.file.path),
  );
}

export function planBatches(sections: readonly FileSection[], limits: BatchLimits): BatchPlan {
  const batches: FileSection[][] = [];
  const leftOut: BatchPlan['leftOut'] = [];
  let spent = 0;
  let current: FileSection[] = [];
  let currentTokens = 0;
  for (const section of reviewOrder(sections)) {
    if (section.tokens > limits.maxBatchTokens) {
      leftOut.push({ path: section.file.path, reason: `too large for one request (~${section.tokens.toLocaleString('en-US')} tokens)` });
      continue;
    }
    const fitsCurrent = current.length > 0 && current.length < (limits.maxFilesPerBatch ?? Infinity) && currentTokens + section.tokens <= limits.maxBatchTokens;
    const cost = section.tokens + (fitsCurrent ? (limits.separatorTokens ?? 0) : limits.prefixTokens);
    if (spent + cost > limits.maxInputTokens) {
      leftOut.push({ path: section.file.path, reason: `over max-input-tokens (${limits.maxInputTokens.toLocaleString('en-US')})` });
      continue;
    }
    if (!fitsCurrent) {
      if (current.length > 0) batches.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(section);
    currentTokens += section.tokens;
    spent += cost;
  }
  if (current.length > 0) batches.push(current);
  return { batches, leftOut, estimatedInputTokens: spent };
}
