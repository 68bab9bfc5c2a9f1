/**
 * What the Claude pass remembers across runs on one pull request, in-process (src/action/pull-request.ts
 * against the strict GitHub and Anthropic fakes; no dist build): Claude's comment on the line of a
 * static finding nobody sees inline is posted; a second run on the same head asks nothing; a run
 * after a push tells Claude what it raised before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readActionConfig } from '../../src/action/config.js';
import { runPullRequest } from '../../src/action/pull-request.js';
import { CONCERNS } from '../../src/ai/concerns.js';
import { analyzeFiles } from '../../src/convex/analyze.js';
import { RULE_IDS } from '../../src/convex/rules/index.js';
import type { Category } from '../../src/core/categories.js';
import type { Finding } from '../../src/core/finding.js';
import { createClient } from '../../src/github/client.js';
import { reply, startAnthropicFake, type AnthropicFake, type FakeCall, type LoggedRequest } from '../fakes/anthropic.js';
import { startGitHubFake, type FixtureTree, type GitHubFake } from '../fakes/github.js';
import { actionDefaults } from '../support/action-runner.js';
import { BASE, HEAD } from './fixture.js';

const PULL = { owner: 'acme', repo: 'app', prNumber: 1 };
const TITLE = 'touch inserts a second general channel on every call';

let anthropic: AnthropicFake;
let gh: GitHubFake;
let dir: string;
beforeEach(async () => {
  anthropic = await startAnthropicFake();
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD, authorAssociation: 'MEMBER', title: 'Stats', body: 'Adds a count.' }] });
  dir = mkdtempSync(join(tmpdir(), 'convex-review-memory-'));
  writeFileSync(join(dir, 'output.txt'), '');
  // @actions/core writes outputs to this file; no job summary; the log is kept quiet.
  vi.stubEnv('GITHUB_OUTPUT', join(dir, 'output.txt'));
  vi.stubEnv('GITHUB_STEP_SUMMARY', '');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
  expect(anthropic.errors).toEqual([]);
  expect(gh.errors).toEqual([]);
  await anthropic.close();
  await gh.close();
});

/** One run of the pull request's review, as the action's pull_request event runs it. */
async function run(): Promise<void> {
  const inputs: Record<string, string> = { ...actionDefaults('ghs_write'), 'anthropic-api-key': 'sk-test', 'claude-verify': 'false' };
  const env = { ANTHROPIC_BASE_URL: anthropic.url, GITHUB_RUN_ID: String(Date.now()) };
  const config = readActionConfig((name) => inputs[name] ?? '', RULE_IDS, env);
  const octokit = createClient({ token: config.githubToken, baseUrl: gh.url, log: () => {}, writeSpacingMs: 10 });
  await runPullRequest(octokit, PULL, config, env, undefined);
}

function textOf(tree: FixtureTree, path: string): string {
  return String(tree[path]);
}

/** The info static finding on `convex/stats.ts` (a new file): in the summary only, never inline. */
function infoFinding(): Finding {
  const files = new Map(Object.entries(HEAD).map(([p, t]) => [p, String(t)]));
  const info = analyzeFiles(files).findings.find((f) => f.path === 'convex/stats.ts' && f.severity === 'info');
  expect(info, 'an info finding in convex/stats.ts').toBeDefined();
  return info!;
}

const categoryOf = (ruleId: string): Category => (Object.keys(CONCERNS) as Category[]).find((c) => CONCERNS[c].includes(ruleId)) ?? 'correctness';

/** The prompt lists a static finding of `ruleId` as already posted. */
const listsStatic = (call: FakeCall, ruleId: string): boolean => new RegExp(`^- lines \\d+-\\d+ \`${ruleId}\``, 'm').test(call.promptText);

/**
 * Claude's answer: one comment on `line` of convex/stats.ts, quoting it, in the category of the
 * rule flagged there. Like a model told not to repeat them, it says it restates the rule when the
 * prompt lists that rule's finding as posted — so the comment survives only if it is not listed.
 */
