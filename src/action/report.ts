/**
 * The last stage of every Action run, pull request or audit: the job summary, annotations,
 * outputs and SARIF — the places the findings always reach — then the fail-on gate.
 */
import * as core from '@actions/core';
import type { ClaudeReport } from '../ai/report.js';
import { globFilter } from '../change/select.js';
import type { Finding, Threshold } from '../core/finding.js';
import { annotate } from '../report/annotations.js';
import { failingFindings, type Review } from '../review/review.js';
import type { ActionConfig } from './config.js';
import { writeSarifFile } from './outputs.js';
import { setOutputs, writeJobSummary, type RunOutputs } from './step-outputs.js';

export interface RunReport {
  jobSummary: string;
  /** Every finding of the run (annotations, outputs, SARIF). */
  findings: readonly Finding[];
  outputs: Omit<RunOutputs, 'findings' | 'claude'>;
  claude?: ClaudeReport;
  review: Review;
}

type ReportConfig = Pick<ActionConfig, 'sarifFile' | 'failOn' | 'paths' | 'exclude'>;

export async function report(run: RunReport, config: ReportConfig, env: NodeJS.ProcessEnv): Promise<void> {
  await writeJobSummary(run.jobSummary);
  annotate(run.findings, { error: core.error, warning: core.warning, notice: core.notice });
  setOutputs({ ...run.outputs, findings: run.findings, claude: run.claude });
  if (config.sarifFile) core.info(`convex-review: SARIF written to ${writeSarifFile(config.sarifFile, sarifFindings(run, config), env.GITHUB_WORKSPACE ?? process.cwd())}`);
  failOn(run.review, config.failOn);
}

/**
 * What the SARIF file holds. An audit: its findings. A pull request: every static finding of the
 * head commit within paths and exclude, not only those of the changed files — code scanning
 * closes the alerts an upload leaves out, and compares a pull request's analysis with the base
 * branch's of the same category, so the upload must be what an audit of that commit writes
 * (its static part: Claude's comments stay on the pull request). One category for both.
 */
export function sarifFindings(run: Pick<RunReport, 'findings' | 'review'>, config: Pick<ActionConfig, 'paths' | 'exclude'>): readonly Finding[] {
  if (!('plan' in run.review)) return run.findings;
  const selected = globFilter(config.paths, config.exclude, () => true);
  return run.review.analysis.findings.filter((f) => selected(f.path));
}

function failOn(review: Review, threshold: Threshold): void {
  const failing = failingFindings(review, threshold);
  if (failing.length > 0) core.setFailed(`convex-review: ${failing.length} finding(s) at or above fail-on: ${threshold}`);
}
