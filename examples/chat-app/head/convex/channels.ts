import { query, mutation } from "./_generated/server";
import { v } from "convex/values";

// Planted: the old function syntax.
export const count = query(async (ctx) => {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) return null;
  // Planted: an unbounded collect used only for its length.
  return (await ctx.db.query("channels").collect()).length;
});

// Planted: no access check on a public mutation.
export const rename = mutation({
  args: { channelId: v.id("channels"), name: v.string() },
  handler: async ({ db }, { channelId, name }) => {
    await db.patch(channelId, { name });
  },
});
