/**
 * One changed module for the prompt's tests: a mutation whose handler gains a line and changes
 * another, with a helper above, an aliased export and a default export below.
 */
import { parsePatch } from '../../src/diff/patch.js';

export const TEXT = `import { mutation } from "./_generated/server";
import { requireUser } from "./lib/auth";

const helper = (n: number) => n + 1;

export const send = mutation({
  args: {},
  handler: async (ctx) => {
    await requireUser(ctx);
    return helper(1);
  },
});

const hidden = 1;
export { hidden as visible };
export default function main() {}
`;
export const PATCH = parsePatch(['@@ -8,3 +8,4 @@ export const send = mutation({', '   handler: async (ctx) => {', '+    await requireUser(ctx);', '-    return 1;', '+    return helper(1);', '   },'].join('\n'));
