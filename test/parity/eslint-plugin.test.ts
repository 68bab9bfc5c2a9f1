/**
 * Parity with the official `@convex-dev/eslint-plugin` (5.0): the same files through both tools.
 * Each case pins what the plugin reports (`path:line`, its rule on, no type information) and what
 * our rule reports (`path:line severity`), and says who is right and why. The plugin recognises
 * Convex functions and databases by name; we resolve what a call really is.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/convex/engine/rule.js';
import { explicitTableName } from '../../src/convex/rules/explicit-table-name.js';
import { importWrongRuntime } from '../../src/convex/rules/import-wrong-runtime.js';
import { noFilterOnDbQuery } from '../../src/convex/rules/no-filter-on-db-query.js';
import { noOldFunctionSyntax } from '../../src/convex/rules/no-old-function-syntax.js';
import { noProcessEnv } from '../../src/convex/rules/no-process-env.js';
import { publicFunctionAuthCheck } from '../../src/convex/rules/public-function-auth-check.js';
import { redundantIndex } from '../../src/convex/rules/redundant-index.js';
import { requireArgsValidator } from '../../src/convex/rules/require-args-validator.js';
import { schemaImportCycle } from '../../src/convex/rules/schema-import-cycle.js';
import { topOfHourCron } from '../../src/convex/rules/top-of-hour-cron.js';
import { unboundedCollect } from '../../src/convex/rules/unbounded-collect.js';
import { findingsOf, locations, type Files } from '../support/convex.js';
import { pluginLines, type PluginRuleId } from './harness.js';

/** Who reports what the case deserves: both tools, only ours, only the plugin, or neither. */
type Right = 'both' | 'ours' | 'plugin' | 'neither';

interface ParityCase {
  name: string;
  files: Files;
  /** The plugin's reports, `path:line`. */
  plugin: string[];
  /** Our reports, `path:line severity`. */
  ours: string[];
  right: Right;
  /** One line: why. */
  why: string;
}

