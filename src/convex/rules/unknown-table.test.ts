import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT, type Files } from '../../../test/support/convex.js';
import { runRules } from '../engine/engine.js';
import { ConvexProject } from '../semantics/project.js';
import { findConvexRoots } from '../model/roots.js';
import { unknownTable as rule } from './unknown-table.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  users: defineTable({ name: v.string() }),
  messages: defineTable({ author: v.id("users"), body: v.string() }),
});
`;

describe('unknown-table', () => {
  it('flags literal table names in db calls that the schema does not define, with the closest name', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/messages.ts': `${SERVER_IMPORT}
export const list = query({
  args: {},
  handler: async (ctx) => ctx.db.query("mesages").take(10),
});
export const add = mutation({
  args: { body: v.string() },
  handler: async ({ db }, { body }) => {
    const userId = await db.insert("user", { name: "x" });
    const post = await db.get("posts", userId);
    await db.patch("notes", userId, { body });
    await db.delete("messages", userId);
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/messages.ts:6 error',
      'convex/messages.ts:11 error',
      'convex/messages.ts:12 error',
      'convex/messages.ts:13 error',
    ]);
    expect(findings[0].message).toBe('Table "mesages" in `db.query` is not defined in the schema (did you mean "messages"?)');
    expect(findings[1].message).toContain('did you mean "users"?');
    expect(findings[2].message).toBe('Table "posts" in `db.get` is not defined in the schema');
    expect(findings[3].message).toContain('`db.patch`');
    expect(findings[0].detail).toContain('`users`, `messages`');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/database/schemas');
    expect(findings[0].fix).toBeUndefined();
  });

  it('flags v.id validators (in function args and the schema) and Id/Doc types from the data model, through aliases and re-exports', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v as val } from "convex/values";
export default defineSchema({
  users: defineTable({ team: val.optional(val.id("team")) }),
});
`,
      'convex/teams.ts': `import { query } from "./_generated/server";
import * as values from "convex/values";
import type { Id as DocId, Doc } from "./_generated/dataModel";
import * as DM from "./_generated/dataModel";
export const get = query({
  args: { id: values.v.id("teams") },
  handler: async (ctx, args) => null,
});
export function owner(doc: Doc<"teams">, id: DocId<"users">, other: DM.Id<"members" | "users">): DocId<"_storage"> | null {
  return null;
}
// Validators Convex never applies (handed to a custom framework) may use v.id as a type brand.
export const gameInput = { args: { agentId: values.v.id("agents") } };
`,
      'convex/lib/types.ts': `export type { Id as TableId } from "../_generated/dataModel";
`,
      'convex/lib/use.ts': `import type { TableId } from "./types";
export type Owner = TableId<"owners">;
`,
    });
    expect(locations(findings)).toEqual([
      'convex/lib/use.ts:2 error',
      'convex/schema.ts:4 error',
      'convex/teams.ts:6 error',
      'convex/teams.ts:9 error',
      'convex/teams.ts:9 error',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Table "owners" in `Id<…>` is not defined in the schema',
      'Table "team" in `v.id` is not defined in the schema',
      'Table "teams" in `v.id` is not defined in the schema',
      'Table "teams" in `Doc<…>` is not defined in the schema',
      'Table "members" in `Id<…>` is not defined in the schema',
    ]);
  });

  it('never flags system tables, id-only calls, non-literal names, or a .db that is not Convex', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/files.ts': `${SERVER_IMPORT}
