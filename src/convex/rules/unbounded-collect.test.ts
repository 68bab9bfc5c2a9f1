import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { unboundedCollect as rule } from './unbounded-collect.js';

describe('unbounded-collect', () => {
  it('reports a collect with no index (info: see docs/precision.md) at the `collect` name', () => {
    const findings = findingsOf(rule, {
      'convex/posts.ts': `${SERVER_IMPORT}
export const all = query({
  args: {},
  handler: async (ctx) => {
    return await ctx.db
      .query("posts")
      .order("desc")
      .collect();
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/posts.ts:10 info']);
    expect(findings[0].column).toBe(8);
    expect(findings[0].message).toBe('`.collect()` on "posts" has no index: it reads the whole table');
    expect(findings[0].detail).toContain('`.take(n)`');
    expect(findings[0].detail).toContain('`.paginate(paginationOpts)`');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#only-use-collect-with-a-small-number-of-results');
  });

  it('leaves a per-parent list a public query returns whole to the opt-in unpaginated-list-endpoint', () => {
    const findings = findingsOf(rule, {
      'convex/messages.ts': `${SERVER_IMPORT}
export const byChannel = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) =>
    ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('treats an index with no range as the full table scan it is', () => {
    const findings = findingsOf(rule, {
      'convex/events.ts': `${SERVER_IMPORT}
export const feed = query({
  args: {},
  handler: async (ctx) => ctx.db.query("events").withIndex("by_creation_time").order("desc").collect(),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/events.ts:6 info']);
    expect(findings[0].message).toBe('`.collect()` on "events" uses index "by_creation_time" without a range: it reads the whole table');
  });

  it('follows stored query variables, including an index added in a branch', () => {
    const findings = findingsOf(rule, {
      'convex/tasks.ts': `${SERVER_IMPORT}
export const list = query({
  args: { owner: v.optional(v.id("users")) },
  handler: async (ctx, args) => {
    let tasks = ctx.db.query("tasks");
    if (args.owner) tasks = tasks.withIndex("by_owner", (q) => q.eq("owner", args.owner!));
    return await tasks.collect();
  },
});
export const everything = query({
  args: {},
  handler: async (ctx) => {
    const base = ctx.db.query("tasks");
    const filtered = base.filter((q) => q.eq(q.field("done"), false));
    return filtered;
  },
});
export const again = query({
  args: {},
  handler: async (ctx) => {
    const q = ctx.db.query("tasks");
    return await q.collect();
  },
});
`,
    });
    // tasks.ts:9 is bounded by the index added in a branch: a list endpoint, unpaginated-list-endpoint's.
    expect(locations(findings)).toEqual(['convex/tasks.ts:24 info']);
  });

  it('sees aliases, namespace imports, custom builders, destructured and aliased db, and helpers in other files', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const userQuery = customQuery(query, customCtx(async (ctx) => ({ me: await ctx.auth.getUserIdentity() })));
`,
      'convex/lib/users.ts': `import type { QueryCtx } from "../_generated/server";
export async function everyUser(ctx: QueryCtx) {
  return await ctx.db.query("users").collect();
}
`,
      'convex/forms.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { userQuery } from "./lib/builders";
import { everyUser } from "./lib/users";
export const a = q({ args: {}, handler: async ({ db }) => db.query("a").collect() });
export default server.query({ args: {}, handler: async (ctx) => { const db = ctx.db; return db.query("b").collect(); } });
export const c = userQuery({ args: {}, handler: async (ctx) => ctx.db.query("c").collect() });
export const d = q({ args: {}, handler: async (ctx) => everyUser(ctx) });
`,
    });
    expect(locations(findings)).toEqual([
      'convex/forms.ts:5 info',
      'convex/forms.ts:6 info',
      'convex/forms.ts:7 info',
      'convex/lib/users.ts:3 info',
    ]);
    expect(findings[3].message).toContain('"users"');
  });

  it('ignores `.db` on objects that are not Convex, and bounded reads', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}
const cache = { db: { query: (t: string) => ({ collect: () => [t] }) } };
export const ok = query({
  args: {},
  handler: async (ctx) => {
    cache.db.query("x").collect();
    await ctx.db.query("posts").take(20);
    await ctx.db.query("posts").first();
    return await ctx.db.query("posts").paginate({ numItems: 10, cursor: null });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('notes rare code — internal migrations, backfills, seed scripts, cleanup jobs, tests — as such', () => {
    const findings = findingsOf(rule, {
      'convex/migrations/addSlug.ts': `import { internalMutation } from "../_generated/server";
export const run = internalMutation({ args: {}, handler: async (ctx) => ctx.db.query("posts").collect() });
`,
      'convex/admin.ts': `${SERVER_IMPORT}
export const backfillScores = internalMutation({ args: {}, handler: async (ctx) => ctx.db.query("games").collect() });
export const seedDemo = internalMutation({ args: {}, handler: async (ctx) => ctx.db.query("demo").collect() });
export const cleanupSessions = internalMutation({ args: {}, handler: async (ctx) => ctx.db.query("sessions").collect() });
`,
      'convex/messages.test.ts': `import type { MutationCtx } from "./_generated/server";
export async function all(ctx: MutationCtx) { return await ctx.db.query("messages").collect(); }
`,
    });
    expect(locations(findings)).toEqual([
      'convex/admin.ts:4 info',
      'convex/admin.ts:5 info',
      'convex/admin.ts:6 info',
      'convex/messages.test.ts:2 info',
      'convex/migrations/addSlug.ts:2 info',
    ]);
    expect(findings[0].detail).toContain('This looks like a migration, backfill or seed script');
    expect(findings[2].detail).toContain('an internal cleanup job');
    expect(findings[3].detail).toContain('test code');
  });

  it('leaves alone sweeps that delete what they read behind a one-sided range or in test-only code', () => {
    const findings = findingsOf(rule, {
      'convex/invites.ts': `${SERVER_IMPORT}
export const createInvite = internalMutation({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const stale = await ctx.db.query("invites").withIndex("by_sent", (q) => q.lt("sentAt", Date.now() - 86400000)).collect();
    for (const invite of stale) await ctx.db.delete(invite._id);
    const recent = await ctx.db.query("invites").withIndex("by_sent", (q) => q.gte("sentAt", 0)).collect();
    await ctx.db.insert("invites", { email, sentAt: Date.now() });
    return recent;
  },
});
`,
      'convex/testHelpers.ts': `${SERVER_IMPORT}
export const wipe = mutation({
  args: {},
  handler: async (ctx) => {
    const jobs = await ctx.db.system.query("_scheduled_functions").collect();
    await Promise.all(jobs.map((job) => ctx.scheduler.cancel(job._id)));
    const users = await ctx.db.query("users").collect();
    return users;
  },
});
`,
      'convex/users.ts': `${SERVER_IMPORT}
export const removeAll = mutation({
  args: {},
  handler: async (ctx) => {
    const all = await ctx.db.query("users").collect();
    for (const user of all) await ctx.db.delete(user._id);
  },
});
`,
    });
    // Kept: the one-sided read that deletes nothing (invites.ts:9), the test-only read that deletes
    // nothing (testHelpers.ts:9), and the public whole-table delete outside test code (users.ts:7).
    expect(locations(findings)).toEqual(['convex/invites.ts:9 info', 'convex/testHelpers.ts:9 info', 'convex/users.ts:7 info']);
    expect(findings[0].message).toBe(
      '`.collect()` on "invites" uses index "by_sent" with a one-sided range: it reads every document past the bound',
    );
    expect(findings[1].detail).toContain('test-only code');
  });

  it('never treats a public function as rare code, whatever its name or file', () => {
    const findings = findingsOf(rule, {
      'convex/migrations/api.ts': `import { mutation } from "../_generated/server";
export const runAll = mutation({ args: {}, handler: async (ctx) => ctx.db.query("posts").collect() });
`,
      'convex/admin.ts': `${SERVER_IMPORT}
export const cleanupSessions = mutation({ args: {}, handler: async (ctx) => ctx.db.query("sessions").collect() });
export const purgeLogs = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("logs").collect() });
export const listAll = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("logs").collect() });
`,
    });
    expect(locations(findings)).toEqual([
      'convex/admin.ts:4 info',
      'convex/admin.ts:5 info',
      'convex/admin.ts:6 info',
      'convex/migrations/api.ts:2 info',
    ]);
    expect(findings.map((f) => f.detail?.includes('runs rarely'))).toEqual([false, true, false, false]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
export const tiny = query({
  args: {},
  // convex-review-disable-next-line unbounded-collect -- at most 5 feature flags
  handler: async (ctx) => ctx.db.query("flags").collect(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('says nothing of a per-parent range, whether the function works through it or a public query returns it whole', () => {
    const findings = findingsOf(rule, {
      'convex/rooms.ts': `${SERVER_IMPORT}
export const close = mutation({
  args: { roomId: v.id("rooms") },
  handler: async (ctx, { roomId }) => {
    const seats = await ctx.db.query("seats").withIndex("by_room", (q) => q.eq("roomId", roomId)).collect();
    for (const seat of seats) await ctx.db.patch("seats", seat._id, { open: false });
    const hosts = await ctx.db.query("hosts").withIndex("by_room", (q) => q.eq("roomId", roomId)).collect();
    if (hosts.length !== 1) throw new Error("one host expected");
  },
});
export const chat = query({
  args: { roomId: v.id("rooms") },
  handler: async (ctx, { roomId }) => {
    const lines = await ctx.db.query("lines").withIndex("by_room", (q) => q.eq("roomId", roomId)).collect();
    return lines;
  },
});
export const seatsForJob = internalQuery({
  args: { roomId: v.id("rooms") },
  handler: async (ctx, { roomId }) => ctx.db.query("seats").withIndex("by_room", (q) => q.eq("roomId", roomId)).collect(),
});
export const stepsPerSeat = query({
  args: { seatIds: v.array(v.id("seats")) },
  handler: async (ctx, { seatIds }) =>
    Promise.all(seatIds.map(async (id) => await ctx.db.query("steps").withIndex("by_seat", (q) => q.eq("seatId", id)).collect())),
});
`,
    });
    // rooms.ts:16, the public query returning the range whole, is unpaginated-list-endpoint's.
    expect(findings).toEqual([]);
  });

  it('says nothing of per-parent ranges in component code, which library code calls', () => {
    const findings = findingsOf(rule, {
      'src/component/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("log");\n`,
      'src/component/entries.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const forRun = query({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) => ctx.db.query("entries").withIndex("by_run", (q) => q.eq("runId", runId)).collect(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  describe('a collect of which only part is used', () => {
    it('suggests `.first()` when only the first document is read, through aliases, branches, copies and helpers', () => {
      const findings = findingsOf(rule, {
        'convex/lib/latest.ts': `import type { QueryCtx } from "../_generated/server";
export const pricesOf = async (ctx: QueryCtx, productId: string) =>
  ctx.db.query("prices").order("desc").collect();
`,
        'convex/orders.ts': `${SERVER_IMPORT}
import { pricesOf } from "./lib/latest";
export const latest = mutation({
  args: { userId: v.id("users"), productId: v.id("products"), mine: v.boolean() },
  handler: async (ctx, { userId, productId, mine }) => {
    const orders = await ctx.db.query("orders").order("desc").collect();
    const newest = orders;
    const [session] = await ctx.db.query("sessions").collect();
    let carts;
    if (mine) carts = await ctx.db.query("carts").collect();
    else carts = await ctx.db.query("carts").collect();
    const names = (await ctx.db.query("notes").collect()).map((n) => n.title);
    const price = (await pricesOf(ctx, productId)).at(0);
    const tags = await ctx.db.query("tags").collect();
    const tag = tags.length > 0 ? tags[0] : null;
    await ctx.db.insert("log", { order: newest[0], session, cart: carts[0], note: names[0], price, tag });
  },
});
`,
      });
      expect(locations(findings)).toEqual([
        'convex/lib/latest.ts:3 info',
        'convex/orders.ts:8 info',
        'convex/orders.ts:10 info',
        'convex/orders.ts:12 info',
        'convex/orders.ts:13 info',
        'convex/orders.ts:14 info',
        'convex/orders.ts:16 info',
      ]);
      expect(findings[1].message).toBe('`.collect()` on "orders" loads every document but only the first is used: use `.first()`');
      expect(findings.every((f) => f.message.endsWith('use `.first()`'))).toBe(true);
    });

    it('suggests `.take(n)`, `.order(…).take(n)` or `.paginate` for a slice', () => {
      const findings = findingsOf(rule, {
        'convex/feed.ts': `${SERVER_IMPORT}
export const feed = internalQuery({
  args: { channelId: v.id("channels"), limit: v.number(), offset: v.number() },
  handler: async (ctx, args) => {
    const top = (await ctx.db.query("posts").collect()).slice(0, args.limit);
    const recent = (await ctx.db.query("messages").collect()).slice(-20);
    const oldest = (await ctx.db.query("events").order("desc").collect()).slice(-5);
    const page = (await ctx.db.query("comments").collect()).slice(args.offset, args.offset + args.limit);
    return { top, recent, oldest, page };
  },
});
`,
      });
      expect(findings.map((f) => f.message)).toEqual([
        '`.collect()` on "posts" loads every document but only the first args.limit are used: use `.take(args.limit)`',
        '`.collect()` on "messages" loads every document but only the last 20 are used: use `.order("desc").take(20)`',
        '`.collect()` on "events" loads every document but only the last 5 are used: use `.order("asc").take(5)`',
        '`.collect()` on "comments" loads every document but only one page is used: use `.paginate(paginationOpts)`',
      ]);
      expect(findings[1].detail).toContain('opposite order');
    });

    it('suggests `for await` for an ordered scan that stops at a match', () => {
      const findings = findingsOf(rule, {
        'convex/history.ts': `${SERVER_IMPORT}
export const lastGood = internalQuery({
  args: { deployId: v.id("deploys") },
  handler: async (ctx, { deployId }) => {
    const runs = await ctx.db.query("runs").order("desc").collect();
    let found = null;
    for (const run of runs) {
      if (run.ok) { found = run; break; }
    }
    const prev = (await ctx.db.query("builds").order("desc").collect()).find((b) => b.ok);
    return { found, prev };
  },
});
`,
      });
      expect(locations(findings)).toEqual(['convex/history.ts:7 info', 'convex/history.ts:12 info']);
      expect(findings[0].message).toBe(
        '`.collect()` on "runs" loads every document but the ordered scan stops at the first match: iterate the query with `for await`',
      );
    });

    it('leaves part-only uses of an equality range alone: one user\'s rows or an upserted singleton (round 3)', () => {
      const findings = findingsOf(rule, {
        'convex/chat.ts': `${SERVER_IMPORT}
export const latest = mutation({
  args: { userId: v.id("users"), channelId: v.id("channels") },
  handler: async (ctx, { userId, channelId }) => {
    const [history] = await ctx.db.query("histories").withIndex("by_user", (q) => q.eq("userId", userId)).collect();
    const recent = (await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect()).slice(-20);
    await ctx.db.insert("log", { history, recent });
  },
});
`,
      });
      expect(findings).toEqual([]);
    });

    it('keeps out unordered lookups, loops over every row, JS sorts, mixed uses and test code', () => {
      const findings = findingsOf(rule, {
        'convex/members.ts': `${SERVER_IMPORT}
export const check = internalMutation({
  args: { teamId: v.id("teams"), userId: v.id("users") },
  handler: async (ctx, { teamId, userId }) => {
    const members = await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    const me = members.find((m) => m.role === "owner");
    const roles = await ctx.db.query("roles").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    const any = roles.some((r) => r.admin) || roles.every((r) => r.admin);
    const perms = await ctx.db.query("perms").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    for (const p of perms) { if (p.userId === userId) return p; }
    const scores = await ctx.db.query("scores").withIndex("by_team", (q) => q.eq("teamId", teamId)).order("desc").collect();
    let total = 0;
    for (const s of scores) total += s.value;
    const best = (await ctx.db.query("games").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect()).sort((a, b) => b.score - a.score)[0];
    const tasks = await ctx.db.query("tasks").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    const files = (await ctx.db.query("files").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect()).slice(0, -1);
    const jobs = await Promise.all((await ctx.db.query("jobs").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect()).map(async (j) => ctx.db.patch(j._id, { seen: true })));
    return { me, any, total, best, first: tasks[0], n: tasks.length, files, job: jobs[0] };
  },
});
`,
        'convex/members.test.ts': `import type { QueryCtx } from "./_generated/server";
export async function firstMember(ctx: QueryCtx) { return (await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", "t")).collect())[0]; }
`,
      });
      expect(findings).toEqual([]);
    });
  });

  describe('one finding per problem', () => {
    it('leaves counting to collect-for-count, also for whole-table reads', () => {
      const findings = findingsOf(rule, {
        'convex/stats.ts': `${SERVER_IMPORT}
export const counts = query({
  args: {},
  handler: async (ctx) => {
    const [users, teams] = await Promise.all([ctx.db.query("users").collect(), ctx.db.query("teams").collect()]);
    const posts = await ctx.db.query("posts").collect();
    if (posts.length === 0) return null;
    return { users: users.length, teams: teams.length, any: (await ctx.db.query("tags").collect()).length > 0 };
  },
});
`,
      });
      expect(findings).toEqual([]);
    });
  });

  // Index-bounded list endpoints are unpaginated-list-endpoint's (opt-in); its tests also assert
  // that this rule stays silent on them.

  it('leaves app-wide configuration tables alone, but not per-user settings or user content named like them', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  settings: defineTable({ userId: v.id("users"), theme: v.string() }),
  plans: defineTable({ name: v.string(), stripePriceId: v.string() }),
});
`,
      'convex/config.ts': `${SERVER_IMPORT}
export const all = query({
  args: {},
  handler: async (ctx) => ({
    plans: await ctx.db.query("plans").collect(),
    app: await ctx.db.query("appSettings").collect(),
    flags: await ctx.db.query("feature_flags").collect(),
    config: await ctx.db.query("config").collect(),
    settings: await ctx.db.query("settings").collect(),
    mine: await ctx.db.query("userSettings").collect(),
    meals: await ctx.db.query("mealPlans").collect(),
  }),
});
`,
    });
    expect(findings.map((f) => f.message.match(/"(\w+)"/)?.[1])).toEqual(['settings', 'userSettings', 'mealPlans']);
  });
});
