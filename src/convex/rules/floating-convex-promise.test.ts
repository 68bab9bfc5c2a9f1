import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { floatingConvexPromise as rule } from './floating-convex-promise.js';

const API_IMPORT = `import { api, internal, components } from "./_generated/api";`;

describe('floating-convex-promise', () => {
  it('flags un-awaited db, scheduler, run* and storage calls, with an await fix in async functions', () => {
    const findings = findingsOf(rule, {
      'convex/notes.ts': `${SERVER_IMPORT}${API_IMPORT}
export const save = mutation({
  args: { id: v.id("notes"), body: v.string() },
  handler: async (ctx, { id, body }) => {
    ctx.db.patch("notes", id, { body });
    ctx.scheduler.runAfter(0, internal.notes.index, { id });
    ctx.db.query("notes").withIndex("by_id", (q) => q.eq("_id", id)).first();
    ctx.storage.delete(body as never);
  },
});
export const sync = action({
  args: {},
  handler: async (ctx) => {
    ctx.runMutation(internal.notes.touch, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/notes.ts:7 error',
      'convex/notes.ts:8 error',
      'convex/notes.ts:9 error',
      'convex/notes.ts:10 error',
      'convex/notes.ts:16 error',
    ]);
    expect(findings[0].message).toBe('`ctx.db.patch(…)` is not awaited');
    expect(findings[0].fix).toEqual({ line: 7, endLine: 7, replacement: '    await ctx.db.patch("notes", id, { body });' });
    expect(findings[2].message).toBe('`ctx.db.query(…).first()` is not awaited');
    expect(findings[4].fix?.replacement).toBe('    await ctx.runMutation(internal.notes.touch, {});');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#await-all-promises');
    expect(findings[0].detail).toContain('Add `await`.');
  });

  it('sees destructured ctx members, aliases, custom builders and helpers typed MutationCtx', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
export const userMutation = customMutation(mutation, customCtx(async () => ({})));
`,
      'convex/lib/log.ts': `import type { MutationCtx } from "../_generated/server";
export async function log(ctx: MutationCtx, msg: string) {
  ctx.db.insert("logs", { msg });
}
export function logSync({ db }: MutationCtx, msg: string) {
  db.insert("logs", { msg });
}
`,
      'convex/tasks.ts': `${SERVER_IMPORT}${API_IMPORT}
import { userMutation as um } from "./lib/builders";
export const a = mutation({
  args: {},
  handler: async ({ db, scheduler, runMutation }) => {
    db.insert("tasks", { done: false });
    scheduler.runAfter(0, internal.tasks.tick, {});
    runMutation(internal.tasks.tick, {});
  },
});
export default um({
  args: { id: v.id("tasks") },
  handler: async (ctx, args) => {
    const db = ctx.db;
    db.delete("tasks", args.id);
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/lib/log.ts:3 error',
      'convex/lib/log.ts:6 error',
      'convex/tasks.ts:8 error',
      'convex/tasks.ts:9 error',
      'convex/tasks.ts:10 error',
      'convex/tasks.ts:17 error',
    ]);
    expect(findings[0].fix?.replacement).toBe('  await ctx.db.insert("logs", { msg });');
    // Not async: no fix, and the detail says what to do instead.
    expect(findings[1].fix).toBeUndefined();
    expect(findings[1].detail).toContain('return the promise');
  });

  it('flags void, .then/.catch chains and un-awaited Promise.all', () => {
    const findings = findingsOf(rule, {
      'convex/forms.ts': `${SERVER_IMPORT}${API_IMPORT}
export const submit = mutation({
  args: { ids: v.array(v.id("forms")) },
  handler: async (ctx, { ids }) => {
    void ctx.scheduler.runAfter(0, internal.forms.process, {});
    ctx.db.get("forms", ids[0]).then((f) => console.log(f));
    ctx.runMutation(internal.forms.audit, {}).catch(() => {});
    Promise.all([ctx.db.delete("forms", ids[0]), ctx.db.delete("forms", ids[1])]);
    Promise.all(ids.map((id) => ctx.db.delete("forms", id)));
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/forms.ts:7 error',
      'convex/forms.ts:8 error',
      'convex/forms.ts:9 error',
      'convex/forms.ts:10 error',
      'convex/forms.ts:11 error',
    ]);
    expect(findings[0].message).toBe('`ctx.scheduler.runAfter(…)` is discarded with `void`, not awaited');
    expect(findings[0].fix?.replacement).toBe('    await ctx.scheduler.runAfter(0, internal.forms.process, {});');
    expect(findings[1].message).toBe('The `.then`/`.catch` chain on `ctx.db.get(…)` is not awaited');
    expect(findings[1].fix?.replacement).toBe('    await ctx.db.get("forms", ids[0]).then((f) => console.log(f));');
    expect(findings[3].message).toBe('`Promise.all` over `ctx.db.delete(…)` is not awaited');
    expect(findings[4].fix?.replacement).toBe('    await Promise.all(ids.map((id) => ctx.db.delete("forms", id)));');
  });

  it('rewrites void(…) to await (…), and gives no fix for void in a sync function', () => {
    const findings = findingsOf(rule, {
      'convex/lib/kick.ts': `import type { MutationCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function kick(ctx: MutationCtx) {
  void(ctx.scheduler.runAfter(0, internal.jobs.run, {}));
}
export function kickSync(ctx: MutationCtx) {
  void ctx.scheduler.runAfter(0, internal.jobs.run, {});
}
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/kick.ts:4 error', 'convex/lib/kick.ts:7 error']);
    expect(findings[0].fix?.replacement).toBe('  await (ctx.scheduler.runAfter(0, internal.jobs.run, {}));');
    expect(findings[1].fix).toBeUndefined();
  });

  it('flags map and forEach over Convex calls without a fix', () => {
    const findings = findingsOf(rule, {
      'convex/batch.ts': `${SERVER_IMPORT}
export const seed = mutation({
  args: { names: v.array(v.string()) },
  handler: async (ctx, { names }) => {
    names.map(async (name) => {
      await ctx.db.insert("people", { name });
    });
    names.forEach((name) => ctx.db.insert("people", { name }));
    names.forEach(async (name) => {
      const existing = await ctx.db.query("people").first();
      if (!existing) await ctx.db.insert("people", { name });
    });
    names.map((name) => name.trim()).forEach((n) => console.log(n));
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/batch.ts:7 error', 'convex/batch.ts:10 error', 'convex/batch.ts:11 error']);
    expect(findings.every((f) => f.fix === undefined)).toBe(true);
    expect(findings[0].message).toBe('`map` creating `ctx.db.insert(…)` promises is not awaited');
    expect(findings[0].detail).toContain('await Promise.all(…)');
    expect(findings[1].message).toBe('`forEach` discards the promises of `ctx.db.insert(…)`');
    expect(findings[2].message).toBe('`forEach` discards the promises of `ctx.db.query(…).first()`');
  });

  it('flags component client calls on a client built from components.*', () => {
    const findings = findingsOf(rule, {
      'convex/lib/pool.ts': `import { Workpool } from "@convex-dev/workpool";
import { components } from "../_generated/api";
export const pool = new Workpool(components.emails, { maxParallelism: 3 });
`,
      'convex/shop.ts': `${SERVER_IMPORT}${API_IMPORT}
import { TableAggregate } from "@convex-dev/aggregate";
import { pool } from "./lib/pool";
const byPrice = new TableAggregate(components.byPrice, { sortKey: (d: { price: number }) => d.price });
const notAComponent = new Map<string, number>();
export const buy = mutation({
  args: { id: v.id("items") },
  handler: async (ctx, { id }) => {
    const counter = new ShardedCounter(components.counter);
    const doc = await ctx.db.get("items", id);
    byPrice.insert(ctx, doc!);
    pool.enqueueAction(ctx, internal.emails.send, {});
    counter.add(ctx, "sold");
    notAComponent.set("x", 1);
    await byPrice.replace(ctx, doc!, doc!);
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/shop.ts:13 error', 'convex/shop.ts:14 error', 'convex/shop.ts:15 error']);
    expect(findings[0].message).toBe('`byPrice.insert(…)` is not awaited');
  });

  it('flags a promise stored in a variable that is never used', () => {
    const findings = findingsOf(rule, {
      'convex/v.ts': `${SERVER_IMPORT}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    const pending = ctx.db.insert("t", {});
    const later = ctx.db.insert("t", {});
    const ids = [later];
    return ids.length;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/v.ts:7 error']);
    expect(findings[0].message).toBe('`ctx.db.insert(…)` is stored in `pending` and never awaited');
    expect(findings[0].fix).toBeUndefined();
  });

  it('accepts awaited, returned, passed, stored-and-used and Promise.all-awaited calls', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}${API_IMPORT}
export const a = mutation({
  args: { ids: v.array(v.id("t")) },
  handler: async (ctx, { ids }) => {
    await ctx.db.insert("t", {});
    const p = ctx.scheduler.runAfter(0, internal.t.x, {});
    await p;
    const q = ctx.db.get("t", ids[0]);
    track(q);
    track(ctx.db.get("t", ids[1]));
    await Promise.all(ids.map((id) => ctx.db.delete("t", id)));
    await Promise.all(ids.map(async (id) => { await ctx.db.patch("t", id, {}); }));
    const docs = await Promise.all([ctx.db.get("t", ids[0])]);
    for (const id of ids) await ctx.db.delete("t", id);
    const list = await ctx.db.query("t").collect();
    list.forEach((d) => console.log(d._id));
    return ctx.db.get("t", ids[0]);
  },
});
export const b = query({
  args: {},
  handler: (ctx) => ctx.db.query("t").collect(),
});
export const c = query({
  args: {},
  handler: (ctx) => Promise.all([ctx.db.query("t").first(), ctx.db.query("u").first()]),
});
function track(p: unknown) {}
`,
    });
    expect(findings).toEqual([]);
  });

  it('ignores a .db or scheduler that is not a Convex ctx member', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}
import { scheduler } from "./lib/queue";
const cache = { db: new Map<string, string>() };
export function warm(client: { db: { get(k: string): Promise<string> } }) {
  client.db.get("x");
  cache.db.delete("x");
  scheduler.runAfter(10, () => {});
}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    const storage = new Map();
    storage.delete("k");
    const db = { insert: (x: unknown) => x };
    db.insert(1);
  },
});
`,
      'convex/lib/queue.ts': `export const scheduler = { runAfter: (_n: number, _f: () => void) => undefined };\n`,
    });
    expect(findings).toEqual([]);
  });

  it('does not report a sync helper’s returned or conditional calls twice, and flags short-circuit statements without a fix', () => {
    const findings = findingsOf(rule, {
      'convex/cond.ts': `${SERVER_IMPORT}
export const a = mutation({
  args: { id: v.id("t"), on: v.boolean() },
  handler: async (ctx, { id, on }) => {
    on && ctx.db.patch("t", id, { on });
    on ? ctx.db.delete("t", id) : await ctx.db.patch("t", id, {});
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/cond.ts:7 error', 'convex/cond.ts:8 error']);
    expect(findings.every((f) => f.fix === undefined)).toBe(true);
  });

  it('flags Convex methods passed uncalled to forEach or map, not when the promises are awaited', () => {
    const findings = findingsOf(rule, {
      'convex/refs.ts': `${SERVER_IMPORT}${API_IMPORT}
export const clear = mutation({
  args: { ids: v.array(v.id("notes")) },
  handler: async (ctx, { ids }) => {
    ids.forEach(ctx.db.delete);
    ids.map(ctx.db.delete);
    ids.forEach(console.log);
    await Promise.all(ids.map(ctx.db.delete));
    const results = await Promise.all(ids.map(ctx.db.get));
    return results;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/refs.ts:7 error', 'convex/refs.ts:8 error']);
    expect(findings[0].message).toBe('`forEach` discards the promises of `ctx.db.delete`');
    expect(findings[1].message).toBe('`map` creating `ctx.db.delete` promises is not awaited');
    expect(findings.every((f) => f.fix === undefined)).toBe(true);
  });

  it('flags bare calls of project functions that await or return a Convex call, and forEach over them', () => {
    const findings = findingsOf(rule, {
      'convex/lib/audit.ts': `import type { MutationCtx } from "../_generated/server";
export async function audit(ctx: MutationCtx, msg: string) {
  await ctx.db.insert("audit", { msg });
}
export function touch(ctx: MutationCtx) {
  return ctx.db.insert("touches", {});
}
export async function compute(ctx: MutationCtx) {
  const rows = await ctx.db.query("audit").collect();
  return rows.length;
}
export async function shout(msg: string) {
  await fetch(msg);
}
`,
      'convex/tick.ts': `${SERVER_IMPORT}${API_IMPORT}
import { audit, compute, shout, touch } from "./lib/audit";
export const run = mutation({
  args: { msgs: v.array(v.string()) },
  handler: async (ctx, { msgs }) => {
    const tick = async () => {
      await ctx.scheduler.runAfter(0, internal.tick.run, { msgs });
    };
    async function later() {
      return ctx.scheduler.runAfter(1000, internal.tick.run, { msgs });
    }
    tick();
    later();
    audit(ctx, "ran");
    touch(ctx);
    msgs.forEach(async (m) => {
      await audit(ctx, m);
    });
    await tick();
    void audit(ctx, "voided");
    shout("hi");
    const format = (m: string) => m.trim();
    format("x");
    return audit(ctx, "returned");
  },
});
export const other = mutation({
  args: {},
  handler: async (ctx) => {
    const run = (cb: () => Promise<void>) => {
      cb();
    };
    run(async () => {});
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/tick.ts:14 error',
      'convex/tick.ts:15 error',
      'convex/tick.ts:16 error',
      'convex/tick.ts:17 error',
      'convex/tick.ts:18 error',
    ]);
    expect(findings[0].message).toBe('`tick()` is not awaited, and it awaits `ctx.scheduler.runAfter(…)`');
    expect(findings[0].fix).toEqual({ line: 14, endLine: 14, replacement: '    await tick();' });
    expect(findings[1].message).toBe('`later()` is not awaited, and it returns `ctx.scheduler.runAfter(…)`');
    expect(findings[2].message).toBe('`audit(…)` is not awaited, and it awaits `ctx.db.insert(…)`');
    expect(findings[3].message).toBe('`touch(…)` is not awaited, and it returns `ctx.db.insert(…)`');
    expect(findings[4].message).toBe('`forEach` discards the promises of `ctx.db.insert(…)`');
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}
export const a = mutation({
  args: {},
  handler: async (ctx) => {
    // convex-review-disable-next-line floating-convex-promise -- fire and forget is intended here
    ctx.db.insert("t", {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });
});
