import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { aggregateNotSynced as rule } from './aggregate-not-synced.js';

/** `convex/aggregates.ts`: one aggregate over `scores`, keyed by `points` in a `game` namespace. */
const AGGREGATES = `import { TableAggregate } from "@convex-dev/aggregate";
import { components } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
export const byPoints = new TableAggregate<{ Namespace: string; Key: number; DataModel: DataModel; TableName: "scores" }>(
  components.byPoints,
  { namespace: (doc) => doc.game, sortKey: (doc) => doc.points },
);
`;

const HEADER = `${SERVER_IMPORT}import { byPoints } from "./aggregates";
`;

describe('aggregate-not-synced', () => {
  it('flags inserts, deletes and key-changing patches that skip the aggregate', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/scores.ts': `${HEADER}
export const add = mutation({
  args: { game: v.string(), points: v.number() },
  handler: async (ctx, args) => {
    await ctx.db.insert("scores", args);
  },
});
export const remove = mutation({
  args: { id: v.id("scores") },
  handler: async (ctx, { id }) => {
    await ctx.db.delete(id);
  },
});
export const bump = internalMutation({
  args: { id: v.id("scores") },
  handler: async (ctx, args) => {
    await ctx.db.patch("scores", args.id, { points: 10 });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/scores.ts:8 warning', 'convex/scores.ts:14 warning', 'convex/scores.ts:20 warning']);
    expect(findings[0].message).toBe('`db.insert` on `scores` in mutation `add` does not update the aggregate `byPoints`');
    expect(findings[0].detail).toContain('`byPoints.insert(ctx, …)`');
    expect(findings[0].detail).toContain('triggers.register("scores", byPoints.trigger())');
    expect(findings[0].detail).toContain('convex-review-disable-next-line aggregate-not-synced');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/components/using');
  });

  it('accepts the matching aggregate call, directly or through helpers, and patches that leave the keys alone', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/model/scores.ts': `import type { MutationCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
import { byPoints } from "../aggregates";
export async function removeScore(ctx: MutationCtx, id: Id<"scores">) {
  const doc = await ctx.db.get(id);
  if (!doc) return;
  await ctx.db.delete(id);
  await byPoints.delete(ctx, doc);
}
`,
      'convex/scores.ts': `${HEADER}import { removeScore } from "./model/scores";
export const add = mutation({
  args: { game: v.string(), points: v.number() },
  handler: async (ctx, args) => {
    const id = await ctx.db.insert("scores", args);
    const doc = await ctx.db.get(id);
    await byPoints.insertIfDoesNotExist(ctx, doc!);
  },
});
export const remove = mutation({ args: { id: v.id("scores") }, handler: async (ctx, { id }) => removeScore(ctx, id) });
export const setPoints = mutation({
  args: { id: v.id("scores"), points: v.number() },
  handler: async (ctx, { id, points }) => {
    const old = await ctx.db.get(id);
    await ctx.db.patch(id, { points });
    await byPoints.replace(ctx, old!, (await ctx.db.get(id))!);
  },
});
export const rename = mutation({
  args: { id: v.id("scores"), player: v.string() },
  handler: async (ctx, { id, player }) => {
    await ctx.db.patch(id, { player });
  },
});
export const reset = internalMutation({
  args: {},
  handler: async (ctx) => {
    for (const doc of await ctx.db.query("scores").take(500)) await ctx.db.delete(doc._id);
    await byPoints.clear(ctx);
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('counts convex-helpers triggers on the db the builder wraps, and flags the raw builder beside them', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/functions.ts': `import { mutation as rawMutation } from "./_generated/server";
import { Triggers } from "convex-helpers/server/triggers";
import { customCtx, customMutation } from "convex-helpers/server/customFunctions";
import type { DataModel } from "./_generated/dataModel";
import { byPoints } from "./aggregates";
const triggers = new Triggers<DataModel>();
triggers.register("scores", byPoints.trigger());
export const mutation = customMutation(rawMutation, customCtx(triggers.wrapDB));
`,
      'convex/scores.ts': `import { mutation } from "./functions";
import { mutation as rawMutation } from "./_generated/server";
import { v } from "convex/values";
export const add = mutation({
  args: { game: v.string(), points: v.number() },
  handler: async (ctx, args) => ctx.db.insert("scores", args),
});
export const addRaw = rawMutation({
  args: { game: v.string(), points: v.number() },
  handler: async (ctx, args) => ctx.db.insert("scores", args),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/scores.ts:10 warning']);
    expect(findings[0].message).toBe('`db.insert` on `scores` in mutation `addRaw` does not update the aggregate `byPoints`');
  });

  it('accepts a hand-written trigger that calls the aggregate', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/functions.ts': `import { mutation as rawMutation } from "./_generated/server";
import { Triggers } from "convex-helpers/server/triggers";
import { customCtx, customMutation } from "convex-helpers/server/customFunctions";
import { byPoints } from "./aggregates";
const triggers = new Triggers();
triggers.register("scores", async (ctx, change) => {
  if (change.operation === "insert") await byPoints.insert(ctx, change.newDoc);
});
export const mutation = customMutation(rawMutation, customCtx(triggers.wrapDB));
`,
      'convex/scores.ts': `import { mutation } from "./functions";
export const add = mutation({ args: {}, handler: async (ctx) => ctx.db.insert("scores", { game: "g", points: 1 }) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows functions the mutation runs or schedules for the aggregate call', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/scores.ts': `${HEADER}import { internal } from "./_generated/api";
export const add = mutation({
  args: { game: v.string(), points: v.number() },
  handler: async (ctx, args) => {
    const id = await ctx.db.insert("scores", args);
    await ctx.scheduler.runAfter(0, internal.scores.index, { id });
  },
});
export const index = internalMutation({
  args: { id: v.id("scores") },
  handler: async (ctx, { id }) => {
    const doc = await ctx.db.get(id);
    if (doc) await byPoints.insertIfDoesNotExist(ctx, doc);
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('stays silent when the table, the aggregate or the path cannot be known', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': `${AGGREGATES}
export const untyped = new TableAggregate(components.other, { sortKey: (d: any) => d.x });
export const registry = { byPoints };
`,
      'convex/scores.ts': `${HEADER}import { registry } from "./aggregates";
import { repo } from "./repo";
export const a = mutation({
  args: { table: v.string() },
  handler: async (ctx, args) => { await ctx.db.insert(args.table as "scores", { game: "g", points: 1 }); },
});
export const b = mutation({
  args: { id: v.string() },
  handler: async (ctx, args) => { await ctx.db.delete(args.id as never); },
});
export const c = mutation({
  args: {},
  handler: async (ctx) => {
    const id = await ctx.db.insert("scores", { game: "g", points: 1 });
    const doc = await ctx.db.get(id);
    await registry.byPoints.insert(ctx, doc!);
  },
});
export const d = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("scores", { game: "g", points: 1 });
    await repo.afterInsert(ctx);
  },
});
export const e = mutation({
  args: { id: v.id("scores"), fields: v.any() },
  handler: async (ctx, { id, fields }) => { await ctx.db.patch(id, fields); },
});
`,
      'convex/repo.ts': `export const repo = { afterInsert: async (_ctx: unknown) => null };\n`,
    });
    expect(findings).toEqual([]);
  });

  it('reads the table from the older positional type arguments and a local type alias, and ids of read documents', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': `import { TableAggregate } from "@convex-dev/aggregate";
import { components } from "./_generated/api";
import type { DataModel } from "./_generated/dataModel";
type LikesType = { Key: null; DataModel: DataModel; TableName: "likes" };
export const likes = new TableAggregate<LikesType>(components.likes, { sortKey: () => null });
export const views = new TableAggregate<number, DataModel, "views">(components.views, { sortKey: (doc) => doc._creationTime });
`,
      'convex/social.ts': `${SERVER_IMPORT}
export const unlikeAll = mutation({
  args: { postId: v.id("posts") },
  handler: async (ctx, { postId }) => {
    const rows = await ctx.db.query("likes").withIndex("by_post", (q) => q.eq("postId", postId)).take(100);
    for (const row of rows) await ctx.db.delete(row._id);
    const first = await ctx.db.query("views").withIndex("by_post", (q) => q.eq("postId", postId)).first();
    if (first) await ctx.db.delete(first._id);
    await ctx.db.patch(postId, { likes: 0 });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/social.ts:8 warning', 'convex/social.ts:10 warning']);
    expect(findings[1].message).toBe('`db.delete` on `views` in mutation `unlikeAll` does not update the aggregate `views`');
  });

  it('reports a write in a shared helper once, naming a mutation that reaches it unsynced', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/lib.ts': `import type { MutationCtx } from "./_generated/server";
export async function addScore(ctx: MutationCtx, game: string, points: number) {
  return ctx.db.insert("scores", { game, points });
}
`,
      'convex/scores.ts': `${HEADER}import { addScore } from "./lib";
export const synced = mutation({
  args: {},
  handler: async (ctx) => {
    const id = await addScore(ctx, "g", 1);
    await byPoints.insert(ctx, (await ctx.db.get(id))!);
  },
});
export const seed = internalMutation({ args: {}, handler: async (ctx) => { await addScore(ctx, "g", 2); } });
export const again = internalMutation({ args: {}, handler: async (ctx) => { await addScore(ctx, "g", 3); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib.ts:3 warning']);
    expect(findings[0].message).toBe('`db.insert` on `scores` reached from mutation `scores:seed` does not update the aggregate `byPoints`');
  });

  it('ignores test files, queries, other tables and .db objects that are not Convex', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/scores.test.ts': `${HEADER}
export const add = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("scores", { game: "g", points: 1 }); } });
`,
      'convex/other.ts': `${SERVER_IMPORT}
export const note = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("notes", { body: "x" });
    const cache = { db: { insert: (_t: string, _v: unknown) => null } };
    cache.db.insert("scores", {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('sees writes through a destructured db, aliased builders, namespace imports and default exports', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates.ts': AGGREGATES,
      'convex/forms.ts': `import { mutation as m } from "./_generated/server";
import * as server from "./_generated/server";
export const add = m({ args: {}, handler: async ({ db }) => db.insert("scores", { game: "g", points: 1 }) });
export default server.internalMutation({
  args: {},
  handler: async (ctx) => {
    const db = ctx.db;
    await db.insert("scores", { game: "g", points: 2 });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/forms.ts:3 warning', 'convex/forms.ts:8 warning']);
    expect(findings[1].message).toBe('`db.insert` on `scores` in mutation `forms:default` does not update the aggregate `byPoints`');
  });

  it('matches aggregates imported through a path alias the resolver cannot follow', () => {
    const findings = findingsOf(rule, {
      'convex/aggregates/scores.ts': AGGREGATES.replaceAll('"./_generated/', '"../_generated/'),
      'convex/scores.ts': `${SERVER_IMPORT}import { byPoints } from "~/convex/aggregates/scores";
export const add = mutation({
  args: {},
  handler: async (ctx) => {
    const id = await ctx.db.insert("scores", { game: "g", points: 1 });
    await byPoints.insert(ctx, (await ctx.db.get(id))!);
  },
});
export const drop = mutation({ args: { id: v.id("scores") }, handler: async (ctx, { id }) => { await ctx.db.delete(id); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/scores.ts:11 warning']);
  });
});
