import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { dateNowInQuery as rule } from './date-now-in-query.js';

describe('date-now-in-query', () => {
  it('flags Date.now() and argument-less new Date() in a query handler and its closures, at the call', () => {
    const findings = findingsOf(rule, {
      'convex/posts.ts': `${SERVER_IMPORT}
export const published = query({
  args: {},
  handler: async (ctx) => {
    const posts = await ctx.db.query("posts").take(50);
    const now = Date.now();
    const today = new Date().toDateString();
    const launch = new Date("2030-01-01");
    const fromArg = new Date(posts[0]._creationTime);
    return posts.filter((p) => p.publishAt <= now && p.expiresAt > Date.now() && today && launch && fromArg);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/posts.ts:8 info', 'convex/posts.ts:9 info', 'convex/posts.ts:12 info']);
    expect(findings[0].column).toBe(17);
    expect(findings[0].message).toBe('`Date.now()` in query `published`: the cached result goes stale as time passes');
    expect(findings[1].message).toMatch(/^`new Date\(\)` in query `published`/);
    expect(findings[0].detail).toContain('Pass the time in as an argument');
    expect(findings[0].detail).toContain('scheduled');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#date-in-queries');
  });

  it('never flags mutations or actions', () => {
    const findings = findingsOf(rule, {
      'convex/writes.ts': `${SERVER_IMPORT}
export const touch = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("pings", { at: Date.now() }); } });
export const stamp = internalMutation({ args: {}, handler: async () => new Date().toISOString() });
export const call = action({ args: {}, handler: async () => Date.now() });
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags a helper in another file shared by a query and a mutation once, naming the query that reaches it', () => {
    const findings = findingsOf(rule, {
      'convex/lib/time.ts': `export function isExpired(doc: { expiresAt: number }) {
  return doc.expiresAt < Date.now();
}
export function stampOnly() {
  return Date.now();
}
`,
      'convex/invites.ts': `${SERVER_IMPORT}
import { isExpired, stampOnly } from "./lib/time";
export const open = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("invites").take(10)).filter((i) => !isExpired(i)),
});
export const accept = mutation({
  args: { id: v.id("invites") },
  handler: async (ctx, { id }) => {
    const invite = await ctx.db.get(id);
    if (!invite || isExpired(invite)) throw new Error("expired");
    await ctx.db.patch(id, { acceptedAt: stampOnly() });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/time.ts:2 info']);
    expect(findings[0].message).toBe('`Date.now()` in `isExpired`, reached from query `invites:open`: the cached result goes stale as time passes');
  });

  it('reports each clock read once when several queries reach it, naming the first and counting the rest', () => {
    const findings = findingsOf(rule, {
      'convex/feed.ts': `${SERVER_IMPORT}
function windowStart() {
  return Date.now() - 24 * 60 * 60 * 1000;
}
async function recent(ctx: any) {
  return ctx.db.query("items").withIndex("by_creation_time", (q: any) => q.gt("_creationTime", windowStart())).take(20);
}
export const a = query({ args: {}, handler: async (ctx) => recent(ctx) });
export const b = query({ args: {}, handler: async (ctx) => recent(ctx) });
export const c = query({ args: {}, handler: async (ctx) => recent(ctx) });
`,
    });
    expect(locations(findings)).toEqual(['convex/feed.ts:5 info']);
    expect(findings[0].message).toContain('in `windowStart`, reached from query `a` (and 2 more)');
    expect(findings[0].detail).toContain('Reached from the queries `a`, `b`, `c`.');
  });

  it('follows helpers three calls deep, not further', () => {
    const findings = findingsOf(rule, {
      'convex/deep.ts': `${SERVER_IMPORT}
const three = () => Date.now();
const two = () => three();
const one = () => two();
const four = () => Date.now();
const threeB = () => four();
const twoB = () => threeB();
const oneB = () => twoB();
export const near = query({ args: {}, handler: async () => one() });
export const far = query({ args: {}, handler: async () => oneB() });
`,
    });
    expect(locations(findings)).toEqual(['convex/deep.ts:4 info']);
  });

  it('sees aliases, namespace imports, export default and custom builders, including the builder\'s own input', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const sessionQuery = customQuery(query, customCtx(async (ctx) => {
  const session = await ctx.db.query("sessions").first();
  return { active: session !== null && session.expiresAt > Date.now() };
}));
export const sessionMutation = customMutation(mutation, customCtx(async () => ({ at: Date.now() })));
`,
      'convex/app.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { sessionQuery, sessionMutation } from "./lib/builders";
export const aliased = q({ args: {}, handler: async () => Date.now() });
export default server.query({ args: {}, handler: async () => new Date().getHours() });
export const viaBuilder = sessionQuery({ args: {}, handler: async (ctx) => ctx.active });
export const write = sessionMutation({ args: {}, handler: async (ctx) => ctx.at });
`,
    });
    expect(locations(findings)).toEqual(['convex/app.ts:4 info', 'convex/app.ts:5 info', 'convex/lib/builders.ts:5 info']);
    expect(findings[1].message).toContain('query `app:default`');
    expect(findings[2].message).toBe('`Date.now()` reached from query `app:viaBuilder`: the cached result goes stale as time passes');
  });

  it('leaves timing logs, a shadowed Date and non-clock Date uses alone', () => {
    const findings = findingsOf(rule, {
      'convex/timed.ts': `${SERVER_IMPORT}
export const slow = query({
  args: { at: v.number() },
  handler: async (ctx, { at }) => {
    const started = Date.now();
    const rows = await ctx.db.query("rows").take(100);
    console.log("took", Date.now() - started, "ms");
    return { rows, day: new Date(at).getDay(), parsed: Date.parse("2024-01-01") };
  },
});
`,
      'convex/shadow.ts': `import { query } from "./_generated/server";
import { Date } from "./lib/fakeClock";
export const fixed = query({ args: {}, handler: async () => Date.now() });
`,
      'convex/lib/fakeClock.ts': `export const Date = { now: () => 0 };\n`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
export const year = query({
  args: {},
  // convex-review-disable-next-line date-now-in-query -- the year changes rarely enough
  handler: async () => new Date().getFullYear(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('leaves internal queries only actions and mutations run: no client subscribes to their result', () => {
    const findings = findingsOf(rule, {
      'convex/loop.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
export const nextWakeUp = internalQuery({
  args: {},
  handler: async (ctx) => {
    const next = await ctx.db.query("jobs").withIndex("by_runAt").first();
    return next ? Math.max(0, next.runAt - Date.now()) : null;
  },
});
export const unused = internalQuery({ args: {}, handler: async () => Date.now() });
export const main = internalAction({
  args: {},
  handler: async (ctx) => {
    const delay = await ctx.runQuery(internal.loop.nextWakeUp, {});
    if (delay !== null) await ctx.scheduler.runAfter(delay, internal.loop.main, {});
  },
});
export const kick = internalMutation({ args: {}, handler: async (ctx) => { await ctx.runQuery(internal.loop.nextWakeUp, {}); } });
`,
    });
    expect(findings).toEqual([]);
  });

  it('still flags an internal query a public query runs (its result is part of a cached one), and public queries', () => {
    const findings = findingsOf(rule, {
      'convex/feed.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
export const cutoff = internalQuery({ args: {}, handler: async () => Date.now() - 1000 });
export const viaInner = internalQuery({ args: {}, handler: async (ctx) => ctx.runQuery(internal.feed.cutoff, {}) });
export const list = query({ args: {}, handler: async (ctx) => ctx.runQuery(internal.feed.viaInner, {}) });
export const now = query({ args: {}, handler: async () => new Date().toISOString() });
`,
    });
    expect(locations(findings)).toEqual(['convex/feed.ts:5 info', 'convex/feed.ts:8 info']);
    expect(findings[0].message).toBe('`Date.now()` in query `cutoff`: the cached result goes stale as time passes');
  });

  it('leaves development queries alone (seed/dev modules and functions)', () => {
    const findings = findingsOf(rule, {
      'convex/dev/stats.ts': `${SERVER_IMPORT}
export const uptime = query({ args: {}, handler: async () => Date.now() });
`,
      'convex/stats.ts': `${SERVER_IMPORT}
export const devClock = query({ args: {}, handler: async () => Date.now() });
export const clock = query({ args: {}, handler: async () => Date.now() });
`,
    });
    expect(locations(findings)).toEqual(['convex/stats.ts:5 info']);
  });
});
