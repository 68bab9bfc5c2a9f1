import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { internalRefForServerCalls as rule } from './internal-ref-for-server-calls.js';

const API_IMPORT = `import { api, internal, components } from "./_generated/api";`;

describe('internal-ref-for-server-calls', () => {
  it('flags api refs handed to the scheduler (warning) and to ctx.run* (info), at the api identifier', () => {
    const findings = findingsOf(rule, {
      'convex/orders.ts': `${SERVER_IMPORT}${API_IMPORT}
export const place = mutation({
  args: { id: v.id("orders") },
  handler: async (ctx, { id }) => {
    await ctx.scheduler.runAfter(0, api.emails.sendReceipt, { id });
    await ctx.scheduler.runAt(Date.now() + 1000, api.orders.expire, { id });
  },
});
export const sync = action({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.runQuery(api.orders.list, {});
    await ctx.runMutation(
      api.orders.markSynced,
      { n: rows.length },
    );
  },
});
`,
    });
    // None of the targets is defined here: each reference is reported where it is written.
    expect(locations(findings)).toEqual([
      'convex/orders.ts:7 warning',
      'convex/orders.ts:8 warning',
      'convex/orders.ts:14 info',
      'convex/orders.ts:16 info',
    ]);
    expect(findings[0].message).toBe('Public `api.emails.sendReceipt` is scheduled via `scheduler.runAfter`; use an internal function');
    expect(findings[0].detail).toContain('an internal builder');
    expect(findings[0].detail).toContain('`internal.emails.sendReceipt`');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#only-schedule-and-ctxrun-internal-functions');
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].column).toBe(37);
    expect(findings[2].message).toBe('`ctx.runQuery` calls public `api.orders.list`; call an internal function instead');
  });

  it('leaves ctx.run* of a query that checks its caller (a client endpoint reused), but not its scheduling, nor such a mutation', () => {
    const findings = findingsOf(rule, {
      'convex/games.ts': `${SERVER_IMPORT}${API_IMPORT}
export const getById = query({
  args: { id: v.id("games") },
  handler: async (ctx, { id }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("signed out");
    const game = await ctx.db.get(id);
    return game?.owner === identity.subject ? game : null;
  },
});
export const rename = mutation({
  args: { id: v.id("games"), name: v.string() },
  handler: async (ctx, { id, name }) => {
    if (!(await ctx.auth.getUserIdentity())) throw new Error("signed out");
    await ctx.db.patch(id, { name });
  },
});
export const summarize = action({
  args: { id: v.id("games") },
  handler: async (ctx, { id }) => {
    const game = await ctx.runQuery(api.games.getById, { id });
    await ctx.scheduler.runAfter(0, api.games.getById, { id });
    await ctx.runMutation(api.games.rename, { id, name: "summarized" });
    return game;
  },
});
`,
    });
    // The run keeps the signed-in caller, whose ownership getById checks; the scheduled run has no
    // caller; the mutation can be called by clients without the action's own steps.
    expect(locations(findings)).toEqual(['convex/games.ts:24 warning', 'convex/games.ts:25 info']);
  });

  it('follows destructured ctx members, aliases, helpers typed MutationCtx and custom builders', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const userMutation = customMutation(mutation, customCtx(async () => ({})));
`,
      'convex/lib/jobs.ts': `import type { MutationCtx } from "../_generated/server";
import { api } from "../_generated/api";
export async function enqueueCleanup(ctx: MutationCtx) {
  await ctx.scheduler.runAfter(60_000, api.cleanup.run, {});
}
`,
      'convex/tasks.ts': `${SERVER_IMPORT}${API_IMPORT}
import { userMutation } from "./lib/builders";
export const a = mutation({
  args: {},
  handler: async ({ scheduler, runQuery }) => {
    await scheduler.runAfter(0, api.tasks.work, {});
    await runQuery(api.tasks.peek, {});
  },
});
export const b = userMutation({
  args: {},
  handler: async (ctx) => {
    const s = ctx.scheduler;
    await s.runAfter(0, api.tasks.work, {});
  },
});
`,
    });
    // `runQuery(api.tasks.peek)` in a mutation (line 9) is run-in-query-or-mutation's: calling the code as a helper fixes both.
    expect(locations(findings)).toEqual(['convex/lib/jobs.ts:4 warning', 'convex/tasks.ts:8 warning', 'convex/tasks.ts:16 warning']);
  });

  it('reports each call site of a public function called from several places, and once more at its builder listing the callers', () => {
    const findings = findingsOf(rule, {
      'convex/emails.ts': `${SERVER_IMPORT}
export const sendReceipt = action({ args: { id: v.id("orders") }, handler: async () => {} });
export const peek = query({ args: {}, handler: async () => 1 });
`,
      'convex/orders.ts': `${SERVER_IMPORT}${API_IMPORT}
export const place = mutation({
  args: { id: v.id("orders") },
  handler: async (ctx, { id }) => {
    await ctx.scheduler.runAfter(0, api.emails.sendReceipt, { id });
    await ctx.scheduler.runAfter(5000, api.emails.sendReceipt, { id });
  },
});
export const sync = action({
  args: { id: v.id("orders") },
  handler: async (ctx, { id }) => {
    await ctx.runAction(api.emails.sendReceipt, { id });
    await ctx.runQuery(api.emails.peek, {});
  },
});
`,
    });
    // sendReceipt: three call sites, each reported with its own call's severity, plus one finding at
    // its builder (warning: the most serious use). peek: one call site, reported there only.
    expect(locations(findings)).toEqual([
      'convex/emails.ts:4 warning',
      'convex/orders.ts:7 warning',
      'convex/orders.ts:8 warning',
      'convex/orders.ts:14 info',
      'convex/orders.ts:15 info',
    ]);
    const [definition, scheduled, scheduledLater, run, peek] = findings;
    expect(definition.message).toBe(
      'Public `api.emails.sendReceipt` is scheduled and called with `ctx.run*` by the server (3 places); register it with `internalAction`',
    );
    expect(definition.detail).toContain(
      'Called from:\n- `convex/orders.ts:7` via `scheduler.runAfter`\n- `convex/orders.ts:8` via `scheduler.runAfter`\n- `convex/orders.ts:14` via `ctx.runAction`',
    );
    expect(definition.detail).toContain('`internal.emails.sendReceipt`');
    expect(scheduled.message).toBe('Public `api.emails.sendReceipt` is scheduled via `scheduler.runAfter`; use an internal function');
    expect(scheduledLater.message).toBe(scheduled.message);
    expect(run.message).toBe('`ctx.runAction` calls public `api.emails.sendReceipt`; call an internal function instead');
    for (const callSite of [scheduled, scheduledLater, run]) {
      expect(callSite.column).toBeGreaterThan(1);
      expect(callSite.detail).toContain('Register the target (defined at `convex/emails.ts:4`) with `internalAction`');
      expect(callSite.detail).toContain('The server also calls it from 2 other places: switch those references too; the finding at the definition lists them all.');
    }
    expect(peek.message).toBe('`ctx.runQuery` calls public `api.emails.peek`; call an internal function instead');
    expect(peek.detail).toContain('Register the target (defined at `convex/emails.ts:5`) with `internalQuery`');
    expect(peek.detail).not.toContain('other place');
  });

  it('says "1 other place" for a target with two callers, and reports a single caller only where it is called', () => {
    const findings = findingsOf(rule, {
      'convex/jobs.ts': `${SERVER_IMPORT}${API_IMPORT}
export const sweep = mutation({ args: {}, handler: async () => {} });
export const once = mutation({ args: {}, handler: async () => {} });
export const plan = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, api.jobs.sweep, {});
    await ctx.scheduler.runAt(0, api.jobs.once, {});
  },
});
`,
      'convex/crons.ts': `import { cronJobs } from "convex/server";
