import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT, type Files } from '../../../test/support/convex.js';
import { DEFAULT_PROJECT_OPTIONS, type ProjectOptions } from '../model/options.js';
import { unboundedCollect } from './unbounded-collect.js';
import { unpaginatedListEndpoint as rule } from './unpaginated-list-endpoint.js';

/** The rule is opt-in (docs/precision.md): these tests turn it on, as a team's config would. */
const enabled = (files: Files, options?: ProjectOptions) => findingsOf(rule, files, new Map([[rule.id, 'info']]), options);

const BY_CHANNEL = {
  'convex/messages.ts': `${SERVER_IMPORT}
export const byChannel = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) =>
    ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect(),
});
`,
};

describe('unpaginated-list-endpoint', () => {
  it('notes a public query returning a per-parent range whole, at info, with unbounded-collect\'s former message', () => {
    const findings = enabled(BY_CHANNEL);
    expect(locations(findings)).toEqual(['convex/messages.ts:7 info']);
    expect(findings[0].column).toBe(91);
    // Kept word for word from unbounded-collect, so labels of these findings carry over by path and line.
    expect(findings[0].message).toBe('`.collect()` on "messages" loads every document in its index range, with no limit');
    expect(findings[0].detail).toContain('`.paginate(paginationOpts)`');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/database/pagination');
    expect(findings[0].fix).toBeUndefined();
    // One read, one rule: unbounded-collect no longer reports it.
    expect(findingsOf(unboundedCollect, BY_CHANNEL)).toEqual([]);
  });

  it('is off unless a setting names it, and takes its severity from the setting', () => {
    expect(rule.optIn).toBe(true);
    expect(findingsOf(rule, BY_CHANNEL)).toEqual([]);
    expect(findingsOf(rule, BY_CHANNEL, new Map([[rule.id, 'warning']]))[0].severity).toBe('warning');
  });

  it('notes a public query returning an element-wise copy of a range, a helper\'s range, or a range in a branch beside a same-named variable', () => {
    const files = {
      'convex/lib/members.ts': `import type { QueryCtx } from "../_generated/server";
export async function membersOf(ctx: QueryCtx, teamId: string) {
  return await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
}
`,
      'convex/messages.ts': `${SERVER_IMPORT}
import { membersOf } from "./lib/members";
export const names = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const rows = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect();
    return rows.map((m) => m.body);
  },
});
export const withAuthors = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const rows = await ctx.db.query("replies").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect();
    return Promise.all(rows.map(async (m) => ({ ...m, author: await ctx.db.get(m.authorId) })));
  },
});
export const team = query({ args: { teamId: v.id("teams") }, handler: async (ctx, { teamId }) => membersOf(ctx, teamId) });
export const sessions = query({
  args: { projectId: v.optional(v.id("projects")), status: v.optional(v.string()) },
  handler: async (ctx, args) => {
    if (args.projectId) {
      const sessions = await ctx.db.query("sessions").withIndex("by_project", (q) => q.eq("projectId", args.projectId!)).collect();
      if (args.status) return sessions.filter((s) => s.status === args.status);
      return sessions;
    }
    const sessions = await ctx.db.query("sessions").take(50);
    return sessions;
  },
});
export const internalNames = internalQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => (await ctx.db.query("drafts").withIndex("by_channel", (q) => q.eq("channelId", channelId)).collect()).map((d) => d.body),
});
`,
    };
    const findings = enabled(files);
    expect(locations(findings)).toEqual(['convex/lib/members.ts:3 info', 'convex/messages.ts:8 info', 'convex/messages.ts:15 info', 'convex/messages.ts:24 info']);
    expect(findings[1].message).toBe('`.collect()` on "messages" loads every document in its index range, with no limit');
    expect(findingsOf(unboundedCollect, files)).toEqual([]);
  });

  it('counts an index added in a branch to a stored query as bounding the read, as unbounded-collect does', () => {
    const findings = enabled({
      'convex/tasks.ts': `${SERVER_IMPORT}
export const list = query({
  args: { owner: v.optional(v.id("users")) },
  handler: async (ctx, args) => {
    let tasks = ctx.db.query("tasks");
    if (args.owner) tasks = tasks.withIndex("by_owner", (q) => q.eq("owner", args.owner!));
    return await tasks.collect();
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/tasks.ts:9 info']);
  });

  it('says nothing of a per-parent range a function only works through, an internal job\'s read, or a per-item read in a callback', () => {
    const findings = enabled({
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
    // Only the public query returning the range whole.
    expect(locations(findings)).toEqual(['convex/rooms.ts:16 info']);
  });

  it('leaves whole-table and one-sided reads, and part-only uses, to unbounded-collect', () => {
    const files = {
      'convex/posts.ts': `${SERVER_IMPORT}
export const all = query({ args: {}, handler: async (ctx) => ctx.db.query("posts").collect() });
export const feed = query({ args: {}, handler: async (ctx) => ctx.db.query("events").withIndex("by_creation_time").collect() });
export const recent = query({
  args: {},
  handler: async (ctx) => ctx.db.query("events").withIndex("by_time", (q) => q.gt("time", 0)).collect(),
});
export const first = query({ args: {}, handler: async (ctx) => (await ctx.db.query("news").order("desc").collect())[0] });
`,
    };
    expect(enabled(files)).toEqual([]);
    expect(locations(findingsOf(unboundedCollect, files))).toEqual(['convex/posts.ts:4 info', 'convex/posts.ts:5 info', 'convex/posts.ts:8 info', 'convex/posts.ts:10 info']);
  });

  it('says nothing of a range the query does not return whole, small tables, configuration tables or component code', () => {
    const app = {
      'convex/lists.ts': `${SERVER_IMPORT}
export const members = query({
  args: { teamId: v.string(), userId: v.string() },
  handler: async (ctx, { teamId, userId }) => {
    const rows = await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    return rows.find((m) => m.userId === userId) ?? null;
  },
});
export const count = query({
  args: { teamId: v.string() },
  handler: async (ctx, { teamId }) => (await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect()).length,
});
export const plans = query({
  args: { tier: v.string() },
  handler: async (ctx, { tier }) => ctx.db.query("plans").withIndex("by_tier", (q) => q.eq("tier", tier)).collect(),
});
export const labels = query({
  args: { boardId: v.string() },
  handler: async (ctx, { boardId }) => ctx.db.query("labels").withIndex("by_board", (q) => q.eq("boardId", boardId)).collect(),
});
`,
    };
    // A lookup and a count return no list, plans is app-wide configuration: only labels is reported,
    // and not once the team lists it in small-tables.
    expect(locations(enabled(app))).toEqual(['convex/lists.ts:21 info']);
    expect(enabled(app, { ...DEFAULT_PROJECT_OPTIONS, smallTables: new Set(['labels']) })).toEqual([]);
    const component = {
      'src/component/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("log");\n`,
      'src/component/entries.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const forRun = query({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) => ctx.db.query("entries").withIndex("by_run", (q) => q.eq("runId", runId)).collect(),
});
`,
    };
    expect(enabled(component)).toEqual([]);
  });

  it('is silenced by a suppression comment naming it', () => {
    const findings = enabled({
      'convex/s.ts': `${SERVER_IMPORT}
export const lessons = query({
  args: { courseId: v.id("courses") },
  // convex-review-disable-next-line unpaginated-list-endpoint -- a course has at most 30 lessons
  handler: async (ctx, { courseId }) => ctx.db.query("lessons").withIndex("by_course", (q) => q.eq("courseId", courseId)).collect(),
});
`,
    });
    expect(findings).toEqual([]);
  });
});
