import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { dbInAction as rule } from './db-in-action.js';

describe('db-in-action', () => {
  it('flags ctx.db in action and HTTP action handlers, at the db member', () => {
    const findings = findingsOf(rule, {
      'convex/files.ts': `${SERVER_IMPORT}
export const summarize = action({
  args: { id: v.id("docs") },
  handler: async (ctx, { id }) => {
    const doc = await ctx.db.get(id);
    return doc;
  },
});
export const hook = httpAction(async (ctx, request) => {
  await ctx.db.insert("events", { body: await request.text() });
  return new Response(null, { status: 200 });
});
`,
    });
    expect(locations(findings)).toEqual(['convex/files.ts:7 error', 'convex/files.ts:12 error']);
    expect(findings[0].message).toBe('`ctx.db` used in action `summarize`: actions have no database access');
    expect(findings[1].message).toBe('`ctx.db` used in HTTP action `hook`: actions have no database access');
    expect(findings[0].column).toBe(27);
    expect(findings[0].detail).toContain('ctx.runQuery(internal.…)');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/actions');
  });

  it('flags destructured db, ctx aliases, closures and db.system inside internal actions', () => {
    const findings = findingsOf(rule, {
      'convex/forms.ts': `import { internalAction as ia } from "./_generated/server";
export const a = ia({
  args: {},
  handler: async ({ db }, args) => db.query("users").collect(),
});
export const b = ia({
  args: {},
  handler: async (ctx) => {
    const { db: database } = ctx;
    const c = ctx;
    const ids = ["a"];
    await Promise.all(ids.map(async (id) => c.db.system.get(id)));
    return database;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/forms.ts:4 error', 'convex/forms.ts:9 error', 'convex/forms.ts:12 error']);
  });

  it('flags convex-helpers custom actions and their ctx input, and helpers typed ActionCtx', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { action } from "../_generated/server";
import { customAction, customCtx } from "convex-helpers/server/customFunctions";
export const userAction = customAction(action, customCtx(async (ctx) => {
  const user = await ctx.db.query("users").first();
  return { user };
}));
`,
      'convex/lib/helpers.ts': `import type { ActionCtx, QueryCtx } from "../_generated/server";
import type { GenericActionCtx } from "convex/server";
export async function load(ctx: ActionCtx, id: string) {
  return ctx.db.get(id);
}
export const loadGeneric = async (ctx: GenericActionCtx<any>) => ctx.db.query("x").take(1);
export async function shared(ctx: QueryCtx | ActionCtx) {
  return "db" in ctx ? ctx.db.get("x") : null;
}
`,
      'convex/ai.ts': `import { userAction } from "./lib/builders";
export const run = userAction({
  args: {},
  handler: async (ctx) => ctx.db.query("docs").take(5),
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/ai.ts:4 error',
      'convex/lib/builders.ts:4 error',
      'convex/lib/helpers.ts:4 error',
      'convex/lib/helpers.ts:6 error',
    ]);
    expect(findings[1].message).toContain('a custom action builder');
    expect(findings[2].message).toContain('a helper taking `ActionCtx`');
  });

  it('does not flag queries, mutations, untyped helpers shared with queries, or a non-Convex .db', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
async function countRows(ctx: any) {
  return (await ctx.db.query("rows").collect()).length;
}
export const q = query({ args: {}, handler: async (ctx) => countRows(ctx) });
export const m = mutation({ args: {}, handler: async ({ db }) => db.insert("rows", {}) });
export const viaHelper = action({ args: {}, handler: async (ctx) => countRows(ctx) });
export const a = action({
  args: {},
  handler: async (ctx) => {
    const mongo = connect();
    await mongo.db.collection("x").find();
    const { db } = mongo;
    return ctx.runQuery(internal.ok.q, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
export const a = action({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line db-in-action -- patched in by our test harness
    return ctx.db;
  },
});
`,
    });
    expect(findings).toEqual([]);
  });
});
