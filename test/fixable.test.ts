/**
 * Every fix `--fix` writes: for each rule marked `fixable`, a case where the fixed file parses and
 * the rule no longer fires there; and the catalogue's side — a rule marked fixable has such a
 * case, and a rule not marked never emits a fix (not in its source, not on the bundled example).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { analyzeFiles } from '../src/convex/analyze.js';
import { parseSource } from '../src/convex/model/source-file.js';
import { RULES } from '../src/convex/rules/index.js';
import type { Rule } from '../src/convex/engine/rule.js';
import { fixUntilStable } from '../src/fix/passes.js';
import { SERVER_IMPORT } from './support/convex.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CONVEX_1_31 = JSON.stringify({ dependencies: { convex: '^1.31.0' } });

interface FixCase {
  ruleId: string;
  files: Record<string, string>;
  /** The file the fixes land in, and what it must read after them. */
  path: string;
  fixedLines: string[];
}

const FIX_CASES: FixCase[] = [
  {
    ruleId: 'direct-function-ref',
    files: {
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
    },
    path: 'convex/users.ts',
    fixedLines: ['    const existing = await ctx.runQuery(internal.users.byEmail, { email });'],
  },
  {
    ruleId: 'explicit-table-name',
    files: {
      'package.json': CONVEX_1_31,
      'convex/tasks.ts': `${SERVER_IMPORT}
export const done = mutation({
  args: { taskId: v.id("tasks") },
  handler: async (ctx, args) => {
    const task = await ctx.db.get(args.taskId);
    await ctx.db.patch(args.taskId, { done: !task?.done });
  },
});
`,
    },
    path: 'convex/tasks.ts',
    fixedLines: ['    const task = await ctx.db.get("tasks", args.taskId);', '    await ctx.db.patch("tasks", args.taskId, { done: !task?.done });'],
  },
  {
    ruleId: 'floating-convex-promise',
    files: {
      'convex/notes.ts': `${SERVER_IMPORT}import { internal } from "./_generated/api";
export const save = mutation({
  args: { id: v.id("notes"), body: v.string() },
  handler: async (ctx, { id, body }) => {
    ctx.db.patch("notes", id, { body });
    ctx.scheduler.runAfter(0, internal.notes.index, { id });
  },
});
`,
    },
    path: 'convex/notes.ts',
    fixedLines: ['    await ctx.db.patch("notes", id, { body });', '    await ctx.scheduler.runAfter(0, internal.notes.index, { id });'],
  },
  {
    ruleId: 'no-filter-on-db-query',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  messages: defineTable({ channel: v.string(), body: v.string() }).index("by_channel", ["channel"]),
});
`,
      'convex/messages.ts': `${SERVER_IMPORT}
export const list = query({
  args: { channel: v.string() },
  handler: async (ctx, args) => {
    return await ctx.db
      .query("messages")
      .filter((q) => q.eq(q.field("channel"), args.channel))
      .collect();
  },
});
`,
    },
    path: 'convex/messages.ts',
    fixedLines: ['      .withIndex("by_channel", (q) => q.eq("channel", args.channel))'],
  },
  {
    ruleId: 'no-old-function-syntax',
    files: {
      'convex/old.ts': `${SERVER_IMPORT}
export const count = query(async (ctx) => 1);
export const send = mutation(async (ctx, { body }: { body: string }) => body);
`,
    },
    path: 'convex/old.ts',
    fixedLines: ['export const count = query({ args: {}, handler: async (ctx) => 1 });', 'export const send = mutation({ handler: async (ctx, { body }: { body: string }) => body });'],
  },
  {
    ruleId: 'no-process-env',
    files: {
      'convex/_generated/server.d.ts': `export declare const action: ActionBuilder<DataModel, "public">;
type Env = {
  readonly OPENAI_API_KEY: string;
  readonly LOG_LEVEL?: "info" | "error" | undefined;
};
export declare const env: Env;
`,
      'convex/ai.ts': `import { action, env } from "./_generated/server";
export const ask = action({
  args: {},
  handler: async () => {
    const key = process.env.OPENAI_API_KEY!;
    const level = process.env["LOG_LEVEL"] ?? "info";
    return [key, level, env.OPENAI_API_KEY];
  },
});
`,
    },
    path: 'convex/ai.ts',
    fixedLines: ['    const key = env.OPENAI_API_KEY!;', '    const level = env.LOG_LEVEL ?? "info";'],
  },
  {
    ruleId: 'paginate-without-validator',
    files: {
      'convex/posts.ts': `${SERVER_IMPORT}
