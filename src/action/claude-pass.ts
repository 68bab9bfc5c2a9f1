/**
 * The Claude pass as the Action runs it: the gate's decision and the inputs' settings bound into
 * a runner — or, on a head Claude already answered for, that answer again without a request.
 */
import * as core from '@actions/core';
import { runClaudeReview } from '../ai/claude.js';
import { NO_USAGE } from '../ai/pricing.js';
import type { ClaudeReport } from '../ai/report.js';
import { claudeGate, needsAuthorPermission, type GateDecision, type GateInput } from '../ai/gate.js';
import type { Octokit } from '../github/client.js';
import { fetchAuthorPermission } from '../github/membership.js';
import type { PullRequestInfo } from '../github/snapshot.js';
import type { ClaudeAnswer } from '../plan/state.js';
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
        effort: config.claudeEffort,
        verify: config.claudeVerify,
        minScore: config.claudeMinScore,
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
 * private org members as CONTRIBUTOR, so only then is the author's permission asked. When Claude
 * would run on a head whose answer the summary already holds (`stored`), that answer is reused
 * and no request is sent.
 */
export async function pullRequestClaude(
  octokit: Octokit,
  pull: { owner: string; repo: string },
  pr: PullRequestInfo,
  config: ActionConfig,
  env: NodeJS.ProcessEnv,
  stored?: ClaudeAnswer,
): Promise<ClaudeChoice> {
  const gate: GateInput = { mode: config.claude, hasKey: Boolean(config.anthropicApiKey), claudeFor: config.claudeFor, authorAssociation: pr.authorAssociation, labels: pr.labels };
  if (needsAuthorPermission(gate)) gate.permission = await fetchAuthorPermission(octokit, pull.owner, pull.repo, pr.authorLogin);
  const choice = actionClaude(claudeGate(gate), config, env);
  if ('run' in choice && stored && stored.headSha === pr.headSha) {
    core.info(`convex-review: Claude already answered for ${pr.headSha.slice(0, 7)}: reusing that answer, no request sent`);
    return reusedClaude(stored);
  }
  return choice;
}

/** Claude's stored answer as a run that sent nothing: its findings on the files given, no tokens, no cost. */
export function reusedClaude(stored: ClaudeAnswer): ClaudeChoice {
  return {
    run: (input): Promise<ClaudeReport> => {
      const paths = new Set(input.files.map((f) => f.path));
      return Promise.resolve({
        model: stored.model,
        findings: stored.findings.filter((f) => paths.has(f.path)),
        summaries: [],
        usage: NO_USAGE,
        costUsd: 0,
        requests: 0,
        reviewed: [...paths],
        leftOut: [],
        failures: [],
        refusals: 0,
        dropped: { duplicateOfStatic: 0, suppressed: 0, repeated: 0, alreadyRaised: 0, unquoted: 0, notVerified: 0 },
        contextLeftOut: [],
        reusedFrom: stored.headSha,
      });
    },
  };
}
