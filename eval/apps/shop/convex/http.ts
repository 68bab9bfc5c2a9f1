import { httpRouter } from "convex/server";
import { httpAction } from "./_generated/server";
import { internal } from "./_generated/api";

const http = httpRouter();

http.route({
  path: "/payments/webhook",
  method: "POST",
  handler: httpAction(async (ctx, request) => {
    const payload = await request.text();
    const signature = request.headers.get("x-signature") ?? "";
    const valid = await ctx.runAction(internal.payments.verifySignature, { payload, signature });
    if (!valid) return new Response("bad signature", { status: 401 });
    const event = JSON.parse(payload) as { orderId: string; paymentId: string };
    const orderId = await ctx.runQuery(internal.orders.idOf, { orderId: event.orderId });
    if (!orderId) return new Response("unknown order", { status: 404 });
    await ctx.runMutation(internal.orders.markPaid, { orderId, paymentId: event.paymentId });
    return new Response(null, { status: 200 });
  }),
});

export default http;