${API_IMPORT}
const crons = cronJobs();
crons.hourly("sweep", { minuteUTC: 0 }, api.jobs.sweep);
export default crons;
`,
    });
    expect(locations(findings)).toEqual([
      'convex/crons.ts:4 warning',
      'convex/jobs.ts:4 warning',
      'convex/jobs.ts:9 warning',
      'convex/jobs.ts:10 warning',
    ]);
    const [cron, definition, scheduled, once] = findings;
    expect(cron.message).toBe('Public `api.jobs.sweep` runs from a cron via `crons.hourly`; use an internal function');
    expect(cron.detail).toContain('(defined at `convex/jobs.ts:4`)');
    expect(cron.detail).toContain('The server also calls it from 1 other place: switch that reference too; the finding at the definition lists them all.');
    expect(scheduled.detail).toContain('The server also calls it from 1 other place: switch that reference too; the finding at the definition lists them all.');
    expect(definition.message).toBe(
      'Public `api.jobs.sweep` is scheduled and run from a cron by the server (2 places); register it with `internalMutation`',
    );
    expect(once.detail).toContain('(defined at `convex/jobs.ts:5`)');
    expect(once.detail).not.toContain('other place');
  });

  it('gives a definition called only with ctx.run* the info severity, like its call sites', () => {
    const findings = findingsOf(rule, {
      'convex/stats.ts': `${SERVER_IMPORT}${API_IMPORT}
