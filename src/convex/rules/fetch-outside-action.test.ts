import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { fetchOutsideAction as rule } from './fetch-outside-action.js';

describe('fetch-outside-action', () => {
  it('flags fetch in mutation and query handlers (closures included), at the callee', () => {
    const findings = findingsOf(rule, {
      'convex/orders.ts': `${SERVER_IMPORT}
export const place = mutation({
  args: { sku: v.string() },
  handler: async (ctx, { sku }) => {
    const id = await ctx.db.insert("orders", { sku });
    await fetch("https://hooks.example.com/new-order", {
      method: "POST",
      body: JSON.stringify({ id }),
    });
    return id;
  },
});
export const price = internalQuery({
  args: { sku: v.string() },
  handler: async (_ctx, { sku }) => {
    const load = async () => (await globalThis.fetch("https://prices.example.com/" + sku)).json();
    return load();
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/orders.ts:8 error', 'convex/orders.ts:18 error']);
    expect(findings[0].endLine).toBe(8);
    expect(findings[0].message).toBe('`fetch()` in mutation `place`: queries and mutations cannot make HTTP requests');
    expect(findings[1].message).toBe('`fetch()` in query `price`: queries and mutations cannot make HTTP requests');
    expect(findings[0].detail).toContain('ctx.scheduler.runAfter(0, internal.');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/actions');
  });

  it('never flags actions, HTTP actions or "use node" actions', () => {
    const findings = findingsOf(rule, {
      'convex/sync.ts': `${SERVER_IMPORT}
export const pull = action({ args: {}, handler: async () => (await fetch("https://api.example.com")).status });
export const hook = httpAction(async (_ctx, req) => fetch("https://relay.example.com", { method: "POST", body: req.body }));
export const job = internalAction({ args: {}, handler: async () => { await fetch("https://cron.example.com"); } });
`,
      'convex/nodeSync.ts': `"use node";
import { internalAction } from "./_generated/server";
export const run = internalAction({ args: {}, handler: async () => { await fetch("https://x.example.com"); } });
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags a helper shared with actions only because a mutation reaches it, once, naming the mutation', () => {
    const findings = findingsOf(rule, {
      'convex/lib/slack.ts': `export async function postToSlack(text: string) {
  await fetch("https://slack.example.com/hook", { method: "POST", body: text });
}
export async function unused(text: string) {
  await fetch("https://never.example.com", { body: text });
}
`,
      'convex/messages.ts': `${SERVER_IMPORT}
import { postToSlack } from "./lib/slack";
export const send = mutation({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    await ctx.db.insert("messages", { text });
    await postToSlack(text);
  },
});
export const edit = internalMutation({
  args: { text: v.string() },
  handler: async (_ctx, { text }) => notify(text),
});
const notify = (text: string) => postToSlack(text);
export const announce = action({ args: { text: v.string() }, handler: async (_ctx, { text }) => postToSlack(text) });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/slack.ts:2 error']);
    expect(findings[0].message).toBe(
      '`fetch()` in `postToSlack`, reached from mutation `messages:send` (and 1 more): queries and mutations cannot make HTTP requests',
    );
    expect(findings[0].detail).toContain('Reached from mutation `messages:send`, mutation `messages:edit`.');
  });

  it('follows helpers three calls deep, not further', () => {
    const findings = findingsOf(rule, {
      'convex/deep.ts': `${SERVER_IMPORT}
const three = () => fetch("https://a.example.com");
const two = () => three();
const one = () => two();
const four = () => fetch("https://b.example.com");
const threeB = () => four();
const twoB = () => threeB();
const oneB = () => twoB();
export const near = mutation({ args: {}, handler: async () => { await one(); } });
export const far = mutation({ args: {}, handler: async () => { await oneB(); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/deep.ts:4 error']);
    expect(findings[0].message).toContain('in `three`, reached from mutation `near`');
  });

  it('sees aliases, namespace imports, export default, generic builders and custom builders with their input', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const geoMutation = customMutation(mutation, customCtx(async () => {
  const geo = await fetch("https://geo.example.com/me");
  return { country: (await geo.json()).country as string };
}));
`,
      'convex/app.ts': `import { mutation as m } from "./_generated/server";
import * as server from "./_generated/server";
import { queryGeneric } from "convex/server";
import { geoMutation } from "./lib/builders";
export const aliased = m({ args: {}, handler: async () => { await fetch("https://a.example.com"); } });
export default server.internalMutation({ args: {}, handler: async () => { await fetch("https://b.example.com"); } });
export const generic = queryGeneric({ args: {}, handler: async () => fetch("https://c.example.com") });
export const viaBuilder = geoMutation({ args: {}, handler: async (ctx) => ctx.country });
`,
    });
    expect(locations(findings)).toEqual([
      'convex/app.ts:5 error',
      'convex/app.ts:6 error',
      'convex/app.ts:7 error',
      'convex/lib/builders.ts:4 error',
    ]);
    expect(findings[1].message).toContain('in mutation `app:default`');
    expect(findings[3].message).toBe('`fetch()` reached from mutation `app:viaBuilder`: queries and mutations cannot make HTTP requests');
  });

  it('leaves a local or imported fetch, a .fetch method and test files alone', () => {
    const findings = findingsOf(rule, {
      'convex/local.ts': `${SERVER_IMPORT}
import { fetch } from "./lib/cache";
export const cached = query({ args: { key: v.string() }, handler: async (ctx, { key }) => fetch(ctx, key) });
`,
      'convex/lib/cache.ts': `export async function fetch(ctx: unknown, key: string) {
  return { ctx, key };
}
`,
      'convex/shadowed.ts': `${SERVER_IMPORT}
export const a = query({
  args: {},
  handler: async (ctx) => {
    const fetch = (id: string) => ctx.db.query("items").withIndex("by_key", (q) => q.eq("key", id)).first();
    return fetch("x");
  },
});
export const b = mutation({
  args: {},
  handler: async (ctx) => {
    function fetch(n: number) { return n; }
    return [ctx.storage, fetch(1)];
  },
});
export const c = query({ args: {}, handler: async (_ctx, { fetch }: { fetch?: () => number }) => fetch?.() });
export const d = query({ args: {}, handler: async (ctx) => ctx.db.query("items").take(5).then((rows) => rows.map((r) => r.loader.fetch())) });
`,
      'convex/orders.test.ts': `import { mutation } from "./_generated/server";
export const fake = mutation({ args: {}, handler: async () => { await fetch("https://test.example.com"); } });
`,
    });
    expect(findings).toEqual([]);
  });

  it('can be suppressed on the line before', () => {
    const findings = findingsOf(rule, {
      'convex/legacy.ts': `${SERVER_IMPORT}
export const ping = mutation({
  args: {},
  handler: async () => {
    // convex-review-disable-next-line fetch-outside-action -- dev-only stub, never deployed
    await fetch("http://localhost:9999");
  },
});
`,
    });
    expect(findings).toEqual([]);
  });
});
