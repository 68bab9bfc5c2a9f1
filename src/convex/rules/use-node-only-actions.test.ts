import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { useNodeOnlyActions as rule } from './use-node-only-actions.js';

describe('use-node-only-actions', () => {
  it('flags queries, mutations and HTTP actions in a "use node" file, not its actions', () => {
    const findings = findingsOf(rule, {
      'convex/payments.ts': `"use node";
${SERVER_IMPORT}
import Stripe from "stripe";
export const charge = action({ args: {}, handler: async () => new Stripe("k") });
export const list = query({ args: {}, handler: async (ctx) => ctx.db.query("payments").collect() });
export const record = internalMutation({ args: {}, handler: async () => null });
export const hook = httpAction(async () => new Response("ok"));
export const later = internalAction({ args: {}, handler: async () => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/payments.ts:7 error', 'convex/payments.ts:8 error', 'convex/payments.ts:9 error']);
    expect(findings[0].message).toBe('Query `list` is defined in a "use node" file: only actions may run in the Node runtime');
    expect(findings[2].message).toContain('HTTP action `hook`');
    expect(findings[0].detail).toContain('Move this function into a file without `"use node"`');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/runtimes');
    expect(findings[0].column).toBe(21);
  });

  it('sees aliases, namespace imports, custom builders and export default', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const authedMutation = customMutation(mutation, customCtx(async () => ({})));
`,
      'convex/node.ts': `'use node'
import { query as q } from "./_generated/server";
import * as server from "./_generated/server";
import { authedMutation } from "./lib/builders";
export const a = q({ args: {}, handler: async () => null });
export const b = server.internalQuery({ args: {}, handler: async () => null });
export const c = authedMutation({ args: {}, handler: async () => null });
export default server.action({ args: {}, handler: async () => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/node.ts:5 error', 'convex/node.ts:6 error', 'convex/node.ts:7 error']);
  });

  it('needs a real directive: "use node" elsewhere in the file does not count', () => {
    const findings = findingsOf(rule, {
      'convex/notNode.ts': `${SERVER_IMPORT}
"use node";
const note = "use node";
// "use node"
export const a = query({ args: {}, handler: async () => note });
`,
      'convex/alsoNot.ts': `const x = 1;
"use node";
${SERVER_IMPORT}
export const b = mutation({ args: {}, handler: async () => x });
`,
    });
    expect(findings).toEqual([]);
  });

  it('accepts a directive after comments and other prologue strings', () => {
    const findings = findingsOf(rule, {
      'convex/prologue.ts': `// Node-only helpers for PDF rendering
"use strict";
"use node";
${SERVER_IMPORT}
export const a = query({ args: {}, handler: async () => null });
`,
    });
    expect(locations(findings)).toEqual(['convex/prologue.ts:7 error']);
  });

  it('ignores files the bundler does not deploy', () => {
    const findings = findingsOf(rule, {
      'convex/payments.test.ts': `"use node";
${SERVER_IMPORT}
export const a = query({ args: {}, handler: async () => null });
`,
    });
    expect(findings).toEqual([]);
  });
});
