/**
 * One review, whatever the host: the Action's pull-request review and audit, and the CLI's
 * `review` and `check` all come here. The analysis, which files are reviewed, the Claude pass,
 * the plan and the notes on what could not be done are decided once; hosts differ only in how
 * they read (src/change readers) and how they publish. Pure: Claude arrives as a function.
 */
import type { ClaudeInput, ClaudeReport, PullRequestText, RaisedComment } from '../ai/report.js';
import { reviewFilesOf, type ReviewFile } from '../ai/prompt.js';
import { globFilter, reviewedFiles } from '../change/select.js';
import type { ChangedFile, ProjectFiles } from '../change/types.js';
import { analyzeFiles, type Analysis } from '../convex/analyze.js';
import { ruleRuns, type RuleSettings } from '../convex/engine/engine.js';
import type { ProjectOptions } from '../convex/model/options.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { meetsThreshold, type Finding, type Severity, type SkippedFile, type Threshold } from '../core/finding.js';
import { wholeFileAdded } from '../diff/patch.js';
import { dependsOnChange } from '../plan/dependents.js';
import { planReview, type ReviewPlan } from '../plan/plan.js';
import { summarizeClaude, type ClaudeSummary } from '../plan/render.js';

const NO_ROOTS = 'No Convex functions folder found (looked for convex.json and convex/ folders).';

export interface ReviewSettings {
  rules: RuleSettings;
  project: ProjectOptions;
  /** Globs of files to review; empty: the Convex functions folders. */
  paths: readonly string[];
  /** Globs never reviewed (the `exclude` input and the config file's `ignore`). */
  exclude: readonly string[];
  inlineMinSeverity: Severity;
  maxComments: number;
  /** Fingerprints of the baseline (src/report/baseline.ts): known findings, never inline, never failing. */
  baseline?: ReadonlySet<string>;
}

/** What is reviewed: the files a change touches, or every file a path filter accepts (audit, check). */
export type ReviewTarget = ChangeTarget | FilesTarget;

export interface ChangeTarget {
  kind: 'change';
  /** Every changed file; those under a functions folder with their patch. */
  changedFiles: readonly ChangedFile[];
  /** Incremental: Claude reads only these of the reviewed files (the rules still see everything). */
  claudeScope?: { paths: ReadonlySet<string>; since: string };
  /** Fingerprints already posted (by earlier runs on this pull request). */
  posted?: ReadonlySet<string>;
  /**
   * Paths of the last review's findings that the head no longer has. A file the pull request
   * added and a later push renamed is "added" again under its new name, with no previous path:
   * its findings count as posted when they were posted under one of these.
   */
  formerPaths?: readonly string[];
  /** Claude comments earlier runs posted on this pull request (Claude is told not to raise them again). */
  raised?: readonly RaisedComment[];
  /** The pull request's title and body, for Claude (untrusted data). */
  pullRequest?: PullRequestText;
}

export interface FilesTarget {
  kind: 'files';
  /** Further limits the reviewed files (the CLI's PATH arguments); the settings' paths and exclude apply too. */
  within?: (path: string) => boolean;
}

/** How Claude takes part: a runner with the host's settings bound, or the reason it does not. */
export type ClaudeChoice = { run: (input: ClaudeInput) => Promise<ClaudeReport> } | { skip: string };

export interface ReviewInput<T extends ReviewTarget = ReviewTarget> {
  project: ProjectFiles;
  target: T;
  settings: ReviewSettings;
  claude: ClaudeChoice;
}

export interface Review {
  analysis: Analysis;
  /** The files this run reviewed (a change's reviewed files; every accepted function file otherwise). */
  reviewedPaths: string[];
  /** Static and Claude findings of the reviewed files (and, for a change, the findings it makes relevant). */
  findings: Finding[];
  /** Files the analysis could not read (too large, binary) among those the run covers. */
  skipped: SkippedFile[];
  /** Undefined when there was nothing for Claude to consider (no reviewed file). */
  claudeSummary?: ClaudeSummary;
  claudeReport?: ClaudeReport;
  /** What this run could not do, in sentences for the summary. */
  notes: string[];
  /** Whether a static finding at `path` counts for fail-on. */
  gates(path: string): boolean;
  /** Whether the settings' baseline records the finding (under its path or a renamed file's old one). */
  inBaseline(finding: Finding): boolean;
}

