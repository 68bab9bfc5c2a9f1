import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT, type Files } from '../../../test/support/convex.js';
import { explicitTableName as rule, supportsTableNames } from './explicit-table-name.js';

const PACKAGE = (convex: string): string => JSON.stringify({ dependencies: { convex } });

function withVersion(files: Files, convex = '^1.31.0'): Files {
  return { 'package.json': PACKAGE(convex), ...files };
}

describe('explicit-table-name', () => {
  it('flags id-only db calls and fixes them when an args validator names the table', () => {
    const findings = findingsOf(
      rule,
      withVersion({
        'convex/tasks.ts': `${SERVER_IMPORT}
export const done = mutation({
  args: { taskId: v.id("tasks"), note: v.optional(v.id("notes")) },
  handler: async (ctx, args) => {
    const task = await ctx.db.get(args.taskId);
    await ctx.db.patch(args.taskId, { done: true });
    if (args.note) await ctx.db.delete(args.note);
  },
});
export const swap = mutation({
  args: { taskId: v.id("tasks") },
  handler: async ({ db }, { taskId: id }) => {
    await db.replace(id, { text: "" });
  },
});
`,
      }),
    );
    expect(locations(findings)).toEqual([
      'convex/tasks.ts:7 warning',
      'convex/tasks.ts:8 warning',
      'convex/tasks.ts:9 warning',
      'convex/tasks.ts:15 warning',
    ]);
    expect(findings[0].message).toBe('`db.get` without the table name: write `db.get("tasks", …)`');
    expect(findings[0].fix).toEqual({ line: 7, endLine: 7, replacement: '    const task = await ctx.db.get("tasks", args.taskId);' });
    expect(findings[1].fix?.replacement).toBe('    await ctx.db.patch("tasks", args.taskId, { done: true });');
    expect(findings[2].fix?.replacement).toBe('    if (args.note) await ctx.db.delete("notes", args.note);');
    expect(findings[3].fix?.replacement).toBe('    await db.replace("tasks", id, { text: "" });');
    expect(findings[0].docsUrl).toContain('#always-include-the-table-name-when-calling-ctxdb-functions');
  });

  it('knows the table from Id<"T"> types, casts and insert results, and keeps the file\'s quotes', () => {
    const findings = findingsOf(
      rule,
      withVersion({
        'convex/lib/users.ts': `import type { QueryCtx, MutationCtx } from '../_generated/server';
import type { Id as UserId } from '../_generated/dataModel';
export async function loadUser(ctx: QueryCtx, userId: UserId<'users'>) {
  return await ctx.db.get(userId);
}
export async function rename(ctx: MutationCtx, raw: string) {
  const created = await ctx.db.insert('users', { name: raw });
  await ctx.db.patch(created, { name: raw.trim() });
  await ctx.db.delete(raw as UserId<'sessions'>);
  const maybe: UserId<'teams'> | null = null;
  if (maybe) await ctx.db.get(maybe);
}
`,
      }),
    );
    expect(locations(findings)).toEqual([
      'convex/lib/users.ts:4 warning',
      'convex/lib/users.ts:8 warning',
      'convex/lib/users.ts:9 warning',
      'convex/lib/users.ts:11 warning',
    ]);
    expect(findings.map((f) => f.fix?.replacement)).toEqual([
      "  return await ctx.db.get('users', userId);",
      "  await ctx.db.patch('users', created, { name: raw.trim() });",
      "  await ctx.db.delete('sessions', raw as UserId<'sessions'>);",
      "  if (maybe) await ctx.db.get('teams', maybe);",
    ]);
  });

  it('warns without a fix when the table is not certain', () => {
    const findings = findingsOf(
      rule,
      withVersion({
        'convex/misc.ts': `${SERVER_IMPORT}
import type { Id } from "./_generated/dataModel";
export const touch = mutation({
  args: { id: v.string(), either: v.union(v.id("a"), v.id("b")) },
  handler: async (ctx, args) => {
    const doc = await ctx.db.get(args.id as Id<"a"> | Id<"b">);
    let target = await ctx.db.insert("a", {});
    target = args.either as never;
    await ctx.db.delete(target);
    await ctx.db.get(args.either);
    for (const x of [doc!._id]) await ctx.db.delete(x);
  },
});
`,
      }),
    );
    expect(locations(findings)).toEqual([
      'convex/misc.ts:8 warning',
      'convex/misc.ts:11 warning',
      'convex/misc.ts:12 warning',
      'convex/misc.ts:13 warning',
    ]);
    expect(findings.every((f) => f.fix === undefined)).toBe(true);
    expect(findings[0].message).toBe('`db.get` without the table name: pass the table first, `db.get("table", …)`');
  });

  it('sees aliases, destructured db, helpers and custom builders; ignores table-first calls and non-Convex .db', () => {
    const findings = findingsOf(
      rule,
      withVersion({
        'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const userMutation = customMutation(mutation, customCtx(async (ctx) => ({})));
`,
        'convex/items.ts': `import { mutation as m } from "./_generated/server";
import { v } from "convex/values";
import { userMutation } from "./lib/builders";
import { cache } from "./lib/cache";
const shape = { itemId: v.id("items") };
export default m({
  args: shape,
  handler: async (ctx, args) => {
    const database = ctx.db;
    await database.delete(args.itemId);
    await ctx.db.get("items", args.itemId);
    await ctx.db.patch("items", args.itemId, {});
    cache.db.get(args.itemId);
    const { itemId } = args;
    await removeItem(ctx.db, itemId);
  },
});
export const archive = userMutation({
  args: { itemId: v.id("items") },
  handler: async (ctx, { itemId }) => {
    await ctx.db.system.get(itemId as never);
    await ctx.db.replace(itemId, {});
  },
});
async function removeItem(db: any, id: string) {
  await db.delete(id);
}
`,
        'convex/lib/cache.ts': `export const cache = { db: new Map<string, unknown>() };\n`,
      }),
    );
    expect(locations(findings)).toEqual([
      'convex/items.ts:10 warning',
      'convex/items.ts:21 warning',
      'convex/items.ts:22 warning',
      'convex/items.ts:26 warning',
    ]);
    expect(findings[0].fix?.replacement).toBe('    await database.delete("items", args.itemId);');
    expect(findings[1].message).toContain('`db.system.get`');
    expect(findings[1].fix).toBeUndefined();
    expect(findings[2].fix?.replacement).toBe('    await ctx.db.replace("items", itemId, {});');
    expect(findings[3].fix).toBeUndefined();
  });

  it('stays silent unless the project is known to be on convex 1.31 or later', () => {
    const files: Files = {
      'convex/t.ts': `${SERVER_IMPORT}
export const t = query({ args: { id: v.id("tasks") }, handler: async (ctx, args) => ctx.db.get(args.id) });
`,
    };
    expect(findingsOf(rule, files)).toEqual([]);
    expect(findingsOf(rule, withVersion(files, '^1.30.0'))).toEqual([]);
    expect(findingsOf(rule, withVersion(files, 'latest'))).toEqual([]);
    expect(locations(findingsOf(rule, withVersion(files, '~1.32.1')))).toEqual(['convex/t.ts:4 warning']);
  });

  it('reads the minimum version of a dependency range', () => {
    for (const yes of ['^1.31.0', '~1.32.1', '1.31.0', '>=1.31', '>=1.31.0 <2', '1.31.x', 'v1.40.2', '2.0.0', '^1.31.1-beta.0']) {
      expect(supportsTableNames(yes), yes).toBe(true);
    }
    for (const no of [undefined, '^1.30.9', '~1.17', '1.31.0-alpha.1', '*', 'latest', 'workspace:*', '^1.31 || ^2', '>1.30', 'npm:convex@1.31.0']) {
      expect(supportsTableNames(no), String(no)).toBe(false);
    }
  });
});
