/** The prompts, inlined into the bundle as text (esbuild's text loader; a vitest plugin in tests). */
import convexExpert from '../../prompts/convex-expert.md';
import reviewTask from '../../prompts/review.md';

/** The agent prompt: the first system block of every Claude request. */
export const CONVEX_EXPERT_PROMPT: string = convexExpert;

/** Our review task and output contract: the second system block; it overrides the agent prompt where they differ. */
export const REVIEW_TASK_PROMPT: string = reviewTask;