/** A change's review also says where each finding goes. */
export interface ChangeReview extends Review {
  plan: ReviewPlan;
  /** The reviewed changed files; anchors and Claude's scope come from them. */
  changed: ChangedFile[];
}

export function reviewChange(input: ReviewInput<ChangeTarget>): Promise<ChangeReview>;
export function reviewChange(input: ReviewInput<FilesTarget>): Promise<Review>;
export function reviewChange(input: ReviewInput): Promise<Review> {
  return input.target.kind === 'change' ? reviewChangedFiles(input, input.target) : reviewAllFiles(input, input.target);
}

async function reviewChangedFiles(input: ReviewInput, target: ChangeTarget): Promise<ChangeReview> {
  const { project, settings } = input;
  const analysis = analyzeFiles(project.files, { settings: settings.rules, project: settings.project, roots: project.roots });
  const changed = reviewedFiles(target.changedFiles, analysis.roots, settings.paths, settings.exclude);
  const changedPaths = target.changedFiles.map((f) => f.path);
  const scope = target.claudeScope;
  // The rules always see the whole snapshot; Claude reads only what changed since its last look.
  const forClaude = scope ? changed.filter((f) => scope.paths.has(f.path)) : changed;
  const previousPath = new Map(changed.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath!]));
  const added = new Set(changed.filter((f) => f.status === 'added').map((f) => f.path));
  const aliasesOf = (f: Finding): string[] => {
    const old = previousPath.get(f.path);
    const candidates = old ? [old] : added.has(f.path) ? (target.formerPaths ?? []) : [];
    return candidates.flatMap((path) => analysis.fingerprintAtPath(f, path) ?? []);
  };
  const baseline = settings.baseline ?? new Set<string>();
  const planOf = (findings: readonly Finding[]): ReviewPlan =>
    planReview({
      findings,
      changedFiles: changed,
      isDependentFinding: (f) => dependsOnChange(f.ruleId, changedPaths),
      posted: target.posted ?? new Set(),
      aliasesOf,
      baseline,
      inlineMinSeverity: settings.inlineMinSeverity,
      maxComments: settings.maxComments,
    });
  // Claude must not repeat what a reader sees: the static findings this run posts inline (the
  // plan's own placement) or an earlier run posted. One only in the summary (an info finding) is
  // not seen on the line, so a comment of Claude's there is no duplicate. The baseline's findings
  // count as seen: the team knows them, and Claude restating one would post it inline after all.
  const staticPlan = planOf(analysis.findings);
  const inBaseline = staticPlan.notInline.filter((n) => n.reason === 'in-baseline').map((n) => n.finding);
  const visibleStatics = [...staticPlan.inline.map((c) => c.finding), ...staticPlan.alreadyPosted, ...inBaseline];
  const raisedOn = (path: string): RaisedComment[] => {
    const old = previousPath.get(path);
    return (target.raised ?? []).filter((r) => r.path === path || r.path === old).map((r) => ({ ...r, path }));
  };
  const claude =
    changed.length === 0
      ? undefined
      : scope && forClaude.length === 0
        ? { summary: { ran: false as const, reason: `No reviewed file changed since \`${scope.since.slice(0, 7)}\`, so Claude had nothing new to read.` } }
        : await claudePass(
            input.claude,
            reviewFilesOf(forClaude, project.files, visibleStatics).map((f) => {
              const raised = raisedOn(f.path);
              return raised.length > 0 ? { ...f, alreadyRaised: raised } : f;
            }),
            claudeInputOf(project, settings, target.pullRequest),
          );
  const plan = planOf([...analysis.findings, ...(claude?.report?.findings ?? [])]);
  const notes: string[] = [];
  if (analysis.roots.length === 0) notes.push(NO_ROOTS);
  else if (changed.length === 0) notes.push('This change touches no files under the reviewed paths.');
  const withoutDiff = changed.filter((f) => !f.patch && !f.pastListCap).map((f) => f.path);
  if (withoutDiff.length > 0) notes.push(`No diff (binary or too large), so no inline comments on: ${withoutDiff.join(', ')}.`);
  const reviewedPaths = changed.map((f) => f.path);
  const reviewedSet = new Set(reviewedPaths);
  return {
    analysis,
    reviewedPaths,
    findings: plan.findings,
    plan,
    changed,
    skipped: project.skipped,
    claudeSummary: claude?.summary,
    claudeReport: claude?.report,
    notes,
    gates: (p) => reviewedSet.has(p),
    inBaseline: (f) => [f.fingerprint, ...aliasesOf(f)].some((id) => baseline.has(id)),
  };
}

