import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { noFilterOnDbQuery as rule } from './no-filter-on-db-query.js';

/** A schema with one single-field index, one compound index, a staged index and a search index. */
const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string(), body: v.string(), pinned: v.boolean() })
    .index("by_channel", ["channel"])
    .index("by_author_channel", ["author", "channel"])
    .index("by_pinned", { fields: ["pinned"], staged: true })
    .searchIndex("search_body", { searchField: "body", filterFields: ["channel"] }),
  notes: defineTable({ owner: v.string(), title: v.string() }),
});
`;

describe('no-filter-on-db-query', () => {
  it('flags an unindexed .filter as a full table scan, at the .filter name', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/notes.ts': `${SERVER_IMPORT}
export const byTitle = query({
  args: { title: v.string() },
  handler: async (ctx, args) => {
    return await ctx.db
      .query("notes")
      .filter((q) => q.eq(q.field("title"), args.title))
      .first();
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:9 warning']);
    expect(findings[0].column).toBe(8);
    // `.first()` stops at the first match: the message must not say it always reads everything.
    expect(findings[0].message).toBe('`.filter` on "notes" without an index reads rows until the first match — the whole table when none matches');
    expect(findings[0].detail).toContain('withIndex');
    expect(findings[0].detail).toContain('until `.first()` has its match');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#avoid-filter-on-database-queries');
    expect(findings[0].fix).toBeUndefined();
  });

  it('rewrites a single equality on a single-field index to withIndex, in either operand order', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const list = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    const a = await ctx.db
      .query("messages")
      .filter((q) => q.eq(q.field("channel"), args.channel))
      .collect();
    const b = await ctx.db.query('messages').filter((m) => m.eq(args.channel, m.field('channel'))).take(5);
    return [a, b];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:9 warning', 'convex/messages.ts:11 warning']);
    expect(findings[0].message).toBe('`.filter` on "messages" scans the whole table; index "by_channel" covers `channel` — use `.withIndex`');
    expect(findings[0].detail).toContain('index "by_channel" on ["channel"]');
    expect(findings[0].fix).toEqual({
      line: 9,
      endLine: 9,
      replacement: '      .withIndex("by_channel", (q) => q.eq("channel", args.channel))',
    });
    expect(findings[1].fix).toEqual({
      line: 11,
      endLine: 11,
      replacement: "    const b = await ctx.db.query('messages').withIndex('by_channel', (m) => m.eq('channel', args.channel)).take(5);",
    });
  });

  it('suggests an index without a fix when the rewrite could change rows or order', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const mine = query({
  args: { author: v.string(), channel: v.string() },
  handler: async (ctx, { author, channel }) => {
    // by_author_channel orders by channel within an author: not the unindexed order.
    const a = await ctx.db.query("messages").filter((q) => q.eq(q.field("author"), author)).collect();
    // Two equalities: the index fits both, the rewrite is not a one-liner.
    const b = await ctx.db.query("messages").filter((q) => q.and(q.eq(q.field("channel"), channel), q.eq(q.field("author"), author))).collect();
    // Not directly after query(): order() comes first.
    const c = await ctx.db.query("messages").order("desc").filter((q) => q.eq(q.field("channel"), channel)).collect();
    return [a, b, c];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:8 warning', 'convex/messages.ts:10 warning', 'convex/messages.ts:12 warning']);
    expect(findings.map((f) => f.message)).toEqual([
      '`.filter` on "messages" scans the whole table; index "by_author_channel" covers `author` — use `.withIndex`',
      '`.filter` on "messages" scans the whole table; index "by_author_channel" covers `author` — use `.withIndex`',
      '`.filter` on "messages" scans the whole table; index "by_channel" covers `channel` — use `.withIndex`',
    ]);
    expect(findings.map((f) => f.fix)).toEqual([undefined, undefined, undefined]);
  });

  it('suggests no index for staged indexes, non-equality, or-ed and field-to-field comparisons', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const odd = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("messages").filter((q) => q.eq(q.field("pinned"), true)).collect();
    const b = await ctx.db.query("messages").filter((q) => q.gt(q.field("channel"), args.channel)).collect();
    const c = await ctx.db.query("messages").filter((q) => q.or(q.eq(q.field("channel"), "a"), q.eq(q.field("channel"), "b"))).collect();
    const d = await ctx.db.query("messages").filter((q) => q.eq(q.field("channel"), q.field("author"))).collect();
    const e = await ctx.db.query("messages").filter(isRecent).collect();
    return [a, b, c, d, e];
  },
});
`,
    });
    expect(locations(findings)).toHaveLength(5);
    for (const f of findings) {
      expect(f.message).toBe('`.filter` on "messages" without an index scans the whole table');
      expect(f.fix).toBeUndefined();
    }
  });

  it('reports info after withIndex / withSearchIndex, and on a paginated query only when an index fits', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
export const page = query({
  args: { channel: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.eq(q.field("author"), "x")).collect();
    const b = await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", "hi")).filter((q) => q.eq(q.field("pinned"), true)).take(10);
    return await ctx.db.query("messages").filter((q) => q.eq(q.field("channel"), args.channel)).paginate(args.paginationOpts);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:8 info', 'convex/messages.ts:9 info', 'convex/messages.ts:10 info']);
    expect(findings[0].message).toBe('`.filter` after an index on "messages" reads every row in the index range');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[2].message).toBe('`.filter` on paginated "messages" is fine; index "by_channel" covers `channel` — `.withIndex` reads only the matches');
    expect(findings[2].detail).toContain('what Convex recommends over filtering each page in code');
    expect(findings[2].detail).toContain('comes back short');
    expect(findings[2].fix?.replacement).toContain('.withIndex("by_channel", (q) => q.eq("channel", args.channel)).paginate(');
  });

  it('leaves a paginated .filter alone when no index fits: Convex recommends it over filtering pages in code', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
export const page = query({
  args: { channel: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("notes").filter((q) => q.eq(q.field("title"), "x")).paginate(args.paginationOpts);
    const b = await ctx.db.query("messages").filter((q) => q.gt(q.field("channel"), args.channel)).paginate(args.paginationOpts);
    const c = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.eq(q.field("author"), "x")).paginate(args.paginationOpts);
    return [a, b, c];
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('says .first() and .take(n) after an index stop at their matches, and .collect() reads the whole range', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const some = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.eq(q.field("author"), "x")).first();
    const b = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel)).filter((q) => q.eq(q.field("author"), "y")).take(3);
    const c = await ctx.db.query("notes").filter((q) => q.eq(q.field("title"), "z")).take(3);
    return [a, b, c];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:7 info', 'convex/messages.ts:8 info', 'convex/messages.ts:9 warning']);
    expect(findings.map((f) => f.message)).toEqual([
      '`.filter` after an index on "messages" reads rows until the first match — the whole index range when none matches',
      '`.filter` after an index on "messages" reads rows until `.take(n)` has its matches — the whole index range when too few match',
      '`.filter` on "notes" without an index reads rows until `.take(n)` has its matches — the whole table when too few match',
    ]);
  });

  it('points a .filter on _id at ctx.db.get(id), not at an index', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/notes.ts': `${SERVER_IMPORT}
