"use node";

import { internalAction } from "./_generated/server";
import { internal } from "./_generated/api";
import { v } from "convex/values";
import { createHmac } from "node:crypto";

export const charge = internalAction({
  args: { orderId: v.id("orders") },
  handler: async (ctx, { orderId }) => {
    const order = await ctx.runQuery(internal.orders.forCharge, { orderId });
    if (!order || order.status !== "pending") return;
    const response = await fetch("https://payments.example.com/v1/charges", {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": orderId },
      body: JSON.stringify({ amount: order.totalCents, reference: orderId }),
    });
    if (!response.ok) throw new Error(`Payment provider answered ${response.status}`);
    const { id } = (await response.json()) as { id: string };
    await ctx.runMutation(internal.orders.markPaid, { orderId, paymentId: id });
  },
});

export const verifySignature = internalAction({
  args: { payload: v.string(), signature: v.string() },
  handler: async (_ctx, { payload, signature }) => {
    const secret = process.env.PAYMENTS_WEBHOOK_SECRET;
    if (!secret) throw new Error("PAYMENTS_WEBHOOK_SECRET is not set");
    const expected = createHmac("sha256", secret).update(payload).digest("hex");
    return expected === signature;
  },
});
