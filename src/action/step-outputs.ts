/**
 * The step's outputs and the job summary: light on purpose (no analyser, no rules), so that a run
 * that skips its event sets its outputs without loading TypeScript.
 */
import * as core from '@actions/core';
import { NO_USAGE } from '../ai/pricing.js';
import type { ClaudeReport } from '../ai/report.js';
import { countBySeverity, type Finding } from '../core/finding.js';

export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

export interface RunOutputs {
  findings?: readonly Finding[];
  inline?: number;
  sha?: string;
  reviewUrl?: string;
  summaryUrl?: string;
  claude?: ClaudeReport;
}

/** Every output is always set: integers as decimal strings, URLs empty when nothing was posted. */
export function setOutputs(o: RunOutputs): void {
  const counts = countBySeverity(o.findings ?? []);
  core.setOutput('findings', String(o.findings?.length ?? 0));
  core.setOutput('errors', String(counts.error));
  core.setOutput('warnings', String(counts.warning));
  core.setOutput('infos', String(counts.info));
  core.setOutput('inline-comments', String(o.inline ?? 0));
  core.setOutput('reviewed-sha', o.sha ?? '');
  core.setOutput('review-url', o.reviewUrl ?? '');
  core.setOutput('summary-url', o.summaryUrl ?? '');
  const usage = o.claude?.usage ?? NO_USAGE;
  core.setOutput('claude-comments', String(o.claude?.findings.length ?? 0));
  core.setOutput('input-tokens', String(usage.inputTokens));
  core.setOutput('output-tokens', String(usage.outputTokens));
  core.setOutput('cache-creation-tokens', String(usage.cacheCreationTokens));
  core.setOutput('cache-read-tokens', String(usage.cacheReadTokens));
  core.setOutput('cost-usd', o.claude?.costUsd === undefined ? (o.claude ? '' : '0') : o.claude.costUsd.toFixed(6));
}
