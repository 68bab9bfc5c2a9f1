/**
 * Audit mode (push, schedule, and workflow_dispatch without pr-number): every file under the
 * Convex functions folders at the workflow's commit (GITHUB_SHA). No comments — the job summary,
 * at most 10 annotations, the outputs and SARIF. Claude only with `claude: on`, one file per
 * request within `max-input-tokens`.
 */
import * as core from '@actions/core';
import { claudeGate } from '../ai/gate.js';
import { ruleTitle } from '../convex/rules/index.js';
import type { Octokit } from '../github/client.js';
import { fetchRepoFiles } from '../github/snapshot.js';
import { renderAuditSummary } from '../plan/render-audit.js';
import { reviewChange } from '../review/review.js';
import { actionClaude } from './claude-pass.js';
import { reviewSettingsOf, type ActionConfig } from './config.js';
import { report } from './report.js';

export async function runAudit(octokit: Octokit, target: { owner: string; repo: string; sha: string }, config: ActionConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const project = await fetchRepoFiles(octokit, target.owner, target.repo, target.sha, { log: (m) => core.info(m) });
  // Reading every file costs far more than a PR's diff: an audit never spends the key by default.
  const gate =
    config.claude === 'on'
      ? claudeGate({ mode: 'on', hasKey: Boolean(config.anthropicApiKey), claudeFor: 'everyone', authorAssociation: '', labels: [] })
      : { run: false as const, reason: `An audit runs Claude only with claude: on (this run has claude: ${config.claude}); the static rules reviewed every file.` };
  const review = await reviewChange({
    project,
    target: { kind: 'files' },
    settings: reviewSettingsOf(config),
    claude: actionClaude(gate, config, env, { maxFilesPerBatch: 1 }),
  });
  core.info(`convex-review: audited ${review.reviewedPaths.length} file(s) at ${target.sha.slice(0, 7)}: ${review.findings.length} finding(s)`);
  await report(
    {
      jobSummary: renderAuditSummary({ sha: target.sha, files: review.reviewedPaths.length, findings: review.findings, skipped: project.skipped, titleOf: ruleTitle, claude: review.claudeSummary! }),
      findings: review.findings,
      outputs: { sha: target.sha },
      claude: review.claudeReport,
      review,
    },
    config,
    env,
  );
}
