import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { unnecessaryRunAction as rule } from './unnecessary-run-action.js';

const API_IMPORT = `import { api, internal, components } from "./_generated/api";`;
const NODE_ACTIONS = `"use node";
import { action, internalAction } from "./_generated/server";
import { v } from "convex/values";
import { internal } from "./_generated/api";
`;

describe('unnecessary-run-action', () => {
  it('flags runAction between two default-runtime actions, and between two Node actions', () => {
    const findings = findingsOf(rule, {
      'convex/ai.ts': `${SERVER_IMPORT}${API_IMPORT}
export const summarize = internalAction({ args: { text: v.string() }, handler: async () => "" });
export const reply = action({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    const summary = await ctx.runAction(internal.ai.summarize, { text });
    return summary;
  },
});
`,
      'convex/pdf.ts': `${NODE_ACTIONS}
export const render = internalAction({ args: {}, handler: async () => null });
export const exportAll = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runAction(internal.pdf.render, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/ai.ts:8 warning', 'convex/pdf.ts:10 warning']);
    expect(findings[0].message).toBe(
      "`ctx.runAction(internal.ai.summarize)` in action `reply` stays in one runtime (Convex's default runtime): call the action's code as a plain function",
    );
    expect(findings[1].message).toContain('(the Node.js runtime)');
    expect(findings[0].column).toBe(27);
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#use-runaction-only-when-using-a-different-runtime');
    expect(findings[0].fix).toBeUndefined();
  });

  it('accepts runAction that crosses runtimes, in either direction', () => {
    const findings = findingsOf(rule, {
      'convex/pdf.ts': `${NODE_ACTIONS}
export const render = internalAction({ args: {}, handler: async () => null });
export const fromNode = internalAction({
  args: {},
  handler: async (ctx) => ctx.runAction(internal.jobs.notify, {}),
});
`,
      'convex/jobs.ts': `${SERVER_IMPORT}${API_IMPORT}
export const notify = internalAction({ args: {}, handler: async () => null });
export const start = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runAction(internal.pdf.render, {});
  },
});
export const hook = httpAction(async (ctx) => {
  await ctx.runAction(internal.pdf.render, {});
  return new Response("ok");
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags HTTP actions calling default-runtime actions', () => {
    const findings = findingsOf(rule, {
      'convex/http.ts': `${SERVER_IMPORT}${API_IMPORT}
export const hook = httpAction(async (ctx, req) => {
  await ctx.runAction(internal.webhooks.process, { body: await req.text() });
  return new Response(null, { status: 204 });
});
`,
      'convex/webhooks.ts': `${SERVER_IMPORT}
export const process = internalAction({ args: { body: v.string() }, handler: async () => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/http.ts:5 warning']);
    expect(findings[0].message).toContain('in httpAction `hook`');
  });

  it('stays silent when the target cannot be resolved', () => {
    const findings = findingsOf(rule, {
      'convex/unknown.ts': `${SERVER_IMPORT}${API_IMPORT}
import { makeFunctionReference } from "convex/server";
export const a = action({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    await ctx.runAction(internal.missing.fn, {});
    await ctx.runAction(makeFunctionReference<"action">(name), {});
    await ctx.runAction(components.agent.actions.run, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('reports fan-out (Promise.all, map callbacks) as info', () => {
    const findings = findingsOf(rule, {
      'convex/batch.ts': `${SERVER_IMPORT}${API_IMPORT}
export const one = internalAction({ args: { id: v.string() }, handler: async () => null });
export const all = action({
  args: { ids: v.array(v.string()) },
  handler: async (ctx, { ids }) => {
    await Promise.all(ids.map((id) => ctx.runAction(internal.batch.one, { id })));
    await Promise.all([ctx.runAction(internal.batch.one, { id: "a" }), ctx.runAction(internal.batch.one, { id: "b" })]);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/batch.ts:8 info', 'convex/batch.ts:9 info', 'convex/batch.ts:9 info']);
    expect(findings[0].detail).toContain('side by side');
  });

  it('follows aliases, custom builders, export default, const refs and helpers reached only from one runtime', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { action } from "../_generated/server";
import { customAction, customCtx } from "convex-helpers/server/customFunctions";
export const userAction = customAction(action, customCtx(async () => ({})));
`,
      'convex/lib/work.ts': `import type { ActionCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function fetchBoth(ctx: ActionCtx) {
  return ctx.runAction(internal.tasks.crunch, {});
}
`,
      'convex/tasks.ts': `import { internalAction as ia } from "./_generated/server";
import * as server from "./_generated/server";
import { internal } from "./_generated/api";
import { userAction } from "./lib/builders";
import { fetchBoth } from "./lib/work";
export const crunch = ia({ args: {}, handler: async () => 1 });
export default server.action({
  args: {},
  handler: async ({ runAction }) => {
    const ref = internal.tasks.crunch;
    return runAction(ref, {});
  },
});
export const viaHelper = userAction({ args: {}, handler: async (ctx) => fetchBoth(ctx) });
`,
      'convex/nodeTasks.ts': `${NODE_ACTIONS}
import { fetchBoth } from "./lib/work";
export const mixed = action({ args: {}, handler: async (ctx) => fetchBoth(ctx) });
`,
    });
    // `fetchBoth` is reached from a Node action and a default one: its runtime is not one, so it is left alone.
    expect(locations(findings)).toEqual(['convex/tasks.ts:11 warning']);
    expect(findings[0].message).toContain('`runAction(internal.tasks.crunch)` in action `tasks:default`');
  });

  it('flags a helper reached only from default-runtime actions', () => {
    const findings = findingsOf(rule, {
      'convex/lib/work.ts': `import type { ActionCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function crunchAll(ctx: ActionCtx) {
  return ctx.runAction(internal.tasks.crunch, {});
}
`,
      'convex/tasks.ts': `${SERVER_IMPORT}
import { crunchAll } from "./lib/work";
export const crunch = internalAction({ args: {}, handler: async () => 1 });
export const run = action({ args: {}, handler: async (ctx) => crunchAll(ctx) });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/work.ts:4 warning']);
    expect(findings[0].message).toContain('in `crunchAll`, reached from action `tasks:run`');
  });

  it('skips test files and honours suppressions', () => {
    const findings = findingsOf(rule, {
      'convex/a.test.ts': `${SERVER_IMPORT}${API_IMPORT}
export const t = action({ args: {}, handler: async (ctx) => ctx.runAction(internal.a.b, {}) });
`,
      'convex/a.ts': `${SERVER_IMPORT}${API_IMPORT}
export const b = internalAction({ args: {}, handler: async () => null });
export const c = action({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line unnecessary-run-action -- b needs its own 10-minute budget
    await ctx.runAction(internal.a.b, {});
    await ctx.runAction(internal.a.b, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/a.ts:10 warning']);
  });
});