export const total = query({ args: {}, handler: async () => 0 });
export const a = action({ args: {}, handler: async (ctx) => ctx.runQuery(api.stats.total, {}) });
export const b = action({ args: {}, handler: async (ctx) => ctx.runQuery(api.stats.total, {}) });
`,
    });
    expect(locations(findings)).toEqual(['convex/stats.ts:4 info', 'convex/stats.ts:5 info', 'convex/stats.ts:6 info']);
    expect(findings[0].message).toBe('Public `api.stats.total` is called with `ctx.run*` by the server (2 places); register it with `internalQuery`');
  });

  it('neither reports nor lists a caller left to run-in-query-or-mutation', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}${API_IMPORT}
export const list = query({ args: {}, handler: async () => [] });
export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
export const later = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, api.notes.list, {});
  },
});
export const fromAction = action({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
`,
    });
    // Line 7 (ctx.runQuery in a query) belongs to run-in-query-or-mutation: two callers remain.
    expect(locations(findings)).toEqual(['convex/notes.ts:4 warning', 'convex/notes.ts:12 warning', 'convex/notes.ts:17 info']);
    expect(findings[0].message).toContain('(2 places)');
    expect(findings[0].detail).toContain('Called from:\n- `convex/notes.ts:12` via `scheduler.runAfter`\n- `convex/notes.ts:17` via `ctx.runQuery`');
    expect(findings[0].detail).not.toContain('notes.ts:7');
    expect(findings[1].detail).toContain('The server also calls it from 1 other place: switch that reference too; the finding at the definition lists them all.');
  });

  it('leaves a ctx.run* in a query or mutation to run-in-query-or-mutation, and keeps the one in an action', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}${API_IMPORT}
