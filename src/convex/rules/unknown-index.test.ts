import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { unknownIndex as rule } from './unknown-index.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  users: defineTable({ name: v.string(), email: v.string() }).index("by_email", ["email"]),
  messages: defineTable({ channel: v.string(), author: v.id("users"), body: v.string(), sentAt: v.number() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"])
    .index("by_channel_sent", { fields: ["channel", "sentAt"] })
    .index("by_body_new", { fields: ["body"], staged: true })
    .searchIndex("search_body", { searchField: "body", filterFields: ["channel", "author"] })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 8 }),
});
`;

describe('unknown-index', () => {
  it('flags an index the table does not define, naming the existing ones', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const byAuthor = query({
  args: { author: v.id("users") },
  handler: async (ctx, args) =>
    ctx.db.query("messages").withIndex("by_author", (q) => q.eq("author", args.author)).take(10),
});
export const byMail = query({
  args: { email: v.string() },
  handler: async ({ db }, { email }) => db.query("users").withIndex("by_emial", (q) => q.eq("email", email)).unique(),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:7 error', 'convex/messages.ts:11 error']);
    expect(findings[0].message).toBe(
      'Table "messages" has no index "by_author" (indexes: by_channel, by_channel_author, by_channel_sent, by_body_new, by_id, by_creation_time)',
    );
    expect(findings[1].message).toBe('Table "users" has no index "by_emial" (did you mean "by_email"? indexes: by_email, by_id, by_creation_time)');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/database/reading-data/indexes/');
  });

  it('flags a staged index and an index of the wrong kind', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const list = query({
  args: { body: v.string() },
  handler: async (ctx, args) => {
    const a = await ctx.db.query("messages").withIndex("by_body_new", (q) => q.eq("body", args.body)).first();
    const b = await ctx.db.query("messages").withIndex("search_body").first();
    const c = await ctx.db.query("messages").withSearchIndex("by_channel", (q) => q.search("body", args.body)).take(5);
    const d = await ctx.db.query("messages").withSearchIndex("search_text", (q) => q.search("body", args.body)).take(5);
    return [a, b, c, d];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:7 error', 'convex/messages.ts:8 error', 'convex/messages.ts:9 error', 'convex/messages.ts:10 error']);
    expect(findings.map((f) => f.message)).toEqual([
      'Index "by_body_new" of table "messages" is staged and cannot be queried yet',
      '"search_body" of table "messages" is a search index; `withIndex` needs a database index',
      '"by_channel" of table "messages" is a database index, not a search index (search indexes: search_body)',
      'Table "messages" has no search index "search_text" (search indexes: search_body)',
    ]);
  });

  it('flags range conditions out of index order, at the offending field', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/ranges.ts': `${SERVER_IMPORT}
