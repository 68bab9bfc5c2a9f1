/**
 * The action: event → target → snapshot → findings → plan → one review, one sticky summary,
 * the job summary, annotations, outputs. This file wires the steps and nothing else.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { readActionConfig, withConfigFile, type ActionConfig } from './action/config.js';
import { fetchConfig } from './github/config.js';
import { runAudit } from './action/audit.js';
import { claudePass } from './action/claude-pass.js';
import { setOutputs, writeJobSummary, writeSarifFile } from './action/outputs.js';
import { claudeGate } from './ai/gate.js';
import { analyzeFiles } from './convex/analyze.js';
import { fingerprintAtPath } from './convex/engine/engine.js';
import { RULE_IDS, ruleTitle } from './convex/rules/index.js';
import { meetsThreshold } from './core/finding.js';
import { createClient, isReadOnlyError } from './github/client.js';
import { botLoginOf, findSummary, postedFingerprints, postReview, upsertSummary, type PullRef, type ReviewComment } from './github/publish.js';
import { fetchPullRequest, fetchSnapshot, reviewedFiles, type Snapshot } from './github/snapshot.js';
import { resolveTarget, type EventContext } from './github/target.js';
import { planReview, withRefused, type InlineComment } from './plan/plan.js';
import { renderInlineComment, renderJobSummary, renderReviewBody, renderSummary, type SummaryInput } from './plan/render.js';
import { annotate } from './report/annotations.js';
import { reviewScope } from './github/scope.js';
import { resolveFixedThreads, type ResolveOutcome } from './github/threads.js';
import { findingChanges, stateOf, type OpenFinding } from './plan/state.js';
import { dependsOnChange } from './plan/dependents.js';
import { reviewFilesOf } from './ai/prompt.js';



export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readActionConfig((name) => core.getInput(name), RULE_IDS, env);
    const target = resolveTarget(readEvent(env), inputs.prNumber);
    if (target.kind === 'skip') {
      core.notice(`convex-review: ${target.reason}`);
      setOutputs({});
      return;
    }
    const octokit = createClient({ token: inputs.githubToken, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', log: (m) => core.info(m) });
    if (target.kind === 'audit') {
      await runAudit(octokit, target, withConfigFile(inputs, await fetchConfig(octokit, target.owner, target.repo, target.sha, RULE_IDS)), env);
      return;
    }
    const pull: PullRef = { owner: target.owner, repo: target.repo, prNumber: target.prNumber };
    const pr = await fetchPullRequest(octokit, pull.owner, pull.repo, pull.prNumber);
    // From the base branch: a pull request cannot loosen its own review.
    const config = withConfigFile(inputs, await fetchConfig(octokit, pull.owner, pull.repo, pr.baseSha, RULE_IDS));
    if (pr.draft && config.skipDrafts) {
      core.notice(`convex-review: pull request #${pr.number} is a draft and skip-drafts is on`);
      setOutputs({});
      return;
    }
    const snapshot = await fetchSnapshot(octokit, pull.owner, pull.repo, pr);
    const manual = target.event === 'workflow_dispatch' ? 'a manual run (workflow_dispatch) reviews the whole pull request' : undefined;
    await review(octokit, pull, snapshot, config, env, manual);
  } catch (error) {
    core.setFailed(`convex-review: ${(error as Error).message}`);
  }
}

async function review(
  octokit: ReturnType<typeof createClient>,
  pull: PullRef,
  snapshot: Snapshot,
  config: ActionConfig,
  env: NodeJS.ProcessEnv,
  forceFull: string | undefined,
): Promise<void> {
  const runId = env.GITHUB_RUN_ID ?? String(Date.now());
  const headSha = snapshot.pr.headSha;
  const reviewed = reviewedFiles(snapshot.changedFiles, snapshot.roots, config.paths, config.exclude);
  const reviewedPaths = new Set(reviewed.map((f) => f.path));
  const analysis = analyzeFiles(snapshot.files, { settings: config.rules, project: config.project });
  const changedPaths = snapshot.changedFiles.map((f) => f.path);
  const botLogin = await botLoginOf(octokit, config.githubToken);
  const [posted, existingSummary] = await Promise.all([postedFingerprints(octokit, pull, botLogin), findSummary(octokit, pull, botLogin)]);
  const scope = await reviewScope(octokit, pull.owner, pull.repo, { incremental: config.incremental, forceFull, previousSha: existingSummary?.reviewedSha, headSha, prFiles: reviewed });
  // The rules always see the whole snapshot; Claude reads only what changed since its last look.
  const forClaude = scope.kind === 'incremental' ? reviewed.filter((f) => scope.paths.has(f.path)) : reviewed;
  const { report: claude, summary: claudeSummary } =
    reviewed.length === 0
      ? { report: undefined, summary: undefined }
      : scope.kind === 'incremental' && forClaude.length === 0
        ? { report: undefined, summary: { ran: false as const, reason: `No reviewed file changed since \`${scope.since.slice(0, 7)}\`, so Claude had nothing new to read.` } }
        : await claudePass({
            gate: claudeGate({ mode: config.claude, hasKey: Boolean(config.anthropicApiKey), claudeFor: config.claudeFor, authorAssociation: snapshot.pr.authorAssociation, labels: snapshot.pr.labels }),
            files: reviewFilesOf(forClaude, snapshot.files, analysis.findings),
            projectFiles: snapshot.files,
            roots: snapshot.roots,
            config,
            env,
          });
  const isDependent = (ruleId: string): boolean => dependsOnChange(ruleId, changedPaths);

  const previousPath = new Map(reviewed.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath!]));
  let plan = planReview({
    findings: [...analysis.findings, ...(claude?.findings ?? [])],
    changedFiles: reviewed,
    isDependentFinding: (f) => isDependent(f.ruleId),
    posted,
    aliasesOf: (f) => {
      const old = previousPath.get(f.path);
      const alias = old ? fingerprintAtPath(f, analysis.findings, old) : undefined;
      return alias ? [alias] : [];
    },
    inlineMinSeverity: config.inlineMinSeverity,
    maxComments: config.maxComments,
  });

  const notes: string[] = [];
  if (snapshot.listCapped) {
    notes.push(`GitHub lists only ${snapshot.changedFiles.length} of this pull request's ${snapshot.pr.changedFiles} files (its cap is 3,000): the files past that were not reviewed.`);
  }
  if (reviewed.length === 0) notes.push('This pull request changes no files under the reviewed paths.');
  const withoutDiff = reviewed.filter((f) => !f.patch).map((f) => f.path);
  if (withoutDiff.length > 0) notes.push(`No diff from GitHub (binary or too large), so no inline comments on: ${withoutDiff.join(', ')}.`);
  let readOnly = false;
  let reviewUrl = '';
  let postedInline = 0;
  if (plan.inline.length > 0) {
    try {
      const comments = plan.inline.map((c) => toReviewComment(c));
      const result = await postReview(octokit, pull, { headSha, runId, body: renderReviewBody(plan, headSha, runId), comments }, botLogin);
      const refused = result.refused.map((i) => plan.inline[i]);
      postedInline = result.posted.length;
      reviewUrl = result.reviewUrl ?? '';
      if (refused.length > 0) notes.push(`GitHub refused ${refused.length} inline comment(s); they are listed above instead.`);
      plan = withRefused(plan, refused);
    } catch (error) {
      if (!isReadOnlyError(error)) throw error;
      readOnly = true;
    }
  }

  // A finding open at the last review is fixed when this run checked its file and rule again and it is gone.
  const changes = findingChanges(existingSummary?.state, plan.findings, (o) => config.rules.get(o.ruleId) !== 'off' && (reviewedPaths.has(o.path) || (isDependent(o.ruleId) && snapshot.files.has(o.path))));
  const resolved = readOnly ? { resolved: new Set<string>(), forbidden: false } : await resolveThreads(octokit, pull, botLogin, changes.fixed, notes);
  const summaryInput: SummaryInput = {
    plan,
    headSha,
    reviewedFiles: reviewed.map((f) => f.path),
    skipped: snapshot.skipped,
    notes,
    postedInline,
    titleOf: ruleTitle,
    claude: claudeSummary,
    scope: scope.kind === 'full' ? scope : { kind: 'incremental', since: scope.since, files: scope.paths.size },
    ...(existingSummary?.state ? { changes: { added: changes.added.length, carried: changes.carried.length, fixed: changes.fixed.map((finding) => ({ finding, resolved: resolved.resolved.has(finding.fingerprint) })), cannotResolve: resolved.forbidden } } : {}),
    state: stateOf(headSha, plan.findings),
  };
  let summaryUrl = '';
  if (!readOnly && (reviewed.length > 0 || existingSummary)) {
    try {
      summaryUrl = await upsertSummary(octokit, pull, existingSummary, renderSummary(summaryInput));
    } catch (error) {
      if (!isReadOnlyError(error)) throw error;
      readOnly = true;
    }
  }
  if (readOnly) {
    core.warning('convex-review: the token cannot write to this pull request (a fork PR under pull_request gets a read-only token); the findings are in the job summary and annotations.');
    notes.push('The token could not write to the pull request: no review or summary comment was posted.');
  }

  await writeJobSummary(renderJobSummary({ ...summaryInput, notes }));
  annotate(plan.findings, { error: core.error, warning: core.warning, notice: core.notice });
  const ofReviewed = plan.findings.filter((f) => reviewed.some((r) => r.path === f.path));
  setOutputs({ findings: plan.findings, inline: postedInline, sha: headSha, reviewUrl, summaryUrl, claude });
  if (config.sarifFile) core.info(`convex-review: SARIF written to ${writeSarifFile(config.sarifFile, plan.findings, env.GITHUB_WORKSPACE ?? process.cwd())}`);
  const failing = ofReviewed.filter((f) => f.source === 'static' && meetsThreshold(f.severity, config.failOn));
  if (failing.length > 0) core.setFailed(`convex-review: ${failing.length} finding(s) at or above fail-on: ${config.failOn}`);
}

function toReviewComment(c: InlineComment): ReviewComment {
  return {
    path: c.path,
    line: c.line,
    side: 'RIGHT',
    ...(c.startLine !== undefined ? { start_line: c.startLine, start_side: 'RIGHT' as const } : {}),
    body: renderInlineComment(c, ruleTitle),
  };
}

/** Resolves the threads of fixed findings when the token may; a failure here costs a note, not the run. */
async function resolveThreads(octokit: ReturnType<typeof createClient>, pull: PullRef, botLogin: string, fixed: readonly OpenFinding[], notes: string[]): Promise<ResolveOutcome> {
  try {
    return await resolveFixedThreads(octokit, pull, botLogin, new Set(fixed.map((f) => f.fingerprint)));
  } catch (error) {
    notes.push(`Could not resolve the review threads of fixed findings: ${(error as Error).message}`);
    return { resolved: new Set(), forbidden: false };
  }
}



function readEvent(env: NodeJS.ProcessEnv): EventContext {
  const path = env.GITHUB_EVENT_PATH;
  const payload = path ? (JSON.parse(readFileSync(path, 'utf8')) as EventContext['payload']) : {};
  return { eventName: env.GITHUB_EVENT_NAME ?? '', payload, repository: env.GITHUB_REPOSITORY ?? '', sha: env.GITHUB_SHA || undefined };
}