function parity(pluginRule: PluginRuleId, ourRule: Rule, cases: ParityCase[]): void {
  describe(`@convex-dev/${pluginRule} ↔ ${ourRule.id}`, () => {
    for (const c of cases) {
      it(`${c.name} — right: ${c.right} (${c.why})`, () => {
        expect(pluginLines(pluginRule, c.files), 'plugin').toEqual(c.plugin);
        expect(locations(findingsOf(ourRule, c.files)), 'ours').toEqual(c.ours);
      });
    }
  });
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Shared snippets

/** A convex-helpers builder whose customCtx checks the caller. */
const AUTHED_BUILDERS = `import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx } from "convex-helpers/server/customFunctions";
async function signedIn(ctx: { auth: { getUserIdentity(): Promise<{ subject: string } | null> } }) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Not signed in");
  return { identity };
}
export const authedQuery = customQuery(query, customCtx(signedIn));
export const authedMutation = customMutation(mutation, customCtx(signedIn));
`;

/** A convex-helpers builder that only wraps the db for triggers: no auth in it. */
const TRIGGER_BUILDERS = `import { mutation } from "../_generated/server";
import { customMutation, customCtx } from "convex-helpers/server/customFunctions";
import { Triggers } from "convex-helpers/server/triggers";
const triggers = new Triggers();
export const mutationWithTriggers = customMutation(mutation, customCtx(triggers.wrapDB));
`;

const CONVEX_1_31 = JSON.stringify({ dependencies: { convex: '^1.31.0' } });
const CONVEX_1_25 = JSON.stringify({ dependencies: { convex: '^1.25.0' } });

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('no-old-registered-function-syntax', noOldFunctionSyntax, [
  {
    name: 'bare handlers on query and internalMutation',
    files: {
      'convex/messages.ts': `import { query, internalMutation } from "./_generated/server";
export const list = query(async (ctx) => {
  return await ctx.db.query("messages").take(10);
});
export const purge = internalMutation(async (ctx) => {});
`,
    },
    plugin: ['convex/messages.ts:2', 'convex/messages.ts:5'],
    ours: ['convex/messages.ts:2 warning', 'convex/messages.ts:5 warning'],
    right: 'both',
    why: 'the plain case: an exported registrar called with a function',
  },
  {
    name: 'an aliased import (`mutation as m`)',
    files: {
      'convex/messages.ts': `import { mutation as m } from "./_generated/server";
export const clear = m(async (ctx) => {});
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:2 warning'],
    right: 'ours',
    why: 'the plugin matches the callee name, and `m` is not in its list',
  },
  {
    name: 'a namespace import (`server.query`)',
    files: {
      'convex/counts.ts': `import * as server from "./_generated/server";
export const total = server.query(async (ctx) => 0);
`,
    },
    plugin: [],
    ours: ['convex/counts.ts:2 warning'],
    right: 'ours',
    why: 'a member-expression callee is never a registrar to the plugin',
  },
  {
    name: '`export default`',
    files: {
      'convex/ping.ts': `import { query } from "./_generated/server";
export default query(async (ctx) => "pong");
`,
    },
    plugin: [],
    ours: ['convex/ping.ts:2 warning'],
    right: 'ours',
    why: 'the plugin only looks at `export const` declarators; `ping:default` is deployed all the same',
  },
  {
    name: '`export { list as all }`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
const list = query(async (ctx) => []);
export { list as all };
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:2 warning'],
    right: 'ours',
    why: 'the declaration is not itself exported, so the plugin skips it',
  },
  {
    name: 'a convex-helpers custom builder called with a bare function',
    files: {
      'convex/lib/builders.ts': AUTHED_BUILDERS,
      'convex/profile.ts': `import { authedQuery } from "./lib/builders";
export const me = authedQuery(async (ctx) => ctx.identity.subject);
`,
    },
    plugin: [],
    ours: ['convex/profile.ts:2 warning'],
    right: 'ours',
    why: 'custom builders accept the bare-function form too; the plugin does not know `authedQuery` is one',
  },
  {
    name: 'a same-named `query` that is not Convex’s',
    files: {
      'convex/reports.ts': `import { query } from "./lib/sql";
export const rows = query(async (db) => db.select("events"));
`,
    },
    plugin: ['convex/reports.ts:2'],
    ours: [],
    right: 'ours',
    why: '`query` comes from ./lib/sql, not from _generated/server',
  },
  {
    name: 'httpAction, whose function form is its only form',
    files: {
      'convex/http.ts': `import { httpAction } from "./_generated/server";
export const hook = httpAction(async (ctx, request) => new Response("ok"));
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'httpAction takes a function; there is no object syntax to move to',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('require-args-validator', requireArgsValidator, [
  {
    name: 'public and internal functions without args',
    files: {
      'convex/messages.ts': `import { query, internalMutation } from "./_generated/server";
export const list = query({
  handler: async (ctx) => await ctx.db.query("messages").take(10),
});
export const purge = internalMutation({
  handler: async (ctx, { before }) => {},
});
`,
    },
    plugin: ['convex/messages.ts:2', 'convex/messages.ts:5'],
    ours: ['convex/messages.ts:2 warning', 'convex/messages.ts:5 info'],
    right: 'both',
    why: 'both flag both; ours keeps the internal one at info, since only our own code can call it, and the public one, which reads no arguments, at warning',
  },
  {
    name: 'args given as an identifier or a spread',
    files: {
      'convex/messages.ts': `import { query, mutation } from "./_generated/server";
import { v } from "convex/values";
const byId = { id: v.id("messages") };
export const get = query({ args: byId, handler: async (ctx, { id }) => await ctx.db.get(id) });
export const edit = mutation({ args: { ...byId, body: v.string() }, handler: async () => null });
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'any `args` expression is a validator',
  },
  {
    name: 'an aliased import (`query as q`)',
    files: {
      'convex/messages.ts': `import { query as q } from "./_generated/server";
export const list = q({ handler: async (ctx) => [] });
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:2 warning'],
    right: 'ours',
    why: 'a public query without validator, behind an alias the plugin cannot see through',
  },
  {
    name: 'a namespace import (`server.mutation`)',
    files: {
      'convex/messages.ts': `import * as server from "./_generated/server";
export const send = server.mutation({ handler: async (ctx, args: { body: string }) => args.body });
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:2 error'],
    right: 'ours',
    why: 'the client can pass anything as `body`; the plugin only matches bare identifiers',
  },
  {
    name: '`export default`',
    files: {
      'convex/ping.ts': `import { mutation } from "./_generated/server";
export default mutation({ handler: async (ctx) => null });
`,
    },
    plugin: [],
    ours: ['convex/ping.ts:2 warning'],
    right: 'ours',
    why: 'a default export is deployed as `ping:default`; the plugin only reads `export const`',
  },
  {
    name: '`export { list as all }`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
const list = query({ handler: async (ctx) => [] });
export { list as all };
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:2 warning'],
    right: 'ours',
    why: 'exported under another name, still public; the plugin skips non-exported declarators',
  },
  {
    name: 'a convex-helpers custom builder',
    files: {
      'convex/lib/builders.ts': AUTHED_BUILDERS,
      'convex/notes.ts': `import { authedMutation } from "./lib/builders";
export const add = authedMutation({
  handler: async (ctx, { body }: { body: string }) => await ctx.db.insert("notes", { body }),
});
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:2 error'],
    right: 'ours',
    why: 'the builder makes a public mutation; the plugin does not know `authedMutation`',
  },
  {
    name: 'a same-named `query` that is not Convex’s',
    files: {
      'convex/reports.ts': `import { query } from "./lib/sql";
export const rows = query({ handler: (db) => db.select("events") });
`,
    },
    plugin: ['convex/reports.ts:2'],
    ours: [],
    right: 'ours',
    why: '`query` comes from ./lib/sql, not from _generated/server',
  },
  {
    name: 'the old function syntax',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
export const count = query(async (ctx) => 0);
`,
    },
    plugin: ['convex/messages.ts:2'],
    ours: [],
    right: 'both',
    why: 'the validator is missing either way; ours reports it once, under no-old-function-syntax, whose fix adds `args: {}`',
  },
  {
    name: 'a registration that is never exported',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
const hidden = query({ handler: async () => 1 });
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'an unexported function is not deployed, so no client can call it; the finding that fits is unexported-convex-function',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('require-access-control', publicFunctionAuthCheck, [
  {
    name: 'a public mutation that never looks at the caller',
    files: {
      'convex/notes.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const remove = mutation({
  args: { id: v.id("notes") },
  handler: async (ctx, { id }) => await ctx.db.delete("notes", id),
});
`,
    },
    plugin: ['convex/notes.ts:3'],
    ours: ['convex/notes.ts:3 info'],
    right: 'both',
    why: 'anyone can delete any note',
  },
  {
    name: 'an inline `ctx.auth.getUserIdentity()` check with a throw',
    files: {
      'convex/notes.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const add = mutation({
  args: { body: v.string() },
  handler: async (ctx, { body }) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw new Error("Not signed in");
    return await ctx.db.insert("notes", { body, owner: identity.subject });
  },
});
`,
    },
    plugin: ['convex/notes.ts:3'],
    ours: [],
    right: 'ours',
    why: 'the documented way to check auth; `getUserIdentity` does not match the plugin’s name pattern',
  },
  {
    name: '"return null when signed out"',
    files: {
      'convex/notes.ts': `import { query } from "./_generated/server";
export const mine = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (identity === null) return null;
    return await ctx.db.query("notes").withIndex("by_owner", (q) => q.eq("owner", identity.subject)).take(50);
  },
});
`,
    },
    plugin: ['convex/notes.ts:2'],
    ours: [],
    right: 'ours',
    why: 'reading the identity and answering nothing to strangers is the access control',
  },
  {
    name: '`getAuthUserId(ctx)` from @convex-dev/auth',
    files: {
      'convex/profile.ts': `import { query } from "./_generated/server";
import { getAuthUserId } from "@convex-dev/auth/server";
export const me = query({
  args: {},
  handler: async (ctx) => {
    const userId = await getAuthUserId(ctx);
    return userId === null ? null : await ctx.db.get("users", userId);
  },
});
`,
    },
    plugin: ['convex/profile.ts:3'],
    ours: [],
    right: 'ours',
    why: 'Convex Auth’s own helper; the plugin’s default pattern does not know it',
  },
  {
    name: 'the check done in a project helper in another file',
    files: {
      'convex/lib/viewer.ts': `import type { QueryCtx } from "../_generated/server";
export async function loadViewer(ctx: QueryCtx) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Not signed in");
  return identity;
}
`,
      'convex/notes.ts': `import { query } from "./_generated/server";
import { loadViewer } from "./lib/viewer";
export const mine = query({
  args: {},
  handler: async (ctx) => {
    const viewer = await loadViewer(ctx);
    return await ctx.db.query("notes").withIndex("by_owner", (q) => q.eq("owner", viewer.subject)).take(50);
  },
});
`,
    },
    plugin: ['convex/notes.ts:3'],
    ours: [],
    right: 'ours',
    why: 'we follow `loadViewer` to its identity check; the plugin only reads helper names',
  },
  {
    name: 'a check inside `Promise.all`',
    files: {
      'convex/lib/access.ts': `import type { QueryCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
export async function requireMember(ctx: QueryCtx, boardId: Id<"boards">) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("Not signed in");
  return identity.subject;
}
`,
      'convex/boards.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
import { requireMember } from "./lib/access";
export const board = query({
  args: { boardId: v.id("boards") },
  handler: async (ctx, { boardId }) => {
    const [member, board] = await Promise.all([requireMember(ctx, boardId), ctx.db.get("boards", boardId)]);
    return { member, board };
  },
});
`,
    },
    plugin: ['convex/boards.ts:4'],
    ours: [],
    right: 'ours',
    why: 'the plugin only accepts a check that is a whole top-level statement',
  },
  {
    name: 'a custom builder that checks auth',
    files: {
      'convex/lib/builders.ts': AUTHED_BUILDERS,
      'convex/notes.ts': `import { authedQuery } from "./lib/builders";
export const mine = authedQuery({ args: {}, handler: async (ctx) => ctx.identity.subject });
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'the builder’s customCtx checks; the plugin is silent only because it cannot see builder-made functions at all',
  },
  {
    name: 'a custom builder that only adds triggers',
    files: {
      'convex/lib/builders.ts': TRIGGER_BUILDERS,
      'convex/notes.ts': `import { mutationWithTriggers } from "./lib/builders";
import { v } from "convex/values";
export const add = mutationWithTriggers({
  args: { body: v.string() },
  handler: async (ctx, { body }) => await ctx.db.insert("notes", { body }),
});
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:3 info'],
    right: 'ours',
    why: 'a public mutation with no check; the plugin does not see builder-made functions',
  },
  {
    name: 'a name that matches the plugin’s pattern but validates input, not the caller',
    files: {
      'convex/pages.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
function assertValidSlug(slug: string) {
  if (!/^[a-z-]+$/.test(slug)) throw new Error("Bad slug");
}
export const create = mutation({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    assertValidSlug(slug);
    return await ctx.db.insert("pages", { slug });
  },
});
`,
    },
    plugin: [],
    ours: ['convex/pages.ts:6 info'],
    right: 'ours',
    why: '`assert*` passes the plugin by name; we look at what it does (it never sees ctx)',
  },
  {
    name: 'an unguessable invite token as the credential',
    files: {
      'convex/invites.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const accept = mutation({
  args: { inviteToken: v.string() },
  handler: async (ctx, { inviteToken }) => {
    const invite = await ctx.db.query("invites").withIndex("by_token", (q) => q.eq("token", inviteToken)).unique();
    if (!invite) throw new Error("Invalid invite");
    await ctx.db.patch("invites", invite._id, { accepted: true });
  },
});
`,
    },
    plugin: ['convex/invites.ts:3'],
    ours: [],
    right: 'ours',
    why: 'only the invitee knows the token: that is the access control',
  },
  {
    name: 'an aliased import (`query as q`) with no check',
    files: {
      'convex/notes.ts': `import { query as q } from "./_generated/server";
export const all = q({ args: {}, handler: async (ctx) => await ctx.db.query("notes").take(100) });
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:2 info'],
    right: 'ours',
    why: 'a public query reading every user’s notes, behind an alias',
  },
  {
    name: 'a namespace import with no check',
    files: {
      'convex/notes.ts': `import * as server from "./_generated/server";
export const wipe = server.mutation({ args: {}, handler: async (ctx) => ctx.db.insert("notes", {}) });
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:2 info'],
    right: 'ours',
    why: 'the plugin only matches bare identifiers',
  },
  {
    name: '`export default` and `export { x as y }` with no check',
    files: {
      'convex/notes.ts': `import { query, mutation } from "./_generated/server";
const list = query({ args: {}, handler: async (ctx) => await ctx.db.query("notes").take(100) });
export { list as all };
export default mutation({ args: {}, handler: async (ctx) => ctx.db.insert("notes", {}) });
`,
    },
    plugin: ['convex/notes.ts:2', 'convex/notes.ts:4'],
    ours: ['convex/notes.ts:2 info', 'convex/notes.ts:4 info'],
    right: 'both',
    why: 'this rule of the plugin does track export lists and default exports',
  },
  {
    name: 'a handler defined as a named function',
    files: {
      'convex/notes.ts': `import { query, type QueryCtx } from "./_generated/server";
async function listNotes(ctx: QueryCtx) {
  return await ctx.db.query("notes").take(100);
}
export const list = query({ args: {}, handler: listNotes });
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:5 info'],
    right: 'ours',
    why: 'the plugin only reads inline handlers; we follow `listNotes` and find no check',
  },
  {
    name: 'a `can*` helper that never looks at the caller',
    files: {
      'convex/lib/permissions.ts': `import type { QueryCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
export async function canEditDoc(ctx: QueryCtx, id: Id<"docs">) {
  const doc = await ctx.db.get("docs", id);
  return doc !== null && !doc.locked;
}
`,
      'convex/docs.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
import { canEditDoc } from "./lib/permissions";
export const edit = mutation({
  args: { id: v.id("docs"), body: v.string() },
  handler: async (ctx, { id, body }) => {
    if (!(await canEditDoc(ctx, id))) throw new Error("Locked");
    await ctx.db.patch("docs", id, { body });
  },
});
`,
    },
    plugin: [],
    ours: ['convex/docs.ts:4 info'],
    right: 'ours',
    why: 'the plugin trusts the name; `canEditDoc` only checks a lock, so anyone can edit any unlocked doc',
  },
  {
    name: 'a `hasRole(ctx, …)` check from an authorization package',
    files: {
      'convex/admin.ts': `import { query } from "./_generated/server";
import { hasRole } from "@acme/authz";
export const stats = query({
  args: {},
  handler: async (ctx) => {
    if (!(await hasRole(ctx, "admin"))) throw new Error("Forbidden");
    return await ctx.db.query("stats").first();
  },
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'a package predicate handed ctx (has*/can*/is*) guarding the handler with a throw is an access check; a project helper of that name is followed instead',
  },
  {
    name: 'internal functions',
    files: {
      'convex/notes.ts': `import { internalQuery, internalMutation } from "./_generated/server";
export const all = internalQuery({ args: {}, handler: async (ctx) => await ctx.db.query("notes").take(100) });
export const wipe = internalMutation({ args: {}, handler: async (ctx) => null });
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'clients cannot call internal functions',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('explicit-table-ids', explicitTableName, [
  {
    name: '`ctx.db.get(id)` and `ctx.db.patch(id, value)` on convex 1.31',
    files: {
      'package.json': CONVEX_1_31,
      'convex/notes.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const rename = mutation({
  args: { id: v.id("notes"), title: v.string() },
  handler: async (ctx, args) => {
    const note = await ctx.db.get(args.id);
    if (!note) return;
    await ctx.db.patch(args.id, { title: args.title });
    await ctx.db.insert("history", { note: args.id });
    await ctx.db.delete("drafts", note.draft);
  },
});
`,
    },
    plugin: ['convex/notes.ts:6', 'convex/notes.ts:8'],
    ours: ['convex/notes.ts:6 warning', 'convex/notes.ts:8 warning'],
    right: 'both',
    why: 'the id-only forms; ours also fixes them from the `v.id("notes")` validator, which the plugin needs type information for',
  },
  {
    name: 'a destructured `{ db }`',
    files: {
      'package.json': CONVEX_1_31,
      'convex/notes.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const get = query({
  args: { id: v.id("notes") },
  handler: async ({ db }, { id }) => await db.get(id),
});
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:5 warning'],
    right: 'ours',
    why: 'without types the plugin only recognises `<something>.db.get`, not a bare `db`',
  },
  {
    name: 'an aliased `const db = ctx.db`',
    files: {
      'package.json': CONVEX_1_31,
      'convex/notes.ts': `import { mutation } from "./_generated/server";
import { v } from "convex/values";
export const archive = mutation({
  args: { id: v.id("notes") },
  handler: async (ctx, { id }) => {
    const db = ctx.db;
    await db.patch(id, { archived: true });
  },
});
`,
    },
    plugin: [],
    ours: ['convex/notes.ts:7 warning'],
    right: 'ours',
    why: 'the same db under another name',
  },
  {
    name: 'a helper typed `MutationCtx`',
    files: {
      'package.json': CONVEX_1_31,
      'convex/lib/notes.ts': `import type { MutationCtx } from "../_generated/server";
import type { Id } from "../_generated/dataModel";
export async function removeNote(ctx: MutationCtx, id: Id<"notes">) {
  await ctx.db.delete(id);
}
`,
    },
    plugin: ['convex/lib/notes.ts:4'],
    ours: ['convex/lib/notes.ts:4 warning'],
    right: 'both',
    why: 'a Convex db handed to a helper',
  },
  {
    name: '`.db.get` on an object that is not Convex',
    files: {
      'package.json': CONVEX_1_31,
      'convex/cache.ts': `import { action } from "./_generated/server";
import { v } from "convex/values";
import { openCache } from "./lib/cache";
export const warm = action({
  args: { key: v.string() },
  handler: async (ctx, { key }) => {
    const cache = openCache();
    return cache.db.get(key);
  },
});
`,
    },
    plugin: ['convex/cache.ts:8'],
    ours: [],
    right: 'ours',
    why: '`cache.db` is a key-value store, not `ctx.db`; adding a table name would break it',
  },
  {
    name: 'a project on convex 1.25',
    files: {
      'package.json': CONVEX_1_25,
      'convex/notes.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const get = query({
  args: { id: v.id("notes") },
  handler: async (ctx, { id }) => await ctx.db.get(id),
});
`,
    },
    plugin: ['convex/notes.ts:5'],
    ours: [],
    right: 'ours',
    why: '`db.get(table, id)` arrived in convex 1.31; the plugin’s advice would not compile here',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('no-filter-in-query', noFilterOnDbQuery, [
  {
    name: 'an unindexed `.filter` on `ctx.db.query`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const byAuthor = query({
  args: { author: v.string() },
  handler: async (ctx, { author }) =>
    await ctx.db.query("messages").filter((q) => q.eq(q.field("author"), author)).take(20),
});
`,
    },
    plugin: ['convex/messages.ts:6'],
    ours: ['convex/messages.ts:6 warning'],
    right: 'both',
    why: 'a full table scan',
  },
  {
    name: 'a `.filter` after `withIndex`, and one on a paginated query',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
import { paginationOptsValidator } from "convex/server";
export const unread = query({
  args: { channel: v.id("channels"), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { channel, paginationOpts }) => {
    const recent = await ctx.db
      .query("messages")
      .withIndex("by_channel", (q) => q.eq("channel", channel))
      .filter((q) => q.eq(q.field("read"), false))
      .take(20);
    const page = await ctx.db.query("messages").filter((q) => q.eq(q.field("read"), false)).paginate(paginationOpts);
    return { recent, page };
  },
});
`,
    },
    plugin: ['convex/messages.ts:10', 'convex/messages.ts:12'],
    ours: ['convex/messages.ts:10 info'],
    right: 'ours',
    why: 'the filter after the index is worth a look (info: the index bounds the read); on the paginated query, with no index to suggest, `.filter` is what Convex recommends over filtering each page in code',
  },
  {
    name: 'a `.filter` on the array a query returned',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const pinned = query({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) => {
    const recent = await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).take(50);
    const inOrder = (await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).take(5)).filter((m) => m.pinned);
    return [...recent.filter((m) => m.pinned), ...inOrder];
  },
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: '`Array.prototype.filter` after a terminal is plain TypeScript, the recommended alternative',
  },
  {
    name: 'convex-helpers `filter(query, predicate)`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { filter } from "convex-helpers/server/filter";
export const long = query({
  args: {},
  handler: async (ctx) => await filter(ctx.db.query("messages"), (m) => m.body.length > 200).take(10),
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'a TypeScript predicate over a streamed query, not the query’s `.filter`',
  },
  {
    name: 'a query stored in a variable',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const search = query({
  args: { author: v.string() },
  handler: async (ctx, { author }) => {
    const all = ctx.db.query("messages");
    return await all.filter((q) => q.eq(q.field("author"), author)).take(20);
  },
});
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:7 warning'],
    right: 'ours',
    why: 'the same full scan; without types the plugin only follows a chain written in one expression',
  },
  {
    name: 'a renamed db (`{ db: reader }`, `const store = ctx.db`)',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const a = query({
  args: { author: v.string() },
  handler: async ({ db: reader }, { author }) => await reader.query("messages").filter((q) => q.eq(q.field("author"), author)).first(),
});
export const b = query({
  args: { author: v.string() },
  handler: async (ctx, { author }) => {
    const store = ctx.db;
    return await store.query("messages").filter((q) => q.eq(q.field("author"), author)).first();
  },
});
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:5 warning', 'convex/messages.ts:11 warning'],
    right: 'ours',
    why: 'the plugin recognises a db by the name `db`',
  },
  {
    name: '`.db.query(…).filter` on a client that is not Convex',
    files: {
      'convex/analytics.ts': `import { action } from "./_generated/server";
import { connectWarehouse } from "./lib/warehouse";
export const recentSignups = action({
  args: {},
  handler: async () => {
    const warehouse = connectWarehouse();
    return await warehouse.db.query("signups").filter((row) => row.day === "today").run();
  },
});
`,
    },
    plugin: ['convex/analytics.ts:7'],
    ours: [],
    right: 'ours',
    why: 'an external warehouse client in an action; there is no Convex index to use',
  },
  {
    name: 'a system table',
    files: {
      'convex/jobs.ts': `import { query } from "./_generated/server";
export const pending = query({
  args: {},
  handler: async (ctx) =>
    await ctx.db.system.query("_scheduled_functions").filter((q) => q.eq(q.field("state.kind"), "pending")).take(20),
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'system tables take no custom indexes: `.filter` is the only way to query them by field',
  },
  {
    name: 'a query returned by a helper, then filtered',
    files: {
      'convex/todos.ts': `import { query, type QueryCtx } from "./_generated/server";
function todosOf(ctx: QueryCtx) {
  return ctx.db.query("todos");
}
export const open = query({
  args: {},
  handler: async (ctx) => await todosOf(ctx).filter((q) => q.eq(q.field("done"), false)).take(50),
});
`,
    },
    plugin: [],
    ours: [],
    right: 'neither',
    why: 'a full scan both miss: neither tool follows a query builder returned from a function',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('no-collect-in-query', unboundedCollect, [
  {
    name: 'an unindexed `.collect()`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
export const all = query({
  args: {},
  handler: async (ctx) => await ctx.db.query("messages").collect(),
});
`,
    },
    plugin: ['convex/messages.ts:4'],
    ours: ['convex/messages.ts:4 info'],
    right: 'both',
    why: 'reads the whole table, and fails once it passes the read limits',
  },
  {
    name: 'a `.collect()` bounded by a parent-id index',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { v } from "convex/values";
export const inChannel = query({
  args: { channel: v.id("channels") },
  handler: async (ctx, { channel }) =>
    await ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).collect(),
});
`,
    },
    plugin: ['convex/messages.ts:6'],
    ours: [],
    right: 'ours',
    why: 'one channel’s messages is a bounded per-parent list; the plugin’s warning is the false positive RULES.md measured (the opt-in unpaginated-list-endpoint notes it on request)',
  },
  {
    name: '`withIndex` with no range',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
export const newest = query({
  args: {},
  handler: async (ctx) => await ctx.db.query("messages").withIndex("by_creation_time").order("desc").collect(),
});
`,
    },
    plugin: ['convex/messages.ts:4'],
    ours: ['convex/messages.ts:4 info'],
    right: 'both',
    why: 'an index with no range still reads every document',
  },
  {
    name: 'bounded reads: `take`, `first`, `paginate`',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
import { paginationOptsValidator } from "convex/server";
export const list = query({
  args: { paginationOpts: paginationOptsValidator },
  handler: async (ctx, { paginationOpts }) => {
    const latest = await ctx.db.query("messages").order("desc").take(10);
    const first = await ctx.db.query("messages").first();
    const page = await ctx.db.query("messages").paginate(paginationOpts);
    return { latest, first, page };
  },
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'each read has a limit',
  },
  {
    name: 'a query stored in a variable, and a renamed db',
    files: {
      'convex/messages.ts': `import { query } from "./_generated/server";
export const everything = query({
  args: {},
  handler: async ({ db: reader }) => {
    const all = reader.query("messages");
    return await all.collect();
  },
});
`,
    },
    plugin: [],
    ours: ['convex/messages.ts:6 info'],
    right: 'ours',
    why: 'the same whole-table read; the plugin neither follows the variable nor knows `reader` is a db',
  },
  {
    name: '`.db.query(…).collect()` on a client that is not Convex',
    files: {
      'convex/analytics.ts': `import { action } from "./_generated/server";
import { connectWarehouse } from "./lib/warehouse";
export const exportAll = action({
  args: {},
  handler: async () => await connectWarehouse().db.query("signups").collect(),
});
`,
    },
    plugin: ['convex/analytics.ts:5'],
    ours: [],
    right: 'ours',
    why: 'an external client’s API, not a Convex query',
  },
  {
    name: 'an internal migration that reads a whole table on purpose',
    files: {
      'convex/migrations.ts': `import { internalMutation } from "./_generated/server";
export const backfillSlugs = internalMutation({
  args: {},
  handler: async (ctx) => {
    for (const page of await ctx.db.query("pages").collect()) {
      if (!page.slug) await ctx.db.patch("pages", page._id, { slug: page.title.toLowerCase() });
    }
  },
});
`,
    },
    plugin: ['convex/migrations.ts:5'],
    ours: ['convex/migrations.ts:5 info'],
    right: 'ours',
    why: 'a one-off backfill may read a small table whole; ours keeps it as advice, not a warning',
  },
  {
    name: 'a `.collect()` in a convex-test test file',
    files: {
      'convex/messages.test.ts': `import { convexTest } from "convex-test";
import { expect, test } from "vitest";
import schema from "./schema";
test("starts empty", async () => {
  const t = convexTest(schema);
  expect(await t.run(async (ctx) => ctx.db.query("messages").collect())).toEqual([]);
});
`,
    },
    plugin: ['convex/messages.test.ts:6'],
    ours: [],
    right: 'ours',
    why: 'a test reading a tiny in-memory table; test files are not deployed',
  },
  {
    name: 'a one-sided index range (`q.gt`)',
    files: {
      'convex/events.ts': `import { query } from "./_generated/server";
export const scored = query({
  args: {},
  handler: async (ctx) => await ctx.db.query("events").withIndex("by_score", (q) => q.gt("score", 0)).collect(),
});
`,
    },
    plugin: ['convex/events.ts:4'],
    ours: ['convex/events.ts:4 info'],
    right: 'both',
    why: '`score > 0` can match the whole table: only an equality or a window closed on both sides bounds the read',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

parity('no-duplicate-indexes', redundantIndex, [
  {
    name: 'an index that is a prefix of another',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  members: defineTable({ team: v.id("teams"), user: v.id("users") })
    .index("by_team", ["team"])
    .index("by_team_user", ["team", "user"]),
});
`,
    },
    plugin: ['convex/schema.ts:5'],
    ours: ['convex/schema.ts:5 warning'],
    right: 'both',
    why: '"by_team_user" answers every "by_team" query (bar the order within a team)',
  },
  {
    name: 'two indexes on the same fields, one written as `{ fields }`',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  posts: defineTable({ author: v.id("users") })
    .index("by_author", ["author"])
    .index("author", { fields: ["author"] }),
});
`,
    },
    plugin: ['convex/schema.ts:6'],
    ours: ['convex/schema.ts:6 warning'],
    right: 'both',
    why: 'identical indexes; the later one is pure cost',
  },
  {
    name: 'staged, search and vector indexes',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  docs: defineTable({ owner: v.id("users"), body: v.string(), embedding: v.array(v.float64()) })
    .index("by_owner_body", ["owner", "body"])
    .index("by_owner", { fields: ["owner"], staged: true })
    .searchIndex("search_body", { searchField: "body", filterFields: ["owner"] })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 1536, filterFields: ["owner"] }),
});
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'a staged index is not queryable yet, and search/vector indexes answer other queries',
  },
  {
    name: 'a table held in a variable and indexed where it is used',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
const members = defineTable({ team: v.id("teams"), user: v.id("users") });
export default defineSchema({
  members: members.index("by_team", ["team"]).index("by_team_user", ["team", "user"]),
});
`,
    },
    plugin: [],
    ours: ['convex/schema.ts:5 warning'],
    right: 'ours',
    why: 'the same redundant index; the plugin only follows chains written on the `defineTable(…)` call',
  },
  {
    name: 'a table defined in another file, indexed in the schema',
    files: {
      'convex/tables/members.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const members = defineTable({ team: v.id("teams"), user: v.id("users") });
`,
      'convex/schema.ts': `import { defineSchema } from "convex/server";
import { members } from "./tables/members";
export default defineSchema({
  members: members
    .index("by_team_user", ["team", "user"])
    .index("by_team", ["team"]),
});
`,
    },
    plugin: [],
    ours: ['convex/schema.ts:6 warning'],
    right: 'ours',
    why: 'the plugin does not follow `members` to its `defineTable`',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────
// import-wrong-runtime: the plugin reads the imported module from disk, so its cases run on real
// files in a temporary directory.

const madeDirs: string[] = [];
afterAll(() => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

function onDisk(files: Files): string {
  const root = mkdtempSync(join(tmpdir(), 'convex-parity-'));
  madeDirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

interface ImportRuntimeCase {
  name: string;
  files: Files;
  plugin: string[];
  /** Our reports, `path:line severity`. */
  oursExpected: string[];
  right: Right;
  why: string;
}

const NODE_MODULE = `"use node";
import { createHash } from "node:crypto";
export function sha256(text: string) {
  return createHash("sha256").update(text).digest("hex");
}
export type Digest = string;
`;

const IMPORT_WRONG_RUNTIME: ImportRuntimeCase[] = [
  {
    name: 'a default-runtime file value-importing a "use node" file',
    files: {
      'convex/node/crypto.ts': NODE_MODULE,
      'convex/files.ts': `import { mutation } from "./_generated/server";
import { sha256 } from "./node/crypto";
export const save = mutation({ args: {}, handler: async () => sha256("x") });
`,
    },
    plugin: ['convex/files.ts:2'],
    oursExpected: ['convex/files.ts:2 warning'],
    right: 'both',
    why: 'the Convex runtime would load node:crypto and fail to deploy',
  },
  {
    name: 'a "use node" file importing another "use node" file',
    files: {
      'convex/node/crypto.ts': NODE_MODULE,
      'convex/node/uploads.ts': `"use node";
import { action } from "../_generated/server";
import { sha256 } from "./crypto";
export const digest = action({ args: {}, handler: async () => sha256("x") });
`,
    },
    plugin: ['convex/node/uploads.ts:3'],
    oursExpected: [],
    right: 'ours',
    why: 'both files run in Node; the plugin never reads the importer’s own directive',
  },
  {
    name: 'a type-only import from a "use node" file',
    files: {
      'convex/node/crypto.ts': NODE_MODULE,
      'convex/files.ts': `import type { Digest } from "./node/crypto";
import { query } from "./_generated/server";
export const empty = query({ args: {}, handler: async (): Promise<Digest> => "" });
`,
    },
    plugin: ['convex/files.ts:1'],
    oursExpected: [],
    right: 'ours',
    why: 'types are erased: nothing from the Node module is bundled',
  },
  {
    name: '"use node" mentioned in a comment, not as a directive',
    files: {
      'convex/lib/format.ts': `// Runs in the Convex runtime: do not "use node" here.
export function title(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
`,
      'convex/posts.ts': `import { query } from "./_generated/server";
import { title } from "./lib/format";
export const heading = query({ args: {}, handler: async () => title("hello") });
`,
    },
    plugin: ['convex/posts.ts:2'],
    oursExpected: [],
    right: 'ours',
    why: 'the plugin searches the first 100 characters for the substring; only a prologue directive counts',
  },
];

describe('@convex-dev/import-wrong-runtime ↔ import-wrong-runtime', () => {
  for (const c of IMPORT_WRONG_RUNTIME) {
    it(`${c.name} — right: ${c.right} (${c.why})`, () => {
      expect(pluginLines('import-wrong-runtime', c.files, { root: onDisk(c.files) }), 'plugin').toEqual(c.plugin);
      expect(locations(findingsOf(importWrongRuntime, c.files)), 'ours').toEqual(c.oursExpected);
    });
  }
});

/** `parity`, for plugin rules that read other files (or package.json) from disk: each case is written to a temporary directory first. */
function parityOnDisk(pluginRule: PluginRuleId, ourRule: Rule, cases: ParityCase[]): void {
  describe(`@convex-dev/${pluginRule} ↔ ${ourRule.id}`, () => {
    for (const c of cases) {
      it(`${c.name} — right: ${c.right} (${c.why})`, () => {
        expect(pluginLines(pluginRule, c.files, { root: onDisk(c.files) }), 'plugin').toEqual(c.plugin);
        expect(locations(findingsOf(ourRule, c.files)), 'ours').toEqual(c.ours);
      });
    }
  });
}

// ─────────────────────────────────────────────────────────────────────────────────────────────

const CRONS_HEADER = `import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";
`;

parity('no-top-of-hour-crons', topOfHourCron, [
  {
    name: '`minuteUTC: 0` and a cron expression at minute 0',
    files: {
      'convex/crons.ts': `${CRONS_HEADER}const crons = cronJobs();
crons.hourly("sync feeds", { minuteUTC: 0 }, internal.feeds.sync);
crons.cron("nightly export", "0 2 * * *", internal.exports.run);
export default crons;
`,
    },
    plugin: ['convex/crons.ts:4', 'convex/crons.ts:5'],
    ours: ['convex/crons.ts:4 info', 'convex/crons.ts:5 info'],
    right: 'both',
    why: 'both jobs fire at :00, with everyone else’s; ours keeps it as advice',
  },
  {
    name: 'other minutes, a left-out minute, an interval and a `*/15` step',
    files: {
      'convex/crons.ts': `${CRONS_HEADER}const crons = cronJobs();
crons.hourly("a", { minuteUTC: 17 }, internal.a.run);
crons.hourly("b", internal.a.run);
crons.interval("c", { hours: 1 }, internal.a.run);
crons.cron("d", "*/15 * * * *", internal.a.run);
export default crons;
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'nothing is pinned to :00 (a `*/15` step hits it, but nobody chose it)',
  },
  {
    name: 'the minute or the expression held in a constant, on an aliased `cronJobs`',
    files: {
      'convex/crons.ts': `import { cronJobs as makeCrons } from "convex/server";
import { internal } from "./_generated/api";
const TOP_OF_HOUR = 0;
const EVERY_HOUR = "0 * * * *";
const nightly = { hourUTC: 3, minuteUTC: 0 };
const crons = makeCrons();
crons.hourly("sync", { minuteUTC: TOP_OF_HOUR }, internal.a.run);
crons.daily("cleanup", nightly, internal.a.run);
crons.cron("ping", EVERY_HOUR, internal.a.run);
export default crons;
`,
    },
    plugin: [],
    ours: ['convex/crons.ts:5 info', 'convex/crons.ts:7 info', 'convex/crons.ts:9 info'],
    right: 'ours',
    why: 'the plugin only reads a literal written in the call; ours follows module-scope constants',
  },
  {
    name: 'a method named `hourly` / `cron` on an object that is not Convex’s cron jobs',
    files: {
      'convex/reports.ts': `import { internalAction } from "./_generated/server";
import { rollups } from "./lib/rollups";
export const refresh = internalAction({
  args: {},
  handler: async () => {
    rollups.hourly("signups", { minuteUTC: 0 });
    rollups.cron("revenue", "0 * * * *");
  },
});
`,
    },
    plugin: ['convex/reports.ts:6', 'convex/reports.ts:7'],
    ours: [],
    right: 'ours',
    why: 'a project helper that buckets analytics by hour; nothing is scheduled, the plugin matches method names',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

/** A schema taking its task fields from `./model/tasks`, which may read the schema back. */
const CYCLE_SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { taskFields } from "./model/tasks";
export default defineSchema({ tasks: defineTable(taskFields) });
`;

parityOnDisk('no-schema-import-cycle', schemaImportCycle, [
  {
    name: 'a module the schema imports reads the schema at module scope',
    files: {
      'convex/schema.ts': CYCLE_SCHEMA,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string() };
export const taskDoc = schema.tables.tasks.validator;
`,
    },
    plugin: ['convex/model/tasks.ts:4'],
    ours: ['convex/model/tasks.ts:4 error'],
    right: 'both',
    why: 'the schema is still undefined when this module runs inside its import',
  },
  {
    name: 'the schema read only inside functions and types',
    files: {
      'convex/schema.ts': CYCLE_SCHEMA,
      'convex/model/tasks.ts': `import { v, type Infer } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string() };
export type Task = Infer<typeof schema.tables.tasks.validator>;
export const taskDoc = () => schema.tables.tasks.validator;
`,
    },
    plugin: [],
    ours: [],
    right: 'both',
    why: 'a function body runs after both modules have finished loading; types are erased',
  },
  {
    name: 'the schema reached through a barrel re-export',
    files: {
      'convex/schema.ts': CYCLE_SCHEMA,
      'convex/lib/index.ts': `export { default as appSchema } from "../schema";
`,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import { appSchema } from "../lib";
export const taskFields = { title: v.string() };
export const taskId = appSchema.id("tasks");
`,
    },
    plugin: [],
    ours: ['convex/model/tasks.ts:4 error'],
    right: 'ours',
    why: 'the same undefined schema; the plugin only looks at imports of a file named schema',
  },
  {
    name: 'a same-file helper that reads the schema, called at module scope',
    files: {
      'convex/schema.ts': CYCLE_SCHEMA,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string() };
function taskValidator() {
  return schema.tables.tasks.validator;
}
export const taskDoc = taskValidator();
`,
    },
    plugin: [],
    ours: ['convex/model/tasks.ts:7 error'],
    right: 'ours',
    why: 'the helper runs while the module loads; the plugin treats every read inside a function as deferred',
  },
  {
    name: 'a function declaration exported by the schema',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { taskFields } from "./model/tasks";
export function tableLabel(name: string) {
  return name.toUpperCase();
}
export default defineSchema({ tasks: defineTable(taskFields) });
`,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import { tableLabel } from "../schema";
export const taskFields = { title: v.string() };
export const TASKS = tableLabel("tasks");
`,
    },
    plugin: ['convex/model/tasks.ts:4'],
    ours: [],
    right: 'ours',
    why: 'function declarations are initialised before any module code runs, so the call works inside the cycle',
  },
  {
    name: 'the schema imports the module only for a type (no `import type`)',
    files: {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { TaskShape } from "./model/tasks";
export default defineSchema({ tasks: defineTable({ title: v.string() }) });
export type Task = TaskShape;
`,
      'convex/model/tasks.ts': `import schema from "../schema";
export type TaskShape = { title: string };
export const tasksTable = schema.tables.tasks;
`,
    },
    plugin: ['convex/model/tasks.ts:3'],
    ours: [],
    right: 'ours',
    why: 'TypeScript drops an import used only as a type, so there is no cycle at run time',
  },
]);

// ─────────────────────────────────────────────────────────────────────────────────────────────

/** A committed `_generated/server.d.ts` whose typed `env` declares OPENAI_API_KEY. */
const TYPED_ENV_SERVER = `export declare const action: ActionBuilder<DataModel, "public">;
type Env = {
  readonly CONVEX_CLOUD_URL: string;
  readonly CONVEX_SITE_URL: string;
  readonly OPENAI_API_KEY: string;
};
export declare const env: Env;
`;
const CONVEX_1_46 = JSON.stringify({ dependencies: { convex: '^1.46.0' } });

parityOnDisk('no-process-env', noProcessEnv, [
  {
    name: '`process.env` in an action, with the typed `env` available',
    files: {
      'package.json': CONVEX_1_46,
      'convex/_generated/server.d.ts': TYPED_ENV_SERVER,
      'convex/ai.ts': `import { action, env } from "./_generated/server";
export const complete = action({
  args: {},
  handler: async () => [process.env.OPENAI_API_KEY, env.CONVEX_SITE_URL],
});
`,
    },
    plugin: ['convex/ai.ts:4'],
    ours: ['convex/ai.ts:4 info'],
    right: 'both',
    why: 'the variable is declared, so `env.OPENAI_API_KEY` is typed and checked at deploy; ours keeps it as advice',
  },
  {
    name: '`auth.config.ts` reading its issuer from `process.env`',
    files: {
      'package.json': CONVEX_1_46,
      'convex/_generated/server.d.ts': TYPED_ENV_SERVER,
      'convex/auth.config.ts': `export default {
  providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" }],
};
`,
    },
    plugin: ['convex/auth.config.ts:2'],
    ours: [],
    right: 'ours',
    why: 'the auth config is read from `process.env` by design; there is no `env` to import there',
  },
  {
    name: '`process.env.NODE_ENV` and a convex-test test',
    files: {
      'package.json': CONVEX_1_46,
      'convex/_generated/server.d.ts': TYPED_ENV_SERVER,
      'convex/log.ts': `export const verbose = process.env.NODE_ENV !== "production";
`,
      'convex/ai.test.ts': `import { test } from "vitest";
test("uses a fake key", () => {
  process.env.OPENAI_API_KEY = "sk-test";
});
`,
    },
    plugin: ['convex/log.ts:1', 'convex/ai.test.ts:3'],
    ours: [],
    right: 'ours',
    why: 'NODE_ENV is set by the bundler, not a deployment variable; tests run in Node under vitest',
  },
  {
    name: 'a project on a convex version whose codegen has no `env`',
    files: {
      'package.json': JSON.stringify({ dependencies: { convex: '^1.30.0' } }),
      'convex/_generated/server.d.ts': `export declare const action: ActionBuilder<DataModel, "public">;
`,
      'convex/ai.ts': `import { action } from "./_generated/server";
export const complete = action({ args: {}, handler: async () => process.env.OPENAI_API_KEY });
`,
    },
    plugin: ['convex/ai.ts:2'],
    ours: [],
    right: 'ours',
    why: 'there is no `env` object to switch to until the project upgrades convex',
  },
]);