export const ranges = query({
  args: { channel: v.string(), author: v.id("users"), since: v.number() },
  handler: async (ctx, args) => {
    const m = ctx.db.query("messages");
    await m.withIndex("by_channel_author", (q) => q.eq("author", args.author)).collect();
    await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel).eq("body", "x")).collect();
    await ctx.db.query("messages").withIndex("by_channel_sent", (q) => q.gte("sentAt", args.since)).collect();
    await ctx.db.query("messages").withIndex("by_channel_sent", (q) => q.eq("channel", args.channel).gt("sentAt", 1).lt("channel", "z")).collect();
    await ctx.db.query("messages").withIndex("by_channel_sent", (q) => q.gt("channel", "a").eq("sentAt", 1)).collect();
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/ranges.ts:8 error',
      'convex/ranges.ts:9 error',
      'convex/ranges.ts:10 error',
      'convex/ranges.ts:11 error',
      'convex/ranges.ts:12 error',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Index "by_channel_author" of table "messages" (fields: channel, author, _creationTime): `.eq("author")` is out of order: expected "channel"',
      'Index "by_channel" of table "messages" (fields: channel, _creationTime): the index has no field "body"',
      'Index "by_channel_sent" of table "messages" (fields: channel, sentAt, _creationTime): `.gte("sentAt")` is out of order: expected "channel"',
      'Index "by_channel_sent" of table "messages" (fields: channel, sentAt, _creationTime): `.lt("channel")` must bound the same field as the lower bound, "sentAt"',
      'Index "by_channel_sent" of table "messages" (fields: channel, sentAt, _creationTime): `.eq("sentAt")` comes after a range bound; `.eq` conditions must come first',
    ]);
    expect(findings[0].detail).toContain('in order');
  });

  it('accepts ranges in index order, the implicit _creationTime, built-in indexes and conditional ranges', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/ok.ts': `${SERVER_IMPORT}
export const ok = query({
  args: { channel: v.string(), author: v.optional(v.id("users")), since: v.number(), id: v.id("messages") },
  handler: async (ctx, args) => {
    await ctx.db.query("messages").withIndex("by_channel").take(5);
    await ctx.db.query("messages").withIndex("by_channel_author", (q) => q.eq("channel", args.channel).eq("author", args.author!)).take(5);
    await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", args.channel).gt("_creationTime", args.since)).take(5);
    await ctx.db.query("messages").withIndex("by_channel_sent", (q) => q.eq("channel", args.channel).gte("sentAt", 1).lt("sentAt", 9)).take(5);
    await ctx.db.query("messages").withIndex("by_channel_sent", (q) => q.lt("channel", "m")).take(5);
    await ctx.db.query("messages").withIndex("by_creation_time", (q) => q.gte("_creationTime", args.since)).take(5);
    await ctx.db.query("messages").withIndex("by_id", (q) => q.eq("_id", args.id)).unique();
    await ctx.db.query("messages").withIndex("by_channel_author", (q) => {
      return args.author ? q.eq("channel", args.channel).eq("author", args.author) : q.eq("channel", args.channel);
    }).take(5);
    await ctx.db.query("messages").withSearchIndex("search_body", (q) => q.search("body", "hi").eq("channel", args.channel).eq("author", args.author)).take(5);
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags search conditions on the wrong field or a field that is not a filter field', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/search.ts': `import { query as q } from "./_generated/server";
import { v } from "convex/values";
export default q({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    const db = ctx.db;
    await db.query("messages").withSearchIndex("search_body", (s) => s.search("channel", text)).take(5);
    await db.query("messages").withSearchIndex("search_body", (s) => s.search("body", text).eq("sentAt", 3)).take(5);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/search.ts:7 error', 'convex/search.ts:8 error']);
    expect(findings.map((f) => f.message)).toEqual([
      'Search index "search_body" of table "messages": searches "channel", but the index\'s search field is "body"',
      'Search index "search_body" of table "messages": "sentAt" is not a filter field (filter fields: channel, author)',
    ]);
  });

  it('stays silent when it cannot be sure', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { authTables } from "@convex-dev/auth/server";
import { v } from "convex/values";
import { tableWithIndexes } from "./lib/tables";
const FIELDS = ["owner"];
const INDEX = "by_dynamic";
export default defineSchema({
  ...authTables,
  notes: defineTable({ owner: v.string() }).index("by_owner", FIELDS),
  built: tableWithIndexes(),
  named: defineTable({ a: v.string() }).index(INDEX, ["a"]),
});
`,
      'convex/lib/tables.ts': `export function tableWithIndexes() { return null as never; }\n`,
      'convex/notes.ts': `${SERVER_IMPORT}
const INDEX_NAME = "by_missing";
export const list = query({
  args: {},
  handler: async (ctx) => {
    // the table is not in the (open) schema: it may come from authTables
    await ctx.db.query("users").withIndex("email").first();
    // the index fields are not literals
    await ctx.db.query("notes").withIndex("by_owner", (q) => q.eq("anything", 1)).first();
    // the table definition is built by a function
    await ctx.db.query("built").withIndex("by_whatever").first();
    // an index name the schema model cannot read
    await ctx.db.query("named").withIndex("by_other").first();
    // the index name is not a literal
    await ctx.db.query("notes").withIndex(INDEX_NAME).first();
    // a range the model cannot read
    await ctx.db.query("notes").withIndex("by_owner", rangeFor("x")).first();
    // system tables have their own indexes
    await ctx.db.system.query("_scheduled_functions").withIndex("by_state").first();
  },
});
declare function rangeFor(x: string): never;
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silent without a schema and for a .db that is not Convex', () => {
    const code = `${SERVER_IMPORT}
import { orm } from "./lib/orm";
export const list = query({
  args: {},
  handler: async (ctx) => {
    orm.db.query("messages").withIndex("by_nothing");
    return ctx.db.query("messages").withIndex("by_nothing").first();
  },
});
`;
    expect(findingsOf(rule, { 'convex/list.ts': code, 'convex/lib/orm.ts': 'export const orm = { db: null as never };\n' })).toEqual([]);
    const withSchema = findingsOf(rule, { 'convex/schema.ts': SCHEMA, 'convex/list.ts': code, 'convex/lib/orm.ts': 'export const orm = { db: null as never };\n' });
    expect(locations(withSchema)).toEqual(['convex/list.ts:9 error']);
  });
});
