/** The Claude pass as the Action runs it: the gate's decision and the inputs' settings bound into a runner. */
import * as core from '@actions/core';
import { runClaudeReview } from '../ai/claude.js';
import { claudeGate, needsAuthorPermission, type GateDecision, type GateInput } from '../ai/gate.js';
import type { Octokit } from '../github/client.js';
import { fetchAuthorPermission } from '../github/membership.js';
import type { PullRequestInfo } from '../github/snapshot.js';
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

/**
 * Claude for a pull request: the gate over the inputs and the author; author_association shows
 * private org members as CONTRIBUTOR, so only then is the author's permission asked.
 */
export async function pullRequestClaude(octokit: Octokit, pull: { owner: string; repo: string }, pr: PullRequestInfo, config: ActionConfig, env: NodeJS.ProcessEnv): Promise<ClaudeChoice> {
  const gate: GateInput = { mode: config.claude, hasKey: Boolean(config.anthropicApiKey), claudeFor: config.claudeFor, authorAssociation: pr.authorAssociation, labels: pr.labels };
  if (needsAuthorPermission(gate)) gate.permission = await fetchAuthorPermission(octokit, pull.owner, pull.repo, pr.authorLogin);
  return actionClaude(claudeGate(gate), config, env);
}
