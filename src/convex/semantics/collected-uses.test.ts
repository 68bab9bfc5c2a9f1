import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf, SERVER_IMPORT } from '../../../test/support/convex.js';
import { walk } from '../model/ast.js';
import type { ConvexProject } from './project.js';
import { collectedUses, type CollectedUse } from './collected-uses.js';

/** The uses of the one `.collect()` call in `path`, as `kind@file:line` (the file of the use). */
function usesOfCollectIn(project: ConvexProject, path: string): string[] {
  const file = project.files.find((f) => f.path === path)!;
  let collect: ts.CallExpression | undefined;
  walk(file.ast, (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'collect') collect = node;
  });
  return collectedUses(project, file, collect!).map((u) => describeUse(project, u));
}

function describeUse(project: ConvexProject, use: CollectedUse): string {
  const source = use.node.getSourceFile();
  const path = project.files.find((f) => f.ast === source)!.path;
  // A returned use names the file of the function returning it: the one the use is in.
  if (use.kind === 'returned') expect(use.file.path).toBe(path);
  return `${use.kind}@${path}:${source.getLineAndCharacterOfPosition(use.node.getStart(source)).line + 1}`;
}

/** The collect is in one helper; a second helper, in another file, hands its result on. */
const ROWS = `import type { QueryCtx } from "../_generated/server";
export async function rowsOf(ctx: QueryCtx) {
  return await ctx.db.query("messages").order("desc").collect();
}
`;
const WRAP = `import type { QueryCtx } from "../_generated/server";
import { rowsOf } from "./rows";
export async function recentOf(ctx: QueryCtx) {
  return rowsOf(ctx);
}
`;

describe('collectedUses through project helpers', () => {
  it('follows a helper in another file than the collect into its callers', () => {
    const project = projectOf({
      'convex/lib/rows.ts': ROWS,
      'convex/lib/wrap.ts': WRAP,
      'convex/messages.ts': `${SERVER_IMPORT}
import { recentOf } from "./lib/wrap";
export const latest = query({
  args: {},
  handler: async (ctx) => (await recentOf(ctx))[0],
});
export const all = query({
  args: {},
  handler: async (ctx) => {
    return await recentOf(ctx);
  },
});
`,
    });
    expect(usesOfCollectIn(project, 'convex/lib/rows.ts')).toEqual(['first@convex/messages.ts:7', 'returned@convex/messages.ts:12']);
  });

  it('gives the same answer whichever collect first asked about the helper', () => {
    // `recentOf` hands on rows.ts's range and returns a collect of its own: asked from rows.ts
    // first, its callers must not be remembered as seen from rows.ts for wrap.ts's collect.
    const project = projectOf({
      'convex/lib/rows.ts': ROWS,
      'convex/lib/wrap.ts': `import type { QueryCtx } from "../_generated/server";
import { rowsOf } from "./rows";
export async function recentOf(ctx: QueryCtx, drafts: boolean) {
  if (drafts) return await ctx.db.query("drafts").collect();
  return rowsOf(ctx);
}
`,
      'convex/messages.ts': `${SERVER_IMPORT}
import { recentOf } from "./lib/wrap";
export const latest = query({ args: {}, handler: async (ctx) => (await recentOf(ctx, true)).at(0) });
`,
    });
    expect(usesOfCollectIn(project, 'convex/lib/rows.ts')).toEqual(['first@convex/messages.ts:5']);
    expect(usesOfCollectIn(project, 'convex/lib/wrap.ts')).toEqual(['first@convex/messages.ts:5']);
  });

  it('stops at a helper whose name is used other than by a call: not every consumer can be seen', () => {
    const project = projectOf({
      'convex/lib/rows.ts': ROWS,
      'convex/lib/wrap.ts': `${WRAP}export const loaders = [recentOf];
`,
      'convex/messages.ts': `${SERVER_IMPORT}
import { recentOf } from "./lib/wrap";
export const latest = query({ args: {}, handler: async (ctx) => (await recentOf(ctx))[0] });
`,
    });
    expect(usesOfCollectIn(project, 'convex/lib/rows.ts')).toEqual(['returned@convex/lib/wrap.ts:4']);
  });
});

describe('collectedUses of a promise used before it is awaited', () => {
  it('is one use of kind other: `.collect().then(…)` hands the array to code it does not follow', () => {
    // Why collect-for-count needs no guard of its own for a chain that goes on past `.collect()`.
    const project = projectOf({
      'convex/items.ts': `${SERVER_IMPORT}
export const n = query({ args: {}, handler: async (ctx) => ctx.db.query("items").collect().then((r) => r.length) });
`,
    });
    expect(usesOfCollectIn(project, 'convex/items.ts')).toEqual(['other@convex/items.ts:4']);
  });
});
