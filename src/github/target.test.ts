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
    const push = resolveTarget(ctx('push', {}), undefined);
    expect(push.kind === 'skip' && push.reason).toContain('convex-review runs on pull_request, pull_request_target and workflow_dispatch');
  });

  it('reviews the pr-number of a workflow_dispatch, from the input or the event inputs', () => {
    expect(resolveTarget(ctx('workflow_dispatch', {}), 12)).toMatchObject({ kind: 'pr', prNumber: 12 });
    expect(resolveTarget(ctx('workflow_dispatch', { inputs: { 'pr-number': '13' } }), undefined)).toMatchObject({ kind: 'pr', prNumber: 13 });
  });

  it('audits the workflow commit on a workflow_dispatch without pr-number', () => {
    expect(resolveTarget({ ...ctx('workflow_dispatch', {}), sha: 'c'.repeat(40) }, undefined)).toEqual({ kind: 'audit', owner: 'acme', repo: 'app', sha: 'c'.repeat(40) });
    expect(resolveTarget(ctx('workflow_dispatch', {}), undefined).kind).toBe('skip');
  });
});
