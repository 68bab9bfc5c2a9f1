import { query, mutation, internalQuery } from "./_generated/server";
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import { requireMember } from "./lib/access";

export const list = query({
  args: { teamId: v.id("teams"), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { teamId, paginationOpts }) => {
    await requireMember(ctx, teamId);
    return await ctx.db
      .query("members")
      .withIndex("by_team_and_user", (q) => q.eq("teamId", teamId))
      .paginate(paginationOpts);
  },
});

export const setRole = mutation({
  args: { teamId: v.id("teams"), memberId: v.id("members"), role: v.union(v.literal("admin"), v.literal("member")) },
  handler: async (ctx, { teamId, memberId, role }) => {
    await requireMember(ctx, teamId, "admin");
    const member = await ctx.db.get("members", memberId);
    if (!member || member.teamId !== teamId) throw new Error("No such member");
    await ctx.db.patch("members", memberId, { role });
  },
});

export const remove = mutation({
  args: { teamId: v.id("teams"), memberId: v.id("members") },
  handler: async (ctx, { teamId, memberId }) => {
    await requireMember(ctx, teamId, "admin");
    const member = await ctx.db.get("members", memberId);
    if (!member || member.teamId !== teamId) throw new Error("No such member");
    if (member.role === "admin") {
      const admins = await ctx.db
        .query("members")
        .withIndex("by_team_and_role", (q) => q.eq("teamId", teamId).eq("role", "admin"))
        .take(2);
      if (admins.length < 2) throw new Error("A team keeps at least one admin");
    }
    await ctx.db.delete("members", memberId);
  },
});

export const emailsForDigest = internalQuery({
  args: { teamId: v.id("teams") },
  handler: async (ctx, { teamId }) => {
    const members = await ctx.db
      .query("members")
      .withIndex("by_team_and_user", (q) => q.eq("teamId", teamId))
      .take(200);
    const users = await Promise.all(members.map((m) => ctx.db.get("users", m.userId)));
    return users.flatMap((u) => (u ? [u.email] : []));
  },
});
