import { mutation, internalMutation } from "./_generated/server";
import { v } from "convex/values";
import { authedQuery } from "./lib/builders";
import * as Users from "./model/users";

export const list = authedQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const messages = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .take(100);

    return messages.filter((m) => m.body.length > 0);
  },
});

export const send = mutation({
  args: { channelId: v.id("channels"), body: v.string() },
  handler: async (ctx, { channelId, body }) => {
    const user = await Users.requireUser(ctx);
    return await ctx.db.insert("messages", { channelId, authorId: user._id, body });
  },
});

export const cleanup = internalMutation({
  args: {},
  handler: async (ctx) => {
    const old = await ctx.db.query("messages").take(10);

    await Promise.all(old.map((m) => ctx.db.delete(m._id)));
  },
});
