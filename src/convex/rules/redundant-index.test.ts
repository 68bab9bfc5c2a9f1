import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { redundantIndex as rule } from './redundant-index.js';

const HEADER = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
`;

describe('redundant-index', () => {
  it('flags an index whose fields are a prefix of another one, at its name, naming both', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].column).toBe(12);
    expect(findings[0].message).toBe(
      'Index "by_channel" on "messages" is redundant with "by_channel_author": ["channel"] is a prefix of ["channel", "author"]',
    );
    expect(findings[0].detail).toContain('"by_channel" returns rows by `_creationTime`, while "by_channel_author" returns them by `author`');
    expect(findings[0].detail).toContain('keep the shorter index and suppress this finding');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#check-for-redundant-indexes');
    expect(findings[0].fix).toBeUndefined();
  });

  it('reports the later of two identical indexes, and each index once', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  posts: defineTable({ owner: v.id("users"), slug: v.string() })
    .index("by_owner_slug", ["owner", "slug"])
    .index("by_owner", ["owner"])
    .index("owner_and_slug", ["owner", "slug"])
    .index("by_owner_again", ["owner"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:7 warning', 'convex/schema.ts:8 warning', 'convex/schema.ts:9 warning']);
    expect(findings.map((f) => f.message)).toEqual([
      'Index "by_owner" on "posts" is redundant with "by_owner_slug": ["owner"] is a prefix of ["owner", "slug"]',
      'Index "owner_and_slug" on "posts" duplicates "by_owner_slug": both index ["owner", "slug"]',
      'Index "by_owner_again" on "posts" duplicates "by_owner": both index ["owner"]',
    ]);
  });

  it('flags an index on _creationTime alone as a copy of by_creation_time', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  events: defineTable({ kind: v.string() }).index("by_time", ["_creationTime"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:5 warning']);
    expect(findings[0].message).toBe('Index "by_time" on "events" duplicates the built-in "by_creation_time" index');
  });

  it('leaves distinct indexes, other tables, and search, vector and staged indexes alone', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  docs: defineTable({ team: v.string(), title: v.string(), body: v.string(), embedding: v.array(v.float64()) })
    .index("by_team_title", ["team", "title"])
    .index("by_title_team", ["title", "team"])
    .index("by_body", { fields: ["body"], staged: true })
    .index("by_body_team", { fields: ["body", "team"], staged: true })
    .index("by_title", { fields: ["title", "body"], staged: false })
    .searchIndex("search_title", { searchField: "title", filterFields: ["team"] })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 8, filterFields: ["team"] }),
  teams: defineTable({ team: v.string() }).index("by_team", ["team"]),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('compares { fields } configs with array configs, and counts a staged index as neither side', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  orders: defineTable({ customer: v.string(), status: v.string() })
    .index("by_customer", { fields: ["customer"] })
    .index("by_customer_status", ["customer", "status"])
    .index("by_status", ["status"])
    .index("by_status_customer", { fields: ["status", "customer"], staged: true }),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].message).toContain('"by_customer" on "orders" is redundant with "by_customer_status"');
  });

  it('follows tables defined through variables and imported from other files, reporting where the index is', () => {
    const findings = findingsOf(rule, {
      'convex/tables/users.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const users = defineTable({ email: v.string(), name: v.string() })
  .index("by_email", ["email"])
  .index("email", ["email"]);
`,
      'convex/tables/index.ts': `export * from "./users";\n`,
      'convex/schema.ts': `${HEADER}import { users } from "./tables";
const projects = defineTable({ org: v.string(), name: v.string() }).index("by_org_name", ["org", "name"]);
const tables = {
  users,
  projects: projects.index("by_org", ["org"]),
};
export default defineSchema({ ...tables });
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:7 warning', 'convex/tables/users.ts:5 warning']);
    expect(findings[0].message).toContain('"by_org" on "projects" is redundant with "by_org_name"');
    expect(findings[1].message).toBe('Index "email" on "users" duplicates "by_email": both index ["email"]');
  });

  it('counts indexes added to a table variable as declared after the variable\'s own', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
const base = defineTable({ sku: v.string() }).index("by_sku", ["sku"]);
export default defineSchema({
  items: base.index("sku", ["sku"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].message).toBe('Index "sku" on "items" duplicates "by_sku": both index ["sku"]');
  });

  it('stays silent when a field list is not all literals', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
const SCOPE = ["tenant"] as const;
const field = "region";
export default defineSchema({
  rows: defineTable({ tenant: v.string(), region: v.string() })
    .index("by_tenant", ["tenant"])
    .index("by_scope", [...SCOPE, "region"])
    .index("by_tenant_field", ["tenant", field])
    .index("by_config", SCOPE_CONFIG),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment when the shorter index order matters', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    // convex-review-disable-next-line redundant-index -- newest-first per channel needs _creationTime order
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
});
`,
    });
    expect(findings).toEqual([]);
  });

  describe('keeps a prefix index a read relies on for _creationTime order', () => {
    const SCHEMA = `${HEADER}
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
  threads: defineTable({ channel: v.string(), title: v.string() })
    .index("by_channel", ["channel"])
    .index("by_channel_title", ["channel", "title"]),
});
`;
    const QUERY_HEADER = `import { query } from "./_generated/server";
import { v } from "convex/values";
`;
    const withRead = (read: string, extra: Record<string, string> = {}) =>
      findingsOf(rule, {
        'convex/schema.ts': SCHEMA,
        'convex/messages.ts': `${QUERY_HEADER}
export const list = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    ${read}
  },
});
`,
        ...extra,
      });
    const reported = (findings: ReturnType<typeof findingsOf>) => findings.map((f) => f.message.split(':')[0]);
    const MESSAGES = 'Index "by_channel" on "messages" is redundant with "by_channel_author"';
    const THREADS = 'Index "by_channel" on "threads" is redundant with "by_channel_title"';

    it('is silent for an index read newest first with .order("desc").take(10), and says so for one never read', () => {
      const findings = withRead('return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).order("desc").take(10);');
      expect(reported(findings)).toEqual([THREADS]);
      expect(findings[0].detail).toContain('No read of "by_channel" seen here depends on that order');
      expect(findings[0].detail).toContain('without a `.filter` that pins `title`');
    });

    it('is silent for an index read with .paginate, .take(n), .order("asc") or for await', () => {
      for (const read of [
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).paginate(args.opts);',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).take(5);',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).order("asc").collect();',
        'for await (const m of ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel))) return m;',
      ]) {
        expect(reported(withRead(read)), read).toEqual([THREADS]);
      }
    });

    it('reports an index only read with .first(), .unique() or .collect() without .order', () => {
      for (const read of [
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).first();',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).unique();',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).collect();',
      ]) {
        expect(reported(withRead(read)), read).toEqual([MESSAGES, THREADS]);
      }
    });

    it('follows a stored query to its .order and .take', () => {
      const findings = withRead(`const byChannel = ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel));
    const latest = await byChannel.order("desc").take(20);
    return latest;`);
      expect(reported(findings)).toEqual([THREADS]);
    });

    it('is silent for an ordered read in a helper in another file, or a query a helper returns', () => {
      const helper = `import type { QueryCtx } from "../_generated/server";
export async function recentMessages(ctx: QueryCtx, channel: string) {
  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).order("desc").take(10);
}
export function threadsOf(ctx: QueryCtx, channel: string) {
  return ctx.db.query("threads").withIndex("by_channel", (q) => q.eq("channel", channel));
}
`;
      const findings = withRead('return await recentMessages(ctx, args.channel);', { 'convex/lib/reads.ts': helper });
      expect(findings).toEqual([]);
    });

    it('counts only reads of the same table, and reads whose table is not a literal', () => {
      expect(reported(withRead('return await ctx.db.query("threads").withIndex("by_channel", (q) => q.eq("channel", args.channel)).order("desc").take(3);'))).toEqual([MESSAGES]);
      const table = 'const table = args.channel === "x" ? "messages" : "threads";\n    return await ctx.db.query(table).withIndex("by_channel", (q) => q.eq("channel", args.channel)).order("desc").take(3);';
      expect(withRead(table)).toEqual([]);
    });

    it('reads a query the model does not tie to ctx.db the same way (convex-helpers stream, an untyped callback ctx)', () => {
      const stream = 'return await stream(ctx.db, schema).query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).order("desc").take(5);';
      expect(reported(withRead(stream))).toEqual([THREADS]);
      const callback = 'return await inTenant(ctx, async (c: any) => await c.db.query("messages").withIndex("by_channel", (q: any) => q.eq("channel", args.channel)).collect());';
      expect(reported(withRead(callback))).toEqual([MESSAGES, THREADS]);
    });

    it('counts a withIndex on a query handed in from elsewhere as a read of any table that relies on order', () => {
      const helper = `export function narrow(query: any, channel: string) {
  return query.withIndex("by_channel", (q: any) => q.eq("channel", channel));
}
`;
      expect(withRead('return 1;', { 'convex/lib/narrow.ts': helper })).toEqual([]);
    });

    it('reports an index a helper only reads with .collect()', () => {
      const helper = `import type { QueryCtx } from "../_generated/server";
export async function allMessages(ctx: QueryCtx, channel: string) {
  return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).collect();
}
`;
      const findings = withRead('return await allMessages(ctx, args.channel);', { 'convex/lib/reads.ts': helper });
      expect(reported(findings)).toEqual([MESSAGES, THREADS]);
    });

    it('reports an index whose ordered read pins the longer index\'s added fields with a .filter equality', () => {
      const pinned = [
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.eq(q.field("author"), args.channel)).order("desc").take(10);',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.and(q.eq(q.field("author"), "me"), q.gt(q.field("_creationTime"), 0))).paginate(args.opts);',
      ];
      for (const read of pinned) expect(reported(withRead(read)), read).toEqual([MESSAGES, THREADS]);
      const notPinned = [
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.neq(q.field("author"), "me")).order("desc").take(10);',
        'return await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.or(q.eq(q.field("author"), "a"), q.eq(q.field("author"), "b"))).take(10);',
      ];
      for (const read of notPinned) expect(reported(withRead(read)), read).toEqual([THREADS]);
    });

    it('keeps reporting when the index name is not a literal', () => {
      const findings = withRead('const name = "by_channel" as const;\n    return await ctx.db.query("messages").withIndex(name, (q) => q.eq("channel", args.channel)).order("desc").take(3);');
      expect(reported(findings)).toEqual([MESSAGES, THREADS]);
    });

    it('still reports an identical twin even when it is read in order', () => {
      const findings = findingsOf(rule, {
        'convex/schema.ts': `${HEADER}
export default defineSchema({
  posts: defineTable({ owner: v.string() }).index("by_owner", ["owner"]).index("owner", ["owner"]),
});
`,
        'convex/posts.ts': `${QUERY_HEADER}
export const list = query({
  args: { owner: v.string() },
  handler: async (ctx, args) => await ctx.db.query("posts").withIndex("owner", (q) => q.eq("owner", args.owner)).order("desc").take(5),
});
`,
      });
      expect(findings.map((f) => f.message)).toEqual(['Index "owner" on "posts" duplicates "by_owner": both index ["owner"]']);
    });
  });
});
