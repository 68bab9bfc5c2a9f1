/** The Action's results outside the pull request: step outputs, the job summary, a SARIF file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as core from '@actions/core';
import { NO_USAGE } from '../ai/pricing.js';
import type { ClaudeReport } from '../ai/report.js';
import { countBySeverity, type Finding } from '../core/finding.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { toSarif } from '../report/sarif.js';
import { TOOL_VERSION } from '../version.js';

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

/** `sarif-file`, relative to the workspace: the findings for github/codeql-action/upload-sarif. */
export function writeSarifFile(path: string, findings: readonly Finding[], workspace: string): string {
  const target = resolve(workspace, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(toSarif(findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES }), null, 2) + '\n');
  return target;
}
