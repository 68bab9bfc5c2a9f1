import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { paginateWithoutValidator as rule } from './paginate-without-validator.js';

describe('paginate-without-validator', () => {
  it('flags a hand-written or loose validator at the validator, with a fix when paginationOptsValidator is imported', () => {
    const findings = findingsOf(rule, {
      'convex/posts.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
export const feed = query({
  args: { paginationOpts: v.object({ numItems: v.number(), cursor: v.union(v.string(), v.null()) }) },
  handler: async (ctx, args) => ctx.db.query("posts").order("desc").paginate(args.paginationOpts),
});
export const byAuthor = query({
  args: { author: v.id("users"), page: v.any() },
  handler: async (ctx, { author, page }) =>
    ctx.db.query("posts").withIndex("by_author", (q) => q.eq("author", author)).paginate(page),
});
export const ok = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, args) => ctx.db.query("posts").paginate(args.paginationOpts),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/posts.ts:6 warning', 'convex/posts.ts:10 warning']);
    expect(findings[0].message).toBe(
      '`paginationOpts` is passed to `.paginate()` in query `feed` but validated by `v.object(…)`, not `paginationOptsValidator` from `convex/server`',
    );
    expect(findings[1].message).toBe(
      '`page` is passed to `.paginate()` in query `byAuthor` but validated by `v.any()`, not `paginationOptsValidator` from `convex/server`',
    );
    expect(findings[0].detail).toContain('usePaginatedQuery');
    expect(findings[0].fix).toEqual({ line: 6, endLine: 6, replacement: '  args: { paginationOpts: paginationOptsValidator },' });
    expect(findings[1].fix).toEqual({ line: 10, endLine: 10, replacement: '  args: { author: v.id("users"), page: paginationOptsValidator },' });
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/database/pagination');
  });

  it('offers no fix when the file does not import paginationOptsValidator', () => {
    const findings = findingsOf(rule, {
      'convex/list.ts': `${SERVER_IMPORT}
export const list = query({
  args: { opts: v.object({ numItems: v.number(), cursor: v.union(v.string(), v.null()) }) },
  handler: async (ctx, args) => ctx.db.query("items").paginate(args.opts),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/list.ts:5 warning']);
    expect(findings[0].fix).toBeUndefined();
  });

  it('flags an argument the args object does not declare, at the .paginate() argument', () => {
    const findings = findingsOf(rule, {
      'convex/items.ts': `${SERVER_IMPORT}
export const list = query({
  args: { tag: v.string() },
  handler: async (ctx, args: any) => {
    const { paginationOpts } = args;
    return ctx.db.query("items").withIndex("by_tag", (q) => q.eq("tag", args.tag)).paginate(paginationOpts);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/items.ts:8 warning']);
    expect(findings[0].message).toBe('`paginationOpts` is passed to `.paginate()` in query `list` but its `args` do not declare it');
    expect(findings[0].fix).toBeUndefined();
  });

  it('resolves aliases of paginationOptsValidator, args shapes in other files and v.object args', () => {
    const findings = findingsOf(rule, {
      'convex/lib/args.ts': `import { v } from "convex/values";
import { paginationOptsValidator as pov } from "convex/server";
export const pageArgs = { paginationOpts: pov, q: v.string() };
export const badArgs = { paginationOpts: v.object({ numItems: v.number(), cursor: v.null() }) };
`,
      'convex/lib/validators.ts': `export { paginationOptsValidator as pageOpts } from "convex/server";\n`,
      'convex/search.ts': `${SERVER_IMPORT}
import * as server from "convex/server";
import { pageArgs, badArgs } from "./lib/args";
import { pageOpts } from "./lib/validators";
const opts = pageOpts;
export const a = query({ args: pageArgs, handler: async (ctx, args) => ctx.db.query("docs").paginate(args.paginationOpts) });
export const b = query({ args: { p: server.paginationOptsValidator }, handler: async (ctx, args) => ctx.db.query("docs").paginate(args.p) });
export const c = query({ args: { p: opts }, handler: async (ctx, { p }) => ctx.db.query("docs").paginate(p) });
export const d = query({ args: v.object({ p: pageOpts }), handler: async (ctx, args) => ctx.db.query("docs").paginate(args["p"]) });
export const e = query({ args: badArgs, handler: async (ctx, args) => ctx.db.query("docs").paginate(args.paginationOpts) });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/args.ts:4 warning']);
    expect(findings[0].message).toContain('in query `search:e`');
  });

  it('sees aliases, namespace imports, export default and custom builders', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const authedQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.auth.getUserIdentity() })));
`,
      'convex/app.ts': `import { query as q } from "./_generated/server";
import * as gen from "./_generated/server";
import { v } from "convex/values";
import { authedQuery } from "./lib/builders";
const loose = v.any();
export const aliased = q({ args: { p: loose }, handler: async (ctx, args) => ctx.db.query("t").paginate(args.p) });
export default gen.query({ args: { p: v.any() }, handler: async (ctx, args) => ctx.db.query("t").paginate(args.p) });
export const built = authedQuery({ args: { p: v.any() }, handler: async (ctx, { p }) => ctx.db.query("t").paginate(p) });
`,
    });
    expect(locations(findings)).toEqual(['convex/app.ts:6 warning', 'convex/app.ts:7 warning', 'convex/app.ts:8 warning']);
    expect(findings[0].message).toContain('validated by `loose`');
    expect(findings[1].message).toContain('in query `app:default`');
  });

  it('flags a project-defined paginationOptsValidator that lacks the client fields, not a full copy', () => {
    const findings = findingsOf(rule, {
      'convex/lib/validators.ts': `import { v } from "convex/values";
export const paginationOptsValidator = v.object({ numItems: v.number(), cursor: v.union(v.string(), v.null()) });
export const fullPageOpts = v.object({
  numItems: v.number(),
  cursor: v.union(v.string(), v.null()),
  endCursor: v.optional(v.union(v.string(), v.null())),
  id: v.optional(v.number()),
});
`,
      'convex/chats.ts': `${SERVER_IMPORT}
import { paginationOptsValidator, fullPageOpts } from "./lib/validators";
export const list = query({ args: { paginationOpts: paginationOptsValidator }, handler: async (ctx, args) => ctx.db.query("chats").paginate(args.paginationOpts) });
export const copy = query({ args: { paginationOpts: fullPageOpts }, handler: async (ctx, args) => ctx.db.query("chats").paginate(args.paginationOpts) });
`,
    });
    expect(locations(findings)).toEqual(['convex/chats.ts:5 warning']);
    expect(findings[0].message).toBe(
      '`paginationOpts` is passed to `.paginate()` in query `list` but validated by a project-defined `paginationOptsValidator`, not `paginationOptsValidator` from `convex/server`',
    );
    expect(findings[0].fix).toBeUndefined();
  });

  it('stays silent when it cannot tell: unreadable args, spreads, builders, zod, optional, non-arg values, tests', () => {
    const findings = findingsOf(rule, {
      'convex/quiet.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
import { zPaginationOpts } from "./lib/zod";
import { customQuery } from "convex-helpers/server/customFunctions";
const withPage = customQuery(query, { args: { paginationOpts: paginationOptsValidator }, input: async (ctx) => ({ ctx, args: {} }) });
const base = { tag: v.string() };
export const a = query({ args: makeArgs(), handler: async (ctx, args: any) => ctx.db.query("t").paginate(args.paginationOpts) });
export const b = query({ args: { ...base }, handler: async (ctx, args: any) => ctx.db.query("t").paginate(args.paginationOpts) });
export const c = withPage({ args: {}, handler: async (ctx, args: any) => ctx.db.query("t").paginate(args.paginationOpts) });
export const d = query({ args: { p: zPaginationOpts }, handler: async (ctx, args) => ctx.db.query("t").paginate(args.p) });
export const e = query({ args: { p: v.optional(paginationOptsValidator) }, handler: async (ctx, args) => ctx.db.query("t").paginate(args.p ?? { numItems: 10, cursor: null }) });
export const f = query({ args: {}, handler: async (ctx) => ctx.db.query("t").paginate({ numItems: 10, cursor: null }) });
export const g = query({
  args: { n: v.number() },
  handler: async (ctx, args) => Promise.all([1].map((args: any) => ctx.db.query("t").paginate(args.paginationOpts))),
});
export const h = query({ handler: async (ctx, args: any) => ctx.db.query("t").paginate(args.paginationOpts) });
function makeArgs() { return { paginationOpts: paginationOptsValidator }; }
`,
      'convex/lib/zod.ts': `export const zPaginationOpts = {};\n`,
      'convex/quiet.test.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const t = query({ args: { p: v.any() }, handler: async (ctx, args) => ctx.db.query("t").paginate(args.p) });
`,
    });
    expect(findings).toEqual([]);
  });
});
