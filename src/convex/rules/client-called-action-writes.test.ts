import { describe, expect, it } from 'vitest';
import { findingsOf, locations, projectOf, SERVER_IMPORT, type Files } from '../../../test/support/convex.js';
import { clientCalledActionWrites as rule } from './client-called-action-writes.js';

const API_IMPORT = `import { api, internal, components } from "./_generated/api";`;

/** The rule is opt-in (docs/precision.md): these tests turn it on, as a team's config would. */
const enabled = (files: Files) => findingsOf(rule, files, new Map([[rule.id, 'info']]));

describe('client-called-action-writes', () => {
  it('flags a public action that writes through ctx.runMutation, at its builder, as info', () => {
    const findings = enabled({
      'convex/chat.ts': `${SERVER_IMPORT}${API_IMPORT}
export const ask = action({
  args: { question: v.string() },
  handler: async (ctx, { question }) => {
    const answer = await fetch("https://llm.example/complete", { method: "POST", body: question }).then((r) => r.text());
    await ctx.runMutation(internal.messages.store, { question, answer });
    return answer;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/chat.ts:4 info']);
    expect(findings[0].message).toBe(
      'Public action `ask` writes through `ctx.runMutation(internal.messages.store)`: have clients call a mutation that schedules an internal action',
    );
    expect(findings[0].column).toBe(20);
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/actions#calling-actions-from-clients');
    expect(findings[0].detail).toContain('ctx.scheduler.runAfter(0, internal.…)');
    expect(findings[0].fix).toBeUndefined();
  });

  it('leaves internal actions, HTTP actions, read-only actions and component writes alone', () => {
    const findings = enabled({
      'convex/ok.ts': `${SERVER_IMPORT}${API_IMPORT}
export const work = internalAction({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation(internal.ok.save, {});
  },
});
export const hook = httpAction(async (ctx, req) => {
  await ctx.runMutation(internal.ok.save, { body: await req.text() });
  return new Response(null, { status: 204 });
});
export const search = action({
  args: { q: v.string() },
  handler: async (ctx, { q }) => {
    const rows = await ctx.runQuery(internal.ok.rows, { q });
    await ctx.runMutation(components.rateLimiter.lib.rateLimit, { name: "search" });
    return rows;
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows helpers, aliases, custom builders, export default and destructured runMutation', () => {
    const findings = enabled({
      'convex/lib/builders.ts': `import { action } from "../_generated/server";
import { customAction, customCtx } from "convex-helpers/server/customFunctions";
export const userAction = customAction(action, customCtx(async () => ({})));
`,
      'convex/lib/store.ts': `import type { ActionCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function saveResult(ctx: ActionCtx, text: string) {
  await ctx.runMutation(internal.results.save, { text });
}
`,
      'convex/jobs.ts': `import { action as act } from "./_generated/server";
import * as server from "./_generated/server";
import { internal } from "./_generated/api";
import { userAction } from "./lib/builders";
import { saveResult } from "./lib/store";
export const viaHelper = act({ args: {}, handler: async (ctx) => saveResult(ctx, "x") });
export const custom = userAction({
  args: {},
  handler: async ({ runMutation }) => {
    await runMutation(internal.results.save, { text: "y" });
  },
});
export default server.action({
  args: {},
  handler: async (ctx) => {
    const ref = internal.results.save;
    await ctx.runMutation(ref, { text: "z" });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/jobs.ts:6 info', 'convex/jobs.ts:7 info', 'convex/jobs.ts:13 info']);
    expect(findings[0].message).toContain('`viaHelper` writes through `ctx.runMutation(internal.results.save)`');
    expect(findings[1].message).toContain('`custom` writes through `runMutation(internal.results.save)`');
    expect(findings[2].message).toContain('Public action `jobs:default` writes through');
  });

  it('skips test files and component roots', () => {
    const findings = enabled({
      'convex/chat.test.ts': `${SERVER_IMPORT}${API_IMPORT}
export const ask = action({ args: {}, handler: async (ctx) => ctx.runMutation(internal.chat.save, {}) });
`,
    });
    expect(findings).toEqual([]);
    const component = {
      'src/component/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
      'src/component/lib.ts': `import { action } from "./_generated/server";
import { internal } from "./_generated/api";
export const bump = action({ args: {}, handler: async (ctx) => ctx.runMutation(internal.lib.inc, {}) });
`,
    };
    expect(projectOf(component).root.isComponent).toBe(true);
    expect(projectOf(component).registrations).toHaveLength(1);
    expect(findingsOf(rule, component)).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = enabled({
      'convex/s.ts': `${SERVER_IMPORT}${API_IMPORT}
// convex-review-disable-next-line client-called-action-writes -- writes only a usage log
export const a = action({ args: {}, handler: async (ctx) => ctx.runMutation(internal.s.log, {}) });
export const b = action({ args: {}, handler: async (ctx) => ctx.runMutation(internal.s.log, {}) });
`,
    });
    expect(locations(findings)).toEqual(['convex/s.ts:6 info']);
  });
});
