/**
 * A run that reviews something: the inputs, the client, then a pull request's review
 * (pull-request.ts) or an audit (audit.ts). `src/main.ts` loads this module — and with it the
 * analyser (TypeScript, ~15 MB of code) — only once the event is one to review.
 */
import * as core from '@actions/core';
import { RULE_IDS } from '../convex/rules/index.js';
import { createClient } from '../github/client.js';
import { fetchConfig } from '../github/config.js';
import type { Target } from '../github/target.js';
import { codeSpan } from '../plan/sanitize.js';
import { runAudit } from './audit.js';
import { readActionConfig, withConfigFile } from './config.js';
import { runPullRequest } from './pull-request.js';

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
        ? `the label ${codeSpan(target.label)} was just added, so Claude reads the whole pull request`
        : undefined;
  await runPullRequest(octokit, { owner: target.owner, repo: target.repo, prNumber: target.prNumber }, inputs, env, full);
}
