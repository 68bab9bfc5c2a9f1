import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { admitsOnlyBelow, workflowNondeterminism as rule } from './workflow-nondeterminism.js';

const MANAGER = `import { WorkflowManager } from "@convex-dev/workflow";
import { components } from "./_generated/api";
export const workflow = new WorkflowManager(components.workflow);
`;

describe('workflow-nondeterminism', () => {
  it('flags fetch, timers, crypto and ctx-only members of the step in a workflow handler', () => {
    const findings = findingsOf(rule, {
      'convex/workflows.ts': MANAGER,
      'convex/onboarding.ts': `import { v } from "convex/values";
import { internal } from "./_generated/api";
import { workflow } from "./workflows";
export const onboard = workflow.define({
  args: { userId: v.id("users") },
  handler: async (step, args) => {
    const res = await fetch("https://crm.example.com/users/" + args.userId);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const token = crypto.randomUUID();
    const user = await step.db.get(args.userId);
    const startedAt = Date.now();
    const jitter = Math.random();
    await step.runMutation(internal.users.saveToken, { userId: args.userId, token, startedAt, jitter, user, ok: res.ok });
    await step.sleep(60_000);
    await step.runAction(internal.emails.welcome, { userId: args.userId });
  },
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/onboarding.ts:7 warning',
      'convex/onboarding.ts:8 warning',
      'convex/onboarding.ts:9 warning',
      'convex/onboarding.ts:10 warning',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      '`fetch()` in workflow `onboard`: workflow handlers cannot make HTTP requests',
      '`setTimeout()` in workflow `onboard`: timers are not available in workflow handlers',
      '`crypto.randomUUID` in workflow `onboard`: `crypto` is not available in workflow handlers',
      '`step.db` in workflow `onboard`: a workflow step is not a Convex ctx',
    ]);
    expect(findings[0].detail).toContain('step.runAction(internal.');
    expect(findings[1].detail).toContain('step.sleep(ms)');
    expect(findings[3].detail).toContain('step.runQuery(internal.');
    expect(findings[3].column).toBe(29);
    expect(findings[0].fix).toBeUndefined();
    expect(findings[0].docsUrl).toBe('https://www.convex.dev/components/workflow');
  });

  it('follows helpers the handler calls, and the step into helpers it is handed to', () => {
    const findings = findingsOf(rule, {
      'convex/workflows.ts': MANAGER,
      'convex/lib/helpers.ts': `export async function loadUser(ctx: any, id: string) {
  return ctx.db.get(id);
}
export async function ping(url: string) {
  await fetch(url);
}
export async function either(ctx: any) {
  return "db" in ctx ? ctx.db.query("users").take(1) : ctx.runQuery(null, {});
}
export async function unrelated(ctx: any) {
  return ctx.db.query("users").take(1);
}
`,
      'convex/flows.ts': `import { internalAction } from "./_generated/server";
import { workflow } from "./workflows";
import { either, loadUser, ping, unrelated } from "./lib/helpers";
export const sync = workflow.define({
  args: {},
  handler: async (step) => {
    await loadUser(step, "u1");
    await ping("https://status.example.com");
    await either(step);
  },
});
export const pingAction = internalAction({ args: {}, handler: async (ctx) => { await ping("x"); await unrelated(ctx); } });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/helpers.ts:2 warning', 'convex/lib/helpers.ts:5 warning']);
    expect(findings[0].message).toBe('`ctx.db` in `loadUser`, reached from workflow `flows:sync`: a workflow step is not a Convex ctx');
    expect(findings[1].message).toBe('`fetch()` in `ping`, reached from workflow `flows:sync`: workflow handlers cannot make HTTP requests');
  });

  it('flags Math.random() and the wall clock only when package.json pins a version that throws on them', () => {
    const flow = `import { workflow } from "./workflows";
export const tick = workflow.define({
  args: {},
  handler: async (step) => {
    const at = Date.now();
    const day = new Date().getDay();
    const fixed = new Date(0);
    const roll = Math.random();
    await step.runMutation(null as any, { at, day, fixed, roll });
  },
});
`;
    const files = (range: string) => ({
      'package.json': JSON.stringify({ dependencies: { convex: '^1.20.0', '@convex-dev/workflow': range } }),
      'convex/workflows.ts': MANAGER,
      'convex/tick.ts': flow,
    });
    const old = findingsOf(rule, files('0.2.6'));
    expect(locations(old)).toEqual(['convex/tick.ts:5 warning', 'convex/tick.ts:6 warning', 'convex/tick.ts:8 warning']);
    expect(old[0].message).toBe('`Date.now()` in workflow `tick`: @convex-dev/workflow before 0.2.7 throws on it');
    expect(old[2].message).toBe('`Math.random()` in workflow `tick`: @convex-dev/workflow before 0.2.8 throws on it');
    expect(locations(findingsOf(rule, files('0.2.7')))).toEqual(['convex/tick.ts:8 warning']);
    expect(findingsOf(rule, files('^0.2.6'))).toEqual([]);
    expect(findingsOf(rule, files('^0.3.0'))).toEqual([]);
    expect(findingsOf(rule, files('latest'))).toEqual([]);
  });

  it('reads version ranges conservatively', () => {
    expect(admitsOnlyBelow('0.2.6', [0, 2, 7])).toBe(true);
    expect(admitsOnlyBelow('=0.2.6', [0, 2, 7])).toBe(true);
    expect(admitsOnlyBelow('~0.1.9', [0, 2, 7])).toBe(true);
    expect(admitsOnlyBelow('^0.1.3', [0, 2, 7])).toBe(true);
    expect(admitsOnlyBelow('^0.2.6', [0, 2, 7])).toBe(false);
    expect(admitsOnlyBelow('~0.2.6', [0, 2, 7])).toBe(false);
    expect(admitsOnlyBelow('0.2.7', [0, 2, 7])).toBe(false);
    expect(admitsOnlyBelow('>=0.1.0', [0, 2, 7])).toBe(false);
    expect(admitsOnlyBelow('workspace:*', [0, 2, 7])).toBe(false);
  });

  it('sees import aliases, namespace imports, export default, method handlers, named handlers and destructured steps', () => {
    const findings = findingsOf(rule, {
      'convex/wf.ts': `import { WorkflowManager as Manager } from "@convex-dev/workflow";
import * as wfPkg from "@convex-dev/workflow";
import { components } from "./_generated/api";
export const a = new Manager(components.workflow);
export const b = new wfPkg.WorkflowManager(components.workflow, { workpoolOptions: { maxParallelism: 5 } });
`,
      'convex/more.ts': `import { a, b } from "./wf";
const definition = {
  args: {},
  async handler(step: any) {
    await fetch("https://a.example.com");
  },
};
async function named(ctx: any) {
  const { db } = ctx;
  return db;
}
export const viaMethod = a.define(definition);
export default b.define({ args: {}, handler: named });
export const destructured = a.define({ args: {}, handler: async ({ runQuery, scheduler }: any) => [runQuery, scheduler] });
export const chained = a
  .define({ args: {}, returns: null as any })
  .handler(async (step: any) => {
    const id = crypto.randomUUID();
    return step.runMutation(null as any, { id });
  });
`,
    });
    expect(locations(findings)).toEqual(['convex/more.ts:5 warning', 'convex/more.ts:9 warning', 'convex/more.ts:14 warning', 'convex/more.ts:18 warning']);
    expect(findings[3].message).toBe('`crypto.randomUUID` in workflow `chained`: `crypto` is not available in workflow handlers');
    expect(findings[1].message).toBe('`ctx.db` in workflow `more:default`: a workflow step is not a Convex ctx');
    expect(findings[2].message).toBe('`scheduler` from the step in workflow `destructured`: a workflow step is not a Convex ctx');
  });

  it('leaves other define() calls, step calls, shadowed names, actions and test files alone', () => {
    const findings = findingsOf(rule, {
      'convex/workflows.ts': MANAGER,
      'convex/quiet.ts': `import crypto from "crypto";
import { internalAction } from "./_generated/server";
import { WorkflowManager } from "./lib/myWorkflow";
import { workflow } from "./workflows";
const local = new WorkflowManager();
const registry = { define: (d: unknown) => d };
export const x = local.define({ handler: async (step: any) => { await fetch("a"); return step.db; } });
export const y = registry.define({ handler: async (step: any) => { await fetch("b"); return step.db; } });
export const z = workflow.define({
  args: {},
  handler: async (step, args: any) => {
    const hash = crypto.createHash("sha256");
    const results = await Promise.all([1, 2].map((step) => ({ db: (step as any).db })));
    const fetch = (n: number) => n;
    await step.runQuery(null as any, { n: fetch(1), db: args.db, hash, results });
    await step.runWorkflow(null as any, {});
    await step.awaitEvent({ name: "approved" });
    return step.workflowId;
  },
});
export const act = internalAction({ args: {}, handler: async () => { await fetch("c"); setTimeout(() => {}, 1); } });
function makeManager() {
  const inner = new (require("@convex-dev/workflow").WorkflowManager)();
  return inner.define({ handler: async () => fetch("d") });
}
export const made = makeManager();
`,
      'convex/lib/myWorkflow.ts': `export class WorkflowManager { define(d: unknown) { return d; } }\n`,
      'convex/flows.test.ts': `import { workflow } from "./workflows";
export const t = workflow.define({ args: {}, handler: async () => { await fetch("t"); } });
`,
    });
    expect(findings).toEqual([]);
  });
});
