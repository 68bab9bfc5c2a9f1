/**
 * A committed baseline through `node dist/index.js`: read from the base branch (the config file's
 * `baseline:`), its findings go to the summary, never inline, and never fail the step.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBaseline, parseBaseline, type BaselineEntry } from '../../src/report/baseline.js';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { cli } from '../support/run-cli.js';
import { tmpRepo } from '../support/tmp-repo.js';
import { BASE, HEAD } from './fixture.js';

let gh: GitHubFake | undefined;
afterEach(async () => gh?.close());

const CONFIG = '.github/convex-review.yml';
const BASELINE = '.github/convex-review-baseline.json';

/** The head's findings as `check --update-baseline` records them (what a team would have committed). */
async function headEntries(): Promise<BaselineEntry[]> {
  const repo = tmpRepo(HEAD);
  await cli(['check', '--baseline', 'b.json', '--update-baseline'], repo);
  return parseBaseline(readFileSync(join(repo, 'b.json'), 'utf8'), 'b.json').entries;
}

async function review(base: Record<string, string>, inputs: Record<string, string> = {}) {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base, head: { ...HEAD, ...pick(base, CONFIG, BASELINE) } }] });
  const result = await runAction({ apiUrl: gh.url, eventName: 'pull_request', event: { action: 'opened', number: 1, pull_request: { number: 1 } }, inputs });
  const rules = gh.state(1).reviewComments.map((c) => /· `([a-z-]+)` ·/.exec(String(c.body))?.[1]).sort();
  const summary = gh.state(1).issueComments.map((c) => String(c.body)).join('\n');
  return { result, rules, summary };
}

function pick(files: Record<string, string>, ...paths: string[]): Record<string, string> {
  return Object.fromEntries(paths.filter((p) => p in files).map((p) => [p, files[p]]));
}

describe('a committed baseline in the Action', () => {
  it('posts only the new findings inline; the known one is in the summary, with its reason', async () => {
    const known = (await headEntries()).filter((e) => e.ruleId === 'floating-convex-promise');
    expect(known).toHaveLength(1);
    const base = { ...BASE, [CONFIG]: `baseline: ${BASELINE}\n`, [BASELINE]: formatBaseline(known) };
    const { result, rules, summary } = await review(base);
    expect(result.code).toBe(0);
    expect(rules).toEqual(['internal-ref-for-server-calls', 'no-filter-on-db-query', 'require-args-validator']);
    expect(summary).toMatch(/`floating-convex-promise`; in the baseline \(known before this PR\)\)/);
  });

  it('does not fail the step on findings the baseline records', async () => {
    const base = { ...BASE, [CONFIG]: `baseline: ${BASELINE}\nfail-on: info\n`, [BASELINE]: formatBaseline(await headEntries()) };
    const { result, rules } = await review(base);
    expect(rules).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('fails, naming the file and the commit, when the config names a baseline the base branch lacks', async () => {
    const { result } = await review({ ...BASE, [CONFIG]: `baseline: ${BASELINE}\n` });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::convex-review: baseline \.github\/convex-review-baseline\.json \(at [0-9a-f]{7}\): no such file, though the config file names it/);
    expect(gh!.creations()).toEqual([]);
  });
});
