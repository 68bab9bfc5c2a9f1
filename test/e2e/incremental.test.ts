/**
 * Over the life of a pull request, through `node dist/index.js` against both fakes: a push is
 * reviewed incrementally, a force-push in full, an "Update branch" merge brings no base-branch
 * files into the review, and fixed findings are noticed (threads resolved when the token may).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startAnthropicFake, type AnthropicFake } from '../fakes/anthropic.js';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { runAction } from '../support/action-runner.js';
import { BASE, HEAD } from './fixture.js';

let gh: GitHubFake;
let anthropic: AnthropicFake;
beforeEach(async () => {
  gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD, authorAssociation: 'MEMBER' }] });
  anthropic = await startAnthropicFake({ fallback: reply.json({ comments: [], verdicts: [], summary: 'Nothing to add.' }) });
});
afterEach(async () => {
  await gh.close();
  await anthropic.close();
});

const syncEvent = (action: string) => ({ action, number: 1, pull_request: { number: 1 } });
const run = (action = 'opened', token = 'ghs_write') =>
  runAction({
    apiUrl: gh.url,
    eventName: 'pull_request',
    event: syncEvent(action),
    token,
    inputs: { 'anthropic-api-key': 'sk-test' },
    env: { ANTHROPIC_BASE_URL: anthropic.url },
  });

/** The files each Claude review request was asked about, request by request (token counts left out). */
const claudeFiles = (from = 0): string[][] =>
  anthropic.requests
    .slice(from)
    .filter((r) => r.path === '/v1/messages')
    .map((r) => [...JSON.stringify((r.body as { messages: unknown }).messages).matchAll(/## File: ([^\\]+)\\n/g)].map((m) => m[1]).sort());
const summaryOf = () => String(gh.state(1).issueComments[0].body);

const EXTRA = `import { query } from "./_generated/server";

export const all = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db.query("channels").filter((q) => q.eq(q.field("name"), "general")).collect();
  },
});
`;

describe('reviews over the life of a pull request', () => {
  it('after a push, re-reviews only the files the new commit changed, and posts no duplicates', async () => {
    expect((await run()).code).toBe(0);
    expect(claudeFiles()).toEqual([['convex/messages.ts', 'convex/stats.ts']]);
    const firstComments = gh.state(1).reviewComments.length;
    const firstHead = (await gh.snapshot(1)).headSha;

    const newHead = await gh.push(1, { ...HEAD, 'convex/extra.ts': EXTRA });
    const before = anthropic.requests.length;
    const second = await run('synchronize');
    expect(second.code).toBe(0);
    expect(claudeFiles(before)).toEqual([['convex/extra.ts']]);

    const state = gh.state(1);
    expect(state.reviews).toHaveLength(2);
    const added = state.reviewComments.slice(firstComments);
    expect(added.length).toBeGreaterThan(0);
    expect(new Set(added.map((c) => c.path))).toEqual(new Set(['convex/extra.ts']));
    const keys = state.reviewComments.map((c) => `${c.path}:${c.line}:${/fp=(v1:[0-9a-f]+)/.exec(String(c.body))![1]}`);
    expect(new Set(keys).size).toBe(keys.length);

    expect(state.issueComments).toHaveLength(1);
    const summary = summaryOf();
    expect(summary).toContain(`Incremental review: 1 file changed since \`${firstHead.slice(0, 7)}\` re-reviewed`);
    // extra.ts brings three (a filter, an unbounded collect, no auth check); the five before carry over.
    expect(summary).toContain('Static findings: 3 new, 5 carried over, 0 fixed.');
    expect(summary).toContain(`summary sha=${newHead}`);
  });

  it('after a force-push, reviews the whole pull request again and says why', async () => {
    await run();
    const firstHead = (await gh.snapshot(1)).headSha;
    await gh.push(1, { ...HEAD, 'convex/extra.ts': EXTRA }, { force: true });
    const before = anthropic.requests.length;
    await run('synchronize');
    expect(claudeFiles(before)).toEqual([['convex/extra.ts', 'convex/messages.ts', 'convex/stats.ts']]);
    expect(summaryOf()).toContain(`Full review: the last reviewed commit \`${firstHead.slice(0, 7)}\` is not an ancestor of the head (force-push or rebase).`);
    // Fingerprints still hold: the findings posted before are not posted again.
    const fingerprints = gh.state(1).reviewComments.map((c) => /fp=(v1:[0-9a-f]+)/.exec(String(c.body))![1]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    expect(gh.state(1).reviewComments.filter((c) => c.path !== 'convex/extra.ts')).toHaveLength(4);
  });

  it("after an 'Update branch' merge, reviews none of the base branch's files", async () => {
    await run();
    const mainOnly = { 'convex/admin.ts': EXTRA };
    await gh.updateBranch(1, { baseTree: { ...BASE, ...mainOnly }, mergedTree: { ...HEAD, ...mainOnly } });
    const before = anthropic.requests.length;
    const second = await run('synchronize');
    expect(second.code).toBe(0);
    expect(anthropic.requests.length).toBe(before);
    const summary = summaryOf();
    expect(summary).toContain('Incremental review: 0 files changed since');
    expect(summary).toContain('so Claude had nothing new to read');
    expect(summary).not.toContain('convex/admin.ts');
    expect(gh.state(1).reviews).toHaveLength(1);
  });

  it('lists a fixed finding in the summary and leaves its comment alone under the default token', async () => {
    await run();
    const floating = gh.state(1).reviewComments.find((c) => String(c.body).includes('floating-convex-promise'))!;
    await gh.push(1, { ...HEAD, 'convex/messages.ts': String(HEAD['convex/messages.ts']).replace('    ctx.db.insert(', '    await ctx.db.insert(') });
    await run('synchronize');
    const summary = summaryOf();
    expect(summary).toContain('### Fixed since the last review (1)');
    expect(summary).toContain('`convex/messages.ts:22` `floating-convex-promise`');
    expect(summary).toContain('cannot resolve review threads');
    expect(gh.state(1).threads.every((t) => !t.isResolved)).toBe(true);
    expect(gh.state(1).reviewComments.find((c) => c.id === floating.id)!.body).toBe(floating.body);
    // No reply spam: still one comment per thread.
    expect(gh.state(1).threads.every((t) => t.commentIds.length === 1)).toBe(true);
  });

  it('resolves the thread of a fixed finding when the token may (a PAT)', async () => {
    await run('opened', 'ghp_pat');
    await gh.push(1, { ...HEAD, 'convex/messages.ts': String(HEAD['convex/messages.ts']).replace('    ctx.db.insert(', '    await ctx.db.insert(') });
    await run('synchronize', 'ghp_pat');
    const threads = gh.state(1).threads;
    const fixedThread = threads.find((t) => t.path === 'convex/messages.ts' && t.isResolved);
    expect(fixedThread).toBeDefined();
    expect(threads.filter((t) => t.isResolved)).toHaveLength(1);
    expect(summaryOf()).toContain('`convex/messages.ts:22` `floating-convex-promise` — thread resolved');
  });

  it('reviews in full on workflow_dispatch', async () => {
    await run();
    await gh.push(1, { ...HEAD, 'convex/extra.ts': EXTRA });
    const before = anthropic.requests.length;
    await runAction({
      apiUrl: gh.url,
      eventName: 'workflow_dispatch',
      event: { inputs: { 'pr-number': '1' } },
      inputs: { 'anthropic-api-key': 'sk-test', 'pr-number': '1' },
      env: { ANTHROPIC_BASE_URL: anthropic.url },
    });
    expect(claudeFiles(before)).toEqual([['convex/extra.ts', 'convex/messages.ts', 'convex/stats.ts']]);
    expect(summaryOf()).toContain('Full review: a manual run (workflow_dispatch) reviews the whole pull request.');
  });
});