function answerOn(call: FakeCall, line: number, ruleId: string, tree: FixtureTree = HEAD) {
  const evidence = textOf(tree, 'convex/stats.ts').split('\n')[line - 1];
  return reply.json({
    comments: [
      {
        path: 'convex/stats.ts',
        line,
        severity: 'warning',
        category: categoryOf(ruleId),
        title: TITLE,
        body: 'Each call inserts another channel named general; look it up first.',
        evidence,
        confidence: 9,
        restates: listsStatic(call, ruleId) ? ruleId : null,
      },
    ],
    verdicts: [],
    summary: 'One duplicate-insert problem.',
  });
}

const messageRequests = (): LoggedRequest[] => anthropic.requests.filter((r) => r.path === '/v1/messages');
/** The user content a request sent, as one text. */
function userText(r: LoggedRequest): string {
  const body = r.body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] };
  return body.messages
    .filter((m) => m.role === 'user')
    .flatMap((m) => (typeof m.content === 'string' ? [m.content] : m.content.map((b) => b.text ?? '')))
    .join('\n');
}
const claudeInline = () => gh.state(1).reviewComments.filter((c) => String(c.body).includes('· Claude ·'));
const summary = (): string => String(gh.state(1).issueComments.at(-1)?.body ?? '');

describe('Claude across runs on one pull request', () => {
  it('posts a distinct Claude comment on the line of an info finding; the same head again sends nothing and says the answer was reused', async () => {
    const info = infoFinding();
    anthropic.setFallback((call) => answerOn(call, info.line, info.ruleId));
    await run();

    expect(messageRequests().length).toBeGreaterThan(0);
    // The info finding is in the summary only: Claude is not told it was posted.
    expect(messageRequests().some((r) => /`public-function-auth-check` \(info\)/.test(userText(r)))).toBe(false);
    expect(info.ruleId).toBe('public-function-auth-check');
    expect(claudeInline().map((c) => [c.path, c.line])).toEqual([['convex/stats.ts', info.line]]);
    expect(String(claudeInline()[0].body)).toContain(`**${TITLE}**`);
    expect(summary()).not.toContain('restating a static finding');
    expect(summary()).toMatch(/^<!-- convex-review:v1 claude=[A-Za-z0-9_-]+ -->$/m);

    const asked = anthropic.requests.length;
    const posted = gh.state(1).reviewComments.length;
    await run();
    expect(anthropic.requests.length).toBe(asked);
    const { headSha } = await gh.snapshot(1);
    expect(summary()).toContain(`Claude's answer for \`${headSha.slice(0, 7)}\` reused from the earlier run: no request sent.`);
    // Nothing posted twice, the reused comment counted as posted before.
    expect(gh.state(1).reviewComments.length).toBe(posted);
    expect(gh.state(1).issueComments).toHaveLength(1);
  });

  it('after a push, tells Claude what it raised before on the file (the title, from its own comment)', async () => {
    const info = infoFinding();
    anthropic.setFallback((call) => answerOn(call, info.line, info.ruleId));
    await run();
    expect(claudeInline()).toHaveLength(1);
    const firstRequests = messageRequests().length;
    expect(messageRequests().some((r) => userText(r).includes(TITLE))).toBe(false);

    // A push that touches stats.ts again (a comment line at the end), so Claude reads it again.
    const pushed = { ...HEAD, 'convex/stats.ts': `${textOf(HEAD, 'convex/stats.ts')}// counts are approximate\n` };
    await gh.push(1, pushed);
    await run();

    const later = messageRequests().slice(firstRequests);
    expect(later.length).toBeGreaterThan(0);
    const statsRequest = later.find((r) => userText(r).includes('convex/stats.ts'));
    expect(statsRequest, 'a request about convex/stats.ts').toBeDefined();
    expect(userText(statsRequest!)).toContain(TITLE);
  });
});