import { paginationOptsValidator } from "convex/server";
export const feed = query({
  args: { paginationOpts: v.object({ numItems: v.number(), cursor: v.union(v.string(), v.null()) }) },
  handler: async (ctx, args) => ctx.db.query("posts").order("desc").paginate(args.paginationOpts),
});
`,
    },
    path: 'convex/posts.ts',
    fixedLines: ['  args: { paginationOpts: paginationOptsValidator },'],
  },
];

const ruleOf = (id: string): Rule => RULES.find((r) => r.id === id)!;

/** Runs `rules` on `files`, applies the fixes pass after pass, and returns the fixed files and the last findings. */
async function fixWith(rules: readonly Rule[], files: Record<string, string>) {
  const analyse = async (map: ReadonlyMap<string, string>) => analyzeFiles(map, { rules }).findings;
  const map = new Map(Object.entries(files));
  return fixUntilStable({ files: map, first: await analyse(map), findingsOf: (findings) => findings, wanted: () => true, analyse });
}

describe('--fix on every fixable rule', () => {
  for (const c of FIX_CASES) {
    it(`${c.ruleId}: the fixed file parses and the rule no longer fires`, async () => {
      const rule = ruleOf(c.ruleId);
      const before = analyzeFiles(new Map(Object.entries(c.files)), { rules: [rule] }).findings;
      expect(before.filter((f) => f.fix).length, 'the case has fixes').toBeGreaterThan(0);

      const outcome = await fixWith([rule], c.files);
      const fixed = outcome.files.find((f) => f.path === c.path)?.after ?? '';
      expect(parseSource(c.path, fixed).parseErrors).toEqual([]);
      for (const line of c.fixedLines) expect(fixed.split('\n')).toContain(line);
      expect(outcome.result.filter((f) => f.ruleId === c.ruleId && f.path === c.path)).toEqual([]);
      expect(outcome.left).toEqual([]);
    });
  }

  it('applies the await fix and the table-name fix on one line both, neither undoing the other', async () => {
    const files = {
      'package.json': CONVEX_1_31,
      'convex/messages.ts': `${SERVER_IMPORT}
export const send = mutation({
  args: { channelId: v.id("channels") },
  handler: async (ctx, { channelId }) => {
    ctx.db.patch(channelId, { name: "active" });
  },
});
`,
    };
    const rules = [ruleOf('floating-convex-promise'), ruleOf('explicit-table-name')];
    const first = analyzeFiles(new Map(Object.entries(files)), { rules }).findings;
    // Both findings stay; the engine merges their edits into one fix (src/convex/engine/line-fixes.ts).
    expect(first.filter((f) => f.line === 7).map((f) => f.ruleId).sort()).toEqual(['explicit-table-name', 'floating-convex-promise']);
    expect(first.filter((f) => f.fix && f.line === 7).map((f) => f.fix?.replacement)).toEqual(['    await ctx.db.patch("channels", channelId, { name: "active" });']);

    const outcome = await fixWith(rules, files);
    expect(outcome.files[0].after.split('\n')[6]).toBe('    await ctx.db.patch("channels", channelId, { name: "active" });');
    expect(outcome.applied).toHaveLength(1);
    expect(outcome.passes).toBe(1);
    expect(outcome.result).toEqual([]);
    expect(outcome.left).toEqual([]);
  });
});

describe('the catalogue of fixes', () => {
  it('has a fix case for every rule marked fixable, and only for those', () => {
    const fixable = RULES.filter((r) => r.fixable).map((r) => r.id).sort();
    expect(FIX_CASES.map((c) => c.ruleId).sort()).toEqual(fixable);
  });

  it('gives a fix only in the source of a rule marked fixable', () => {
    for (const rule of RULES) {
      const source = readFileSync(join(ROOT, 'src/convex/rules', `${rule.id}.ts`), 'utf8');
      expect(buildsAFix(source), `${rule.id}: ${rule.fixable ? 'marked fixable but builds no fix' : 'builds a fix: mark it fixable: true'}`).toBe(rule.fixable === true);
    }
  });

  it('emits no fix from a rule not marked fixable on the bundled example and the fix cases', () => {
    const corpora = [...['examples/chat-app/base', 'examples/chat-app/head'].map(filesUnder), ...FIX_CASES.map((c) => new Map(Object.entries(c.files)))];
    const fixers = new Set(RULES.filter((r) => r.fixable).map((r) => r.id));
    const withFix = corpora.flatMap((files) => analyzeFiles(files).findings.filter((f) => f.fix));
    expect(withFix.length).toBeGreaterThan(0);
    expect(withFix.filter((f) => !fixers.has(f.ruleId)).map((f) => f.ruleId)).toEqual([]);
  });
});

/** Whether a rule's source puts a `fix` member in an object (its report's fix). */
function buildsAFix(source: string): boolean {
  const ast = ts.createSourceFile('rule.ts', source, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (node: ts.Node): void => {
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && node.name.getText(ast) === 'fix') found = true;
    else ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs)) {
      const child = join(abs, name);
      if (statSync(child).isDirectory()) walk(child);
      else files.set(relative(join(ROOT, dir), child), readFileSync(child, 'utf8'));
    }
  };
  walk(join(ROOT, dir));
  return files;
}
