/**
 * Code scanning through `node dist/index.js`: push and schedule audit GITHUB_SHA; the SARIF file
 * is written on every run, an empty but valid run on a skipped event; a pull request's SARIF holds
 * every static finding of its head commit, the same as an audit of that commit; rule entries
 * carry their doc page; and the config file's fail-on reaches the Action.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { validateSarif } from '../support/sarif.js';
import { BASE, HEAD } from './fixture.js';

/** In both commits, untouched by the pull request: its finding is not the PR's, but it is the commit's. */
const LEGACY = { 'convex/legacy.ts': 'import { query } from "./_generated/server";\nexport const old = query({ handler: async (ctx) => [] });\n' };

let gh: GitHubFake;
let out: string;
beforeEach(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: { ...BASE, ...LEGACY }, head: { ...HEAD, ...LEGACY } }] });
  out = mkdtempSync(join(tmpdir(), 'convex-review-code-scanning-'));
});
afterEach(async () => {
  await gh.close();
  rmSync(out, { recursive: true, force: true });
});

interface SarifFile {
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>; partialFingerprints: Record<string, string> }>; tool: { driver: { rules: Array<{ id: string; help?: { markdown?: string }; properties?: Record<string, unknown> }> } } }>;
}
function readSarif(path: string): SarifFile {
  const log = JSON.parse(readFileSync(path, 'utf8'));
  expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
  return log as SarifFile;
}
const fingerprints = (log: SarifFile) => log.runs[0].results.map((r) => r.partialFingerprints['convexReview/v1']).sort();
const paths = (log: SarifFile) => [...new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))].sort();

async function runOn(eventName: string, event: object, inputs: Record<string, string> = {}) {
  const { headSha } = await gh.snapshot(1);
  const result = await runAction({ apiUrl: gh.url, eventName, event, inputs: { claude: 'off', ...inputs }, env: { GITHUB_SHA: headSha } });
  return { ...result, headSha };
}

describe('code scanning', () => {
  it.each([
    ['push', { ref: 'refs/heads/main', after: 'x' }],
    ['schedule', { schedule: '17 4 * * 1' }],
  ])('audits GITHUB_SHA on %s and writes the SARIF file, each rule with its doc page', async (eventName, event) => {
    const sarifPath = join(out, `${eventName}.sarif`);
    const result = await runOn(eventName, event, { 'sarif-file': sarifPath });
    expect(result.code).toBe(0);
    expect(gh.creations()).toEqual([]);
    expect(result.jobSummary).toContain(`## convex-review audit\n\nAudited \`${result.headSha.slice(0, 7)}\``);
    expect(result.outputs['reviewed-sha']).toBe(result.headSha);
    const log = readSarif(sarifPath);
    expect(log.runs[0].results).toHaveLength(Number(result.outputs.findings));
    expect(paths(log)).toContain('convex/legacy.ts');
    const rule = log.runs[0].tool.driver.rules.find((r) => r.id === 'require-args-validator')!;
    expect(rule.help?.markdown).toContain('# require-args-validator');
    expect(rule.properties).toMatchObject({ tags: expect.arrayContaining(['convex', 'security']), precision: 'high', 'security-severity': expect.stringMatching(/^\d+\.\d$/) });
  });

  it('writes an empty but valid SARIF run on a skipped event, so upload-sarif with if: always() finds its file', async () => {
    const sarifPath = join(out, 'nested', 'skipped.sarif');
    const result = await runOn('pull_request', { action: 'closed', number: 1, pull_request: { number: 1 } }, { 'sarif-file': sarifPath });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("::notice::convex-review: nothing to review for pull_request 'closed'");
    expect(existsSync(sarifPath)).toBe(true);
    expect(readSarif(sarifPath).runs[0].results).toEqual([]);
    expect(gh.creations()).toEqual([]);
  });

  it('writes an empty run for a draft skipped by skip-drafts too', async () => {
    await gh.close();
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD, draft: true }] });
    const sarifPath = join(out, 'draft.sarif');
    const result = await runOn('pull_request', { action: 'opened', number: 1, pull_request: { number: 1 } }, { 'sarif-file': sarifPath, 'skip-drafts': 'true' });
    expect(result.code).toBe(0);
    expect(readSarif(sarifPath).runs[0].results).toEqual([]);
  });

  it("fills a pull request's SARIF with every static finding of its head commit: what an audit of that commit writes", async () => {
    const prSarif = join(out, 'pr.sarif');
    const pr = await runOn('pull_request', { action: 'opened', number: 1, pull_request: { number: 1 } }, { 'sarif-file': prSarif });
    expect(pr.code).toBe(0);
    // The untouched file's finding is not commented on the pull request …
    expect(gh.state(1).reviewComments.map((c) => c.path)).not.toContain('convex/legacy.ts');
    const prLog = readSarif(prSarif);
    // … but it is in the upload, or code scanning would close its alert on the pull request.
    expect(paths(prLog)).toContain('convex/legacy.ts');

    const auditSarif = join(out, 'audit.sarif');
    await runOn('push', { ref: 'refs/heads/feature' }, { 'sarif-file': auditSarif });
    expect(fingerprints(prLog)).toEqual(fingerprints(readSarif(auditSarif)));
  });
});

describe('the config file in the Action', () => {
  const CONFIG = '.github/convex-review.yml';
  async function review(config: string, inputs: Record<string, string> = {}) {
    await gh.close();
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: { ...BASE, [CONFIG]: config }, head: { ...HEAD, [CONFIG]: config } }] });
    return runOn('pull_request', { action: 'opened', number: 1, pull_request: { number: 1 } }, inputs);
  }

  it("fails the step on the file's fail-on; a fail-on input other than its default wins", async () => {
    const failing = await review('fail-on: error\n');
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/::error::convex-review: \d+ finding\(s\) at or above fail-on: error/);
    // `never` is the input's default, so it cannot be told from unset: the file's value stands.
    expect((await review('fail-on: error\n', { 'fail-on': 'never' })).code).toBe(1);
    expect((await review('fail-on: never\n', { 'fail-on': 'error' })).code).toBe(1);
    expect((await review('fail-on: never\n')).code).toBe(0);
  });

  it("posts inline only at the file's inline-min-severity and up to its max-comments", async () => {
    const all = await review('inline-min-severity: info\n');
    expect(all.code).toBe(0);
    const inline = Number(all.outputs['inline-comments']);
    expect(inline).toBeGreaterThan(1);
    const capped = await review('inline-min-severity: info\nmax-comments: 1\n');
    expect(Number(capped.outputs['inline-comments'])).toBe(1);
  });
});
