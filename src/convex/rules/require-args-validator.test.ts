import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { requireArgsValidator as rule } from './require-args-validator.js';

describe('require-args-validator', () => {
  it('flags public functions without args as errors, internal ones as info', () => {
    const findings = findingsOf(rule, {
      'convex/messages.ts': `${SERVER_IMPORT}
export const list = query({
  handler: async (ctx, { channel }) => ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).take(10),
});
export const purge = internalMutation({
  handler: async (ctx, { before }) => {},
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:4 error', 'convex/messages.ts:7 info']);
    expect(findings[0].message).toContain('Public query');
    expect(findings[0].docsUrl).toContain('#use-argument-validators-for-all-public-functions');
    expect(findings[0].detail).toContain('convex-review-disable-next-line require-args-validator');
  });

  it('accepts any args expression: validators, zod shapes, spreads, identifiers', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}
const shared = { id: v.id("users") };
export const a = query({ args: {}, handler: async () => null });
export const b = query({ args: shared, handler: async () => null });
export const c = query({ args: { ...shared, n: v.number() }, handler: async () => null });
export const d = mutation({ args: zodShape(), handler: async () => null });
`,
    });
    expect(findings).toEqual([]);
  });

  it('sees through aliases, namespace imports, generic builders and export forms the ESLint plugin misses', () => {
    const findings = findingsOf(rule, {
      'convex/aliased.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { mutationGeneric } from "convex/server";
const list = q({ handler: async (ctx, args) => [args] });
export { list as renamed };
export default server.mutation({ handler: async (ctx, { id }) => id });
export const generic = mutationGeneric({ handler: async (ctx, args) => args });
`,
    });
    expect(locations(findings)).toEqual(['convex/aliased.ts:4 error', 'convex/aliased.ts:6 error', 'convex/aliased.ts:7 error']);
  });

  it('sees through convex-helpers custom builders, re-exported from a barrel, and inherits their visibility', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query, internalMutation } from "../_generated/server";
import { customQuery, customCtx, customMutation } from "convex-helpers/server/customFunctions";
export const authedQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.auth.getUserIdentity() })));
export const adminMutation = customMutation(internalMutation, customCtx(async () => ({})));
`,
      'convex/lib/index.ts': `export * from "./builders";\n`,
      'convex/things.ts': `import { authedQuery, adminMutation } from "./lib";
export const mine = authedQuery({ handler: async (ctx, args) => args });
export const wipe = adminMutation({ handler: async (ctx, args) => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/things.ts:2 error', 'convex/things.ts:3 info']);
  });

  it('leaves httpAction and the old syntax alone (no-old-function-syntax reports that)', () => {
    const findings = findingsOf(rule, {
      'convex/http.ts': `${SERVER_IMPORT}
export const hook = httpAction(async (ctx, req) => new Response("ok"));
export const old = query(async (ctx) => null);
`,
    });
    expect(findings).toEqual([]);
  });

  it('does not mistake a same-named function from elsewhere for a Convex builder', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `import { query } from "./db/sql";
export const rows = query({ handler: () => [] });
`,
      'convex/db/sql.ts': `export function query(def: unknown) { return def; }\n`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment on the line above', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
// convex-review-disable-next-line require-args-validator -- legacy endpoint, removed next release
export const legacy = query({ handler: async () => null });
`,
    });
    expect(findings).toEqual([]);
  });

  it('leaves internal functions whose handler takes no arguments alone: nothing to validate', () => {
    const findings = findingsOf(rule, {
      'convex/jobs.ts': `${SERVER_IMPORT}
export const nightly = internalMutation({
  handler: async (ctx) => {
    await ctx.db.insert("runs", { at: 1 });
  },
});
export const ping = internalAction({ handler: async () => "pong" });
export const rename = internalMutation({
  handler: async (ctx, args) => {
    await ctx.db.insert("runs", args);
  },
});
export const stats = query({ handler: async (ctx) => 1 });
`,
    });
    expect(locations(findings)).toEqual(['convex/jobs.ts:10 info', 'convex/jobs.ts:15 warning']);
  });
});

describe('require-args-validator: handlers that read no arguments', () => {
  it('reports a public function whose handler reads no arguments as a warning, one that reads them as an error', () => {
    const findings = findingsOf(rule, {
      'convex/stats.ts': `${SERVER_IMPORT}
export const count = query({ handler: async (ctx) => 1 });
export const unused = query({ handler: async (ctx, _args) => 2 });
export const empty = mutation({ handler: async (ctx, {}) => 3 });
export const reads = query({ handler: async (ctx, args) => args.n });
export const named = query({ handler: async (ctx, { n }) => n });
`,
    });
    expect(locations(findings)).toEqual([
      'convex/stats.ts:4 warning',
      'convex/stats.ts:5 warning',
      'convex/stats.ts:6 warning',
      'convex/stats.ts:7 error',
      'convex/stats.ts:8 error',
    ]);
    expect(findings[0].message).toBe('Public query has no `args` validator; it reads no arguments, so add `args: {}`');
    expect(findings[3].message).toBe('Public query has no `args` validator: any client can call it with any arguments');
  });

  it('keeps an internal function with an unread args parameter at info, saying it reads none', () => {
    const findings = findingsOf(rule, {
      'convex/jobs.ts': `${SERVER_IMPORT}
export const tick = internalMutation({ handler: async (ctx, args) => { await ctx.db.insert("ticks", {}); } });
export const copyOne = internalMutation({ handler: async (ctx, args) => { await ctx.db.insert("ticks", args); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/jobs.ts:4 info', 'convex/jobs.ts:5 info']);
    expect(findings[0].message).toBe('Internal mutation has no `args` validator; it reads no arguments, so add `args: {}`');
    expect(findings[1].message).toBe('Internal mutation has no `args` validator');
  });

  it('stays an error when the handler cannot be found', () => {
    const findings = findingsOf(rule, {
      'convex/h.ts': `${SERVER_IMPORT}
import { handler } from "./impl";
export const run = query({ handler });
`,
      'convex/impl.ts': `export const handler = async () => 1;\n`,
    });
    expect(locations(findings)).toEqual(['convex/h.ts:5 error']);
  });

  it('leaves development seeding code alone: seed modules, seed*/dev* functions, init inserting a fixed list', () => {
    const findings = findingsOf(rule, {
      'convex/seed.ts': `${SERVER_IMPORT}
export const run = internalMutation({ handler: async (ctx, args) => { await ctx.db.insert("x", args); } });
`,
      'convex/admin.ts': `${SERVER_IMPORT}
const USERS = [{ name: "Ada" }, { name: "Linus" }];
export const seedUsers = mutation({ handler: async (ctx, args) => { for (const u of USERS) await ctx.db.insert("users", { ...u, ...args }); } });
export const init = internalMutation({ handler: async (ctx, args) => { for (const u of USERS) await ctx.db.insert("users", u); } });
export const rename = mutation({ handler: async (ctx, args) => { await ctx.db.insert("users", args); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/admin.ts:7 error']);
  });
});
