import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { sequentialRunInAction as rule } from './sequential-run-in-action.js';
import { unnecessaryRunAction } from './unnecessary-run-action.js';

const API_IMPORT = `import { internal } from "./_generated/api";`;

describe('sequential-run-in-action', () => {
  it('flags the second and later of back-to-back awaited runQuery/runMutation calls', () => {
    const findings = findingsOf(rule, {
      'convex/teams.ts': `${SERVER_IMPORT}${API_IMPORT}
export const transfer = action({
  args: { teamId: v.id("teams") },
  handler: async (ctx, { teamId }) => {
    const team = await ctx.runQuery(internal.teams.get, { teamId });
    const owner = await ctx.runQuery(internal.teams.owner, { teamId });
    await ctx.runMutation(internal.teams.setOwner, { teamId, owner: owner._id });
    return team;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/teams.ts:8 warning', 'convex/teams.ts:9 warning']);
    expect(findings[0].message).toBe(
      '`ctx.runQuery(internal.teams.owner)` right after `ctx.runQuery(internal.teams.get)`: two separate transactions',
    );
    expect(findings[1].message).toContain('`ctx.runMutation(internal.teams.setOwner)` right after');
    expect(findings[0].detail).toContain('Combine them into one internal query or mutation');
    expect(findings[0].docsUrl).toContain('#avoid-sequential-ctxrunmutation--ctxrunquery-calls-from-actions');
    expect(findings[0].fix).toBeUndefined();
  });

  it('covers assignments, returns, destructured run methods, aliases and ctx aliases', () => {
    const findings = findingsOf(rule, {
      'convex/forms.ts': `import { action as act, internalAction } from "./_generated/server";
${API_IMPORT}
export const a = act({
  args: {},
  handler: async ({ runQuery, runMutation }) => {
    let n = await runQuery(internal.x.count, {});
    n = await runQuery(internal.x.count, {});
    return await runMutation(internal.x.save, { n });
  },
});
export default internalAction({
  args: {},
  handler: async (ctx) => {
    const c = ctx;
    await c.runMutation(internal.x.one, {});
    const result = (await c.runMutation(internal.x.two, {})) as number;
    return result;
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/forms.ts:7 warning', 'convex/forms.ts:8 warning', 'convex/forms.ts:16 warning']);
  });

  it('reaches actions made by convex-helpers custom builders', () => {
    const findings = findingsOf(rule, {
      'convex/lib/builders.ts': `import { action } from "../_generated/server";
import { customAction, customCtx } from "convex-helpers/server/customFunctions";
export const authedAction = customAction(action, customCtx(async () => ({})));
`,
      'convex/ai.ts': `import { authedAction } from "./lib/builders";
${API_IMPORT}
export const summarize = authedAction({
  args: {},
  handler: async (ctx) => {
    const doc = await ctx.runQuery(internal.docs.latest, {});
    await ctx.runMutation(internal.docs.markSeen, { id: doc._id });
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/ai.ts:7 warning']);
  });

  it('stays silent when other work separates the calls', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}${API_IMPORT}
export const generate = action({
  args: { prompt: v.string() },
  handler: async (ctx, { prompt }) => {
    const settings = await ctx.runQuery(internal.settings.get, {});
    const response = await fetch(settings.url, { method: "POST", body: prompt });
    await ctx.runMutation(internal.results.save, { text: await response.text() });
    const again = await ctx.runQuery(internal.settings.get, {});
    console.log(again);
    if (again.enabled) {
      await ctx.runMutation(internal.results.notify, {});
    }
    await ctx.runMutation(internal.results.save, { text: await response.text() });
    await ctx.runAction(internal.email.send, {});
    await ctx.runAction(internal.email.send, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('pairs calls across if/switch joins, never calls in different branches', () => {
    const findings = findingsOf(rule, {
      'convex/joins.ts': `${SERVER_IMPORT}${API_IMPORT}
export const route = action({
  args: { kind: v.string() },
  handler: async (ctx, { kind }) => {
    if (kind === "a") {
      await ctx.runMutation(internal.x.a, {});
    } else {
      await ctx.runMutation(internal.x.b, {});
    }
    await ctx.runMutation(internal.x.after, {});
    switch (kind) {
      case "c":
        await ctx.runMutation(internal.x.c, {});
        break;
      case "d":
        await ctx.runMutation(internal.x.d, {});
        break;
      default:
        return;
    }
    await ctx.runQuery(internal.x.afterSwitch, {});
  },
});
export const guard = action({
  args: {},
  handler: async (ctx) => {
    const user = await ctx.runQuery(internal.users.me, {});
    if (!user) throw new Error("signed out");
    await ctx.runMutation(internal.users.touch, {});
  },
});
`,
    });
    // Lines 8 and 10 are in different branches: no pair. Line 12 follows either; each case follows
    // line 12; line 23 follows the cases that break (the default returns); line 31 follows the guard.
    expect(locations(findings)).toEqual([
      'convex/joins.ts:12 warning',
      'convex/joins.ts:15 warning',
      'convex/joins.ts:18 warning',
      'convex/joins.ts:23 warning',
      'convex/joins.ts:31 warning',
    ]);
    expect(findings[0].message).toBe(
      '`ctx.runMutation(internal.x.after)` right after `ctx.runMutation(internal.x.a)` or `ctx.runMutation(internal.x.b)`: two separate transactions',
    );
    expect(findings[3].message).toContain('right after `ctx.runMutation(internal.x.c)` or `ctx.runMutation(internal.x.d)`');
    expect(findings[4].message).toContain('`ctx.runMutation(internal.users.touch)` right after `ctx.runQuery(internal.users.me)`');
  });

  it('does not pair across a join when one path does other work first', () => {
    const findings = findingsOf(rule, {
      'convex/partial.ts': `${SERVER_IMPORT}${API_IMPORT}
export const maybe = action({
  args: { kind: v.string() },
  handler: async (ctx, { kind }) => {
    if (kind === "a") {
      await ctx.runMutation(internal.x.a, {});
    } else {
      await fetch("https://example.com");
    }
    await ctx.runMutation(internal.x.after, {});
    console.log(kind);
    switch (kind) {
      case "c":
        await ctx.runMutation(internal.x.c, {});
        break;
      case "d":
        console.log("d");
    }
    await ctx.runQuery(internal.x.afterSwitch, {});
    if (await ctx.runQuery(internal.x.flag, {})) {
      await ctx.runMutation(internal.x.e, {});
    }
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags a per-item loop over one page, not the pagination loop that passes a cursor and a batch', () => {
    const findings = findingsOf(rule, {
      'convex/pages.ts': `${SERVER_IMPORT}${API_IMPORT}
export const reindex = internalAction({
  args: {},
  handler: async (ctx) => {
    let cursor: string | null = null;
    while (true) {
      const results = await ctx.runQuery(internal.docs.page, { cursor });
      for (const doc of results.page) {
        await ctx.runMutation(internal.docs.reindexOne, { id: doc._id });
      }
      await ctx.runMutation(internal.docs.reindexMany, { ids: results.page.map((d) => d._id) });
      if (results.isDone) break;
      cursor = results.continueCursor;
    }
    const all = await ctx.runQuery(internal.docs.all, {});
    for (const page of all.pages) await ctx.runMutation(internal.docs.savePage, { page });
    for (let i = 0; i < all.ids.length; i += 100) {
      await ctx.runMutation(internal.docs.saveMany, { ids: all.ids.slice(i, i + 100) });
    }
    const batchSize = 50;
    for (let i = 0; i < all.ids.length; i += batchSize) {
      await ctx.runMutation(internal.docs.saveOne, { id: all.ids[i] });
    }
    for (const doc of all.docs) await ctx.runMutation(internal.docs.saveText, { text: doc.text.slice(0, 500) });
    for (const doc of all.docs.slice(0, 10)) await ctx.runMutation(internal.docs.saveText, { text: doc.text });
    const ids = [...all.ids];
    while (ids.length > 0) await ctx.runMutation(internal.docs.saveMany, { ids: ids.splice(0, 100) });
  },
});
`,
    });
    // Line 11: one item of the page per call. Line 13: the page as a batch, in the cursor loop. Lines 18
    // and 20: a page and a slice per call. Line 24: an element per call although the loop steps by a batch.
    // Line 26: a slice of one item's text, not of the list. Line 27: items of a slice, one per call.
    // Line 29: a slice of what the loop walks.
    expect(locations(findings)).toEqual([
      'convex/pages.ts:11 warning',
      'convex/pages.ts:24 warning',
      'convex/pages.ts:26 warning',
      'convex/pages.ts:27 warning',
    ]);
    expect(findings[0].message).toBe('`ctx.runMutation(internal.docs.reindexOne)` awaited in a loop: one transaction per iteration');
  });

  it('follows helpers handed the action ctx that only run queries and mutations', () => {
    const findings = findingsOf(rule, {
      'convex/model/items.ts': `import { internal } from "../_generated/api";
import type { ActionCtx } from "../_generated/server";
export async function saveItem(ctx: ActionCtx, item: string) {
  await ctx.runMutation(internal.items.save, { item });
}
export async function fetchAndSave(ctx: ActionCtx, item: string) {
  const response = await fetch(item);
  await ctx.runMutation(internal.items.save, { item: await response.text() });
}
export const saveAll = (ctx: ActionCtx, items: string[]) => ctx.runMutation(internal.items.saveMany, { items });
`,
      'convex/items.ts': `${SERVER_IMPORT}${API_IMPORT}
import { fetchAndSave, saveAll, saveItem } from "./model/items";
export const importItems = internalAction({
  args: { items: v.array(v.string()) },
  handler: async (ctx, { items }) => {
    for (const item of items) {
      await saveItem(ctx, item);
    }
    for (const item of items) await fetchAndSave(ctx, item);
    for (const batch of chunks(items, 100)) await saveAll(ctx, batch);
    for (const item of items) await format(item);
  },
});
`,
    });
    // fetchAndSave does a fetch per item (the side-effect exception); saveAll gets a batch; format is not a ctx helper.
    expect(locations(findings)).toEqual(['convex/items.ts:9 warning']);
    expect(findings[0].message).toBe('`saveItem(…)` awaited in a loop runs `ctx.runMutation(internal.items.save)`: one transaction per iteration');
  });

  it('leaves queries, mutations and non-ctx runQuery methods alone', () => {
    const findings = findingsOf(rule, {
      'convex/other.ts': `${SERVER_IMPORT}${API_IMPORT}
export const m = mutation({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(internal.a.b, {});
    await ctx.runMutation(internal.a.c, {});
  },
});
export const act = action({
  args: {},
  handler: async (ctx) => {
    const client = makeClient();
    await client.runQuery("a", {});
    await client.runQuery("b", {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags run* awaited in loops: warning per item, info for runAction, nothing for cursor/batch loops', () => {
    const findings = findingsOf(rule, {
      'convex/loops.ts': `${SERVER_IMPORT}${API_IMPORT}
export const importAll = internalAction({
  args: { members: v.array(v.string()) },
  handler: async (ctx, { members }) => {
    for (const member of members) {
      await ctx.runMutation(internal.teams.insertUser, { member });
    }
    let cursor: string | null = null;
    let isDone = false;
    while (!isDone) {
      const page = await ctx.runQuery(internal.docs.page, { cursor });
      await ctx.runMutation(internal.docs.fix, { ids: page.ids });
      ({ continueCursor: cursor, isDone } = page);
    }
    for (const batch of chunks(members, 100)) await ctx.runMutation(internal.teams.insertMany, { batch });
    for (const url of members) await ctx.runAction(internal.scrape.one, { url });
    let i = 0;
    do {
      await ctx.runMutation(internal.counter.bump, {});
    } while (++i < 3);
  },
});
`,
    });
    // The cursor loop (13-14) and the batch loop (17) run one transaction per page by design.
    expect(locations(findings)).toEqual(['convex/loops.ts:8 warning', 'convex/loops.ts:18 info', 'convex/loops.ts:21 warning']);
    expect(findings[0].message).toBe('`ctx.runMutation(internal.teams.insertUser)` awaited in a loop: one transaction per iteration');
    expect(findings[1].message).toContain('one action call per iteration');
  });

  it('leaves runAction loops alone when the called action is found: other runtime by design, same runtime to unnecessary-run-action', () => {
    const files = {
      'convex/media.ts': `"use node";
${SERVER_IMPORT}
export const fetchOne = internalAction({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => url.length,
});
export const resizeOne = internalAction({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => url.length,
});
`,
      'convex/inbox.ts': `${SERVER_IMPORT}${API_IMPORT}
export const sameRuntime = internalAction({
  args: { url: v.string() },
  handler: async (_ctx, { url }) => url.length,
});
export const saveAttachments = internalAction({
  args: { urls: v.array(v.string()) },
  handler: async (ctx, { urls }) => {
    for (const url of urls) await ctx.runAction(internal.media.fetchOne, { url });
    for (const url of urls) await ctx.runAction(internal.inbox.sameRuntime, { url });
  },
});
`,
      'convex/thumbs.ts': `"use node";
${SERVER_IMPORT}${API_IMPORT}
export const makeThumbs = internalAction({
  args: { urls: v.array(v.string()) },
  handler: async (ctx, { urls }) => {
    for (const url of urls) await ctx.runAction(internal.media.resizeOne, { url });
  },
});
`,
    };
    expect(findingsOf(rule, files)).toEqual([]);
    // The default-to-default call (line 12) and the node-to-node one are unnecessary-run-action's, once each.
    expect(locations(findingsOf(unnecessaryRunAction, files))).toEqual(['convex/inbox.ts:12 warning', 'convex/thumbs.ts:8 warning']);
  });

  it('keeps the info for a runAction loop whose target is not found, where unnecessary-run-action is silent', () => {
    const files = {
      'convex/scrape.ts': `${SERVER_IMPORT}${API_IMPORT}
export const all = internalAction({
  args: { urls: v.array(v.string()) },
  handler: async (ctx, { urls }) => {
    for (const url of urls) await ctx.runAction(internal.elsewhere.one, { url });
  },
});
`,
    };
    expect(locations(findingsOf(rule, files))).toEqual(['convex/scrape.ts:7 info']);
    expect(findingsOf(unnecessaryRunAction, files)).toEqual([]);
  });

  it('treats repeat-until-done loops as batch loops, which it leaves alone', () => {
    const findings = findingsOf(rule, {
      'convex/clear.ts': `${SERVER_IMPORT}${API_IMPORT}
export const clearAll = internalAction({
  args: { tables: v.array(v.string()) },
  handler: async (ctx, { tables }) => {
    for (const table of tables) {
      let cleared = false;
      while (!cleared) {
        cleared = await ctx.runMutation(internal.dev.deleteSome, { table });
      }
    }
    while (true) {
      const deleted = await ctx.runMutation(internal.dev.deleteOld, {});
      if (deleted === 0) break;
    }
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('reads batch words in a loop header only, and ignores constant cursor keys', () => {
    const findings = findingsOf(rule, {
      'convex/rag.ts': `${SERVER_IMPORT}${API_IMPORT}
export const search = action({
  args: { ids: v.array(v.string()) },
  handler: async (ctx, { ids }) => {
    for (const id of ids) {
      const chunk = await ctx.runQuery(internal.chunks.get, { id, paginationOpts: { cursor: null, numItems: 1 } });
      console.log(chunk);
    }
    for (const chunk of ids) await ctx.runMutation(internal.chunks.save, { chunk });
    const batchSize = 100;
    for (let i = 0; i < ids.length; i += batchSize) {
      await ctx.runMutation(internal.chunks.store, { ids: ids.slice(i, i + batchSize) });
    }
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/rag.ts:8 warning', 'convex/rag.ts:11 warning']);
  });

  it('stays silent on polling loops and loops that do other awaited work per item', () => {
    const findings = findingsOf(rule, {
      'convex/poll.ts': `${SERVER_IMPORT}${API_IMPORT}
export const waitForRun = internalAction({
  args: { urls: v.array(v.string()) },
  handler: async (ctx, { urls }) => {
    let status = "pending";
    const started = Date.now();
    while (status !== "done" && Date.now() - started < 60_000) {
      status = await ctx.runQuery(internal.runs.status, {});
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    for (const url of urls) {
      const response = await fetch(url);
      await ctx.runMutation(internal.pages.save, { url, body: await response.text() });
    }
    for await (const line of readLines()) {
      await ctx.runMutation(internal.lines.add, { line });
    }
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('still flags back-to-back calls inside a loop that is not itself reported', () => {
    const findings = findingsOf(rule, {
      'convex/sync.ts': `${SERVER_IMPORT}${API_IMPORT}
export const sync = internalAction({
  args: { ids: v.array(v.string()) },
  handler: async (ctx, { ids }) => {
    for (const id of ids) {
      const remote = await fetch(id);
      await ctx.runMutation(internal.sync.status, { id, status: remote.status });
      await ctx.runMutation(internal.sync.log, { id });
    }
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/sync.ts:10 warning']);
  });

  it('names only plain function references in messages', () => {
    const findings = findingsOf(rule, {
      'convex/casts.ts': `${SERVER_IMPORT}${API_IMPORT}
const refs = { a: internal.x.a };
export const a = action({
  args: {},
  handler: async (ctx) => {
    await ctx.runQuery(internal.x.first as any, {});
    await ctx.runQuery(refs["a"], {});
  },
});
`,
    });
    expect(findings.map((f) => f.message)).toEqual(['`ctx.runQuery(…)` right after `ctx.runQuery(internal.x.first)`: two separate transactions']);
  });

  it('does not count callbacks or a one-time for-of expression as per-iteration calls', () => {
    const findings = findingsOf(rule, {
      'convex/parallel.ts': `${SERVER_IMPORT}${API_IMPORT}
export const fanOut = action({
  args: {},
  handler: async (ctx) => {
    for (const id of await ctx.runQuery(internal.docs.ids, {})) {
      console.log(id);
    }
    const ids: string[] = [];
    await Promise.all(ids.map(async (id) => await ctx.runMutation(internal.docs.touch, { id })));
    for (const id of ids) {
      tasks.push(async () => {
        await ctx.runMutation(internal.docs.touch, { id });
      });
    }
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/s.ts': `${SERVER_IMPORT}${API_IMPORT}
export const migrate = internalAction({
  args: {},
  handler: async (ctx) => {
    await ctx.runMutation(internal.m.step1, {});
    // convex-review-disable-next-line sequential-run-in-action -- each step must commit on its own
    await ctx.runMutation(internal.m.step2, {});
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('leaves a paged copy loop alone, including the read-then-write pair in each page', () => {
    const findings = findingsOf(rule, {
      'convex/copy.ts': `${SERVER_IMPORT}${API_IMPORT}
export const copyBoard = action({
  args: { from: v.id("boards"), to: v.id("boards") },
  handler: async (ctx, args) => {
    let cursor: string | null = null;
    for (;;) {
      const page = await ctx.runQuery(internal.boards.cardsPage, { board: args.from, cursor });
      const result = await ctx.runMutation(internal.boards.pasteCards, { board: args.to, cards: page.cards });
      if (result.done) break;
      cursor = page.next;
    }
  },
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('skips convex-test files, which call functions one by one on purpose', () => {
    const findings = findingsOf(rule, {
      'convex/board.test.ts': `${SERVER_IMPORT}${API_IMPORT}
export const driveCards = action({
  args: { ids: v.array(v.string()) },
  handler: async (ctx, { ids }) => {
    for (const id of ids) await ctx.runMutation(internal.boards.flip, { id });
  },
});
`,
    });
    expect(findings).toEqual([]);
  });
});