export const list = query({ args: {}, handler: async () => [] });
export const count = query({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
export const countLater = action({
  args: {},
  handler: async (ctx) => (await ctx.runQuery(api.notes.list, {})).length,
});
`,
    });
    // Line 7 (in a query) is left to run-in-query-or-mutation; line 11 (in an action) is the one call left.
    expect(locations(findings)).toEqual(['convex/notes.ts:11 info']);
    expect(findings[0].detail).toContain('(defined at `convex/notes.ts:4`)');
  });

  it('follows one const alias of the reference, and conditional references', () => {
    const findings = findingsOf(rule, {
      'convex/alias.ts': `${SERVER_IMPORT}${API_IMPORT}
const target = api.jobs.process;
export const a = mutation({
  args: { fast: v.boolean() },
  handler: async (ctx, args) => {
    const ref = api.jobs.retry;
    await ctx.scheduler.runAfter(0, ref, {});
    await ctx.scheduler.runAfter(0, target, {});
    await ctx.scheduler.runAfter(0, args.fast ? api.jobs.quick : internal.jobs.slow, {});
  },
});
`,
    });
    // Reported at the references themselves (lines 4, 8 and 11), not at the calls.
    expect(locations(findings)).toEqual(['convex/alias.ts:4 warning', 'convex/alias.ts:8 warning', 'convex/alias.ts:11 warning']);
  });

  it('flags cron registrations on a cronJobs() object', () => {
    const findings = findingsOf(rule, {
      'convex/crons.ts': `import { cronJobs } from "convex/server";
${API_IMPORT}
const crons = cronJobs();
crons.interval("sweep", { minutes: 5 }, api.maintenance.sweep, {});
crons.cron("nightly", "0 3 * * *", api.maintenance.nightly);
crons.daily("digest", { hourUTC: 8, minuteUTC: 30 }, api.emails.digest);
crons.hourly("ok", { minuteUTC: 7 }, internal.maintenance.ok);
export default crons;
`,
    });
    expect(locations(findings)).toEqual(['convex/crons.ts:4 warning', 'convex/crons.ts:5 warning', 'convex/crons.ts:6 warning']);
    expect(findings[0].message).toBe('Public `api.maintenance.sweep` runs from a cron via `crons.interval`; use an internal function');
  });

  it('finds cronJobs through an import alias and a namespace import', () => {
    const findings = findingsOf(rule, {
      'convex/crons.ts': `import { cronJobs as makeCrons } from "convex/server";
import * as server from "convex/server";
${API_IMPORT}
const jobs = makeCrons();
const more = server.cronJobs();
jobs.weekly("report", { dayOfWeek: "monday", hourUTC: 9, minuteUTC: 15 }, api.reports.weekly);
more.monthly("bill", { day: 1, hourUTC: 2, minuteUTC: 10 }, api.billing.run);
export default jobs;
`,
    });
    expect(locations(findings)).toEqual(['convex/crons.ts:6 warning', 'convex/crons.ts:7 warning']);
    expect(findings[0].message).toContain('via `jobs.weekly`');
  });

  it('flags workpool, workflow and retrier enqueues and workflow steps', () => {
    const findings = findingsOf(rule, {
      'convex/flows.ts': `${SERVER_IMPORT}${API_IMPORT}
import { Workpool } from "@convex-dev/workpool";
import { WorkflowManager } from "@convex-dev/workflow";
import { ActionRetrier } from "@convex-dev/action-retrier";
const pool = new Workpool(components.emailPool, { maxParallelism: 2 });
const workflow = new WorkflowManager(components.workflow);
const retrier = new ActionRetrier(components.actionRetrier);
export const signup = workflow.define({
  args: {},
  handler: async (s, args) => {
    await s.runMutation(api.users.create, {});
    await s.runAction(internal.users.welcome, {});
  },
});
export const go = mutation({
  args: {},
  handler: async (ctx) => {
    await pool.enqueueAction(ctx, api.emails.send, {});
    await workflow.start(ctx, api.flows.signup, {});
    await retrier.run(ctx, api.emails.send, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/flows.ts:13 warning',
      'convex/flows.ts:20 warning',
      'convex/flows.ts:21 warning',
      'convex/flows.ts:22 warning',
    ]);
    expect(findings[0].message).toContain('via `step.runMutation`');
    expect(findings[1].message).toContain('via `pool.enqueueAction`');
  });

  it('leaves internal refs, components refs and api refs used for anything else alone', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}${API_IMPORT}
import { Workpool } from "@convex-dev/workpool";
const pool = new Workpool(components.pool, {});
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.jobs.process, {});
    await ctx.runMutation(components.counter.lib.add, { n: 1 });
    await pool.enqueueAction(ctx, internal.jobs.process, {});
    await audit(ctx, api.jobs.process);
    return api.jobs.process;
  },
});
export const fnRefs = { process: api.jobs.process };
function audit(ctx: unknown, ref: unknown) {}
`,
    });
    expect(findings).toEqual([]);
  });

  it('ignores a scheduler or runQuery that is not derived from a Convex ctx, and wrong argument slots', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}${API_IMPORT}
import { scheduler } from "./lib/myScheduler";
const crons = { interval: (...a: unknown[]) => a };
export function plan(client: JobClient) {
  scheduler.runAfter(0, api.jobs.process);
  client.runQuery(api.jobs.process);
  crons.interval("x", {}, api.jobs.process);
}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, internal.jobs.process, { next: api.jobs.process });
  },
});
`,
      'convex/lib/myScheduler.ts': `export const scheduler = { runAfter: (..._a: unknown[]) => undefined };\n`,
    });
    expect(findings).toEqual([]);
  });

  it('respects shadowing of an aliased reference', () => {
    const findings = findingsOf(rule, {
      'convex/shadow.ts': `${SERVER_IMPORT}${API_IMPORT}
const ref = api.jobs.process;
export const list = query({ args: {}, handler: async () => ref });
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    const ref = internal.jobs.process;
    await ctx.scheduler.runAfter(0, ref, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('skips test files, which call public functions on purpose', () => {
    const findings = findingsOf(rule, {
      'convex/orders.test.ts': `import type { MutationCtx } from "./_generated/server";
${API_IMPORT}
export async function seed(ctx: MutationCtx) {
  await ctx.scheduler.runAfter(0, api.orders.expire, {});
}
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}${API_IMPORT}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line internal-ref-for-server-calls -- public on purpose, checks auth itself
    await ctx.scheduler.runAfter(0, api.jobs.process, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('skips component code, whose api functions only the installing app can call', () => {
    const findings = findingsOf(rule, {
      'src/component/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("jobs");\n`,
      'src/component/jobs.ts': `import { mutation, action } from "./_generated/server";
import { api } from "./_generated/api";
export const purgeSoon = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.scheduler.runAfter(0, api.jobs.purgeNow, {});
  },
});
export const purgeNow = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(api.jobs.pending, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });
});