import type { Id } from "./_generated/dataModel";
import { sqlite } from "./lib/sqlite";
const TABLE = "archive";
export const meta = query({
  args: { id: v.id("_storage"), job: v.id("_scheduled_functions") },
  handler: async (ctx, args) => {
    const file = await ctx.db.system.get("_storage", args.id);
    const jobs = await ctx.db.system.query("_scheduled_functions").collect();
    const user = await ctx.db.get(args.id as unknown as Id<"users">);
    const archived = await ctx.db.query(TABLE).collect();
    const rows = sqlite.db.query("accounts");
    return { file, jobs, user, archived, rows };
  },
});
`,
      'convex/lib/sqlite.ts': `export const sqlite = { db: { query: (sql: string) => [] as unknown[] } };\n`,
    });
    expect(findings).toEqual([]);
  });

  it('reads tables defined through variables, imports and local spreads', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { posts } from "./tables/posts";
import { extraTables } from "./tables/extra";
const comments = defineTable({ body: v.string() });
export default defineSchema({ posts, comments, ...extraTables });
`,
      'convex/tables/posts.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const posts = defineTable({ title: v.string() });
`,
      'convex/tables/extra.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const extraTables = { likes: defineTable({ post: v.id("posts"), by: v.id("post") }) };
`,
      'convex/feed.ts': `${SERVER_IMPORT}
export const feed = query({
  args: {},
  handler: async (ctx) => {
    await ctx.db.query("posts").take(5);
    await ctx.db.query("comments").take(5);
    await ctx.db.query("likes").take(5);
    return ctx.db.query("reactions").take(5);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/feed.ts:10 error', 'convex/tables/extra.ts:3 error']);
    expect(findings[1].message).toBe('Table "post" in `v.id` is not defined in the schema (did you mean "posts"?)');
  });

  it('stays silent when the schema is open, lax or missing', () => {
    const feed = `${SERVER_IMPORT}
export const feed = query({ args: {}, handler: async (ctx) => ctx.db.query("authSessions").take(5) });
`;
    const openSchema = `import { defineSchema, defineTable } from "convex/server";
import { authTables } from "@convex-dev/auth/server";
export default defineSchema({ ...authTables, posts: defineTable({}) });
`;
    const laxSchema = `import { defineSchema, defineTable } from "convex/server";
export default defineSchema({ posts: defineTable({}) }, { strictTableNameTypes: false });
`;
    expect(findingsOf(rule, { 'convex/schema.ts': openSchema, 'convex/feed.ts': feed })).toEqual([]);
    expect(findingsOf(rule, { 'convex/schema.ts': laxSchema, 'convex/feed.ts': feed })).toEqual([]);
    expect(findingsOf(rule, { 'convex/feed.ts': feed })).toEqual([]);
  });

  it('checks component code against the component schema only', () => {
    const files: Files = {
      'convex/schema.ts': SCHEMA,
      'convex/convex.config.ts': `import { defineApp } from "convex/server";\nexport default defineApp();\n`,
      'convex/components/counter/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
      'convex/components/counter/schema.ts': `import { defineSchema, defineTable } from "convex/server";
export default defineSchema({ counters: defineTable({}) });
`,
      'convex/app.ts': `import { query } from "./_generated/server";
export const total = query({ args: {}, handler: async (ctx) => ctx.db.query("counters").first() });
`,
      'convex/components/counter/lib.ts': `import { mutation } from "./_generated/server";
export const bump = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.query("counters").first();
    await ctx.db.query("users").first();
  },
});
`,
    };
    const map = new Map(Object.entries(files));
    const roots = findConvexRoots({ paths: [...map.keys()], read: (p) => map.get(p) });
    const run = (functionsDir: string) => {
      const root = roots.find((r) => r.functionsDir === functionsDir)!;
      return runRules(new ConvexProject(root, map), [rule], new Map());
    };
    expect(locations(run('convex/components/counter'))).toEqual(['convex/components/counter/lib.ts:6 error']);
    // The component's table is not the app's: the app schema decides there.
    expect(locations(run('convex'))).toEqual(['convex/app.ts:2 error']);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/legacy.ts': `${SERVER_IMPORT}
export const old = query({
  args: {},
  // convex-review-disable-next-line unknown-table -- table created by a migration script
  handler: async (ctx) => ctx.db.query("legacy").take(1),
});
`,
    });
    expect(findings).toEqual([]);
  });
});
