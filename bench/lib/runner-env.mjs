// The environment the GitHub Actions runner gives `node dist/index.js`, as
// test/support/action-runner.ts builds it: INPUT_* (action.yml's defaults applied, hyphens kept),
// the event file, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_API_URL, a merge-commit GITHUB_SHA
// and an empty workspace.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** action.yml's input defaults, as the runner applies them. */
export function actionDefaults(actionYml, token) {
  const yml = readFileSync(actionYml, 'utf8');
  const inputs = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  const defaults = {};
  for (const m of inputs.matchAll(/\n {2}([a-z-]+):\n(?: {4}.*\n)*? {4}default: (.*)/g)) {
    defaults[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace('${{ github.token }}', token);
  }
  return defaults;
}

/**
 * A runner directory and the env for one run. `read()` returns GITHUB_OUTPUT's values and the job
 * summary; `remove()` deletes the directory.
 * @param {{ actionYml: string, apiUrl: string, eventName: string, event: object, inputs?: Record<string, string>, env?: Record<string, string>, token?: string }} options
 */
export function runnerEnv({ actionYml, apiUrl, eventName, event, inputs = {}, env = {}, token = 'ghs_write' }) {
  const dir = mkdtempSync(join(tmpdir(), 'convex-review-bench-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output.txt');
  const summaryPath = join(dir, 'summary.md');
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace);
  writeFileSync(eventPath, JSON.stringify(event));
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const vars = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: 'refs/pull/1/merge',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: dir,
    ...env,
  };
  for (const [name, value] of Object.entries({ ...actionDefaults(actionYml, token), ...inputs })) vars[`INPUT_${name.toUpperCase()}`] = value;
  return {
    dir,
    workspace,
    env: vars,
    read: () => ({ outputs: parseOutputs(readFileSync(outputPath, 'utf8')), jobSummary: readFileSync(summaryPath, 'utf8') }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}
