import { describe, expect, it } from 'vitest';
import { projectOf, SERVER_IMPORT, type Files } from '../../../test/support/convex.js';
import {
  argumentNames,
  authChecksIn,
  builderAuth,
  ctxAuthUses,
  findAuthCheck,
  isAuthHelperName,
  isUnguessableTokenName,
  registrationAuth,
  type AuthStatus,
} from './auth.js';
import type { ConvexProject } from './project.js';

function setup(files: Files): { project: ConvexProject; auth: (name: string) => AuthStatus } {
  const project = projectOf(files);
  const auth = (name: string): AuthStatus => {
    const reg = project.registrations.find((r) => r.exportNames.includes(name));
    if (!reg) throw new Error(`no registration ${name}`);
    return registrationAuth(project, reg);
  };
  return { project, auth };
}

function summary(status: AuthStatus): string {
  if (status.status !== 'checked') return status.status;
  const e = status.evidence;
  return [e.kind, e.name, e.via.length ? `via ${e.via.length}` : '', e.customization ? `builder ${e.customization.name}` : '']
    .filter(Boolean)
    .join(' ');
}

describe('isAuthHelperName', () => {
  it.each([
    'getAuthUserId',
    'getAuthSessionId',
    'getAuthUser',
    'safeGetAuthUser',
    'requireUser',
    'ensureAdmin',
    'checkOrgAccess',
    'assertSignedIn',
    'verifyOwner',
    'getCurrentUser',
    'getCurrentUserOrThrow',
    'getUser',
    'getUserOrNull',
    'getViewer',
    'getViewerId',
    'withAuth',
    'authorizeMember',
    'isAuthenticated',
    'hasPermission',
  ])('%s is an auth helper', (name) => expect(isAuthHelperName(name)).toBe(true));

  it.each(['loadThing', 'require', 'check', 'getAuthorName', 'author', 'getPosts', 'fetchUsersPage', 'ensure'])(
    '%s is not',
    (name) => expect(isAuthHelperName(name)).toBe(false),
  );
});

describe('isUnguessableTokenName', () => {
  it.each(['token', 'inviteToken', 'accessToken', 'sessionId', 'webhookSecret', 'apiKey', 'inviteCode', 'SessionIdArg', 'secretKey', 'anonId', 'anonymousUserId', 'anon_id', 'visitorAnonId'])(
    '%s is a token',
    (name) => expect(isUnguessableTokenName(name)).toBe(true),
  );
  it.each(['userId', 'maxTokens', 'tokenCount', 'email', 'code', 'postalCode', 'key', 'tokenIdentifier', 'anonymous', 'canonId'])('%s is not', (name) =>
    expect(isUnguessableTokenName(name)).toBe(false),
  );
});

