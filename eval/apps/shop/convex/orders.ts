import { query, mutation, internalMutation, internalQuery } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";
import { requireCustomer } from "./customers";

export const place = mutation({
  args: { productId: v.id("products"), quantity: v.number() },
  handler: async (ctx, { productId, quantity }) => {
    const customer = await requireCustomer(ctx);
    if (!Number.isInteger(quantity) || quantity < 1) throw new Error("Quantity must be a positive whole number");
    const product = await ctx.db.get("products", productId);
    if (!product) throw new Error("No such product");
    if (product.stock < quantity) throw new Error("Not enough stock");
    await ctx.db.patch("products", productId, { stock: product.stock - quantity });
    const orderId = await ctx.db.insert("orders", {
      customerId: customer._id,
      productId,
      quantity,
      totalCents: product.priceCents * quantity,
      status: "pending",
    });
    await ctx.scheduler.runAfter(0, internal.payments.charge, { orderId });
    return orderId;
  },
});

export const listMine = query({
  args: {},
  handler: async (ctx) => {
    const customer = await requireCustomer(ctx);
    return await ctx.db
      .query("orders")
      .withIndex("by_customer", (q) => q.eq("customerId", customer._id))
      .order("desc")
      .take(50);
  },
});

export const forCharge = internalQuery({
  args: { orderId: v.id("orders") },
  handler: async (ctx, { orderId }) => {
    const order = await ctx.db.get("orders", orderId);
    if (!order) return null;
    return { orderId: order._id, totalCents: order.totalCents, status: order.status };
  },
});

export const markPaid = internalMutation({
  args: { orderId: v.id("orders"), paymentId: v.string() },
  handler: async (ctx, { orderId, paymentId }) => {
    const order = await ctx.db.get("orders", orderId);
    if (!order) throw new Error("No such order");
    if (order.status !== "pending") return;
    await ctx.db.patch("orders", orderId, { status: "paid", paymentId });
  },
});

export const cancelStale = internalMutation({
  args: { olderThanMs: v.number() },
  handler: async (ctx, { olderThanMs }) => {
    const before = Date.now() - olderThanMs;
    const pending = await ctx.db
      .query("orders")
      .withIndex("by_status", (q) => q.eq("status", "pending"))
      .take(100);
    for (const order of pending) {
      if (order._creationTime >= before) continue;
      const product = await ctx.db.get("products", order.productId);
      if (product) await ctx.db.patch("products", product._id, { stock: product.stock + order.quantity });
      await ctx.db.patch("orders", order._id, { status: "cancelled" });
    }
  },
});

export const idOf = internalQuery({
  args: { orderId: v.string() },
  handler: async (ctx, { orderId }) => {
    const id = ctx.db.normalizeId("orders", orderId);
    return id ? ((await ctx.db.get("orders", id))?._id ?? null) : null;
  },
});