export const one = query({
  args: { id: v.id("notes") },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("notes").filter((q) => q.eq(q.field("_id"), args.id)).first();
    const b = await ctx.db.query("notes").filter((q) => q.and(q.eq(args.id, q.field("_id")), q.eq(q.field("owner"), "me"))).unique();
    return [a, b];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:7 warning', 'convex/notes.ts:8 warning']);
    expect(findings[0].message).toBe('`.filter` on `_id` of "notes": use `ctx.db.get(id)`, not a query');
    expect(findings[0].detail).toContain('`ctx.db.get(args.id)` reads that one document');
    expect(findings[0].detail).toContain('No index is needed');
    expect(findings[0].detail).not.toContain('Check the other conditions');
    expect(findings[1].detail).toContain('Check the other conditions on the document `get` returns.');
    expect(findings.map((f) => f.fix)).toEqual([undefined, undefined]);
  });

  it('follows a stored query variable, and sees an index applied to it in a sibling branch', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/notes.ts': `${SERVER_IMPORT}
export const search = query({
  args: { owner: v.optional(v.string()), title: v.string() },
  handler: async (ctx, args) => {
    let q = ctx.db.query("notes");
    const result = await q.filter((n) => n.eq(n.field("title"), args.title)).collect();
    let m = ctx.db.query("messages");
    if (args.owner) m = m.withIndex("by_author_channel", (i) => i.eq("author", args.owner!));
    m = m.filter((x) => x.eq(x.field("body"), args.title));
    return [result, await m.collect()];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:8 warning', 'convex/notes.ts:11 info']);
  });

  it('reports a filter shared by several uses of a stored query once, as a scan when any use scans', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/notes.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
export const both = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    const titled = ctx.db.query("notes").filter((q) => q.neq(q.field("title"), ""));
    const count = (await titled.collect()).length;
    return { count, page: await titled.paginate(args.paginationOpts) };
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:8 warning']);
  });

  it('finds db through destructuring, aliases, helpers typed QueryCtx and every registration form', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const authedQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.auth.getUserIdentity() })));
