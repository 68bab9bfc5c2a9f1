/**
 * Whether Claude reviews this run, and if not, the sentence the summary shows. Under
 * `pull_request_target` any fork PR could spend the team's Anthropic budget, so by default only
 * pull requests by members of the repository get Claude. Pure.
 */
export type ClaudeMode = 'auto' | 'on' | 'off';
export const CLAUDE_MODES: readonly ClaudeMode[] = ['auto', 'on', 'off'];

/** Repository roles GitHub reports as `author_association` that count as members. */
export const MEMBER_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/**
 * Repository roles (the collaborator-permission API's `role_name`, or its legacy `permission`,
 * which maps maintain to write) that count as members: those that may push.
 */
export const MEMBER_ROLES = ['admin', 'maintain', 'write'];

/**
 * What GitHub's collaborator-permission API said about the author, when it was asked: on a
 * public repository `author_association` shows an organization member whose membership is private
 * as CONTRIBUTOR, so the permission decides. `known: false` when the token may not ask (403, 404)
 * or the request failed; then `author_association` decides, and the summary says so.
 */
export type AuthorPermission =
  | { known: true; login: string; permission: string; roleName: string }
  | { known: false; login: string; why: string };

export interface GateInput {
  mode: ClaudeMode;
  hasKey: boolean;
  /** `members`, `everyone`, or the name of a label a maintainer adds. */
  claudeFor: string;
  authorAssociation: string;
  /** The author's repository permission, when it was looked up (see `needsAuthorPermission`). */
  permission?: AuthorPermission;
  labels: readonly string[];
}

/** Whether the permission of a role counts as a member's. */
export function isMemberRole(permission: { permission: string; roleName: string }): boolean {
  return MEMBER_ROLES.includes(permission.roleName) || MEMBER_ROLES.includes(permission.permission);
}

/**
 * Whether the gate's answer hangs on the author's repository permission: `claude-for: members`,
 * Claude otherwise able to run, and `author_association` alone saying no. Only then is it worth a
 * request; a member by association costs none.
 */
export function needsAuthorPermission(input: Omit<GateInput, 'permission'>): boolean {
  return input.mode !== 'off' && input.hasKey && input.claudeFor === 'members' && !MEMBER_ASSOCIATIONS.includes(input.authorAssociation);
}

/** `note`: when Claude runs on the author's permission alone (author_association said no), what decided it, for the log. */
export type GateDecision = { run: true; note?: string } | { run: false; reason: string };

export function claudeGate(input: GateInput): GateDecision {
  if (input.mode === 'off') return { run: false, reason: 'Claude is off for this workflow (input claude: off).' };
  if (!input.hasKey) {
    return { run: false, reason: 'No Anthropic API key (input anthropic-api-key, or ANTHROPIC_API_KEY), so Claude did not review: static rules only.' };
  }
  if (input.claudeFor === 'everyone') return { run: true };
  if (input.claudeFor === 'members') {
    if (MEMBER_ASSOCIATIONS.includes(input.authorAssociation)) return { run: true };
    const permission = input.permission;
    if (permission?.known && isMemberRole(permission)) {
      return {
        run: true,
        note: `the author ${permission.login} is ${input.authorAssociation || 'unknown'} by author_association but has ${permission.roleName || permission.permission} permission on the repository, so Claude reviews (claude-for: members)`,
      };
    }
    const only = `Claude reviews pull requests by repository members only (input claude-for: members), and this author is ${input.authorAssociation || 'unknown'} to the repository`;
    const widen = 'A maintainer can widen claude-for.';
    if (!permission) return { run: false, reason: `${only}: static rules only. ${widen}` };
    if (permission.known) {
      return {
        run: false,
        reason: `${only}, with \`${permission.roleName || permission.permission}\` permission (write, maintain or admin count as a member's): static rules only. ${widen}`,
      };
    }
    return {
      run: false,
      reason: `${only} by author_association, which shows a member whose organization membership is private as CONTRIBUTOR; their repository permission could not be read (${permission.why}), so author_association decided: static rules only. A github-token that may read collaborator permissions lets the permission decide; a maintainer can also widen claude-for.`,
    };
  }
  if (input.labels.includes(input.claudeFor)) return { run: true };
  return { run: false, reason: `Claude reviews pull requests labelled \`${input.claudeFor}\` (input claude-for), and this one is not: static rules only.` };
}