describe('registrationAuth', () => {
  it('reports how a function checks: inline, helper, depth, builder, token, run*', () => {
    const { auth } = setup({
      'convex/lib/a.ts': `import type { QueryCtx } from "../_generated/server";
import { getAuthUserId } from "@convex-dev/auth/server";
export async function level1(ctx: QueryCtx) { return level2(ctx); }
async function level2(ctx: QueryCtx) { return getAuthUserId(ctx); }
`,
      'convex/lib/builders.ts': `import { query } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
const mods = customCtx(async (ctx) => ({ identity: await ctx.auth.getUserIdentity() }));
export const authedQuery = customQuery(query, mods);
`,
      'convex/f.ts': `${SERVER_IMPORT}
import { level1 } from "./lib/a";
import { authedQuery } from "./lib/builders";
import { internal } from "./_generated/api";
export const inline = query({ args: {}, handler: async (ctx) => (await ctx.auth.getUserIdentity()) ?? null });
export const deep = query({ args: {}, handler: async (ctx) => level1(ctx) });
export const built = authedQuery({ args: {}, handler: async (ctx) => null });
export const tokened = query({
  args: { shareToken: v.string() },
  handler: async (ctx, { shareToken }) => ctx.db.query("shares").withIndex("by_token", (q) => q.eq("token", shareToken)).unique(),
});
export const runs = action({ args: {}, handler: async (ctx) => ctx.runQuery(internal.f.inner) });
export const inner = internalQuery({ args: {}, handler: async ({ auth }) => auth.getUserIdentity() });
export const open = query({ args: {}, handler: async (ctx) => ctx.db.query("t").first() });
`,
    });
    expect(summary(auth('inline'))).toBe('ctx-auth');
    expect(summary(auth('deep'))).toBe('auth-helper getAuthUserId via 2');
    expect(summary(auth('built'))).toBe('ctx-auth builder authedQuery');
    expect(summary(auth('tokened'))).toBe('token-arg shareToken');
    expect(summary(auth('runs'))).toBe('run-function inner');
    expect(summary(auth('inner'))).toBe('ctx-auth');
    expect(summary(auth('open'))).toBe('unchecked');
  });

  it('follows at most three helper calls by default', () => {
    const { project, auth } = setup({
      'convex/chain.ts': `${SERVER_IMPORT}
import type { QueryCtx } from "./_generated/server";
async function h1(ctx: QueryCtx) { return h2(ctx); }
async function h2(ctx: QueryCtx) { return h3(ctx); }
async function h3(ctx: QueryCtx) { return h4(ctx); }
async function h4(ctx: QueryCtx) { return ctx.auth.getUserIdentity(); }
export const three = query({ args: {}, handler: async (ctx) => h2(ctx) });
export const four = query({ args: {}, handler: async (ctx) => h1(ctx) });
`,
    });
    expect(summary(auth('three'))).toBe('ctx-auth via 3');
    expect(summary(auth('four'))).toBe('unchecked');
    const four = project.registrations.find((r) => r.exportNames.includes('four'))!;
    expect(findAuthCheck(project, { file: four.file, fn: four.handler! }, { maxDepth: 4 }).status).toBe('checked');
  });

  it('is unknown when the handler or a builder cannot be followed, and ignores tokens on request', () => {
    const { project, auth } = setup({
      'convex/f.ts': `${SERVER_IMPORT}
import { customQuery } from "convex-helpers/server/customFunctions";
import { mods } from "some-package";
import { handler } from "./handlers";
const opaque = customQuery(query, mods);
export const a = opaque({ args: {}, handler: async () => null });
export const b = query({ args: {}, handler });
export const c = query({
  args: { apiKey: v.string() },
  handler: async (ctx, { apiKey }) => {
    if (apiKey !== process.env.API_KEY) throw new Error("bad key");
    return null;
  },
});
`,
      'convex/handlers.ts': `export const handler = async () => null;\n`,
    });
    expect(auth('a')).toEqual({ status: 'unknown', reason: 'the mods of custom builder `opaque` cannot be followed' });
    expect(auth('b')).toEqual({ status: 'unknown', reason: 'the handler is defined elsewhere' });
    const c = project.registrations.find((r) => r.exportNames.includes('c'))!;
    expect(registrationAuth(project, c, { tokens: false }).status).toBe('unchecked');
    expect(registrationAuth(project, c).status).toBe('checked');
  });

  it('is unknown when ctx goes to project code the call graph cannot follow', () => {
    const { auth } = setup({
      'convex/f.ts': `${SERVER_IMPORT}
import { makeLoader } from "./loaders";
const loadOrg = makeLoader("orgs");
export const a = query({ args: {}, handler: async (ctx) => loadOrg(ctx) });
`,
      'convex/loaders.ts': `export function makeLoader(table: string) { return async (ctx) => ctx.db.query(table).first(); }\n`,
    });
    expect(auth('a')).toEqual({ status: 'unknown', reason: 'ctx is handed to `loadOrg`, which cannot be followed' });
  });

  it('is unknown when ctx goes to project code outside the functions folder', () => {
    const { auth } = setup({
      'convex/lists.ts': `${SERVER_IMPORT}
import loadOwnList from "../src/lists/loadOwnList";
import * as lists from "../src/lists";
import { slugify } from "../src/text";
export const a = mutation({ args: {}, handler: async (ctx) => { await loadOwnList({ ctx }); } });
export const b = mutation({ args: {}, handler: async (ctx) => { await lists.ownedBy(ctx); } });
export const c = mutation({ args: { name: v.string() }, handler: async (ctx, args) => { await ctx.db.insert("lists", { slug: slugify(args.name) }); } });
`,
    });
    expect(auth('a')).toEqual({ status: 'unknown', reason: 'ctx is handed to `loadOwnList`, which cannot be followed' });
    expect(auth('b')).toEqual({ status: 'unknown', reason: 'ctx is handed to `lists.ownedBy`, which cannot be followed' });
    // Outside code that is not handed ctx cannot check the caller.
    expect(auth('c').status).toBe('unchecked');
  });

  it('counts ctx handed on inside an object literal', () => {
    const { auth } = setup({
      'convex/lists.ts': `${SERVER_IMPORT}
import { getAuthUserId } from "@convex-dev/auth/server";
export const a = query({ args: {}, handler: async (ctx) => { const userId = await requireOwner({ ctx: ctx, listId: "x" }); return userId; } });
export const b = query({ args: {}, handler: async (ctx) => getAuthUserId({ ...ctx }) });
export const c = query({ args: {}, handler: async (ctx) => describeList({ table: "lists" }) });
function requireOwner(o: { ctx: unknown; listId: string }) { return o.listId; }
function describeList(o: { table: string }) { return o.table; }
`,
    });
    expect(summary(auth('a'))).toBe('auth-helper requireOwner');
    expect(summary(auth('b'))).toBe('auth-helper getAuthUserId');
    expect(auth('c').status).toBe('unchecked');
  });

  it('does not loop on functions that run each other', () => {
    const { auth } = setup({
      'convex/loop.ts': `${SERVER_IMPORT}
import { api } from "./_generated/api";
export const ping = action({ args: {}, handler: async (ctx) => ctx.runAction(api.loop.pong) });
export const pong = action({ args: {}, handler: async (ctx) => ctx.runAction(api.loop.ping) });
`,
    });
    expect(auth('ping').status).toBe('unchecked');
    expect(auth('pong').status).toBe('unchecked');
  });

  it('does not count a helper handed something other than ctx, or a `.auth` on a non-Convex object', () => {
    const { auth } = setup({
      'convex/f.ts': `${SERVER_IMPORT}
const client = { auth: { getUserIdentity: async () => null } };
export const a = query({ args: { id: v.string() }, handler: async (ctx, { id }) => requireNonEmpty(id) });
export const b = query({ args: {}, handler: async () => client.auth.getUserIdentity() });
function requireNonEmpty(s: string) { return s; }
`,
    });
    expect(auth('a').status).toBe('unchecked');
    expect(auth('b').status).toBe('unchecked');
  });
});

