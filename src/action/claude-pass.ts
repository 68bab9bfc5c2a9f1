/** The Claude pass as the Action runs it: the gate's decision and the inputs' settings bound into a runner. */
import * as core from '@actions/core';
import { runClaudeReview } from '../ai/claude.js';
import type { GateDecision } from '../ai/gate.js';
import type { ClaudeChoice } from '../review/review.js';
import type { ActionConfig } from './config.js';

export interface ClaudeRunOptions {
  /** Audits send one file per request. */
  maxFilesPerBatch?: number;
}

/** What the review is told about Claude; Claude's failures become warnings in the log, never a failed step. */
export function actionClaude(gate: GateDecision, config: ActionConfig, env: NodeJS.ProcessEnv, options: ClaudeRunOptions = {}): ClaudeChoice {
  if (!gate.run) {
    if (config.claude === 'on') core.warning(`convex-review: ${gate.reason}`);
    return { skip: gate.reason };
  }
  if (gate.note) core.info(`convex-review: ${gate.note}`);
  return {
    run: async (input) => {
      const report = await runClaudeReview(input, {
        apiKey: config.anthropicApiKey!,
        baseURL: env.ANTHROPIC_BASE_URL || undefined,
        model: config.model,
        maxInputTokens: config.maxInputTokens,
        maxOutputTokens: config.maxOutputTokens,
        concurrency: config.claudeConcurrency,
        maxRetries: config.maxRetries,
        timeoutSeconds: config.claudeTimeoutSeconds,
        ...(options.maxFilesPerBatch ? { maxFilesPerBatch: options.maxFilesPerBatch } : {}),
      });
      for (const failure of report.failures) core.warning(`convex-review: Claude: ${failure}`);
      core.info(`convex-review: Claude ${report.model}: ${report.requests} request(s), ${report.findings.length} finding(s)`);
      return report;
    },
  };
}
