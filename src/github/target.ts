/** The event that started the run → what to review. */
import { CLAUDE_FOR_DEFAULT } from '../core/defaults.js';

export const SUPPORTED_PR_ACTIONS = ['opened', 'synchronize', 'reopened', 'ready_for_review'];

/** Events that audit the commit they run on (workflow_dispatch only without a pull request). */
export const AUDIT_EVENTS = ['push', 'schedule', 'workflow_dispatch'];

/** claude-for values that are not a label name. */
const NOT_A_LABEL = ['members', 'everyone'];

export type Target =
  /** `label`: a `labeled` event that added the claude-for label (Claude reviews the whole PR). */
  | { kind: 'pr'; owner: string; repo: string; prNumber: number; event: string; label?: string }
  /**
   * push, schedule, or workflow_dispatch without a pull request: every file of the Convex folders
   * at the workflow's commit (GITHUB_SHA), for the job summary and code scanning.
   */
  | { kind: 'audit'; owner: string; repo: string; sha: string; event: string }
  | { kind: 'skip'; reason: string };

export interface EventContext {
  eventName: string;
  /** `deleted`: a push that deleted its branch (GITHUB_SHA is then all zeros). */
  payload: { action?: string; pull_request?: { number: number }; label?: { name?: string }; inputs?: Record<string, unknown>; deleted?: boolean };
  repository: string;
  /** GITHUB_SHA: the commit the workflow runs on. */
  sha?: string;
}

/**
 * `claudeFor` (the input, default `members`): when it names a label, a `labeled` event that added
 * that label is reviewed — the gate lets Claude in at once, not at the next push — and one that
 * added any other label is skipped, so labelling a PR does not review it once per label.
 */
export function resolveTarget(ctx: EventContext, prNumberInput: number | undefined, claudeFor = CLAUDE_FOR_DEFAULT): Target {
  const [owner, repo] = ctx.repository.split('/');
  if (!owner || !repo) return { kind: 'skip', reason: `GITHUB_REPOSITORY is '${ctx.repository}', not owner/repo` };
  if (ctx.eventName === 'pull_request' || ctx.eventName === 'pull_request_target') {
    const action = ctx.payload.action ?? '';
    const reviewLabel = NOT_A_LABEL.includes(claudeFor) ? undefined : claudeFor;
    let label: string | undefined;
    if (action === 'labeled') {
      const added = ctx.payload.label?.name ?? '';
      if (!reviewLabel) {
        return { kind: 'skip', reason: `nothing to review for ${ctx.eventName} 'labeled': claude-for is ${claudeFor}, not a label name, so adding a label asks for no review` };
      }
      if (added !== reviewLabel) {
        return { kind: 'skip', reason: `the label '${added}' was added to the pull request; only adding '${reviewLabel}' (input claude-for) asks for a review` };
      }
      label = added;
    } else if (!SUPPORTED_PR_ACTIONS.includes(action)) {
      const labeled = reviewLabel ? `, and labeled with '${reviewLabel}'` : '';
      return { kind: 'skip', reason: `nothing to review for ${ctx.eventName} '${action}' (reviews run on ${SUPPORTED_PR_ACTIONS.join(', ')}${labeled})` };
    }
    const number = ctx.payload.pull_request?.number;
    if (!number) return { kind: 'skip', reason: `the ${ctx.eventName} event has no pull_request` };
    return { kind: 'pr', owner, repo, prNumber: number, event: ctx.eventName, ...(label ? { label } : {}) };
  }
  if (ctx.eventName === 'workflow_dispatch') {
    const fromPayload = Number(ctx.payload.inputs?.['pr-number'] ?? NaN);
    const prNumber = prNumberInput ?? (Number.isInteger(fromPayload) && fromPayload > 0 ? fromPayload : undefined);
    if (prNumber) return { kind: 'pr', owner, repo, prNumber, event: ctx.eventName };
  }
  if (AUDIT_EVENTS.includes(ctx.eventName)) {
    if (ctx.eventName === 'push' && ctx.payload.deleted === true) return { kind: 'skip', reason: 'the push deleted its branch: nothing to audit' };
    if (ctx.sha) return { kind: 'audit', owner, repo, sha: ctx.sha, event: ctx.eventName };
    return { kind: 'skip', reason: `${ctx.eventName} without ${ctx.eventName === 'workflow_dispatch' ? 'pr-number and without ' : ''}GITHUB_SHA: nothing to review` };
  }
  return {
    kind: 'skip',
    reason: `the ${ctx.eventName} event is not supported; convex-review runs on pull_request, pull_request_target, workflow_dispatch (a PR by pr-number, or an audit), push and schedule (audits)`,
  };
}
