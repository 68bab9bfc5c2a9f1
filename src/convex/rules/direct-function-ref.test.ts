import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { directFunctionRef as rule } from './direct-function-ref.js';

describe('direct-function-ref', () => {
  it('flags a registered function handed to ctx.run* in place of its reference, with a fix when the root is imported', () => {
    const findings = findingsOf(rule, {
      'convex/users.ts': `${SERVER_IMPORT}import { internal } from "./_generated/api";
export const byEmail = internalQuery({ args: { email: v.string() }, handler: async () => null });
export const invite = action({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const existing = await ctx.runQuery(byEmail, { email });
    return existing;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/users.ts:8 error']);
    expect(findings[0].message).toBe(
      '`ctx.runQuery` is handed the registered query `byEmail` itself, not a function reference: pass its reference `internal.users.byEmail`',
    );
    expect(findings[0].column).toBe(41);
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/scheduling/scheduled-functions');
    expect(findings[0].fix).toEqual({
      line: 8,
      endLine: 8,
      replacement: '    const existing = await ctx.runQuery(internal.users.byEmail, { email });',
    });
  });

  it('flags imported functions handed to the scheduler and to crons (aliases, namespaces, barrels, default exports)', () => {
    const findings = findingsOf(rule, {
      'convex/emails.ts': `${SERVER_IMPORT}
export const sendWelcome = action({ args: { to: v.string() }, handler: async () => null });
export default internalMutation({ args: {}, handler: async () => null });
`,
      'convex/lib/admin/sweep.ts': `import { internalMutation } from "../../_generated/server";
export const sweep = internalMutation({ args: {}, handler: async () => null });
`,
      'convex/lib/index.ts': `export * from "./admin/sweep";\n`,
      'convex/signup.ts': `${SERVER_IMPORT}
import { sendWelcome as welcome } from "./emails";
import * as emails from "./emails";
import purge from "./emails";
export const register = mutation({
  args: { to: v.string() },
  handler: async (ctx, { to }) => {
    await ctx.scheduler.runAfter(0, welcome, { to });
    await ctx.scheduler.runAt(Date.now() + 1000, emails.sendWelcome, { to });
    const later = purge;
    await ctx.scheduler.runAfter(60_000, later, {});
  },
});
`,
      'convex/crons.ts': `import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
import { sweep } from "./lib";
const crons = cronJobs();
crons.daily("sweep", { hourUTC: 3, minuteUTC: 15 }, sweep);
crons.interval("sweep often", { minutes: 10 }, internal.lib.admin.sweep.sweep);
export default crons;
`,
    });
    expect(locations(findings)).toEqual([
      'convex/crons.ts:5 error',
      'convex/signup.ts:10 error',
      'convex/signup.ts:11 error',
      'convex/signup.ts:13 error',
    ]);
    expect(findings[0].message).toBe(
      '`crons.daily` is handed the registered mutation `sweep` itself, not a function reference: pass its reference `internal.lib.admin.sweep.sweep`',
    );
    expect(findings[0].fix?.replacement).toBe('crons.daily("sweep", { hourUTC: 3, minuteUTC: 15 }, internal.lib.admin.sweep.sweep);');
    expect(findings[1].message).toContain('`scheduler.runAfter` is handed the registered action `welcome`');
    expect(findings[1].message).toContain('`api.emails.sendWelcome`');
    // signup.ts imports neither `api` nor `internal`: no fix.
    expect(findings[1].fix).toBeUndefined();
    expect(findings[3].message).toContain('`internal.emails.default`');
  });

  it('sees destructured run methods, helpers typed ActionCtx and custom builders', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
export const authedQuery = customQuery(query, customCtx(async () => ({})));
`,
      'convex/lib/run.ts': `import type { ActionCtx } from "../_generated/server";
import { mine } from "../notes";
export async function loadMine(ctx: ActionCtx) {
  return ctx.runQuery(mine, {});
}
`,
      'convex/notes.ts': `import { action } from "./_generated/server";
import { authedQuery } from "./lib/builders";
export const mine = authedQuery({ args: {}, handler: async () => [] });
export const copy = action({
  args: {},
  handler: async ({ runQuery }) => runQuery(mine, {}),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/run.ts:4 error', 'convex/notes.ts:6 error']);
    expect(findings[1].message).toContain('`ctx.runQuery` is handed the registered query `mine`');
  });

  it('asks to export a function that has no reference yet, without a fix', () => {
    const findings = findingsOf(rule, {
      'convex/tasks.ts': `${SERVER_IMPORT}import { internal } from "./_generated/api";
const step = internalMutation({ args: {}, handler: async () => null });
export const start = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, step, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/tasks.ts:8 error']);
    expect(findings[0].message).toContain('export it from a Convex module and pass its `api.*` / `internal.*` reference');
    expect(findings[0].fix).toBeUndefined();
  });

  it('accepts references, plain helpers, shadowing names and non-Convex run methods', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}import { api, internal } from "./_generated/api";
import type { FunctionReference } from "convex/server";
import type { ActionCtx } from "./_generated/server";
export const list = query({ args: {}, handler: async () => [] });
async function helper() { return 1; }
export const a = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(api.ok.list, {});
    await ctx.runQuery(internal.ok.hidden, {});
    const ref = api.ok.list;
    await ctx.runQuery(ref, {});
    await ctx.scheduler.runAfter(0, internal.ok.hidden, {});
    const jobs = { list: api.ok.list };
    await ctx.runQuery(jobs.list, {});
    helper();
  },
});
export async function runIt(ctx: ActionCtx, list: FunctionReference<"query">) {
  return ctx.runQuery(list, {});
}
const client = { runQuery: (f: unknown) => f };
client.runQuery(list);
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
export const q = internalQuery({ args: {}, handler: async () => null });
export const a = action({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line direct-function-ref -- exercised by a test double
    await ctx.runQuery(q, {});
    return ctx.runQuery(q, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/s.ts:10 error']);
  });
});
