import { describe, expect, it } from 'vitest';
import { projectOf, SERVER_IMPORT } from '../../../test/support/convex.js';
import { dbCalls } from './db.js';
import { argIdTable, tableOfDoc, tableOfId } from './id-tables.js';
import { ts } from '../../typescript.js';

const HEADER = `${SERVER_IMPORT}import type { Doc, Id } from "./_generated/dataModel";
`;

/**
 * For the first registration of `convex/items.ts`: the table `tableOfId` gives the first argument of
 * each `db.delete(…)`, and `tableOfDoc` the second argument of each `db.replace(…)`, in order (null: none).
 */
function tablesIn(body: string): { ids: (string | null)[]; docs: (string | null)[] } {
  const project = projectOf({ 'convex/items.ts': `${HEADER}${body}` });
  const file = project.filesByPath.get('convex/items.ts')!;
  const reg = project.registrationsIn(file)[0];
  const calls = dbCalls(project, file);
  return {
    ids: calls.filter((c) => c.method === 'delete').map((c) => tableOfId(project, file, c.call.arguments[0], reg) ?? null),
    docs: calls.filter((c) => c.method === 'replace').map((c) => tableOfDoc(project, file, c.call.arguments[1], reg) ?? null),
  };
}

describe('id-tables', () => {
  it('reads Id<"T"> types: casts, typed parameters and variables, nullable unions', () => {
    const { ids } = tablesIn(`
export const run = mutation({
  args: {},
  handler: async (ctx, _args, raw?: string, typed?: Id<"b">) => {
    await ctx.db.delete(raw as Id<"a">);
    await ctx.db.delete(typed!);
    const maybe: Id<"c"> | null = null as never;
    await ctx.db.delete((maybe!));
    const either = raw as Id<"a" | "b">;
    await ctx.db.delete(either);
  },
});
`);
    expect(ids).toEqual(['a', 'b', 'c', null]);
  });

  it('follows the args validators: args.x, destructured parameters and consts, renames, v.object and v.optional', () => {
    const { ids } = tablesIn(`
export const run = mutation({
  args: v.object({ id: v.id("posts"), other: v.optional(v.id("users")), loose: v.string() }),
  handler: async (ctx, args) => {
    await ctx.db.delete(args.id);
    const { other } = args;
    await ctx.db.delete(other!);
    const { id: renamed } = args;
    await ctx.db.delete(renamed);
    await ctx.db.delete(args.loose as never);
  },
});
`);
    expect(ids).toEqual(['posts', 'users', 'posts', null]);

    const destructured = tablesIn(`
export const run = mutation({
  args: { postId: v.id("posts") },
  handler: async (ctx, { postId: id }) => {
    await ctx.db.delete(id);
  },
});
`);
    expect(destructured.ids).toEqual(['posts']);
  });

  it('reads inserted ids through const aliases, and documents read from a known table', () => {
    const { ids, docs } = tablesIn(`
export const run = mutation({
  args: { id: v.id("posts") },
  handler: async (ctx, args) => {
    const created = await ctx.db.insert("logs", {});
    const alias = created;
    await ctx.db.delete(alias);
    const post = await ctx.db.get(args.id);
    await ctx.db.delete(post!._id);
    const first = await ctx.db.query("users").first();
    await ctx.db.delete(first!._id);
    for (const item of await ctx.db.query("items").collect()) await ctx.db.delete(item._id);
    const all = await ctx.db.query("tags").take(10);
    await Promise.all(all.map((tag) => ctx.db.delete(tag._id)));
    await ctx.db.replace(args.id, post!);
    await ctx.db.replace(args.id, (await ctx.db.get("notes", args.id as never))!);
  },
});
`);
    expect(ids).toEqual(['logs', 'posts', 'users', 'items', 'tags']);
    expect(docs).toEqual(['posts', 'notes']);
  });

  it('answers nothing when the table is not certain', () => {
    const { ids, docs } = tablesIn(`
export const run = mutation({
  args: { id: v.id("posts") },
  handler: async (ctx, args) => {
    let changing = args.id;
    await ctx.db.delete(changing);
    const many = await ctx.db.query("users").collect();
    await ctx.db.delete(many._id);
    const one = await ctx.db.query("users").collect();
    await ctx.db.replace(args.id, one as never);
    const unknown = await ctx.db.get(changing);
    await ctx.db.replace(args.id, unknown!);
  },
});
`);
    expect(ids).toEqual([null, null]);
    expect(docs).toEqual([null, null]);
  });

  it('argIdTable: the last word on a key counts; a spread hides the keys before it', () => {
    const project = projectOf({
      'convex/items.ts': `${HEADER}export const shape = { a: v.id("x"), a2: v.id("x"), ...rest, b: v.optional(v.id("y")), c: v.id("z"), a: v.id("w") };\ndeclare const rest: object;\n`,
    });
    const file = project.filesByPath.get('convex/items.ts')!;
    const decl = file.ast.statements.find(ts.isVariableStatement)!.declarationList.declarations[0];
    const shape = decl.initializer as ts.ObjectLiteralExpression;
    expect(['a', 'b', 'a2', 'c', 'none'].map((key) => argIdTable(project, file, shape, key) ?? null)).toEqual(['w', 'y', null, 'z', null]);
  });
});
