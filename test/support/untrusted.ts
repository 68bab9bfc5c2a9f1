/** Shared pieces of the tests that feed the review untrusted text. */
import type { Finding } from '../../src/core/finding.js';
import { parsePatch } from '../../src/diff/patch.js';
import type { PlanInput } from '../../src/plan/plan.js';

/** A forged marker nested in a decoy, so that removing the inner one once leaves a live outer one. */
export const nestedMarker = (payload: string): string => `<!-<!-- convex-review -->- convex-review:v1 ${payload} -->`;

/** One changed file, `convex/a.ts`, whose lines 2 and 3 were added. */
export const PATCH_A = parsePatch('@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n');

/** A plan of these findings over that one file, with the Action's defaults. */
export const planInputOf = (findings: Finding[]): PlanInput => ({
  findings,
  changedFiles: [{ path: 'convex/a.ts', status: 'modified', patch: PATCH_A }],
  isDependentFinding: () => false,
  posted: new Set(),
  inlineMinSeverity: 'warning',
  maxComments: 30,
});
