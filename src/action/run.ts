/**
 * A run that reviews something: the inputs, the client, then a pull request's review
 * (pull-request.ts) or an audit (audit.ts); and what a failed run reports. `src/main.ts` loads
 * this module — and with it the analyser (TypeScript, ~15 MB of code) — only once the event is
 * one to review, or to report a failure.
 */
import * as core from '@actions/core';
import { RULE_IDS } from '../convex/rules/index.js';
import { ConfigFileError } from '../convex/model/roots.js';
import { UsageError } from '../core/errors.js';
import { createClient } from '../github/client.js';
import { fetchConfig } from '../github/config.js';
import { adviceFor, gitHubFailure } from '../github/errors.js';
import type { Target } from '../github/target.js';
import { runAudit } from './audit.js';
import { readActionConfig, withConfigFile } from './config.js';
import { runPullRequest } from './pull-request.js';
import { failureJobSummary, ReportedFailure } from './report.js';
import { setOutputs, writeJobSummary } from './step-outputs.js';

export async function runTarget(target: Exclude<Target, { kind: 'skip' }>, env: NodeJS.ProcessEnv): Promise<void> {
  const inputs = readActionConfig((name) => core.getInput(name), RULE_IDS, env);
  const octokit = createClient({ token: inputs.githubToken, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', log: (m) => core.info(m), maxWaitSeconds: inputs.maxWaitSeconds });
  if (target.kind === 'audit') {
    await runAudit(octokit, target, withConfigFile(inputs, await fetchConfig(octokit, target.owner, target.repo, target.sha, RULE_IDS)), env);
    return;
  }
  const full =
    target.event === 'workflow_dispatch'
      ? 'a manual run (workflow_dispatch) reviews the whole pull request'
      : target.label
        ? `the label \`${target.label}\` was just added, so Claude reads the whole pull request`
        : undefined;
  await runPullRequest(octokit, { owner: target.owner, repo: target.repo, prNumber: target.prNumber }, inputs, env, full);
}

/**
 * A bad input or config file is the user's to fix: its message is enough. A GitHub request that
 * failed for good (after the retries and rate-limit waits it was allowed) is said in words, with
 * what to do; when it came before any report was written, the job summary says it too. Anything
 * else is ours: the stack goes to the log.
 */
export async function reportFailure(thrown: unknown): Promise<void> {
  const reported = thrown instanceof ReportedFailure;
  const error = reported ? thrown.failure : thrown;
  if (error instanceof UsageError || error instanceof ConfigFileError) {
    core.setFailed(`convex-review: ${error.message}`);
    return;
  }
  const github = gitHubFailure(error);
  if (github) {
    if (!reported) {
      setOutputs({});
      await writeJobSummary(failureJobSummary(github.reason, adviceFor(github)));
    }
    core.setFailed(`convex-review: ${github.reason}. ${adviceFor(github)}`);
    return;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  core.error(err.stack ?? err.message);
  core.setFailed(`convex-review: internal error: ${err.message}`);
}
