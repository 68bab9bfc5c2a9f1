import { query as convexQuery, mutation, internalMutation } from "./_generated/server";
import { api, internal } from "./_generated/api";
import { v } from "convex/values";
import { authedQuery } from "./lib/builders";
import * as Users from "./model/users";



export const recent = convexQuery({
  handler: async (ctx) => {
    await Users.requireUser(ctx);
    return await ctx.db.query("messages").order("desc").take(20);
  },
});

export const list = authedQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {

    const messages = await ctx.db
      .query("messages")
      .filter((q) => q.eq(q.field("channelId"), channelId))
      .take(100);

    return messages.filter((m) => m.body.length > 0);
  },
});

export const send = mutation({
  args: { channelId: v.id("channels"), body: v.string() },
  handler: async (ctx, { channelId, body }) => {
    const user = await Users.requireUser(ctx);
    const id = await ctx.db.insert("messages", { channelId, authorId: user._id, body });

    await ctx.scheduler.runAfter(0, api.messages.notify, { messageId: id });

    ctx.db.patch(channelId, { name: "active" });
    return id;
  },
});

export const notify = mutation({
  args: { messageId: v.id("messages") },
  handler: async (ctx, { messageId }) => {
    await Users.requireUser(ctx);
    await ctx.scheduler.runAfter(0, internal.messages.cleanup, {});
    return messageId;
  },
});

export const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    const old = await ctx.db.query("messages").take(10);

    await Promise.all(old.map((m) => ctx.db.delete(m._id)));
  },
});
