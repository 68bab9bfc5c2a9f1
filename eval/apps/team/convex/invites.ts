import { action, internalMutation, internalQuery, mutation } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";
import { requireMember } from "./lib/access";

export const create = mutation({
  args: { teamId: v.id("teams"), email: v.string() },
  handler: async (ctx, { teamId, email }) => {
    const me = await requireMember(ctx, teamId, "admin");
    const normalized = email.trim().toLowerCase();
    const existing = await ctx.db
      .query("invites")
      .withIndex("by_team_and_email", (q) => q.eq("teamId", teamId).eq("email", normalized))
      .unique();
    if (existing) return existing._id;
    return await ctx.db.insert("invites", { teamId, email: normalized, invitedBy: me.userId });
  },
});

export const createMany = internalMutation({
  args: { teamId: v.id("teams"), emails: v.array(v.string()), invitedBy: v.id("users") },
  handler: async (ctx, { teamId, emails, invitedBy }) => {
    for (const email of emails.slice(0, 50)) {
      const normalized = email.trim().toLowerCase();
      const existing = await ctx.db
        .query("invites")
        .withIndex("by_team_and_email", (q) => q.eq("teamId", teamId).eq("email", normalized))
        .unique();
      if (!existing) await ctx.db.insert("invites", { teamId, email: normalized, invitedBy });
    }
  },
});

export const importFromDirectory = action({
  args: { teamId: v.id("teams"), directoryUrl: v.string() },
  handler: async (ctx, { teamId, directoryUrl }) => {
    const caller = await ctx.runQuery(internal.invites.adminOf, { teamId });
    if (!caller) throw new Error("Admins only");
    const response = await fetch(directoryUrl);
    const emails = ((await response.json()) as { email: string }[]).map((e) => e.email);
    await ctx.runMutation(internal.invites.createMany, { teamId, emails, invitedBy: caller });
    return emails.length;
  },
});

export const adminOf = internalQuery({
  args: { teamId: v.id("teams") },
  handler: async (ctx, { teamId }) => {
    const membership = await requireMember(ctx, teamId, "admin");
    return membership.userId;
  },
});
