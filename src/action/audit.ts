/**
 * Audit mode (workflow_dispatch without pr-number): every file under the Convex functions folders
 * at the workflow's commit. No comments — the job summary, at most 10 annotations, the outputs and
 * SARIF. Claude only with `claude: on`, one file per request within `max-input-tokens`.
 */
import * as core from '@actions/core';
import picomatch from 'picomatch';
import { claudeGate } from '../ai/gate.js';
import { analyzeFiles } from '../convex/analyze.js';
import { ruleTitle } from '../convex/rules/index.js';
import { meetsThreshold } from '../core/finding.js';
import { wholeFileAdded } from '../diff/patch.js';
import type { Octokit } from '../github/client.js';
import { fetchRepoFiles } from '../github/snapshot.js';
import { renderAuditSummary } from '../plan/render-audit.js';
import { annotate } from '../report/annotations.js';
import { claudePass } from './claude-pass.js';
import type { ActionConfig } from './config.js';
import { setOutputs, writeJobSummary, writeSarifFile } from './outputs.js';

export async function runAudit(octokit: Octokit, target: { owner: string; repo: string; sha: string }, config: ActionConfig, env: NodeJS.ProcessEnv): Promise<void> {
  const repo = await fetchRepoFiles(octokit, target.owner, target.repo, target.sha);
  const included = config.paths.length > 0 ? picomatch(config.paths, { dot: true }) : () => true;
  const excluded = config.exclude.length > 0 ? picomatch(config.exclude, { dot: true }) : () => false;
  const audited = repo.functionFiles.filter((p) => included(p) && !excluded(p) && repo.files.has(p));
  const auditedSet = new Set(audited);
  const analysis = analyzeFiles(repo.files, { settings: config.rules, project: config.project, include: (p) => auditedSet.has(p) });

  // Reading every file costs far more than a PR's diff: an audit never spends the key by default.
  const gate =
    config.claude === 'on'
      ? claudeGate({ mode: 'on', hasKey: Boolean(config.anthropicApiKey), claudeFor: 'everyone', authorAssociation: '', labels: [] })
      : { run: false as const, reason: `An audit runs Claude only with claude: on (this run has claude: ${config.claude}); the static rules reviewed every file.` };
  const { report: claude, summary: claudeSummary } = await claudePass({
    gate,
    files: audited.map((path) => {
      const text = repo.files.get(path)!;
      return { path, text, patch: wholeFileAdded(text), staticFindings: analysis.findings.filter((f) => f.path === path) };
    }),
    projectFiles: repo.files,
    roots: repo.roots,
    config,
    env,
    maxFilesPerBatch: 1,
  });
  const findings = [...analysis.findings, ...(claude?.findings ?? [])];
  await writeJobSummary(renderAuditSummary({ sha: target.sha, files: audited.length, findings, skipped: repo.skipped, titleOf: ruleTitle, claude: claudeSummary }));
  annotate(findings, { error: core.error, warning: core.warning, notice: core.notice });
  setOutputs({ findings, sha: target.sha, claude });
  if (config.sarifFile) core.info(`convex-review: SARIF written to ${writeSarifFile(config.sarifFile, findings, env.GITHUB_WORKSPACE ?? process.cwd())}`);
  core.info(`convex-review: audited ${audited.length} file(s) at ${target.sha.slice(0, 7)}: ${findings.length} finding(s)`);
  const failing = analysis.findings.filter((f) => meetsThreshold(f.severity, config.failOn));
  if (failing.length > 0) core.setFailed(`convex-review: ${failing.length} finding(s) at or above fail-on: ${config.failOn}`);
}
