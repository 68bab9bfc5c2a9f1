import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { runInQueryOrMutation as rule } from './run-in-query-or-mutation.js';

const API_IMPORT = `import { api, internal, components } from "./_generated/api";`;

describe('run-in-query-or-mutation', () => {
  it('flags ctx.runQuery / ctx.runMutation to app functions inside queries and mutations, as info', () => {
    const findings = findingsOf(rule, {
      'convex/posts.ts': `${SERVER_IMPORT}${API_IMPORT}
export const publish = mutation({
  args: { id: v.id("posts") },
  handler: async (ctx, { id }) => {
    const author = await ctx.runQuery(internal.users.byPost, { id });
    await ctx.runMutation(internal.feed.append, { id, author });
  },
});
export const withAuthor = query({
  args: { id: v.id("posts") },
  handler: async (ctx, { id }) => ctx.runQuery(api.users.publicProfile, { id }),
});
`,
      'convex/users.ts': `${SERVER_IMPORT}
export const byPost = internalQuery({ args: { id: v.id("posts") }, handler: async () => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/posts.ts:7 info', 'convex/posts.ts:8 info', 'convex/posts.ts:13 info']);
    expect(findings[0].message).toBe(
      "`ctx.runQuery(internal.users.byPost)` in mutation `publish`: call the query's code as a plain TypeScript helper",
    );
    expect(findings[1].message).toBe(
      "`ctx.runMutation(internal.feed.append)` in mutation `publish`: call the mutation's code as a plain TypeScript helper",
    );
    expect(findings[0].column).toBe(26);
    expect(findings[0].detail).toContain('partial');
    expect(findings[0].docsUrl).toBe(
      'https://docs.convex.dev/understanding/best-practices/#use-ctxrunquery-and-ctxrunmutation-sparingly-in-queries-and-mutations',
    );
    expect(findings[0].fix).toBeUndefined();
  });

  it('leaves components, partial-rollback mutations and actions alone', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}${API_IMPORT}
export const send = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    await ctx.runMutation(components.rateLimiter.lib.rateLimit, { name: "send" });
    const count = await ctx.runQuery(components.aggregate.btree.count, {});
    try {
      await ctx.runMutation(internal.audit.record, { body });
    } catch (e) {
      console.error("audit failed", e);
    }
    await ctx.runMutation(internal.audit.record, { body }).catch(() => null);
    return count;
  },
});
export const sync = action({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.runQuery(internal.rows.all, {});
    await ctx.runMutation(internal.rows.mark, { n: rows.length });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('stays silent when the called function cannot be resolved to an app reference', () => {
    const findings = findingsOf(rule, {
      'convex/generic.ts': `${SERVER_IMPORT}
import { makeFunctionReference, type FunctionReference } from "convex/server";
async function runIt(ctx: any, ref: FunctionReference<"query">) {
  return ctx.runQuery(ref, {});
}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(makeFunctionReference<"query">("users:get"), {});
    return runIt(ctx, makeFunctionReference<"query">("users:get"));
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('sees aliased builders, namespace imports, custom builders, export default, destructuring and const refs', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const userMutation = customMutation(mutation, customCtx(async () => ({})));
`,
      'convex/things.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { internal } from "./_generated/api";
import { userMutation } from "./lib/builders";
export const one = q({
  args: {},
  handler: async ({ runQuery }) => runQuery(internal.things.count, {}),
});
export const two = userMutation({
  args: {},
  handler: async (ctx) => {
    const ref = internal.things.bump;
    await ctx.runMutation(ref, {});
  },
});
export default server.mutation({
  args: {},
  handler: async (ctx) => {
    const run = ctx.runQuery;
    return run(internal.things.count, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/things.ts:7 info', 'convex/things.ts:13 info', 'convex/things.ts:20 info']);
    expect(findings[0].message).toContain('`runQuery(internal.things.count)` in query `one`');
    expect(findings[2].message).toContain('in mutation `things:default`');
  });

  it('follows helpers reached only from queries and mutations, not those shared with actions', () => {
    const findings = findingsOf(rule, {
      'convex/model/users.ts': `import type { MutationCtx, QueryCtx, ActionCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function loadProfile(ctx: QueryCtx) {
  return ctx.runQuery(internal.users.profile, {});
}
export async function loadShared(ctx: any) {
  return ctx.runQuery(internal.users.profile, {});
}
export async function loadEither(ctx: QueryCtx | ActionCtx) {
  return ctx.runQuery(internal.users.profile, {});
}
export async function loadProbing(ctx: any) {
  if ("db" in ctx) return null;
  return ctx.runQuery(internal.users.profile, {});
}
`,
      'convex/users.ts': `${SERVER_IMPORT}
import { loadProfile, loadShared, loadEither, loadProbing } from "./model/users";
export const profile = internalQuery({ args: {}, handler: async () => null });
export const me = query({
  args: {},
  handler: async (ctx) => {
    await loadEither(ctx);
    await loadProbing(ctx);
    await loadShared(ctx);
    return loadProfile(ctx);
  },
});
export const refresh = action({ args: {}, handler: async (ctx) => loadShared(ctx) });
`,
    });
    expect(locations(findings)).toEqual(['convex/model/users.ts:4 info']);
    expect(findings[0].message).toBe(
      "`ctx.runQuery(internal.users.profile)` in `loadProfile`, reached from query `users:me`: call the query's code as a plain TypeScript helper",
    );
  });

  it('leaves a helper alone when a type guard on ctx sends only db-less (action) callers to runQuery', () => {
    const findings = findingsOf(rule, {
      'convex/model/access.ts': `import { internal } from "../_generated/api";
type ToolCtx = { runQuery: (ref: unknown, args: unknown) => Promise<boolean> };
function hasDatabase(ctx: object): ctx is { db: unknown } {
  return (ctx as { db?: unknown }).db !== undefined;
}
function isLoud(value: object): value is { loud: true } {
  return true;
}
export async function canRead(ctx: any, projectId: string) {
  if (!hasDatabase(ctx)) return await ctx.runQuery(internal.access.canReadInternal, { projectId });
  return true;
}
export async function canWrite(ctx: any, projectId: string) {
  if (!isLoud(ctx)) return await ctx.runQuery(internal.access.canReadInternal, { projectId });
  return true;
}
export async function canList(ctx: any) {
  if (typeof ctx.runQuery === "function") return await ctx.runQuery(internal.access.canReadInternal, {});
  return true;
}
`,
      'convex/access.ts': `${SERVER_IMPORT}
import { canRead, canWrite, canList } from "./model/access";
export const canReadInternal = internalQuery({ args: {}, handler: async () => true });
export const open = query({
  args: { projectId: v.string() },
  handler: async (ctx, { projectId }) => (await canRead(ctx, projectId)) && (await canWrite(ctx, projectId)) && (await canList(ctx)),
});
`,
    });
    // canWrite's guard says nothing about the runtime, so its runQuery is still reported.
    expect(locations(findings)).toEqual(['convex/model/access.ts:14 info']);
  });

  it("follows a custom query builder's ctx input, which runs before every query built with it", () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { internal } from "../_generated/api";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const userQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.runQuery(internal.users.current, {}) })));
`,
      'convex/notes.ts': `import { userQuery } from "./lib/builders";
export const mine = userQuery({ args: {}, handler: async (ctx) => ctx.user });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/builders.ts:4 info']);
    expect(findings[0].message).toContain('reached from query `notes:mine`');
  });

  it('says so when a mutation calls itself for the next batch, which stays in one transaction', () => {
    const findings = findingsOf(rule, {
      'convex/billing.ts': `${SERVER_IMPORT}${API_IMPORT}
export const closePeriod = internalMutation({
  args: { cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { cursor }) => {
    const page = await ctx.db.query("usage").paginate({ cursor, numItems: 100 });
    for (const row of page.page) await ctx.db.patch("usage", row._id, { billed: true });
    if (!page.isDone) await ctx.runMutation(internal.billing.closePeriod, { cursor: page.continueCursor });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/billing.ts:9 info']);
    expect(findings[0].message).toBe(
      '`ctx.runMutation(internal.billing.closePeriod)` in mutation `closePeriod` calls itself in the same transaction: schedule the next round with `ctx.scheduler.runAfter(0, …)`',
    );
  });

  it('skips test files', () => {
    const findings = findingsOf(rule, {
      'convex/users.test.ts': `${SERVER_IMPORT}${API_IMPORT}
export const probe = query({ args: {}, handler: async (ctx) => ctx.runQuery(internal.users.get, {}) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment on the line above only', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}${API_IMPORT}
export const a = query({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line run-in-query-or-mutation -- needs the callee's own argument validation
    await ctx.runQuery(internal.s.b, {});
    return ctx.runQuery(internal.s.b, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/s.ts:9 info']);
  });

  it('owns a ctx.run* of a public api.* function inside a query (internal-ref-for-server-calls stays silent there)', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}${API_IMPORT}
export const list = query({ args: {}, handler: async () => [] });
export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
export const countLater = action({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:7 info']);
    expect(findings[0].message).toContain("call the query's code as a plain TypeScript helper");
  });
});