describe('builderAuth', () => {
  it('answers for a builder on its own: input function, builder args, no-ops', () => {
    const project = projectOf({
      'convex/b.ts': `import { query, mutation } from "./_generated/server";
import { customQuery, customMutation, customCtxAndArgs, NoOp } from "convex-helpers/server/customFunctions";
import { v } from "convex/values";
export const plain = customQuery(query, NoOp);
export const keyed = customMutation(mutation, customCtxAndArgs({ args: { apiKey: v.string() }, input: async (ctx, { apiKey }) => {
  if (apiKey !== process.env.API_KEY) throw new Error("bad key");
  return { ctx: {}, args: {} };
} }));
export const checked = customMutation(mutation, { args: {}, input: async (ctx, args) => { await requireUser(ctx); return { ctx: {}, args }; } });
async function requireUser(ctx) { if (!(await ctx.auth.getUserIdentity())) throw new Error("no"); }
export const x = plain({ args: {}, handler: async () => null });
export const y = keyed({ args: {}, handler: async () => null });
export const z = checked({ args: {}, handler: async () => null });
`,
    });
    const registrar = (name: string) => project.registrations.find((r) => r.exportNames.includes(name))!.registrar;
    expect(builderAuth(project, registrar('x')).status).toBe('unchecked');
    expect(summary(builderAuth(project, registrar('y')))).toBe('token-arg apiKey builder keyed');
    expect(summary(builderAuth(project, registrar('z')))).toBe('auth-helper requireUser builder checked');
  });
});

describe('authChecksIn, ctxAuthUses, argumentNames', () => {
  it('lists the checks written in one function and every ctx.auth use of a file', () => {
    const project = projectOf({
      'convex/f.ts': `${SERVER_IMPORT}
import { getUserOrThrow } from "./users";
export const q = query({
  args: {},
  handler: async (ctx) => {
    const { auth } = ctx;
    await getUserOrThrow(ctx);
    return auth.getUserIdentity();
  },
});
`,
      'convex/users.ts': `export async function getUserOrThrow(ctx) { return ctx.auth.getUserIdentity(); }\n`,
    });
    const reg = project.registrations[0];
    const checks = authChecksIn(project, { file: reg.file, fn: reg.handler! });
    expect(checks.map((c) => `${c.kind}:${c.node.getText()}`)).toEqual(['auth-helper:getUserOrThrow(ctx)', 'ctx-auth:auth']);
    const users = project.filesByPath.get('convex/users.ts')!;
    expect(ctxAuthUses(project, users).map((n) => n.getText())).toEqual(['ctx.auth']);
  });

  it('collects argument names through spreads, v.object and bindings in other files', () => {
    const project = projectOf({
      'convex/shared.ts': `import { v } from "convex/values";\nexport const paging = { cursor: v.string(), "page-size": v.number() };\n`,
      'convex/f.ts': `${SERVER_IMPORT}
import { paging } from "./shared";
import { SessionIdArg } from "convex-helpers/server/sessions";
export const q = query({ args: v.object({ ...paging, ...SessionIdArg, id: v.id("t") }), handler: async () => null });
`,
    });
    const reg = project.registrations[0];
    const args = reg.args && 'initializer' in reg.args ? reg.args.initializer : undefined;
    expect(argumentNames(project, reg.file, args!).map((a) => a.name)).toEqual(['cursor', 'page-size', 'SessionIdArg', 'id']);
  });
});

