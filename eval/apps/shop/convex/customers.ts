import type { QueryCtx } from "./_generated/server";
import type { Doc } from "./_generated/dataModel";

export async function requireCustomer(ctx: QueryCtx): Promise<Doc<"customers">> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Not signed in");
  const customer = await ctx.db
    .query("customers")
    .withIndex("by_token", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))
    .unique();
  if (!customer) throw new Error("Unknown customer");
  return customer;
}
