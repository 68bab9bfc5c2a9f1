import { action, query } from "./_generated/server";
import { v } from "convex/values";

import { writeFileSync } from "node:fs";

export const snapshot = action({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");

    const users = await ctx.db.query("users").take(10);
    writeFileSync("/tmp/users.json", JSON.stringify(users));
  },
});

export const activeToday = query({
  args: { ownerId: v.id("users") },
  handler: async (ctx, { ownerId }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) return [];

    const since = Date.now() - 24 * 60 * 60 * 1000;
    const channels = await ctx.db
      .query("channels")

      .withIndex("by_owner_and_updated", (q) => q.eq("ownerId", ownerId))
      .take(20);

    const pins = await ctx.db.query("pinned").take(5);
    return { since, channels, pins };
  },
});
