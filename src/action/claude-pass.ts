/** The Claude pass as the Action runs it: settings from the inputs, failures turned into warnings. */
import * as core from '@actions/core';
import { runClaudeReview, type ClaudeReport } from '../ai/claude.js';
import type { GateDecision } from '../ai/gate.js';
import type { ReviewFile } from '../ai/prompt.js';
import type { ConvexRoot } from '../convex/model/roots.js';
import { summarizeClaude, type ClaudeSummary } from '../plan/render.js';
import type { ActionConfig } from './config.js';

export interface ClaudePassInput {
  gate: GateDecision;
  files: readonly ReviewFile[];
  projectFiles: ReadonlyMap<string, string>;
  roots: readonly ConvexRoot[];
  config: ActionConfig;
  env: NodeJS.ProcessEnv;
  /** Audits send one file per request. */
  maxFilesPerBatch?: number;
}

/** Never throws: what Claude could not do is in the summary. */
export async function claudePass(input: ClaudePassInput): Promise<{ report?: ClaudeReport; summary: ClaudeSummary }> {
  const { gate, config } = input;
  if (!gate.run) {
    if (config.claude === 'on') core.warning(`convex-review: ${gate.reason}`);
    return { summary: { ran: false, reason: gate.reason } };
  }
  if (input.files.length === 0) return { summary: { ran: false, reason: 'No reviewed file has a diff Claude could comment on, so Claude did not run.' } };
  const report = await runClaudeReview(
    { files: input.files, projectFiles: input.projectFiles, roots: input.roots },
    {
      apiKey: config.anthropicApiKey!,
      baseURL: input.env.ANTHROPIC_BASE_URL || undefined,
      model: config.model,
      maxInputTokens: config.maxInputTokens,
      maxOutputTokens: config.maxOutputTokens,
      concurrency: config.claudeConcurrency,
      maxRetries: config.maxRetries,
      timeoutSeconds: config.claudeTimeoutSeconds,
      ...(input.maxFilesPerBatch ? { maxFilesPerBatch: input.maxFilesPerBatch } : {}),
    },
  );
  for (const failure of report.failures) core.warning(`convex-review: Claude: ${failure}`);
  core.info(`convex-review: Claude ${report.model}: ${report.requests} request(s), ${report.findings.length} finding(s)`);
  return { report, summary: summarizeClaude(report, input.files.length) };
}
