/**
 * The last stage of every Action run, pull request or audit: the job summary, annotations,
 * outputs and SARIF — the places the findings always reach — then the fail-on gate.
 */
import * as core from '@actions/core';
import type { ClaudeReport } from '../ai/report.js';
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

export async function report(run: RunReport, config: Pick<ActionConfig, 'sarifFile' | 'failOn'>, env: NodeJS.ProcessEnv): Promise<void> {
  await writeJobSummary(run.jobSummary);
  annotate(run.findings, { error: core.error, warning: core.warning, notice: core.notice });
  setOutputs({ ...run.outputs, findings: run.findings, claude: run.claude });
  if (config.sarifFile) core.info(`convex-review: SARIF written to ${writeSarifFile(config.sarifFile, run.findings, env.GITHUB_WORKSPACE ?? process.cwd())}`);
  failOn(run.review, config.failOn);
}

function failOn(review: Review, threshold: Threshold): void {
  const failing = failingFindings(review, threshold);
  if (failing.length > 0) core.setFailed(`convex-review: ${failing.length} finding(s) at or above fail-on: ${threshold}`);
}
