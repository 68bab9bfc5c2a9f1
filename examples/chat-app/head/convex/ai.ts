"use node";

import { action, internalQuery } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";
import { createHash } from "node:crypto";

export const digest = action({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");

    const channel = await ctx.runQuery(internal.ai.channel, { channelId });
    const messages = await ctx.runQuery(internal.ai.messages, { channelId });
    return createHash("sha256").update(JSON.stringify({ channel, messages })).digest("hex");
  },
});


export const channel = internalQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => await ctx.db.get("channels", channelId),
});


export const messages = internalQuery({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) =>
    await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channelId", channelId))
      .take(50),
});
