import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';
import { walk } from '../model/ast.js';

/** `text → role` for every property access and identifier whose text is listed. */
function rolesIn(files: Record<string, string>, path: string, texts: string[]): Record<string, string | undefined> {
  const project = projectOf(files);
  const file = project.filesByPath.get(path)!;
  const index = project.ctx(file);
  const out: Record<string, string | undefined> = {};
  walk(file.ast, (node) => {
    if (!(ts.isIdentifier(node) || ts.isPropertyAccessExpression(node))) return;
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return;
    const text = node.getText(file.ast);
    if (texts.includes(text) && !(text in out && out[text])) out[text] = index.roleOf(node as ts.Expression);
  });
  return out;
}

describe('ctx tracking', () => {
  it('knows handler params, destructuring, aliases and nested closures', () => {
    const roles = rolesIn(
      {
        'convex/a.ts': `import { mutation } from "./_generated/server";
export const m = mutation({ args: {}, handler: async (c, args) => {
  const database = c.db;
  const { scheduler: s, auth } = c;
  const later = () => s;
  return [c.storage, database, auth, later];
}});
export const n = mutation({ args: {}, handler: async ({ db, runQuery }) => [db, runQuery] });
`,
      },
      'convex/a.ts',
      ['c.storage', 'database', 's', 'auth', 'db', 'runQuery', 'c'],
    );
    expect(roles).toEqual({ c: 'ctx', 'c.storage': 'storage', database: 'db', s: 'scheduler', auth: 'auth', db: 'db', runQuery: 'runQuery' });
  });

  it('gives helper parameters a role from their type, or from the ctx a handler hands them', () => {
    const roles = rolesIn(
      {
        'convex/model.ts': `import type { QueryCtx, DatabaseReader } from "./_generated/server";
export async function typed(ctx: QueryCtx) { return ctx.db; }
export function reader(database: DatabaseReader) { return database; }
export function picked(ctx: Pick<QueryCtx, "db">) { return ctx.db; }
export function untyped(context, other) { return [context.db, other.db]; }
`,
        'convex/use.ts': `import { query } from "./_generated/server";
import { untyped } from "./model";
export const q = query({ args: {}, handler: async (ctx) => untyped(ctx, { db: 1 }) });
`,
      },
      'convex/model.ts',
      ['ctx.db', 'database', 'context.db', 'other.db'],
    );
    expect(roles).toEqual({ 'ctx.db': 'db', database: 'db', 'context.db': 'db', 'other.db': undefined });
  });

  it('does not treat a .db on an unrelated object as Convex, and respects shadowing', () => {
    const roles = rolesIn(
      {
        'convex/a.ts': `import { query } from "./_generated/server";
const cache = { db: new Map() };
export const q = query({ args: {}, handler: async (ctx) => {
  const inner = (ctx: { db: Map<string, number> }) => ctx.db;
  return [cache.db, inner];
}});
`,
      },
      'convex/a.ts',
      ['cache.db', 'ctx.db'],
    );
    expect(roles['cache.db']).toBeUndefined();
    // The inner parameter is typed { db: … }, so it is ctx-like by its type: accepted on purpose.
    expect(roles['ctx.db']).toBe('db');
  });

  it('marks the ctx of convex-helpers customCtx and input functions', () => {
    const roles = rolesIn(
      {
        'convex/b.ts': `import { query } from "./_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const withUser = customQuery(query, customCtx(async (x) => ({ who: await x.auth.getUserIdentity() })));
export const withInput = customQuery(query, { args: {}, input: async (y, args) => ({ ctx: { d: y.db }, args }) });
export const use = withUser({ args: {}, handler: async () => 1 });
export const use2 = withInput({ args: {}, handler: async () => 1 });
`,
      },
      'convex/b.ts',
      ['x.auth', 'y.db'],
    );
    expect(roles).toEqual({ 'x.auth': 'auth', 'y.db': 'db' });
  });
});
