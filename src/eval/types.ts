/**
 * The eval's data: a case (a pull request and the labels written for it before any output was
 * read), what a run made of it, and the totals. Pure types.
 */
import type { Category } from '../core/categories.js';
import type { Severity } from '../core/finding.js';

export const CASE_KINDS = ['example', 'mutation', 'fix-commit', 'clean'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const SPLITS = ['dev', 'held-out'] as const;
export type Split = (typeof SPLITS)[number];
/** Where a label comes from: a planted problem of the example, a mutator's injected bug, a real fix commit's lines. */
export const LABEL_KINDS = ['planted', 'mutation', 'fix'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** A comment the review should make. */
export interface Expectation {
  id: string;
  path: string;
  /** Head lines, inclusive; a comment within ±2 lines of them matches. */
  lines?: [number, number];
  /** The enclosing exported function (`export const NAME`): a comment anywhere in it matches. */
  function?: string;
  /** Accepted categories (a static rule's, or Claude's `claude/<category>`); undefined: any. */
  category?: Category[];
  minSeverity: Severity;
  /** Each entry must occur in the comment (rule id, title, body; case-insensitive); `a|b` accepts either. */
  words: string[];
  label: LabelKind;
}

/** Lines where a comment is noise. */
export interface Forbid {
  path: string;
  lines: [number, number];
  why: string;
}

/** A fix commit turned into a pull request that brings the bug in: rebuilt from fetched sources. */
export interface Recipe {
  repository: string;
  /** The fix: the pull request's base. */
  fixCommit: string;
  /** The fix's parent (the bug): the pull request's head. */
  parentCommit: string;
  /** Repository paths read from both commits (the changed files and what they need: schema, config). */
  paths: string[];
  /** Where the fix was found (commit URL, message). */
  note?: string;
}

/** What names and describes a case, in its file and once built. */
export interface CaseIdentity {
  id: string;
  kind: CaseKind;
  split: Split;
  /** Where the case comes from, in words. */
  source: string;
  tags: string[];
  pullRequest?: { title: string; body: string };
}

export interface EvalCase extends CaseIdentity {
  expect: Expectation[];
  forbid: Forbid[];
  /** Inline comments allowed that match no expectation (0 for a clean PR). */
  maxInline: number;
  base: Map<string, string>;
  head: Map<string, string>;
}

/** A case that could not be run here, and why (a recipe whose sources were not fetched). */
export interface SkippedCase {
  id: string;
  kind: CaseKind;
  split: Split;
  reason: string;
}

export type RecordingSource = { kind: 'api'; model: string; date: string } | { kind: 'hand-written'; by?: string } | { kind: 'stand-in'; by: string };

/** One comment of the review, as scored. */
export interface ScoredComment {
  source: 'static' | 'claude';
  ruleId: string;
  severity: Severity;
  path: string;
  line: number;
  endLine: number;
  message: string;
  inline: boolean;
  /** Ids of the expectations it meets. */
  matches: string[];
  /** On a labelled line (near an expectation, in its function, or on a forbidden line). */
  labelled: boolean;
  /** The forbid entry's reason when it sits on a forbidden line. */
  forbidden?: string;
  /** Claude's: where its anchor came from. */
  anchor?: AnchorKind;
}

export type AnchorKind = 'exact' | 'snapped' | 'demoted' | 'unknown';

export interface ExpectationResult {
  id: string;
  label: LabelKind;
  minSeverity: Severity;
  /** Met by any comment (inline or in the summary). */
  matched: boolean;
  matchedInline: boolean;
  bySource: ('static' | 'claude')[];
}

export interface SuggestionStats {
  offered: number;
  applies: number;
  parses: number;
  /** Static suggestions after which the rule no longer fires at that place (Claude's have no rule to re-run). */
  ruleGone: number;
  ruleChecked: number;
}

/** Claude's usage and what became of its comments: per case, and (with other counts) in total. */
export interface ClaudeCounts {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  costUsd?: number;
  latencyMs: number;
  refusals: number;
  /** Comments in the model's review answers. */
  modelComments: number;
  /** Claude findings the review kept. */
  findings: number;
  dropped: Record<string, number>;
  suggestionsRemoved: number;
  anchors: Record<AnchorKind, number>;
}

export interface ClaudeStats extends ClaudeCounts {
  /** Recording sources that answered (replay), or the live model. */
  answers: RecordingSource[];
  failures: string[];
}

export interface CaseResult {
  id: string;
  kind: CaseKind;
  split: Split;
  tags: string[];
  expectations: ExpectationResult[];
  comments: ScoredComment[];
  inline: number;
  /** Inline comments that meet no expectation. */
  noise: number;
  maxInline: number;
  overBudget: boolean;
  forbiddenHits: number;
  suggestions: SuggestionStats;
  /** 'off' (static only), 'not recorded' (replay with no recording for the case), or the run's stats. */
  claude: ClaudeStats | 'off' | 'not recorded';
}
