import { query, mutation } from "./_generated/server";
import { v } from "convex/values";


export const count = query(async (ctx) => {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) return null;

  return (await ctx.db.query("channels").collect()).length;
});


export const rename = mutation({
  args: { channelId: v.id("channels"), name: v.string() },
  handler: async ({ db }, { channelId, name }) => {
    await db.patch(channelId, { name });
  },
});