async function reviewAllFiles(input: ReviewInput, target: FilesTarget): Promise<Review> {
  const { project, settings } = input;
  const within = target.within ?? (() => true);
  // Every file the analysis models counts (committed `_generated/*.js` too); Claude reads the function files.
  const selected = globFilter(settings.paths, settings.exclude, () => true);
  const include = (p: string): boolean => within(p) && selected(p);
  const analysis = analyzeFiles(project.files, { settings: settings.rules, project: settings.project, roots: project.roots, include });
  const reviewedPaths = project.functionFiles.filter((p) => include(p) && project.files.has(p));
  const claude = await claudePass(
    input.claude,
    reviewedPaths.map((path) => {
      const text = project.files.get(path)!;
      return { path, text, patch: wholeFileAdded(text), staticFindings: analysis.findings.filter((f) => f.path === path) };
    }),
    claudeInputOf(project, settings),
  );
  const findings = [...analysis.findings, ...(claude.report?.findings ?? [])];
  const notes = analysis.roots.length === 0 ? [NO_ROOTS] : [];
  const skipped = project.skipped.filter((s) => include(s.path));
  const baseline = settings.baseline ?? new Set<string>();
  return { analysis, reviewedPaths, findings, skipped, claudeSummary: claude.summary, claudeReport: claude.report, notes, gates: include, inBaseline: (f) => baseline.has(f.fingerprint) };
}

/** Everything Claude is given besides the files: the project, what the team configured, the rules that ran, the PR's own words. */
function claudeInputOf(project: ProjectFiles, settings: ReviewSettings, pullRequest?: PullRequestText): Omit<ClaudeInput, 'files'> {
  return {
    projectFiles: project.files,
    roots: project.roots,
    ...(pullRequest ? { pullRequest } : {}),
    projectConfig: projectConfigLines(settings.project),
    rulesRun: ALL_RULES.filter((r) => ruleRuns(r, settings.rules)).map((r) => r.id),
  };
}

/** The config file's project options, one `key: value` line each (as the file spells the keys), only those set. */
export function projectConfigLines(options: ProjectOptions): string[] {
  const lines: string[] = [];
  if (options.authHelpers.size > 0) lines.push(`auth-helpers: ${[...options.authHelpers].join(', ')}`);
  if (options.registrars.size > 0) {
    const registrars = [...options.registrars].map(([name, r]) => `${name} = ${r.base}${r.checksAuth ? ' (checks auth)' : ''}`);
    lines.push(`registrars: ${registrars.join(', ')}`);
  }
  if (options.smallTables.size > 0) lines.push(`small-tables: ${[...options.smallTables].join(', ')}`);
  if (options.publicFunctions.length > 0) lines.push(`public-functions: ${options.publicFunctions.join(', ')}`);
  return lines;
}

/** Never throws for Claude's sake: what it could not do is in the summary. */
async function claudePass(choice: ClaudeChoice, files: ReviewFile[], rest: Omit<ClaudeInput, 'files'>): Promise<{ report?: ClaudeReport; summary: ClaudeSummary }> {
  if ('skip' in choice) return { summary: { ran: false, reason: choice.skip } };
  if (files.length === 0) return { summary: { ran: false, reason: 'No reviewed file has a diff Claude could comment on, so Claude did not run.' } };
  const report = await choice.run({ files, ...rest });
  return { report, summary: summarizeClaude(report, files.length) };
}

/** The static findings of the reviewed files at or above `failOn`: Claude's never fail a run, nor do the baseline's. */
export function failingFindings(review: Review, failOn: Threshold): Finding[] {
  return review.findings.filter((f) => f.source === 'static' && review.gates(f.path) && meetsThreshold(f.severity, failOn) && !review.inBaseline(f));
}
