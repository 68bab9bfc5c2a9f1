/**
 * The action: inputs → target → a pull request's review (src/action/pull-request.ts) or an audit
 * (src/action/audit.ts). This file wires the steps and reports what failed, nothing else.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { runAudit } from './action/audit.js';
import { readActionConfig, withConfigFile } from './action/config.js';
import { setOutputs, writeJobSummary } from './action/outputs.js';
import { runPullRequest } from './action/pull-request.js';
import { failureJobSummary, ReportedFailure } from './action/report.js';
import { RULE_IDS } from './convex/rules/index.js';
import { ConfigFileError } from './convex/model/roots.js';
import { UsageError } from './core/errors.js';
import { createClient } from './github/client.js';
import { adviceFor, gitHubFailure } from './github/errors.js';
import { fetchConfig } from './github/config.js';
import { resolveTarget, type EventContext } from './github/target.js';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = readActionConfig((name) => core.getInput(name), RULE_IDS, env);
    const target = resolveTarget(readEvent(env), inputs.prNumber);
    if (target.kind === 'skip') {
      core.notice(`convex-review: ${target.reason}`);
      setOutputs({});
      return;
    }
    const octokit = createClient({ token: inputs.githubToken, baseUrl: env.GITHUB_API_URL ?? 'https://api.github.com', log: (m) => core.info(m), maxWaitSeconds: inputs.maxWaitSeconds });
    if (target.kind === 'audit') {
      await runAudit(octokit, target, withConfigFile(inputs, await fetchConfig(octokit, target.owner, target.repo, target.sha, RULE_IDS)), env);
      return;
    }
    const manual = target.event === 'workflow_dispatch' ? 'a manual run (workflow_dispatch) reviews the whole pull request' : undefined;
    await runPullRequest(octokit, { owner: target.owner, repo: target.repo, prNumber: target.prNumber }, inputs, env, manual);
  } catch (error) {
    await reportFailure(error);
  }
}

/**
 * A bad input or config file is the user's to fix: its message is enough. A GitHub request that
 * failed for good (after the retries and rate-limit waits it was allowed) is said in words, with
 * what to do; when it came before any report was written, the job summary says it too. Anything
 * else is ours: the stack goes to the log.
 */
async function reportFailure(thrown: unknown): Promise<void> {
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

function readEvent(env: NodeJS.ProcessEnv): EventContext {
  const path = env.GITHUB_EVENT_PATH;
  const payload = path ? (JSON.parse(readFileSync(path, 'utf8')) as EventContext['payload']) : {};
  return { eventName: env.GITHUB_EVENT_NAME ?? '', payload, repository: env.GITHUB_REPOSITORY ?? '', sha: env.GITHUB_SHA || undefined };
}
