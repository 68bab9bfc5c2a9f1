import type { QueryCtx } from "../_generated/server";
import type { Doc, Id } from "../_generated/dataModel";

export async function requireUser(ctx: QueryCtx): Promise<Doc<"users">> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Not signed in");
  const user = await ctx.db
    .query("users")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
    .unique();
  if (!user) throw new Error("Unknown user");
  return user;
}

/** The caller's membership of the team, at least `role` ("admin" or any member). */
export async function requireMember(ctx: QueryCtx, teamId: Id<"teams">, role: "admin" | "member" = "member"): Promise<Doc<"members">> {
  const user = await requireUser(ctx);
  const membership = await ctx.db
    .query("members")
    .withIndex("by_team_and_user", (q) => q.eq("teamId", teamId).eq("userId", user._id))
    .unique();
  if (!membership) throw new Error("Not a member of this team");
  if (role === "admin" && membership.role !== "admin") throw new Error("Admins only");
  return membership;
}
