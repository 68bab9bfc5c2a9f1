import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { collectForCount as rule } from './collect-for-count.js';

describe('collect-for-count', () => {
  it('flags the `.length` of an awaited collect, at the `length` name', () => {
    const findings = findingsOf(rule, {
      'convex/stats.ts': `${SERVER_IMPORT}
export const userCount = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("users").collect()).length,
});
`,
    });
    expect(locations(findings)).toEqual(['convex/stats.ts:6 info']);
    expect(findings[0].column).toBe(67);
    expect(findings[0].message).toBe('`.collect()` on "users" loads every document only to count them');
    expect(findings[0].detail).toContain('https://www.convex.dev/components/aggregate');
    expect(findings[0].detail).toContain('Sharded Counter');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#only-use-collect-with-a-small-number-of-results');
  });

  it('flags a variable whose only uses read `.length`, once, at the first read', () => {
    const findings = findingsOf(rule, {
      'convex/stats.ts': `${SERVER_IMPORT}
export const unread = query({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    const byUser = ctx.db.query("notifications").withIndex("by_user", (q) => q.eq("userId", userId));
    const rows = await byUser.collect();
    console.log("unread", rows.length);
    return rows.length;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/stats.ts:9 info']);
    expect(findings[0].message).toContain('"notifications"');
  });

  it('suggests `.first()` when the length only answers "is there any?"', () => {
    const findings = findingsOf(rule, {
      'convex/invites.ts': `${SERVER_IMPORT}
export const hasInvites = query({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const pending = await ctx.db.query("invites").withIndex("by_email", (q) => q.eq("email", email)).collect();
    if (pending.length === 0) return false;
    return !((await ctx.db.query("bans").withIndex("by_email", (q) => q.eq("email", email)).collect()).length);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/invites.ts:8 info', 'convex/invites.ts:9 info']);
    expect(findings[0].message).toBe('`.collect()` on "invites" only checks whether a document exists: use `.first()`');
    expect(findings[1].message).toContain('"bans"');
  });

  it('stays silent when the collected array is used for anything besides its length', () => {
    const findings = findingsOf(rule, {
      'convex/list.ts': `${SERVER_IMPORT}
export const page = query({
  args: {},
  handler: async (ctx) => {
    const items = await ctx.db.query("items").take(100);
    const all = await ctx.db.query("items").collect();
    return { total: all.length, first: all[0] };
  },
});
export const shaped = query({
  args: {},
  handler: async (ctx) => {
    const all = await ctx.db.query("items").collect();
    return { all, n: all.length };
  },
});
export const chained = query({
  args: {},
  handler: async (ctx) => ctx.db.query("items").collect().then((r) => r.length),
});
export const reassigned = query({
  args: {},
  handler: async (ctx) => {
    let all = await ctx.db.query("items").collect();
    all = all.filter((i) => i.visible);
    return all.length;
  },
});
export const shadowed = query({
  args: {},
  handler: async (ctx) => {
    const all = await ctx.db.query("items").collect();
    const f = (all: string[]) => all.length;
    return f(all);
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('sees aliases, namespace imports, custom builders, destructured db and helpers in other files', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const authedMutation = customMutation(mutation, customCtx(async () => ({})));
`,
      'convex/lib/count.ts': `import type { DatabaseReader } from "../_generated/server";
export async function countMembers(db: DatabaseReader, teamId: string) {
  const members = await db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
  return members.length;
}
`,
      'convex/teams.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { authedMutation } from "./lib/builders";
import { countMembers } from "./lib/count";
export const a = q({ args: {}, handler: async ({ db }) => (await db.query("teams").collect()).length });
export default server.query({ args: {}, handler: async (ctx) => countMembers(ctx.db, "t1") });
export const c = authedMutation({ args: {}, handler: async (ctx) => { const n = (await ctx.db.query("seats").collect()).length; await ctx.db.insert("log", { n }); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/count.ts:4 info', 'convex/teams.ts:5 info', 'convex/teams.ts:7 info']);
  });

  it('ignores collects on objects that are not a Convex db', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}
const store = { db: { query: (t: string) => ({ collect: async () => [t] }) } };
export const n = query({ args: {}, handler: async () => (await store.db.query("x").collect()).length });
`,
    });
    expect(findings).toEqual([]);
  });

  it('suggests `.take(N)` when the length is only compared with a bound, and keeps the aggregate for totals', () => {
    const findings = findingsOf(rule, {
      'convex/seats.ts': `${SERVER_IMPORT}
const MAX_SEATS = 10;
export const canJoin = mutation({
  args: { teamId: v.id("teams") },
  handler: async (ctx, { teamId }) => {
    const seats = await ctx.db.query("seats").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    if (seats.length >= 5) throw new Error("full");
    const invites = await ctx.db.query("invites").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    if (invites.length > MAX_SEATS || invites.length === 0) throw new Error("no");
    const bans = await ctx.db.query("bans").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    if (bans.length > 0) return bans.length;
  },
});
`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      '`.collect()` on "seats" only checks whether there are at least 5 documents: use `.take(5)`',
      '`.collect()` on "invites" only checks whether there are at least MAX_SEATS + 1 documents: use `.take(MAX_SEATS + 1)`',
      '`.collect()` on "bans" loads every document only to count them',
    ]);
    expect(findings[0].detail).toContain('`(await query.take(5)).length`');
    expect(findings[0].detail).not.toContain('aggregate');
  });

  it('follows `Promise.all` destructuring, `let` branches, `.map` copies and project helpers to the count', () => {
    const findings = findingsOf(rule, {
      'convex/lib/members.ts': `import type { QueryCtx } from "../_generated/server";
export async function membersOf(ctx: QueryCtx, teamId: string) {
  return await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
}
`,
      'convex/stats.ts': `${SERVER_IMPORT}
import { membersOf } from "./lib/members";
export const overview = query({
  args: { teamId: v.id("teams"), all: v.boolean() },
  handler: async (ctx, { teamId, all }) => {
    const [tasks, , files] = await Promise.all([
      ctx.db.query("tasks").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect(),
      ctx.db.query("labels").collect(),
      ctx.db.query("files").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect(),
    ]);
    let events;
    if (all) events = await ctx.db.query("events").collect();
    else events = await ctx.db.query("events").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    const names = (await ctx.db.query("tags").collect()).map((t) => t.name);
    return { tasks: tasks.length, files: files.length, events: events.length, tags: names.length, members: (await membersOf(ctx, teamId)).length };
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/lib/members.ts:3 info',
      'convex/stats.ts:17 info',
      'convex/stats.ts:17 info',
      'convex/stats.ts:17 info',
      'convex/stats.ts:17 info',
      'convex/stats.ts:17 info',
    ]);
    expect(findings.map((f) => f.message.match(/"(\w+)"/)?.[1])).toEqual(['members', 'tasks', 'files', 'events', 'events', 'tags']);
  });

  it('stays silent when a copy, a helper or a destructured array is used for more than its length', () => {
    const findings = findingsOf(rule, {
      'convex/lib/rows.ts': `import type { QueryCtx } from "../_generated/server";
export async function rowsOf(ctx: QueryCtx) { return await ctx.db.query("rows").collect(); }
export const loaders = [rowsOf];
`,
      'convex/more.ts': `${SERVER_IMPORT}
import { rowsOf } from "./lib/rows";
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    const [tasks, files] = await Promise.all([ctx.db.query("tasks").collect(), ctx.db.query("files").collect()]);
    const patched = await Promise.all(tasks.map(async (t) => ctx.db.patch(t._id, { seen: true })));
    const open = (await ctx.db.query("issues").collect()).filter((i) => i.open);
    return { patched: patched.length, files, open: open.length, rows: (await rowsOf(ctx)).length };
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('reads a sum of lengths as a total, not as a bound', () => {
    const findings = findingsOf(rule, {
      'convex/sessions.ts': `${SERVER_IMPORT}
export const active = query({
  args: {},
  handler: async (ctx) => {
    const running = await ctx.db.query("sessions").withIndex("by_status", (q) => q.eq("status", "active")).collect();
    const paused = await ctx.db.query("sessions").withIndex("by_status", (q) => q.eq("status", "paused")).collect();
    return running.length + paused.length;
  },
});
`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      '`.collect()` on "sessions" loads every document only to count them',
      '`.collect()` on "sessions" loads every document only to count them',
    ]);
  });
});
