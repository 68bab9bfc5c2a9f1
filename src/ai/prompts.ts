/** The prompts, inlined into the bundle as text (esbuild's text loader; a vitest plugin in tests). */
import convexExpert from '../../prompts/convex-expert.md';

/** The agent prompt: the first system block of every Claude request. */
export const CONVEX_EXPERT_PROMPT: string = convexExpert;
