import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { vectorSearchOutsideAction as rule } from './vector-search-outside-action.js';

describe('vector-search-outside-action', () => {
  it('flags ctx.vectorSearch in query and mutation handlers, at the member name', () => {
    const findings = findingsOf(rule, {
      'convex/movies.ts': `${SERVER_IMPORT}
export const similar = query({
  args: { embedding: v.array(v.float64()) },
  handler: async (ctx, args) => {
    const hits = await ctx.vectorSearch("movies", "by_embedding", { vector: args.embedding, limit: 8 });
    return Promise.all(hits.map((h) => ctx.db.get(h._id)));
  },
});
export const tag = internalMutation({
  args: { embedding: v.array(v.float64()) },
  handler: async ({ db, vectorSearch }, { embedding }) => {
    const [best] = await vectorSearch("movies", "by_embedding", { vector: embedding, limit: 1 });
    if (best) await db.patch(best._id, { tagged: true });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/movies.ts:7 error', 'convex/movies.ts:13 error']);
    expect(findings[0].column).toBe(28);
    expect(findings[0].message).toBe('`ctx.vectorSearch` in query `similar`: vector search is only available in actions');
    expect(findings[1].message).toBe('`ctx.vectorSearch` in mutation `tag`: vector search is only available in actions');
    expect(findings[0].detail).toContain('ctx.runQuery(internal.');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/search/vector-search');
  });

  it('never flags actions or HTTP actions', () => {
    const findings = findingsOf(rule, {
      'convex/search.ts': `${SERVER_IMPORT}
export const find = action({
  args: { vector: v.array(v.float64()) },
  handler: async (ctx, { vector }) => ctx.vectorSearch("docs", "by_vector", { vector }),
});
export const http = httpAction(async ({ vectorSearch }, req) => {
  const hits = await vectorSearch("docs", "by_vector", { vector: await req.json() });
  return new Response(JSON.stringify(hits));
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags a helper handed a query ctx, naming the query, and leaves the helper alone when only actions call it', () => {
    const findings = findingsOf(rule, {
      'convex/lib/search.ts': `import type { ActionCtx, QueryCtx } from "../_generated/server";
export async function nearest(ctx: QueryCtx, vector: number[]) {
  return ctx.vectorSearch("docs", "by_vector", { vector, limit: 5 });
}
export async function nearestInAction(ctx: ActionCtx, vector: number[]) {
  return ctx.vectorSearch("docs", "by_vector", { vector, limit: 5 });
}
`,
      'convex/docs.ts': `${SERVER_IMPORT}
import { nearest, nearestInAction } from "./lib/search";
export const related = query({
  args: { vector: v.array(v.float64()) },
  handler: async (ctx, { vector }) => nearest(ctx, vector),
});
export const relatedAction = action({
  args: { vector: v.array(v.float64()) },
  handler: async (ctx, { vector }) => nearestInAction(ctx, vector),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/search.ts:3 error']);
    expect(findings[0].message).toBe(
      '`ctx.vectorSearch` in `nearest`, reached from query `docs:related`: vector search is only available in actions',
    );
  });

  it('sees aliases, namespace imports, export default and custom builders', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const userQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.auth.getUserIdentity() })));
`,
      'convex/app.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { userQuery } from "./lib/builders";
const opts = { vector: [0.1, 0.2], limit: 3 };
export const aliased = q({ args: {}, handler: async (ctx) => ctx.vectorSearch("docs", "by_vector", opts) });
export default server.mutation({ args: {}, handler: async (ctx) => { const s = ctx; await s.vectorSearch("docs", "by_vector", opts); } });
export const built = userQuery({ args: {}, handler: async (ctx) => ctx.vectorSearch("docs", "by_vector", opts) });
`,
    });
    expect(locations(findings)).toEqual(['convex/app.ts:5 error', 'convex/app.ts:6 error', 'convex/app.ts:7 error']);
    expect(findings[1].message).toContain('in mutation `app:default`');
  });

  it('leaves non-ctx objects, guarded shared helpers, optional calls and test files alone', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}
import { index } from "./lib/pinecone";
export const a = query({ args: {}, handler: async () => index.vectorSearch([0.1]) });
export const b = query({
  args: {},
  handler: async (ctx) => {
    const client = { vectorSearch: async (_v: number[]) => [] };
    return client.vectorSearch([0.2]);
  },
});
export const c = query({ args: {}, handler: async (ctx) => either(ctx) });
async function either(ctx: any) {
  if ("vectorSearch" in ctx) return ctx.vectorSearch("docs", "by_vector", { vector: [1] });
  return ctx.db.query("docs").take(5);
}
export const d = mutation({ args: {}, handler: async (ctx) => (ctx as any).vectorSearch?.("docs", "by_vector", { vector: [1] }) });
`,
      'convex/lib/pinecone.ts': `export const index = { vectorSearch: async (_v: number[]) => [] };\n`,
      'convex/__tests__/search.ts': `import { query } from "../_generated/server";
export const t = query({ args: {}, handler: async (ctx) => ctx.vectorSearch("docs", "by_vector", { vector: [1] }) });
`,
    });
    expect(findings).toEqual([]);
  });
});
