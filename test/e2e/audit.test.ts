/**
 * Audit mode and SARIF through `node dist/index.js`: workflow_dispatch without pr-number reviews
 * every file of the Convex folders at GITHUB_SHA, comments nowhere, and reports through the job
 * summary, at most 10 annotations, the outputs and a schema-valid SARIF file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, type AnthropicFake } from '../fakes/anthropic.js';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { validateSarif } from '../support/sarif.js';
import { BASE, HEAD } from './fixture.js';

let gh: GitHubFake;
let anthropic: AnthropicFake;
let out: string;
beforeEach(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
  anthropic = await startAnthropicFake({ fallback: reply.json({ comments: [], verdicts: [], summary: 'Nothing to add.' }) });
  out = mkdtempSync(join(tmpdir(), 'convex-review-audit-'));
});
afterEach(async () => {
  await gh.close();
  await anthropic.close();
  rmSync(out, { recursive: true, force: true });
});

async function audit(inputs: Record<string, string> = {}) {
  const { headSha } = await gh.snapshot(1);
  const result = await runAction({
    apiUrl: gh.url,
    eventName: 'workflow_dispatch',
    event: { inputs: {} },
    inputs: { 'anthropic-api-key': 'sk-test', ...inputs },
    env: { GITHUB_SHA: headSha, ANTHROPIC_BASE_URL: anthropic.url },
  });
  return { ...result, headSha };
}

/** Every source file of the fixture's functions folder. */
const CONVEX_FILES = Object.keys(HEAD).filter((p) => p.startsWith('convex/')).length;
const annotations = (stdout: string) => stdout.split('\n').filter((l) => /^::(error|warning|notice) /.test(l));

describe('audit mode', () => {
  it('reviews every Convex file at the workflow commit and writes no comment', async () => {
    const sarifPath = join(out, 'reports', 'convex-review.sarif');
    const result = await audit({ 'sarif-file': sarifPath });
    expect(result.code).toBe(0);
    expect(gh.creations()).toEqual([]);

    expect(result.jobSummary).toContain(`## convex-review audit\n\nAudited \`${result.headSha.slice(0, 7)}\` · ${CONVEX_FILES} files under the Convex functions folders`);
    expect(result.jobSummary).toContain('### By rule');
    expect(result.jobSummary).toMatch(/### Worst files\n\n\| File \| errors \| warnings \| info \|\n\|---\|--:\|--:\|--:\|\n\| `convex\/messages\.ts` \| 1 \|/);
    expect(result.jobSummary).toContain('An audit runs Claude only with claude: on (this run has claude: auto)');
    expect(anthropic.requests).toHaveLength(0);

    const findings = Number(result.outputs.findings);
    expect(findings).toBeGreaterThan(0);
    expect(result.outputs['reviewed-sha']).toBe(result.headSha);
    expect(annotations(result.stdout).length).toBe(Math.min(10, findings));

    const sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
    expect(validateSarif(sarif), JSON.stringify(validateSarif.errors)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(findings);
    for (const r of sarif.runs[0].results) expect(r.partialFingerprints['convexReview/v1']).toMatch(/^v1:[0-9a-f]{16}$/);
  });

  it('runs Claude file by file with claude: on, within max-input-tokens, naming the budget', async () => {
    const result = await audit({ claude: 'on', 'claude-verify': 'false' });
    expect(result.code).toBe(0);
    const messages = anthropic.requests.filter((r) => r.path === '/v1/messages');
    expect(messages).toHaveLength(CONVEX_FILES);
    for (const r of messages) expect(JSON.stringify((r.body as { messages: unknown }).messages).match(/## File: /g)).toHaveLength(1);
    expect(result.jobSummary).toContain(`Reviewed ${CONVEX_FILES} of ${CONVEX_FILES} changed files in ${CONVEX_FILES} requests`);

    const tight = await audit({ claude: 'on', 'max-input-tokens': '100' });
    expect(tight.jobSummary).toContain(`Not reviewed by Claude (${CONVEX_FILES}): `);
    expect(tight.jobSummary).toMatch(/`convex\/[\w.]+\.ts` \(over max-input-tokens \(100\)\)/);
  });

  it('fails by fail-on over the static findings, like a PR review', async () => {
    const result = await audit({ 'fail-on': 'error' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/::error::convex-review: \d+ finding\(s\) at or above fail-on: error/);
  });
});
