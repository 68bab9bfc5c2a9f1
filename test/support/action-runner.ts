/**
 * Runs the action the way the GitHub Actions runner does: `node dist/index.js` with INPUT_*
 * (action.yml defaults applied, hyphens kept), the event file, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_API_URL, a merge-commit GITHUB_SHA and an empty workspace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  jobSummary: string;
}

export interface RunOptions {
  apiUrl: string;
  eventName: string;
  event: object;
  inputs?: Record<string, string>;
  /** What `${{ github.token }}` expands to. */
  token?: string;
  repository?: string;
  env?: Record<string, string>;
}

/** action.yml's input defaults, as the runner applies them. */
export function actionDefaults(token: string): Record<string, string> {
  const yml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const inputs = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
  const defaults: Record<string, string> = {};
  for (const m of inputs.matchAll(/\n {2}([a-z-]+):\n(?: {4}.*\n)*? {4}default: (.*)/g)) {
    defaults[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace('${{ github.token }}', token);
  }
  return defaults;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'convex-review-runner-'));
  try {
    const eventPath = join(dir, 'event.json');
    const outputPath = join(dir, 'output.txt');
    const summaryPath = join(dir, 'summary.md');
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    writeFileSync(eventPath, JSON.stringify(options.event));
    writeFileSync(outputPath, '');
    writeFileSync(summaryPath, '');
    const inputs = { ...actionDefaults(options.token ?? 'ghs_write'), ...options.inputs };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: options.repository ?? 'acme/app',
      GITHUB_SHA: 'f'.repeat(40), // the merge commit: never what is reviewed
      GITHUB_REF: 'refs/pull/1/merge',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${options.apiUrl}/graphql`,
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: dir,
      ...options.env,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
    const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], { cwd: workspace, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputPath, 'utf8')), jobSummary: readFileSync(summaryPath, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}
