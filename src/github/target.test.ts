import { describe, expect, it } from 'vitest';
import { resolveTarget } from './target.js';

const ctx = (eventName: string, payload: object) => ({ eventName, payload, repository: 'acme/app' });

describe('resolveTarget', () => {
  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])('reviews pull_request %s and pull_request_target', (action) => {
    expect(resolveTarget(ctx('pull_request', { action, pull_request: { number: 7 } }), undefined)).toEqual({ kind: 'pr', owner: 'acme', repo: 'app', prNumber: 7, event: 'pull_request' });
    expect(resolveTarget(ctx('pull_request_target', { action, pull_request: { number: 7 } }), undefined)).toMatchObject({ kind: 'pr', prNumber: 7 });
  });

  it('skips other pull request actions and unsupported events, naming what is supported', () => {
    expect(resolveTarget(ctx('pull_request', { action: 'closed', pull_request: { number: 7 } }), undefined)).toEqual({
      kind: 'skip',
      reason: "nothing to review for pull_request 'closed' (reviews run on opened, synchronize, reopened, ready_for_review)",
    });
    const release = resolveTarget(ctx('release', {}), undefined);
    expect(release.kind === 'skip' && release.reason).toBe(
      'the release event is not supported; convex-review runs on pull_request, pull_request_target, workflow_dispatch (a PR by pr-number, or an audit), push and schedule (audits)',
    );
  });

  describe('labeled: the claude-for label', () => {
    const labeled = (event: string, name: string) => ctx(event, { action: 'labeled', label: { name }, pull_request: { number: 7 } });

    it.each(['pull_request', 'pull_request_target'])('reviews %s labeled with the claude-for label, and says which label', (event) => {
      expect(resolveTarget(labeled(event, 'ai-review'), undefined, 'ai-review')).toEqual({ kind: 'pr', owner: 'acme', repo: 'app', prNumber: 7, event, label: 'ai-review' });
    });

    it('skips another label, naming the one that asks for a review', () => {
      expect(resolveTarget(labeled('pull_request_target', 'bug'), undefined, 'ai-review')).toEqual({
        kind: 'skip',
        reason: "the label 'bug' was added to the pull request; only adding 'ai-review' (input claude-for) asks for a review",
      });
      // Label names are compared exactly, as the gate compares them.
      expect(resolveTarget(labeled('pull_request_target', 'AI-Review'), undefined, 'ai-review').kind).toBe('skip');
    });

    it.each(['members', 'everyone'])('skips every label when claude-for is %s', (claudeFor) => {
      const target = resolveTarget(labeled('pull_request', 'ai-review'), undefined, claudeFor);
      expect(target).toEqual({ kind: 'skip', reason: `nothing to review for pull_request 'labeled': claude-for is ${claudeFor}, not a label name, so adding a label asks for no review` });
      expect(resolveTarget(labeled('pull_request', 'ai-review'), undefined).kind).toBe('skip');
    });

    it('names the label among the supported actions when claude-for is one', () => {
      const unlabeled = resolveTarget(ctx('pull_request', { action: 'unlabeled', label: { name: 'ai-review' }, pull_request: { number: 7 } }), undefined, 'ai-review');
      expect(unlabeled).toEqual({ kind: 'skip', reason: "nothing to review for pull_request 'unlabeled' (reviews run on opened, synchronize, reopened, ready_for_review, and labeled with 'ai-review')" });
    });

    it('has no label on the other actions', () => {
      expect(resolveTarget(ctx('pull_request', { action: 'synchronize', pull_request: { number: 7 } }), undefined, 'ai-review')).not.toHaveProperty('label');
    });
  });

  it('reviews the pr-number of a workflow_dispatch, from the input or the event inputs', () => {
    expect(resolveTarget(ctx('workflow_dispatch', {}), 12)).toMatchObject({ kind: 'pr', prNumber: 12 });
    expect(resolveTarget(ctx('workflow_dispatch', { inputs: { 'pr-number': '13' } }), undefined)).toMatchObject({ kind: 'pr', prNumber: 13 });
  });

  it('audits the workflow commit on a workflow_dispatch without pr-number', () => {
    expect(resolveTarget({ ...ctx('workflow_dispatch', {}), sha: 'c'.repeat(40) }, undefined)).toEqual({ kind: 'audit', owner: 'acme', repo: 'app', sha: 'c'.repeat(40), event: 'workflow_dispatch' });
    expect(resolveTarget(ctx('workflow_dispatch', {}), undefined).kind).toBe('skip');
  });

  it.each(['push', 'schedule'])('audits the workflow commit (GITHUB_SHA) on %s, so the default branch reaches code scanning', (event) => {
    expect(resolveTarget({ ...ctx(event, {}), sha: 'd'.repeat(40) }, 5)).toEqual({ kind: 'audit', owner: 'acme', repo: 'app', sha: 'd'.repeat(40), event });
    expect(resolveTarget(ctx(event, {}), undefined)).toEqual({ kind: 'skip', reason: `${event} without GITHUB_SHA: nothing to review` });
  });

  it('skips a push that deleted its branch', () => {
    expect(resolveTarget({ ...ctx('push', { deleted: true }), sha: '0'.repeat(40) }, undefined)).toEqual({ kind: 'skip', reason: 'the push deleted its branch: nothing to audit' });
  });
});
