/** The config file through `node dist/index.js`: read from the base branch, never from the PR. */
import { afterEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { BASE, HEAD } from './fixture.js';

let gh: GitHubFake | undefined;
afterEach(async () => gh?.close());

const CONFIG = '.github/convex-review.yml';
async function review(base: Record<string, string>, head: Record<string, string>, inputs: Record<string, string> = {}) {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base, head }] });
  const result = await runAction({ apiUrl: gh.url, eventName: 'pull_request', event: { action: 'opened', number: 1, pull_request: { number: 1 } }, inputs });
  const rules = gh.state(1).reviewComments.map((c) => /· `([a-z-]+)` ·/.exec(String(c.body))?.[1]).sort();
  return { result, rules };
}

describe('the config file in the Action', () => {
  it("applies the base branch's file, and ignores the pull request's own change to it", async () => {
    const base = { ...BASE, [CONFIG]: 'rules:\n  require-args-validator: off\n' };
    const head = { ...HEAD, [CONFIG]: 'rules:\n  require-args-validator: off\n  floating-convex-promise: off\n' };
    const { result, rules } = await review(base, head);
    expect(result.code).toBe(0);
    expect(rules).toEqual(['floating-convex-promise', 'internal-ref-for-server-calls', 'no-filter-on-db-query']);
  });

  it('lets the rules input win over the file', async () => {
    const base = { ...BASE, [CONFIG]: 'rules:\n  require-args-validator: off\n' };
    const { rules } = await review(base, { ...HEAD, [CONFIG]: base[CONFIG] }, { rules: 'require-args-validator=error' });
    expect(rules).toContain('require-args-validator');
  });

  it('fails on a bad file, naming the file, the key and what is accepted', async () => {
    const base = { ...BASE, [CONFIG]: 'rules:\n  require-args-validater: off\n' };
    const { result } = await review(base, { ...HEAD, [CONFIG]: base[CONFIG] });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::convex-review: \.github\/convex-review\.yml \(at [0-9a-f]{7}\): rules\.require-args-validater: unknown rule id; did you mean require-args-validator\? Valid ids: aggregate-not-synced, /);
    expect(gh!.creations()).toEqual([]);
  });
});
