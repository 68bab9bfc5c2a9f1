/**
 * What the Claude pass takes and gives back, without the client that runs it: the pure core
 * (the review pipeline, the plan and its renderers) and the front ends read these types from here,
 * and only src/ai/claude.ts builds the Anthropic client.
 */
import type { Finding } from '../core/finding.js';
import type { ConvexRoot } from '../convex/model/roots.js';
import type { TokenUsage } from './pricing.js';
import type { ReviewFile } from './prompt.js';

export interface ClaudeInput {
  files: readonly ReviewFile[];
  /** Every file of the head snapshot, for the project context. */
  projectFiles: ReadonlyMap<string, string>;
  roots: readonly ConvexRoot[];
}

export interface ClaudeReport {
  model: string;
  findings: Finding[];
  /** Claude's one-paragraph take on each batch, in batch order. */
  summaries: string[];
  usage: TokenUsage;
  /** Undefined when the model has no price on file. */
  costUsd?: number;
  requests: number;
  /** Files whose batch Claude answered. */
  reviewed: string[];
  leftOut: { path: string; reason: string }[];
  /** What went wrong, one sentence each, naming the files it cost. */
  failures: string[];
  refusals: number;
  dropped: { duplicateOfStatic: number; suppressed: number; repeated: number };
  /** Files of the project context left out for size. */
  contextLeftOut: string[];
}
