/**
 * Whether Claude reviews this run, and if not, the sentence the summary shows. Under
 * `pull_request_target` any fork PR could spend the team's Anthropic budget, so by default only
 * pull requests by members of the repository get Claude. Pure.
 */
export type ClaudeMode = 'auto' | 'on' | 'off';
export const CLAUDE_MODES: readonly ClaudeMode[] = ['auto', 'on', 'off'];

/** Repository roles GitHub reports as `author_association` that count as members. */
export const MEMBER_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];

export interface GateInput {
  mode: ClaudeMode;
  hasKey: boolean;
  /** `members`, `everyone`, or the name of a label a maintainer adds. */
  claudeFor: string;
  authorAssociation: string;
  labels: readonly string[];
}

export type GateDecision = { run: true } | { run: false; reason: string };

export function claudeGate(input: GateInput): GateDecision {
  if (input.mode === 'off') return { run: false, reason: 'Claude is off for this workflow (input claude: off).' };
  if (!input.hasKey) {
    return { run: false, reason: 'No Anthropic API key (input anthropic-api-key, or ANTHROPIC_API_KEY), so Claude did not review: static rules only.' };
  }
  if (input.claudeFor === 'everyone') return { run: true };
  if (input.claudeFor === 'members') {
    if (MEMBER_ASSOCIATIONS.includes(input.authorAssociation)) return { run: true };
    return {
      run: false,
      reason: `Claude reviews pull requests by repository members only (input claude-for: members), and this author is ${input.authorAssociation || 'unknown'} to the repository: static rules only. A maintainer can widen claude-for.`,
    };
  }
  if (input.labels.includes(input.claudeFor)) return { run: true };
  return { run: false, reason: `Claude reviews pull requests labelled \`${input.claudeFor}\` (input claude-for), and this one is not: static rules only.` };
}
