/**
 * The local review without git or network: the head's files and the changed files (with hunks)
 * in, the plan the action would post out — static findings on the changed Convex files, Claude's
 * when a runner is given, placed inline or in the summary exactly as on a pull request.
 */
import type { ClaudeInput, ClaudeReport } from '../ai/claude.js';
import { reviewFilesOf } from '../ai/prompt.js';
import { analyzeFiles } from '../convex/analyze.js';
import type { ProjectOptions } from '../convex/model/options.js';
import type { RuleSettings } from '../convex/engine/engine.js';
import { meetsThreshold, type Finding, type Severity, type Threshold } from '../core/finding.js';
import { reviewedFiles } from '../github/snapshot.js';
import { planReview, type ChangedFile, type ReviewPlan } from '../plan/plan.js';
import { summarizeClaude, type ClaudeSummary } from '../plan/render.js';
import { dependsOnChange } from '../plan/dependents.js';

/** The action's defaults (inputs inline-min-severity and max-comments): the comments a PR would get. */
export const INLINE_MIN_SEVERITY: Severity = 'warning';
export const MAX_COMMENTS = 30;


export interface ChangeInput {
  /** The head's files the analysis reads, repo-root relative. */
  files: ReadonlyMap<string, string>;
  /** Every changed file; those under a functions folder with their patch. */
  changedFiles: readonly ChangedFile[];
  settings: RuleSettings;
  /** From the config file. */
  project?: ProjectOptions;
  /** Globs never reviewed (the config file's `ignore`). */
  ignore?: readonly string[];
}

/** How Claude takes part: a runner (runClaudeReview with settings bound), or why it does not. */
export type ClaudeChoice = { run: (input: ClaudeInput) => Promise<ClaudeReport> } | { skip: string };

export interface LocalReview {
  /** The changed files under the Convex functions folders (not removed, not `_generated/`). */
  reviewed: ChangedFile[];
  /** Source files of the Convex roots the rules read. */
  filesAnalysed: number;
  plan: ReviewPlan;
  /** Undefined when no Convex file changed (nothing to ask Claude). */
  claude?: ClaudeSummary;
  claudeReport?: ClaudeReport;
  notes: string[];
}

export async function reviewChange(input: ChangeInput, claude: ClaudeChoice): Promise<LocalReview> {
  const analysis = analyzeFiles(input.files, { settings: input.settings, project: input.project });
  const reviewed = reviewedFiles(input.changedFiles, analysis.roots, [], input.ignore ?? []);
  const changedPaths = input.changedFiles.map((f) => f.path);
  const isDependent = (ruleId: string): boolean => dependsOnChange(ruleId, changedPaths);

  let claudeSummary: ClaudeSummary | undefined;
  let claudeReport: ClaudeReport | undefined;
  if (reviewed.length > 0) {
    if ('skip' in claude) {
      claudeSummary = { ran: false, reason: claude.skip };
    } else {
      const files = reviewFilesOf(reviewed, input.files, analysis.findings);
      if (files.length === 0) {
        claudeSummary = { ran: false, reason: 'No reviewed file has a diff Claude could comment on, so Claude did not run.' };
      } else {
        claudeReport = await claude.run({ files, projectFiles: input.files, roots: analysis.roots });
        claudeSummary = summarizeClaude(claudeReport, files.length);
      }
    }
  }

  const plan = planReview({
    findings: [...analysis.findings, ...(claudeReport?.findings ?? [])],
    changedFiles: reviewed,
    isDependentFinding: (f) => isDependent(f.ruleId),
    posted: new Set(),
    inlineMinSeverity: INLINE_MIN_SEVERITY,
    maxComments: MAX_COMMENTS,
  });
  const notes: string[] = [];
  if (analysis.roots.length === 0) notes.push('No Convex functions folder found (looked for convex.json and convex/ folders).');
  else if (reviewed.length === 0) notes.push('This change touches no files under the Convex functions folders.');
  const withoutDiff = reviewed.filter((f) => !f.patch).map((f) => f.path);
  if (withoutDiff.length > 0) notes.push(`No diff from git (binary), so no inline comments on: ${withoutDiff.join(', ')}.`);
  return { reviewed, filesAnalysed: analysis.filesAnalysed, plan, claude: claudeSummary, claudeReport, notes };
}

/** The static findings on the reviewed files at or above `failOn` (Claude's never fail a run). */
export function failingFindings(review: LocalReview, failOn: Threshold): Finding[] {
  const reviewed = new Set(review.reviewed.map((f) => f.path));
  return review.plan.findings.filter((f) => f.source === 'static' && reviewed.has(f.path) && meetsThreshold(f.severity, failOn));
}
