/**
 * What the Claude pass takes and gives back, without the client that runs it: the pure core
 * (the review pipeline, the plan and its renderers) and the front ends read these types from here,
 * and only src/ai/claude.ts builds the Anthropic client.
 */
import type { Finding } from '../core/finding.js';
import type { ConvexRoot } from '../convex/model/roots.js';
import type { TokenUsage } from './pricing.js';
import type { ReviewFile } from './prompt.js';

/** The pull request's own words: untrusted, shown to Claude inside the data block only. */
export interface PullRequestText {
  title: string;
  body: string;
}

/** A Claude comment an earlier run posted on a file, so Claude does not raise it again. */
export interface RaisedComment {
  path: string;
  line: number;
  endLine: number;
  title: string;
  /** Its review thread is resolved (or the finding was fixed). */
  resolved: boolean;
}

export interface ClaudeInput {
  files: readonly ReviewFile[];
  /** Every file of the head snapshot, for the project context. */
  projectFiles: ReadonlyMap<string, string>;
  roots: readonly ConvexRoot[];
  /** The pull request's title and body (absent for an audit or a local review). */
  pullRequest?: PullRequestText;
  /** What the team configured that changes what code means (auth helpers, registrars, public functions, small tables), one `key: value` line each. */
  projectConfig?: readonly string[];
  /** The static rules that ran on every reviewed file (so a file without findings reads "checked"). */
  rulesRun?: readonly string[];
}

/** What became of Claude's comments between its answers and the review, by reason. */
export interface DroppedComments {
  /** Claude said (`restates`) it repeats a static finding this run posts or an earlier run posted. */
  duplicateOfStatic: number;
  /** `convex-review-disable-next-line claude` on the line. */
  suppressed: number;
  /** The same problem twice in this run (path + function + category + title). */
  repeated: number;
  /** Raised by an earlier run on this pull request (same path + function + title). */
  alreadyRaised: number;
  /** Its `evidence` quote is not in the file: not grounded in the code. */
  unquoted: number;
  /** The verification pass scored it below the threshold. */
  notVerified: number;
}

export interface ClaudeReport {
  model: string;
  /** The model ids that actually answered (the API's `model` field), when they differ from `model`. */
  servedBy?: string[];
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
  dropped: DroppedComments;
  /** Suggestions removed from comments that were kept (wrong lines, no change, or the file would not parse). */
  suggestionsRemoved?: number;
  /** What the verification pass dropped, one line each (title and score), for the job summary. */
  verificationDrops?: string[];
  /** Files of the project context left out for size. */
  contextLeftOut: string[];
  /** Reused from the summary of an earlier run on the same head commit: no request was sent. */
  reusedFrom?: string;
}
