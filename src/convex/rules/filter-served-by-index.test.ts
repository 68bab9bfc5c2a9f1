import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { filterServedByIndex as rule } from './filter-served-by-index.js';
import { unboundedCollect } from './unbounded-collect.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  members: defineTable({ teamId: v.string(), userId: v.string(), role: v.string() })
    .index("by_team", ["teamId"])
    .index("by_team_and_user", ["teamId", "userId"])
    .index("by_team_role_user", ["teamId", "role", "userId"]),
  tasks: defineTable({ status: v.string(), teamId: v.string(), done: v.boolean() })
    .index("by_status", ["status"])
    .index("by_team_done", ["teamId", "done"]),
  notes: defineTable({ teamId: v.string(), authorId: v.string() })
    .index("by_team_author", ["teamId", "authorId"]),
  logs: defineTable({ teamId: v.string(), level: v.string() })
    .index("by_team_level", ["teamId", "level"])
    .index("by_level", { fields: ["level"], staged: true }),
});
`;

describe('filter-served-by-index', () => {
  it('reports a range only searched on a field that an index continues, at info, with the index and the eq', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/members.ts': `${SERVER_IMPORT}
export const membership = query({
  args: { teamId: v.string(), userId: v.string() },
  handler: async (ctx, { teamId, userId }) => {
    const members = await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    return members.find((m) => m.userId === userId) ?? null;
  },
});
export const open = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("tasks").collect()).filter((t) => "open" === t.status),
});
export const isMember = query({
  args: { teamId: v.string(), userId: v.string() },
  handler: async (ctx, args) => {
    const members = await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", args.teamId)).collect();
    return members.map((m) => m.role).includes("admin");
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/members.ts:7 info', 'convex/members.ts:13 info', 'convex/members.ts:18 info']);
    expect(findings[0].message).toBe(
      '`.collect()` on "members" is only searched in JavaScript for userId === userId: use index "by_team_and_user" with `.eq("userId", userId)`',
    );
    expect(findings[0].detail).toContain('`….withIndex("by_team_and_user", (q) => q.eq("teamId", teamId).eq("userId", userId)).first()`');
    expect(findings[1].message).toContain('use index "by_status" with `.eq("status", "open")`');
    expect(findings[1].detail).toContain('.collect()`');
    // A yes/no test may use a longer index that starts with the fields.
    expect(findings[2].message).toContain('use index "by_team_role_user" with `.eq("role", "admin")`');
  });

  it('is the only finding on that collect: unbounded-collect leaves it alone', () => {
    const files = {
      'convex/schema.ts': SCHEMA,
      'convex/tasks.ts': `${SERVER_IMPORT}
export const open = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("tasks").collect()).filter((t) => t.status === "open"),
});
`,
    };
    expect(locations(findingsOf(rule, files))).toEqual(['convex/tasks.ts:6 info']);
    expect(findingsOf(unboundedCollect, files)).toEqual([]);
  });

  it('stays silent without an exact index, with other uses, computed tests, other ranges and in tests', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/more.ts': `${SERVER_IMPORT}
export const a = query({
  args: { teamId: v.string(), userId: v.string() },
  handler: async (ctx, { teamId, userId }) => {
    // by_team_and_user is not [by_team_role_user's fields]: the order of a filter would change.
    const byRole = (await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect()).filter((m) => m.role === "admin");
    // Used for something else too.
    const members = await ctx.db.query("members").withIndex("by_team", (q) => q.eq("teamId", teamId)).collect();
    const mine = members.filter((m) => m.userId === userId);
    // A computed or per-row value, a non-equality, a second condition.
    const t1 = (await ctx.db.query("tasks").collect()).filter((t) => t.status === userId.toLowerCase());
    const t2 = (await ctx.db.query("tasks").collect()).filter((t) => t.status !== "open");
    const t3 = (await ctx.db.query("tasks").collect()).filter((t) => t.status === "open" && t.done);
    // The range's index has fields past its equalities: the new index would change the order.
    const n = (await ctx.db.query("notes").withIndex("by_team_author", (q) => q.eq("teamId", teamId)).collect()).filter((x) => x.authorId === userId);
    // Only a staged index fits; a range that is not only equalities.
    const l = (await ctx.db.query("logs").collect()).filter((x) => x.level === "error");
    const d = (await ctx.db.query("tasks").withIndex("by_status", (q) => q.gt("status", "a")).collect()).filter((x) => x.teamId === teamId);
    return { byRole, mine, n: members.length, t1, t2, t3, notes: n, l, d };
  },
});
`,
      'convex/members.test.ts': `import type { QueryCtx } from "./_generated/server";
export async function admins(ctx: QueryCtx) { return (await ctx.db.query("tasks").collect()).filter((t) => t.status === "open"); }
`,
    });
    expect(findings).toEqual([]);
  });

  it('reports nothing without a schema', () => {
    const findings = findingsOf(rule, {
      'convex/tasks.ts': `${SERVER_IMPORT}
export const open = query({ args: {}, handler: async (ctx) => (await ctx.db.query("tasks").collect()).filter((t) => t.status === "open") });
`,
    });
    expect(findings).toEqual([]);
  });
});
