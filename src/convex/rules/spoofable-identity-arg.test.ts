import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { spoofableIdentityArg as rule } from './spoofable-identity-arg.js';

describe('spoofable-identity-arg', () => {
  it('flags a mutation that stores a client-supplied userId as the author', () => {
    const findings = findingsOf(rule, {
      'convex/messages.ts': `${SERVER_IMPORT}
export const send = mutation({
  args: { userId: v.id("users"), body: v.string() },
  handler: async (ctx, { userId, body }) => {
    await ctx.db.insert("messages", { author: userId, body });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/messages.ts:7 info']);
    expect(findings[0].message).toBe('`send` stores the client-supplied `userId` as `author` without checking who is calling');
    expect(findings[0].detail).toContain('ctx.auth.getUserIdentity()');
    expect(findings[0].detail).toContain('convex-review-disable-next-line spoofable-identity-arg');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/auth/functions-auth');
  });

  it('flags writes to the document a client-supplied id names, through args.x and const aliases', () => {
    const findings = findingsOf(rule, {
      'convex/users.ts': `${SERVER_IMPORT}
export const rename = mutation({
  args: { userId: v.id("users"), name: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.patch(args.userId, { name: args.name });
  },
});
export const remove = mutation({
  args: { ownerId: v.id("users") },
  handler: async (ctx, args) => {
    const { ownerId } = args;
    await ctx.db.delete("users", ownerId);
  },
});
export const touch = mutation({
  args: { authorId: v.id("users") },
  handler: async (ctx, args) => {
    const who = args.authorId;
    await ctx.db.patch(who as Id<"users">, { seenAt: 1 });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/users.ts:7 info', 'convex/users.ts:14 info', 'convex/users.ts:21 info']);
    expect(findings[0].message).toBe('`rename` changes the document the client names in `userId` without checking who is calling');
  });

  it('reports a query that reads by a client-supplied id as info: it can only leak', () => {
    const findings = findingsOf(rule, {
      'convex/tasks.ts': `${SERVER_IMPORT}
export const mine = query({
  args: { userId: v.id("users") },
  handler: async (ctx, args) =>
    ctx.db.query("tasks").withIndex("by_owner", (q) => q.eq("owner", args.userId)).take(50),
});
export const profile = query({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => ctx.db.get(userId),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/tasks.ts:7 info', 'convex/tasks.ts:11 info']);
    expect(findings[0].message).toBe('`mine` reads data by the client-supplied `userId` (table `tasks`) without checking who is calling');
  });

  it('flags arguments written whole, and ids handed on to server code from an action', () => {
    const findings = findingsOf(rule, {
      'convex/posts.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
export const create = mutation({
  args: { creatorId: v.id("users"), title: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.insert("posts", { ...args, createdAt: 0 });
  },
});
export const generate = action({
  args: { userId: v.id("users") },
  handler: async (ctx, args) => {
    await ctx.runMutation(internal.posts.save, { userId: args.userId });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/posts.ts:8 info', 'convex/posts.ts:14 info']);
    expect(findings[0].message).toBe('`create` stores the client-supplied `creatorId` without checking who is calling');
    expect(findings[1].message).toBe('`generate` hands the client-supplied `userId` on to server code without checking who is calling');
  });

  it('flags guards on a client-supplied flag or privileged role, not other branches on them', () => {
    const findings = findingsOf(rule, {
      'convex/admin.ts': `${SERVER_IMPORT}
export const wipe = mutation({
  args: { isAdmin: v.boolean() },
  handler: async (ctx, args) => {
    if (!args.isAdmin) throw new Error("forbidden");
    for (const doc of await ctx.db.query("logs").take(100)) await ctx.db.delete(doc._id);
  },
});
export const ban = mutation({
  args: { role: v.string(), target: v.id("users") },
  handler: async (ctx, { role, target }) => {
    if (role !== "admin") throw new Error("forbidden");
    await ctx.db.patch(target, { banned: true });
  },
});
export const byRole = query({
  args: { role: v.string() },
  handler: async (ctx, { role }) => {
    if (role === "teacher") throw new Error("use the teachers page");
    return ctx.db.query("people").take(10);
  },
});
export const fields = query({
  args: { isAdmin: v.boolean() },
  handler: async (ctx, args) => (args.isAdmin ? ["name", "salary"] : ["name"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/admin.ts:7 info', 'convex/admin.ts:14 info']);
    expect(findings[0].message).toBe('`wipe` decides access from the client-supplied `isAdmin` without checking who is calling');
  });

  it('counts a written role or flag only on tables that grant something, not a chat message role', () => {
    const findings = findingsOf(rule, {
      'convex/roles.ts': `${SERVER_IMPORT}
export const promote = mutation({
  args: { userId: v.id("users"), role: v.string() },
  handler: async (ctx, args) => {
    await ctx.db.patch(args.userId, { role: args.role });
  },
});
export const join = mutation({
  args: { team: v.id("teams"), isAdmin: v.boolean() },
  handler: async (ctx, { team, isAdmin }) => ctx.db.insert("memberships", { team, isAdmin }),
});
export const say = mutation({
  args: { chat: v.id("chats"), role: v.union(v.literal("user"), v.literal("assistant")), text: v.string() },
  handler: async (ctx, args) => ctx.db.insert("messages", { chat: args.chat, role: args.role, text: args.text }),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/roles.ts:7 info', 'convex/roles.ts:7 info', 'convex/roles.ts:12 info']);
    expect(findings.map((f) => f.message)).toEqual([
      '`promote` changes the document the client names in `userId` without checking who is calling',
      '`promote` stores the client-supplied `role` without checking who is calling',
      '`join` stores the client-supplied `isAdmin` without checking who is calling',
    ]);
  });

  it('counts email only as the key of a user lookup in a mutation', () => {
    const findings = findingsOf(rule, {
      'convex/accounts.ts': `${SERVER_IMPORT}
export const setName = mutation({
  args: { email: v.string(), name: v.string() },
  handler: async (ctx, args) => {
    const user = await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", args.email)).unique();
    if (user) await ctx.db.patch(user._id, { name: args.name });
  },
});
export const joinWaitlist = mutation({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const seen = await ctx.db.query("waitlist").withIndex("by_email", (q) => q.eq("email", email)).first();
    if (!seen) await ctx.db.insert("waitlist", { email });
  },
});
export const emailTaken = query({
  args: { email: v.string() },
  handler: async (ctx, { email }) =>
    (await ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", email)).first()) !== null,
});
`,
    });
    expect(locations(findings)).toEqual(['convex/accounts.ts:7 info']);
    expect(findings[0].message).toBe('`setName` changes data it finds by the client-supplied `email` (table `users`) without checking who is calling');
  });

  it('says a mutation changes data when it writes the documents it looked up by the spoofable id, and reads when it only reads', () => {
    const findings = findingsOf(rule, {
      'convex/tasks.ts': `${SERVER_IMPORT}
export const clear = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    const tasks = await ctx.db.query("tasks").withIndex("by_user", (q) => q.eq("userId", userId)).collect();
    for (const task of tasks) await ctx.db.delete(task._id);
  },
});
export const rename = mutation({
  args: { userId: v.id("users"), name: v.string() },
  handler: async (ctx, { userId, name }) => {
    const user = await ctx.db.get(userId);
    if (user) await ctx.db.replace(user._id, { ...user, name });
  },
});
export const count = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    const tasks = await ctx.db.query("tasks").withIndex("by_user", (q) => q.eq("userId", userId)).take(100);
    await ctx.db.insert("counts", { n: tasks.length });
    return tasks.length;
  },
});
`,
    });
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '7 `clear` changes data it finds by the client-supplied `userId` (table `tasks`) without checking who is calling',
      '14 `rename` changes data it finds by the client-supplied `userId` without checking who is calling',
      '21 `count` reads data by the client-supplied `userId` (table `tasks`) without checking who is calling',
    ]);
  });

  it('stays silent once the function derives the caller: ctx.auth, auth helpers, auth builders, tokens, passwords', () => {
    const findings = findingsOf(rule, {
      'convex/lib.ts': `import { mutation } from "./_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const userMutation = customMutation(mutation, customCtx(async (ctx) => ({ identity: await ctx.auth.getUserIdentity() })));
`,
      'convex/safe.ts': `${SERVER_IMPORT}
import { getAuthUserId } from "@convex-dev/auth/server";
import { userMutation } from "./lib";
export const a = mutation({
  args: { userId: v.id("users"), body: v.string() },
  handler: async (ctx, { userId, body }) => {
    const me = await getAuthUserId(ctx);
    if (me !== userId) throw new Error("forbidden");
    await ctx.db.insert("messages", { userId, body });
  },
});
export const b = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return null;
    await ctx.db.patch(userId, { active: true });
  },
});
export const c = userMutation({ args: { ownerId: v.id("users") }, handler: async (ctx, { ownerId }) => ctx.db.delete(ownerId) });
export const d = mutation({
  args: { userId: v.id("users"), sessionToken: v.string() },
  handler: async (ctx, { userId, sessionToken }) => {
    const session = await ctx.db.query("sessions").withIndex("by_token", (q) => q.eq("token", sessionToken)).unique();
    if (!session) throw new Error("signed out");
    await ctx.db.patch(userId, { seen: true });
  },
});
export const f = query({
  args: { userId: v.string(), serviceKey: v.string() },
  handler: async (ctx, args) => ctx.db.query("memories").withIndex("by_user", (q) => q.eq("user", args.userId)).take(10),
});
export const e = mutation({
  args: { email: v.string(), password: v.string() },
  handler: async (ctx, { email }) => ctx.db.query("users").withIndex("by_email", (q) => q.eq("email", email)).unique(),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('stays silent when the auth picture cannot be followed', () => {
    const findings = findingsOf(rule, {
      'convex/opaque.ts': `${SERVER_IMPORT}
import { customMutation } from "convex-helpers/server/customFunctions";
import { mods } from "some-auth-package";
const guarded = customMutation(mutation, mods);
export const a = guarded({ args: { userId: v.id("users") }, handler: async (ctx, { userId }) => ctx.db.delete(userId) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('leaves internal functions, components, tests and non-Convex .db objects alone', () => {
    const findings = findingsOf(rule, {
      'convex/internal.ts': `${SERVER_IMPORT}
export const save = internalMutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => { await ctx.db.insert("posts", { userId }); },
});
export const other = mutation({
  args: { userId: v.string() },
  handler: async (ctx, { userId }) => {
    const store = { db: { insert: (_t: string, _v: unknown) => null } };
    store.db.insert("posts", { userId });
    return [1, 2].filter((userId) => userId > 1);
  },
});
`,
      'convex/__tests__/send.ts': `${SERVER_IMPORT}
export const helper = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => { await ctx.db.insert("posts", { userId }); },
});
`,
    });
    expect(findings).toEqual([]);
    const component = findingsOf(rule, {
      'convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
      'counter.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const add = mutation({
  args: { userId: v.string() },
  handler: async (ctx, { userId }) => { await ctx.db.insert("counts", { userId }); },
});
`,
    });
    expect(component).toEqual([]);
  });

  it('sees through aliases, namespace imports, default exports and builders that do not check auth', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const loggedMutation = customMutation(mutation, customCtx(async () => ({ startedAt: 0 })));
`,
      'convex/forms.ts': `import { mutation as m } from "./_generated/server";
import * as server from "./_generated/server";
import { loggedMutation } from "./lib/builders";
import { v } from "convex/values";
export const a = m({ args: { userId: v.id("users") }, handler: async (ctx, a) => ctx.db.patch(a.userId, { x: 1 }) });
export default server.mutation({ args: { ownerId: v.id("users") }, handler: async ({ db }, { ownerId }) => db.delete(ownerId) });
export const c = loggedMutation({ args: { senderId: v.id("users") }, handler: async (ctx, { senderId }) => ctx.db.insert("pings", { senderId }) });
`,
    });
    expect(locations(findings)).toEqual(['convex/forms.ts:5 info', 'convex/forms.ts:6 info', 'convex/forms.ts:7 info']);
    expect(findings[1].message).toBe('`forms:default` changes the document the client names in `ownerId` without checking who is calling');
  });

  it('reports each argument once per function, at its first use, saying the worst thing done with it', () => {
    const findings = findingsOf(rule, {
      'convex/once.ts': `${SERVER_IMPORT}
export const move = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    const user = await ctx.db.get(userId);
    await ctx.db.patch(userId, { moved: true });
    await ctx.db.insert("moves", { userId });
    return user;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/once.ts:7 info']);
    expect(findings[0].message).toBe('`move` changes the document the client names in `userId` without checking who is calling');
  });

  it('does not take a token argument the function never checks as proof of the caller', () => {
    const findings = findingsOf(rule, {
      'convex/relay.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
export const sync = action({
  args: { userId: v.id("users"), accessToken: v.string() },
  handler: async (ctx, { userId, accessToken }) => {
    const res = await fetch("https://api.example.com/me", { headers: { Authorization: \`Bearer \${accessToken}\` } });
    await ctx.runMutation(internal.users.store, { userId, profile: await res.json() });
  },
});
export const touch = mutation({
  args: { userId: v.id("users"), sessionToken: v.string() },
  handler: async (ctx, { userId }) => ctx.db.patch(userId, { seen: true }),
});
`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      '`sync` hands the client-supplied `userId` on to server code without checking who is calling',
      '`touch` changes the document the client names in `userId` without checking who is calling',
    ]);
  });

  it('reports development seeding code at info, saying why', () => {
    const findings = findingsOf(rule, {
      'convex/seed.ts': `${SERVER_IMPORT}
const MESSAGES = ["hi", "there"];
export const seedMessages = mutation({
  args: { userId: v.id("users") },
  handler: async (ctx, { userId }) => {
    for (const body of MESSAGES) await ctx.db.insert("messages", { body, userId });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/seed.ts:8 info']);
    expect(findings[0].detail).toContain('development seeding code');
  });
});