`,
      'convex/lib/index.ts': `export * from "./builders";\n`,
      'convex/lib/notes.ts': `import type { QueryCtx } from "../_generated/server";
export async function untitled(ctx: QueryCtx) {
  return await ctx.db.query("notes").filter((q) => q.eq(q.field("title"), "")).collect();
}
`,
      'convex/forms.ts': `import { query as q, internalQuery } from "./_generated/server";
import * as server from "./_generated/server";
import { authedQuery } from "./lib";
export const destructured = q({ args: {}, handler: async ({ db }) => db.query("notes").filter((n) => n.eq(n.field("title"), "a")).first() });
const aliased = internalQuery({ args: {}, handler: async (ctx) => { const db = ctx.db; return db.query("notes").filter((n) => n.eq(n.field("title"), "b")).first(); } });
export { aliased as renamed };
export const custom = authedQuery({ args: {}, handler: async (ctx) => ctx.db.query("notes").filter((n) => n.eq(n.field("title"), "c")).first() });
export default server.query({ args: {}, handler: async (ctx) => ctx.db.query("notes").filter((n) => n.eq(n.field("title"), "d")).first() });
`,
    });
    expect(locations(findings)).toEqual([
      'convex/forms.ts:4 warning',
      'convex/forms.ts:5 warning',
      'convex/forms.ts:7 warning',
      'convex/forms.ts:8 warning',
      'convex/lib/notes.ts:3 warning',
    ]);
  });

  it('leaves arrays after a terminal, convex-helpers filter(), system tables and non-Convex .db alone', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/ok.ts': `${SERVER_IMPORT}
import { filter } from "convex-helpers/server/filter";
import { paginationOptsValidator } from "convex/server";
const cache = { db: { query: (name: string) => [name] } };
export const fine = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => {
    const all = (await ctx.db.query("notes").collect()).filter((n) => n.title !== "");
    const page = await ctx.db.query("notes").paginate(args.paginationOpts);
    const kept = page.page.filter((n) => n.owner === "me");
    const rows = await ctx.db.query("notes").take(10);
    const also = rows.filter((n) => n.title);
    const later = await ctx.db.query("notes").collect().then((ns) => ns.filter((n) => n.owner));
    const helped = await filter(ctx.db.query("notes"), (n) => n.title.length > 3).collect();
    const jobs = await ctx.db.system.query("_scheduled_functions").filter((q) => q.eq(q.field("name"), "x")).collect();
    const other = cache.db.query("notes").filter((n) => n === "notes");
    return { all, kept, also, later, helped, jobs, other };
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('ignores a same-named .db on an untyped helper parameter that is never handed ctx', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/lib/legacy.ts': `import type { LegacyStore } from "./store";
export function rowsOf(store: LegacyStore) {
  return store.db.query("notes").filter(() => true);
}
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment on the line above', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/s.ts': `${SERVER_IMPORT}
export const few = query({
  args: {},
  handler: async (ctx) =>
    ctx.db
      .query("notes")
      // convex-review-disable-next-line no-filter-on-db-query -- table holds a dozen rows
      .filter((q) => q.eq(q.field("title"), "x"))
      .collect(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('stays silent where the author already disabled the plugin rule no-filter-in-query with a reason', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const firstByAuthor = query({
  args: { channel: v.string(), author: v.string() },
  handler: async (ctx, args) => {
    const inChannel = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", args.channel))
      // eslint-disable-next-line @convex-dev/no-filter-in-query -- a channel holds a few dozen rows
      .filter((q) => q.eq(q.field("author"), args.author))
      .first();
    const anywhere = await ctx.db
      .query("notes")
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .filter((q) => q.eq(q.field("owner"), args.author))
      .first();
    return [inChannel, anywhere];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:16 warning']);
  });
});
