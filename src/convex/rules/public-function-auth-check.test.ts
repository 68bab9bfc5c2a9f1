import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { publicFunctionAuthCheck as rule } from './public-function-auth-check.js';

describe('public-function-auth-check', () => {
  it('flags a public mutation that never checks, as info at the builder call', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}
export const remove = mutation({
  args: { id: v.id("notes") },
  handler: async (ctx, { id }) => {
    await ctx.db.delete(id);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/notes.ts:4 info']);
    expect(findings[0].message).toBe('Public mutation `remove` never checks who is calling');
    expect(findings[0].detail).toContain('ctx.auth.getUserIdentity()');
    expect(findings[0].detail).toContain('convex-review-disable-next-line public-function-auth-check');
    expect(findings[0].docsUrl).toBe(
      'https://docs.convex.dev/understanding/best-practices/#use-some-form-of-access-control-for-all-public-functions',
    );
  });

  it('stays silent when ctx goes to a guard outside the functions folder, in an options object', () => {
    const findings = findingsOf(rule, {
      'convex/lists.ts': `${SERVER_IMPORT}
import loadOwnList from "../src/lists/loadOwnList";
export const rename = mutation({
  args: { id: v.id("lists"), name: v.string() },
  handler: async (ctx, args) => {
    const list = await loadOwnList({ ctx, listId: args.id });
    await ctx.db.patch(list._id, { name: args.name });
  },
});
export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.db.query("lists").take(100)).length,
});
`,
    });
    // `rename` may well check inside loadOwnList, which this model cannot read; `count` checks nothing.
    expect(locations(findings)).toEqual(['convex/lists.ts:12 info']);
  });

  it('leaves a handler with nothing behind it: no ctx, no await, no outside service', () => {
    const findings = findingsOf(rule, {
      'convex/health.ts': `${SERVER_IMPORT}
export const ping = query({ args: {}, handler: async () => ({ ok: true, now: Date.now() }) });
export const version = query({ args: {}, handler: async (_ctx) => "1.2.0" });
export const shout = action({ args: { text: v.string() }, handler: async (ctx, { text }) => text.toUpperCase() });
export const proxy = action({ args: {}, handler: async () => (await fetch("https://api.example.com/x")).json() });
export const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query("notes").take(10)).length });
`,
    });
    expect(locations(findings)).toEqual(['convex/health.ts:7 info', 'convex/health.ts:8 info']);
  });

  it('accepts an inline identity check with an early throw, and "return null when signed out"', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}
export const create = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    await ctx.db.insert("notes", { body, owner: identity.subject });
  },
});
export const mine = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    return ctx.db.query("notes").withIndex("by_owner", (q) => q.eq("owner", identity.subject)).collect();
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('accepts destructured { auth }, an aliased ctx.auth and an expression-bodied check', () => {
    const findings = findingsOf(rule, {
      'convex/me.ts': `${SERVER_IMPORT}
export const a = query({ args: {}, handler: async ({ auth }) => auth.getUserIdentity() });
export const b = query({
  args: {},
  handler: async (ctx) => {
    const auth = ctx.auth;
    return (await auth.getUserIdentity())?.name ?? null;
  },
});
export const c = query({ args: {}, handler: (ctx) => ctx.auth.getUserIdentity() });
`,
    });
    expect(findings).toEqual([]);
  });

  it('accepts ctx.auth read only in a closure the handler calls', () => {
    const findings = findingsOf(rule, {
      'convex/orders.ts': `${SERVER_IMPORT}
export const place = mutation({
  args: { item: v.string() },
  handler: async (ctx, args) => {
    const whoIsIt = async () => {
      const identity = await ctx.auth.getUserIdentity();
      if (!identity) throw new Error("unauthenticated");
      return identity.tokenIdentifier;
    };
    const buyer = await whoIsIt();
    await ctx.db.insert("orders", { item: args.item, buyer });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('accepts getAuthUserId from @convex-dev/auth, aliased or not, and better-auth getAuthUser', () => {
    const findings = findingsOf(rule, {
      'convex/profile.ts': `${SERVER_IMPORT}
import { getAuthUserId, getAuthUserId as uid } from "@convex-dev/auth/server";
import { authComponent } from "./auth";
export const get = query({
  args: {},
  handler: async (ctx) => {
    const userId = await getAuthUserId(ctx);
    return userId === null ? null : ctx.db.get(userId);
  },
});
export const rename = mutation({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    const me = await uid(ctx);
    if (me) await ctx.db.patch(me, { name });
  },
});
export const viewer = query({ args: {}, handler: async (ctx) => authComponent.getAuthUser(ctx) });
`,
      'convex/auth.ts': `import { createClient } from "@convex-dev/better-auth";
import { components } from "./_generated/api";
export const authComponent = createClient(components.betterAuth);
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows a helper in another file through a namespace import', () => {
    const findings = findingsOf(rule, {
      'convex/model/users.ts': `import type { QueryCtx } from "../_generated/server";
export async function currentUserOrThrow(ctx: QueryCtx) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Unauthorized");
  return identity;
}
`,
      'convex/posts.ts': `${SERVER_IMPORT}
import * as Users from "./model/users";
export const publish = mutation({
  args: { title: v.string() },
  handler: async (ctx, { title }) => {
    const me = await Users.currentUserOrThrow(ctx);
    await ctx.db.insert("posts", { title, author: me.subject });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows helpers two levels deep, untyped ones included', () => {
    const findings = findingsOf(rule, {
      'convex/lib/session.ts': `export async function identityOf(ctx) {
  return await ctx.auth.getUserIdentity();
}
`,
      'convex/lib/access.ts': `import { identityOf } from "./session";
export async function loadMembership(ctx, teamId) {
  const who = await identityOf(ctx);
  return who && ctx.db.query("members").withIndex("by_team_user", (q) => q.eq("teamId", teamId).eq("user", who.subject)).unique();
}
`,
      'convex/teams.ts': `${SERVER_IMPORT}
import { loadMembership } from "./lib/access";
export const details = query({
  args: { teamId: v.id("teams") },
  handler: async (ctx, { teamId }) => {
    const membership = await loadMembership(ctx, teamId);
    return membership ? ctx.db.get(teamId) : null;
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('still flags a handler whose helper (loadThing) never checks', () => {
    const findings = findingsOf(rule, {
      'convex/lib/things.ts': `import type { QueryCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
export async function loadThing(ctx: QueryCtx, id: Id<"things">) {
  const thing = await ctx.db.get(id);
  if (!thing) throw new Error("missing");
  return thing;
}
`,
      'convex/things.ts': `${SERVER_IMPORT}
import { loadThing } from "./lib/things";
export const get = query({
  args: { id: v.id("things") },
  handler: async (ctx, { id }) => loadThing(ctx, id),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/things.ts:5 info']);
    expect(findings[0].message).toBe('Public query `get` never checks who is calling');
  });

  it('accepts custom builders whose customCtx or input function checks auth, inline or named, in any file', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
import { getUserOrThrow } from "./users";
export const userQuery = customQuery(
  query,
  customCtx(async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Unauthenticated");
    return { identity };
  }),
);
const withUser = { args: {}, input: async (ctx, args) => ({ ctx: { user: await getUserOrThrow(ctx) }, args }) };
export const userMutation = customMutation(mutation, withUser);
`,
      'convex/lib/users.ts': `export async function getUserOrThrow(ctx) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Unauthenticated");
  return identity;
}
`,
      'convex/todos.ts': `import { v } from "convex/values";
import { userQuery, userMutation } from "./lib/builders";
export const list = userQuery({ args: {}, handler: async (ctx) => ctx.db.query("todos").collect() });
export const add = userMutation({ args: { text: v.string() }, handler: async (ctx, { text }) => { await ctx.db.insert("todos", { text }); } });
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows an input function that is a named helper (no ctx type) to its check', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery } from "convex-helpers/server/customFunctions";
async function requireSignedIn(ctx, args) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Unauthenticated");
  return { ctx: { identity }, args };
}
export const authedQuery = customQuery(query, { args: {}, input: requireSignedIn });
`,
      'convex/feed.ts': `import { authedQuery } from "./lib/builders";
export const feed = authedQuery({ args: {}, handler: async (ctx) => ctx.db.query("posts").take(20) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags functions built by custom builders that add nothing about auth (NoOp, Triggers.wrapDB)', () => {
    const findings = findingsOf(rule, {
      'convex/functions.ts': `import { mutation as rawMutation, query as rawQuery } from "./_generated/server";
import { customMutation, customQuery, customCtx, NoOp } from "convex-helpers/server/customFunctions";
import { Triggers } from "convex-helpers/server/triggers";
const triggers = new Triggers();
export const mutation = customMutation(rawMutation, customCtx(triggers.wrapDB));
export const query = customQuery(rawQuery, NoOp);
`,
      'convex/counters.ts': `import { v } from "convex/values";
import { mutation, query } from "./functions";
export const bump = mutation({ args: { id: v.id("counters") }, handler: async (ctx, { id }) => {
  const c = await ctx.db.get(id);
  if (c) await ctx.db.patch(id, { n: c.n + 1 });
} });
export const read = query({ args: { id: v.id("counters") }, handler: async (ctx, { id }) => ctx.db.get(id) });
`,
    });
    expect(locations(findings)).toEqual(['convex/counters.ts:3 info', 'convex/counters.ts:7 info']);
  });

  it('stays silent when a builder mods or handler cannot be followed', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery } from "convex-helpers/server/customFunctions";
import { authMods } from "some-auth-package";
export const securedQuery = customQuery(query, authMods);
`,
      'convex/handlers.ts': `export async function listHandler(ctx) { return []; }
`,
      'convex/items.ts': `${SERVER_IMPORT}
import { securedQuery } from "./lib/builders";
import { listHandler } from "./handlers";
export const a = securedQuery({ args: {}, handler: async (ctx) => ctx.db.query("items").take(5) });
export const b = query({ args: {}, handler: listHandler });
`,
    });
    expect(findings).toEqual([]);
  });

  it('stays silent when ctx goes to project code it cannot follow, but not for package clients', () => {
    const findings = findingsOf(rule, {
      'convex/model.ts': `import type { QueryCtx } from "./_generated/server";
export const Accounts = {
  async current(ctx: QueryCtx) { return ctx.auth.getUserIdentity(); },
};
export class Session {
  constructor(private ctx: QueryCtx) {}
}
`,
      'convex/limits.ts': `import { RateLimiter } from "@convex-dev/rate-limiter";
import { components } from "./_generated/api";
export const rateLimiter = new RateLimiter(components.rateLimiter, {});
`,
      'convex/api.ts': `${SERVER_IMPORT}
import { Accounts, Session } from "./model";
import { rateLimiter } from "./limits";
export const a = query({ args: {}, handler: async (ctx) => Accounts.current(ctx) });
export const b = query({ args: {}, handler: async (ctx) => new Session(ctx) });
export const c = mutation({ args: {}, handler: async (ctx) => { await rateLimiter.limit(ctx, "send"); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/api.ts:8 info']);
  });

  it('counts unguessable-token arguments the function checks, on the function or on its builder', () => {
    const findings = findingsOf(rule, {
      'convex/lib/sessions.ts': `import { query } from "../_generated/server";
import { customQuery } from "convex-helpers/server/customFunctions";
import { SessionIdArg } from "convex-helpers/server/sessions";
export const sessionQuery = customQuery(query, {
  args: SessionIdArg,
  input: async (ctx, { sessionId }) => ({ ctx: { sessionId }, args: {} }),
});
`,
      'convex/invites.ts': `${SERVER_IMPORT}
import { SessionIdArg } from "convex-helpers/server/sessions";
import { sessionQuery } from "./lib/sessions";
export const accept = mutation({
  args: { inviteToken: v.string() },
  handler: async (ctx, { inviteToken }) => {
    const invite = await ctx.db.query("invites").withIndex("by_token", (q) => q.eq("token", inviteToken)).unique();
    if (invite) await ctx.db.patch(invite._id, { accepted: true });
  },
});
export const byCode = query({
  args: v.object({ inviteCode: v.string() }),
  handler: async (ctx, args) => ctx.db.query("invites").filter((q) => q.eq(q.field("code"), args.inviteCode)).first(),
});
export const cart = query({ args: { ...SessionIdArg }, handler: async (ctx, { sessionId }) => ctx.db.query("carts").withIndex("by_session", (q) => q.eq("sessionId", sessionId)).unique() });
export const prefs = sessionQuery({ args: {}, handler: async (ctx) => null });
export const hook = mutation({
  args: { secret: v.string(), body: v.string() },
  handler: async (ctx, { secret, body }) => {
    if (secret !== process.env.HOOK_SECRET) throw new Error("forbidden");
    await ctx.db.insert("events", { body });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('does not count an argument named like a token that is validated as a document id', () => {
    const findings = findingsOf(rule, {
      'convex/pomodoro.ts': `${SERVER_IMPORT}
export const stop = mutation({
  args: { sessionId: v.id("pomodoroSessions") },
  handler: async (ctx, { sessionId }) => {
    const session = await ctx.db.get(sessionId);
    if (session) await ctx.db.patch(sessionId, { stoppedAt: Date.now() });
  },
});
export const pause = mutation({
  args: { sessionId: v.optional(v.id("pomodoroSessions")) },
  handler: async (ctx, { sessionId }) => { if (sessionId && (await ctx.db.get(sessionId))) await ctx.db.patch(sessionId, { paused: true }); },
});
`,
    });
    // Looking a document up by its id proves nothing about who is calling.
    expect(locations(findings)).toEqual(['convex/pomodoro.ts:4 info', 'convex/pomodoro.ts:11 info']);
  });

  it('does not count a token argument that is only forwarded (to fetch, a service client) or never read', () => {
    const findings = findingsOf(rule, {
      'convex/proxy.ts': `${SERVER_IMPORT}
import OpenAI from "openai";
export const ask = action({
  args: { apiKey: v.string(), prompt: v.string() },
  handler: async (ctx, { apiKey, prompt }) => {
    const res = await fetch("https://api.example.com/complete", { method: "POST", headers: { Authorization: \`Bearer \${apiKey}\` }, body: prompt });
    return res.text();
  },
});
export const models = action({ args: { apiKey: v.string() }, handler: async (ctx, { apiKey }) => new OpenAI({ apiKey }).models.list() });
export const cart = query({ args: { sessionId: v.string() }, handler: async (ctx) => ctx.db.query("carts").take(10) });
`,
    });
    expect(locations(findings)).toEqual(['convex/proxy.ts:5 info', 'convex/proxy.ts:12 info', 'convex/proxy.ts:13 info']);
    expect(findings[0].message).toBe('Public action `ask` never checks who is calling');
  });

  it('counts a query run with ctx.runQuery that checks (run* keeps the caller\u2019s auth)', () => {
    const findings = findingsOf(rule, {
      'convex/users.ts': `${SERVER_IMPORT}
export const current = internalQuery({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("signed out");
    return identity;
  },
});
`,
      'convex/ai.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
export const summarize = action({
  args: { text: v.string() },
  handler: async (ctx, { text }) => {
    await ctx.runQuery(internal.users.current);
    return text.slice(0, 10);
  },
});
export const translate = action({
  args: { text: v.string() },
  handler: async (ctx, { text }) => (await ctx.db.query("glossary").first())?.term ?? text,
});
`,
    });
    expect(locations(findings)).toEqual(['convex/ai.ts:12 info']);
    expect(findings[0].message).toBe('Public action `translate` never checks who is calling');
  });

  it('sees through aliases, namespace imports and default exports', () => {
    const findings = findingsOf(rule, {
      'convex/misc.ts': `import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
export const open = q({ args: {}, handler: async (ctx) => ctx.db.query("posts").take(10) });
export default server.mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("pings", {}); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/misc.ts:3 info', 'convex/misc.ts:4 info']);
    expect(findings[1].message).toBe('Public mutation `misc:default` never checks who is calling');
  });

  it('skips internal functions, httpActions and unexported registrations', () => {
    const findings = findingsOf(rule, {
      'convex/jobs.ts': `${SERVER_IMPORT}
export const cleanup = internalMutation({ args: {}, handler: async (ctx) => { await ctx.db.delete("x" as never); } });
export const fetchAll = internalQuery({ args: {}, handler: async (ctx) => ctx.db.query("jobs").collect() });
export const hook = httpAction(async (ctx, request) => new Response("ok"));
const notExported = query({ args: {}, handler: async (ctx) => ctx.db.query("jobs").take(1) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('skips component code, which has no ctx.auth', () => {
    const findings = findingsOf(rule, {
      'convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
      'counter.ts': `${SERVER_IMPORT}
export const add = mutation({ args: { n: v.number() }, handler: async (ctx, { n }) => { await ctx.db.insert("counts", { n }); } });
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced for intentionally public data with a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/catalog.ts': `${SERVER_IMPORT}
// convex-review-disable-next-line public-function-auth-check -- the product catalog is public
export const products = query({ args: {}, handler: async (ctx) => ctx.db.query("products").take(50) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('does not report queries that serve only published content', () => {
    const findings = findingsOf(rule, {
      'convex/blog.ts': `${SERVER_IMPORT}
async function publishedPosts(ctx) {
  return ctx.db.query("posts").withIndex("by_status", (q) => q.eq("status", "published")).take(20);
}
export const list = query({ args: {}, handler: async (ctx) => publishedPosts(ctx) });
export const showcase = query({
  args: {},
  handler: async (ctx) => ctx.db.query("projects").filter((q) => q.eq(q.field("isPublic"), true)).take(10),
});
export const get = query({
  args: { id: v.id("posts") },
  handler: async (ctx, { id }) => {
    const post = await ctx.db.get(id);
    if (!post || !post.published) return null;
    return post;
  },
});
export const page = query({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const page = await ctx.db.query("pages").withIndex("by_slug_visibility", (q) => q.eq("slug", slug).eq("visibility", "public")).unique();
    return page;
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('still reports a query with one read not constrained to published content, or a draft status', () => {
    const findings = findingsOf(rule, {
      'convex/blog.ts': `${SERVER_IMPORT}
export const withAuthors = query({
  args: {},
  handler: async (ctx) => {
    const posts = await ctx.db.query("posts").withIndex("by_status", (q) => q.eq("status", "published")).take(20);
    const authors = await ctx.db.query("authors").take(20);
    return { posts, authors };
  },
});
export const drafts = query({
  args: {},
  handler: async (ctx) => ctx.db.query("posts").withIndex("by_status", (q) => q.eq("status", "draft")).take(20),
});
export const get = query({
  args: { id: v.id("posts") },
  handler: async (ctx, { id }) => {
    const post = await ctx.db.get(id);
    if (!post) return null;
    return post;
  },
});
export const publish = mutation({
  args: { id: v.id("posts") },
  handler: async (ctx, { id }) => {
    const post = await ctx.db.get(id);
    if (!post || !post.published) return;
    await ctx.db.patch(id, { featured: true });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/blog.ts:4 info', 'convex/blog.ts:12 info', 'convex/blog.ts:16 info', 'convex/blog.ts:24 info']);
  });

  it('does not report queries whose name says they serve the public, but does report such mutations', () => {
    const findings = findingsOf(rule, {
      'convex/reviews.ts': `${SERVER_IMPORT}
export const listPublic = query({ args: {}, handler: async (ctx) => ctx.db.query("reviews").take(6) });
export const getPublicProfile = query({ args: { id: v.id("users") }, handler: async (ctx, { id }) => ctx.db.get(id) });
export const getPublications = query({ args: {}, handler: async (ctx) => ctx.db.query("papers").take(6) });
export const makePublic = mutation({ args: { id: v.id("reviews") }, handler: async (ctx, { id }) => ctx.db.patch(id, { public: true }) });
`,
    });
    expect(locations(findings)).toEqual(['convex/reviews.ts:6 info', 'convex/reviews.ts:7 info']);
  });

  it('does not report functions whose comment says they are public on purpose', () => {
    const findings = findingsOf(rule, {
      'convex/site.ts': `${SERVER_IMPORT}
// public: the pricing page reads this before sign-in
export const plans = query({ args: {}, handler: async (ctx) => ctx.db.query("plans").take(10) });
/** Intentionally public: anyone may join the waitlist. */
export const join = mutation({ args: { email: v.string() }, handler: async (ctx, { email }) => { await ctx.db.insert("waitlist", { email }); } });
export const ping = action({
  args: {},
  handler: async () => {
    // no auth needed: a health check
    return "ok";
  },
});
// Lists the public plans.
export const other = query({ args: {}, handler: async (ctx) => ctx.db.query("plans").take(10) });
`,
    });
    expect(locations(findings)).toEqual(['convex/site.ts:16 info']);
  });

  it('warns when a public query hands out whole documents of a users or billing table', () => {
    const findings = findingsOf(rule, {
      'convex/admin.ts': `${SERVER_IMPORT}
export const allUsers = query({ args: {}, handler: async (ctx) => await ctx.db.query("users").collect() });
export const payments = query({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("payments").order("desc").take(100);
    return rows;
  },
});
export const names = query({ args: {}, handler: async (ctx) => (await ctx.db.query("users").take(50)).map((u) => u.name) });
export const mine = query({ args: { id: v.id("users") }, handler: async (ctx, { id }) => ctx.db.query("subscriptions").withIndex("by_user", (q) => q.eq("userId", id)).collect() });
`,
    });
    expect(locations(findings)).toEqual(['convex/admin.ts:4 warning', 'convex/admin.ts:5 warning', 'convex/admin.ts:12 info', 'convex/admin.ts:13 info']);
    expect(findings[0].message).toBe('Public query `allUsers` returns whole `users` documents to any caller without checking who is calling');
    expect(findings[1].message).toBe('Public query `payments` returns whole `payments` documents to any caller without checking who is calling');
  });

  it('still reports public seeding code (anyone can run it on production), saying to make it internal', () => {
    const findings = findingsOf(rule, {
      'convex/seed.ts': `${SERVER_IMPORT}
export const init = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("channels", { name: "general" }); } });
`,
      'convex/channels.ts': `${SERVER_IMPORT}
export const create = mutation({ args: {}, handler: async (ctx) => { await ctx.db.insert("channels", { name: "x" }); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/channels.ts:4 info', 'convex/seed.ts:4 info']);
    expect(findings[1].detail).toContain('development seeding code (its path names it: `seed`)');
    expect(findings[1].detail).toContain('Make it `internal*`');
    expect(findings[0].detail).not.toContain('seeding');
  });
});
