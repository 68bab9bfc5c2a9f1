import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  customers: defineTable({
    tokenIdentifier: v.string(),
    email: v.string(),
  }).index("by_token", ["tokenIdentifier"]),

  products: defineTable({
    name: v.string(),
    priceCents: v.number(),
    stock: v.number(),
  }),

  orders: defineTable({
    customerId: v.id("customers"),
    productId: v.id("products"),
    quantity: v.number(),
    totalCents: v.number(),
    status: v.union(v.literal("pending"), v.literal("paid"), v.literal("cancelled")),
    paymentId: v.optional(v.string()),
  })
    .index("by_customer", ["customerId"])
    .index("by_payment", ["paymentId"])
    .index("by_status", ["status"]),
});
