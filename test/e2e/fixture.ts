/** A small Convex app before and after a pull request that plants problems on new lines. */
export const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  channels: defineTable({ name: v.string() }),
  messages: defineTable({ channelId: v.id("channels"), body: v.string() }).index("by_channel", ["channelId"]),
});
`;

const BASE_MESSAGES = `import { query } from "./_generated/server";
import { v } from "convex/values";

export const list = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return [];
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .take(50);
  },
});
`;

const HEAD_MESSAGES = `import { query, mutation } from "./_generated/server";
import { api } from "./_generated/api";
import { v } from "convex/values";

export const list = query({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return [];
    return await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .take(50);
  },
});

export const send = mutation({
  args: { channelId: v.id("channels"), body: v.string() },
  handler: async (ctx, { channelId, body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    ctx.db.insert("messages", { channelId, body });
    await ctx.scheduler.runAfter(0, api.messages.list, { channelId });
  },
});

export const search = query({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return [];
    return await ctx.db.query("messages").filter((q) => q.eq(q.field("body"), body)).take(10);
  },
});
`;

const HEAD_STATS = `import { query, mutation } from "./_generated/server";

export const count = query({
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return 0;
    return (await ctx.db.query("messages").take(100)).length;
  },
});

export const touch = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.insert("channels", { name: "general" });
  },
});
`;

export const BASE = {
  'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }, null, 2) + '\n',
  'README.md': '# app\n',
  'convex/auth.config.ts': 'export default { providers: [{ domain: "https://auth.example.com", applicationID: "convex" }] };\n',
  'convex/schema.ts': SCHEMA,
  'convex/messages.ts': BASE_MESSAGES,
};

export const HEAD = {
  ...BASE,
  'README.md': '# app\n\nNow with sending.\n',
  'convex/messages.ts': HEAD_MESSAGES,
  'convex/stats.ts': HEAD_STATS,
};