describe('token arguments count only when the function checks them', () => {
  const statusOf = (files: Files, name: string): string => {
    const project = projectOf(files);
    const reg = project.registrations.find((r) => r.exportNames.includes(name));
    if (!reg) throw new Error(`no registration ${name}`);
    const status = registrationAuth(project, reg);
    return status.status === 'checked' ? `checked: ${status.evidence.node.getText()}` : status.status;
  };

  it.each([
    ['compared with a configured value', `if (apiKey !== process.env.SERVICE_KEY) throw new Error("no"); return 1;`, 'checked: apiKey !== process.env.SERVICE_KEY'],
    ['compared with a stored value', `const row = await ctx.db.query("keys").first(); if (!row || row.value !== apiKey) throw new Error("no"); return 1;`, 'checked: row.value !== apiKey'],
    ['looked up with withIndex', `return ctx.db.query("keys").withIndex("by_value", (q) => q.eq("value", apiKey)).unique();`, 'checked: q.eq("value", apiKey)'],
    ['looked up with filter', `return ctx.db.query("keys").filter((q) => q.eq(q.field("value"), apiKey)).first();`, 'checked: q.eq(q.field("value"), apiKey)'],
    ['hashed, then looked up', `const hashed = await sha256(apiKey.trim()); return ctx.db.query("keys").withIndex("by_hash", (q) => q.eq("hash", hashed)).unique();`, 'checked: q.eq("hash", hashed)'],
    ['verified by a package call', `const claims = await jwt.verify(apiKey, process.env.JWT_SECRET); return claims.sub;`, 'checked: jwt.verify(apiKey, process.env.JWT_SECRET)'],
    ['checked by a project helper', `await keyOrThrow(ctx, apiKey); return 1;`, 'checked: q.eq("value", key)'],
    ['checked by a project helper handed a default', `if (!isAdmin(apiKey ?? "")) return null; return 1;`, 'checked: secret === process.env.ADMIN_SECRET'],
    ['checked by the query it runs', `return ctx.runQuery(internal.f.lookup, { apiKey });`, 'checked: q.eq("value", apiKey)'],
    ['forwarded to fetch', `const res = await fetch("https://api.example.com", { headers: { Authorization: \`Bearer \${apiKey}\` } }); return res.status === 200;`, 'unchecked'],
    ['handed to a service client', `const client = new OpenAI({ apiKey }); return client.models.list();`, 'unchecked'],
    ['compared only with a literal or its length', `if (apiKey === "" || apiKey.length < 8) throw new Error("short"); return 1;`, 'unchecked'],
    ['forwarded by a project helper', `return callService(apiKey);`, 'unchecked'],
    ['never read', `return 1;`, 'unchecked'],
  ])('%s', (_title, body, expected) => {
    const files: Files = {
      'convex/f.ts': `${SERVER_IMPORT}
import { internal } from "./_generated/api";
import { sha256 } from "./lib/hash";
import * as jwt from "jsonwebtoken";
import OpenAI from "openai";
async function keyOrThrow(ctx, key: string) {
  const row = await ctx.db.query("keys").withIndex("by_value", (q) => q.eq("value", key)).unique();
  if (!row) throw new Error("bad key");
  return row;
}
function isAdmin(secret: string) {
  return secret === process.env.ADMIN_SECRET;
}
async function callService(key: string) {
  return fetch("https://api.example.com", { headers: { "x-api-key": key } });
}
export const lookup = internalQuery({
  args: { apiKey: v.string() },
  handler: async (ctx, { apiKey }) => ctx.db.query("keys").withIndex("by_value", (q) => q.eq("value", apiKey)).unique(),
});
export const target = action({
  args: { apiKey: v.string() },
  handler: async (ctx, { apiKey }) => {
    ${body}
  },
});
`,
      'convex/lib/hash.ts': `export async function sha256(text: string) { return text; }
`,
    };
    expect(statusOf(files, 'target')).toBe(expected);
  });

  it('is unknown when a builder input hands the token on to the handler in ctx', () => {
    const files: Files = {
      'convex/f.ts': `import { query } from "./_generated/server";
import { customQuery } from "convex-helpers/server/customFunctions";
import { SessionIdArg } from "convex-helpers/server/sessions";
const sessionQuery = customQuery(query, { args: SessionIdArg, input: async (ctx, { sessionId }) => ({ ctx: { sessionId }, args: {} }) });
const checkedQuery = customQuery(query, {
  args: SessionIdArg,
  input: async (ctx, { sessionId }) => {
    const session = await ctx.db.get(sessionId);
    if (!session) throw new Error("no session");
    return { ctx: { session }, args: {} };
  },
});
export const a = sessionQuery({ args: {}, handler: async () => null });
export const b = checkedQuery({ args: {}, handler: async () => null });
`,
    };
    expect(statusOf(files, 'a')).toBe('unknown');
    expect(statusOf(files, 'b')).toBe('checked: ctx.db.get(sessionId)');
  });
});
