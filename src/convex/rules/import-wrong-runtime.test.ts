import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { importWrongRuntime as rule } from './import-wrong-runtime.js';

/** A Node module: an action, a helper and a type. */
const STRIPE = `"use node";
import Stripe from "stripe";
import { createHmac } from "node:crypto";
import { internalAction } from "../_generated/server";
export type ChargeId = string;
export function client() {
  return new Stripe("sk_test");
}
export function sign(body: string) {
  return createHmac("sha256", "secret").update(body).digest("hex");
}
export const charge = internalAction({ args: {}, handler: async () => client().charges.list() });
`;

describe('import-wrong-runtime', () => {
  it('flags a default-runtime entry value-importing a "use node" module, at the specifier', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/billing.ts': `${SERVER_IMPORT}
import { client } from "./node/stripe";
export const plans = query({ args: {}, handler: async () => client().plans.list() });
`,
    });
    expect(locations(findings)).toEqual(['convex/billing.ts:4 warning']);
    expect(findings[0].column).toBe(24);
    expect(findings[0].message).toBe(
      '`billing.ts` runs in the default Convex runtime but imports `node/stripe.ts`, a "use node" module that needs `node:crypto`',
    );
    expect(findings[0].detail).toContain('cannot be resolved there and the push fails');
    expect(findings[0].detail).toContain('ctx.runAction');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/runtimes');
  });

  it('keeps it as info when the "use node" module imports no Node built-in: a pure helper from it can load', () => {
    const findings = findingsOf(rule, {
      'convex/node/openai.ts': `"use node";
import OpenAI from "openai";
export const model = "gpt-4o";
export const client = () => new OpenAI();
`,
      'convex/chat.ts': `${SERVER_IMPORT}
import { model } from "./node/openai";
export const settings = query({ args: {}, handler: async () => ({ model }) });
`,
    });
    expect(locations(findings)).toEqual(['convex/chat.ts:4 info']);
    expect(findings[0].message).toBe('`chat.ts` runs in the default Convex runtime but imports `node/openai.ts`, a "use node" module');
    expect(findings[0].detail).toContain('the next Node-only import added to it');
  });

  it('flags side-effect imports, re-exports, namespace imports and ESM-style `.js` specifiers', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/a.ts': `import "./node/stripe";
export * from "./node/stripe.js";
export { charge as pay } from "./node/stripe";
import * as stripe from "./node/stripe";
export const c = stripe.client;
`,
    });
    expect(locations(findings)).toEqual(['convex/a.ts:1 warning', 'convex/a.ts:2 warning', 'convex/a.ts:3 warning', 'convex/a.ts:4 warning']);
  });

  it('leaves type-only imports alone: `import type`, inline `type` specifiers, names used only as types', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/payments.ts': `${SERVER_IMPORT}
import type { ChargeId } from "./node/stripe";
import { type ChargeId as Id } from "./node/stripe";
import { client } from "./node/stripe";
export type Client = ReturnType<typeof client>;
export const last = query({ args: {}, handler: async (): Promise<ChargeId | Id | null> => null });
export type { ChargeId as Exported } from "./node/stripe";
`,
    });
    expect(findings).toEqual([]);
  });

  it('leaves "use node" importers alone: both sides run in Node', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/node/webhooks.ts': `"use node";
import { internalAction } from "../_generated/server";
import { client } from "./stripe";
export const sync = internalAction({ args: {}, handler: async () => client().events.list() });
`,
    });
    expect(findings).toEqual([]);
  });

  it('needs a real prologue directive: "use node" in a comment or a later statement is no directive', () => {
    const findings = findingsOf(rule, {
      'convex/lib/format.ts': `// This helper must not "use node": queries import it.
export function money(cents: number) {
  return (cents / 100).toFixed(2);
}
`,
      'convex/lib/late.ts': `export const x = 1;
"use node";
`,
      'convex/prices.ts': `${SERVER_IMPORT}
import { money } from "./lib/format";
import { x } from "./lib/late";
export const show = query({ args: {}, handler: async () => money(x) });
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags the schema, which always runs in the default runtime', () => {
    const findings = findingsOf(rule, {
      'convex/node/validators.ts': `"use node";
import { v } from "convex/values";
export const chargeFields = { amount: v.number() };
`,
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { chargeFields } from "./node/validators";
export default defineSchema({ charges: defineTable(chargeFields) });
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:2 info']);
  });

  it('follows non-entry helpers bundled into a default-runtime entry, reporting in the helper', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/lib/money.shared.ts': `import { client } from "../node/stripe";
export const stripe = client;
`,
      'convex/invoices.ts': `${SERVER_IMPORT}
import { stripe } from "./lib/money.shared";
export const list = query({ args: {}, handler: async () => stripe().invoices.list() });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/money.shared.ts:1 warning']);
    expect(findings[0].message).toBe(
      '`lib/money.shared.ts` is bundled into default-runtime `invoices.ts` but imports `node/stripe.ts`, a "use node" module that needs `node:crypto`',
    );
  });

  it('follows tsconfig path aliases to the "use node" module and to bundled helpers', () => {
    const findings = findingsOf(rule, {
      'convex/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@cvx/*': ['./*'] } } }),
      'convex/node/stripe.ts': STRIPE,
      'convex/lib/money.shared.ts': `import { client } from "@cvx/node/stripe.js";
export const stripe = client;
`,
      'convex/invoices.ts': `import { query } from "@cvx/_generated/server";
import { stripe } from "@cvx/lib/money.shared";
import { client } from "@cvx/node/stripe";
export const list = query({ args: {}, handler: async () => stripe().invoices.list() + client().plans.list() });
`,
    });
    expect(locations(findings)).toEqual(['convex/invoices.ts:3 warning', 'convex/lib/money.shared.ts:1 warning']);
    expect(findings[1].message).toBe(
      '`lib/money.shared.ts` is bundled into default-runtime `invoices.ts` but imports `node/stripe.ts`, a "use node" module that needs `node:crypto`',
    );
  });

  it('skips tests, which run in Node under vitest', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/stripe.test.ts': `import { client } from "./node/stripe";
import { test } from "vitest";
test("client", () => { client(); });
`,
      'convex/__tests__/setup.ts': `import { client } from "../node/stripe";
export const c = client();
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/node/stripe.ts': STRIPE,
      'convex/billing.ts': `// convex-review-disable-next-line import-wrong-runtime -- only the type-free helper, which uses fetch
import { client } from "./node/stripe";
export const c = client;
`,
    });
    expect(findings).toEqual([]);
  });
});
