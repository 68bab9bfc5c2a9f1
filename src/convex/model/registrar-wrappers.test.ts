import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { findingsOf, locations, projectOf, type Files } from '../../../test/support/convex.js';
import { floatingConvexPromise } from '../rules/floating-convex-promise.js';
import { internalRefForServerCalls } from '../rules/internal-ref-for-server-calls.js';
import { publicFunctionAuthCheck } from '../rules/public-function-auth-check.js';
import { registrationAuth } from '../semantics/auth.js';
import { customizationMods } from '../semantics/customizations.js';
import { DEFAULT_PROJECT_OPTIONS } from './options.js';

/**
 * The legacy convex-helpers session wrapper (get-convex/multiplayer-game-with-dall-e): typed by
 * overloads, the implementation hands the function to `mutation` through `withSession(func)`.
 */
const WITH_SESSION = `import { mutation, query, MutationCtx } from "../_generated/server";
import { generateMiddleware } from "./middlewareUtils";
export const withSession = generateMiddleware({ sessionId: v.id("sessions") }, transformContextForSession);
export const withOptionalSession = generateMiddleware({ sessionId: v.any() }, transformContextForSession);
export function mutationWithSession<A>(func: ValidatedFunction<MutationCtx, A>): RegisteredMutation<"public", A>;
export function mutationWithSession<A>(func: UnvalidatedFunction<MutationCtx, A>): RegisteredMutation<"public", A>;
export function mutationWithSession(func: any): any {
  return mutation(withSession(func));
}
export function queryWithSession(func: any): any {
  return query(withOptionalSession(func));
}
`;

const SUBMISSIONS = `import { internal, api } from "./_generated/api";
import { mutationWithSession, queryWithSession } from "./lib/withSession";
import { internalMutation } from "./_generated/server";
import { v } from "convex/values";
export const start = mutationWithSession({
  args: { prompt: v.string() },
  handler: async (ctx, { prompt }) => {
    const submissionId = await ctx.db.insert("submissions", { prompt });
    ctx.db.patch(ctx.session._id, { submissionId });
    ctx.scheduler.runAfter(0, api.submissions.rename, { name: prompt });
    return submissionId;
  },
});
export const rename = mutationWithSession(async ({ db, session }, { name }) => {
  db.patch(session.userId, { name });
});
export const get = queryWithSession(async (ctx, { id }) => {
  return await ctx.db.get(id);
});
export const timeout = internalMutation({
  args: { submissionId: v.id("submissions") },
  handler: async (ctx, { submissionId }) => {
    ctx.db.delete(submissionId);
  },
});
`;

const SESSION_APP: Files = { 'convex/lib/withSession.ts': WITH_SESSION, 'convex/submissions.ts': SUBMISSIONS };

/** The registrations of `relPath`, compactly, with the text of their handler's first parameter. */
function registrationsIn(files: Files, relPath: string, options = DEFAULT_PROJECT_OPTIONS) {
  const project = projectOf(files, options);
  return project.registrations
    // Exported only: the builder call inside a wrapper's body is a registration of its own, as before.
    .filter((r) => r.file.relPath === relPath && r.exportNames.length > 0)
    .map((r) => ({
      name: r.exportNames.join(','),
      kind: r.kind,
      visibility: r.visibility,
      syntax: r.syntax,
      ctx: r.handler?.parameters[0]?.name.getText(),
      builders: r.registrar.customizations.map((c) => c.name ?? c.factory),
    }));
}

describe('project functions wrapping a builder', () => {
  it('registers what a session wrapper is handed, with the inner builder kind and visibility, object or function syntax', () => {
    expect(registrationsIn(SESSION_APP, 'submissions.ts')).toEqual([
      { name: 'start', kind: 'mutation', visibility: 'public', syntax: 'object', ctx: 'ctx', builders: ['mutationWithSession'] },
      { name: 'rename', kind: 'mutation', visibility: 'public', syntax: 'function', ctx: '{ db, session }', builders: ['mutationWithSession'] },
      { name: 'get', kind: 'query', visibility: 'public', syntax: 'function', ctx: 'ctx', builders: ['queryWithSession'] },
      { name: 'timeout', kind: 'mutation', visibility: 'internal', syntax: 'object', ctx: 'ctx', builders: [] },
    ]);
  });

  it('gives the handler a Convex ctx, destructured members included', () => {
    const project = projectOf(SESSION_APP);
    const file = project.files.find((f) => f.relPath === 'submissions.ts')!;
    const roles = project.ctx(file);
    const rolesOf = (text: string) =>
      project.index(file).calls
        .filter((c) => c.expression.getText() === text)
        .map((c) => roles.roleOf((c.expression as ts.PropertyAccessExpression).expression));
    expect(rolesOf('ctx.db.patch')).toEqual(['db']);
    expect(rolesOf('db.patch')).toEqual(['db']);
    expect(rolesOf('ctx.scheduler.runAfter')).toEqual(['scheduler']);
  });

  it('treats the call between wrapper and builder as opaque: it may add arguments or checks', () => {
    const project = projectOf(SESSION_APP);
    const start = project.registrations.find((r) => r.exportNames.includes('start'))!;
    expect(start.registrar.customizations[0]).toMatchObject({ name: 'mutationWithSession', factory: 'withSession', opaque: true });
    expect(customizationMods(project, start.registrar.customizations[0])).toEqual({ inputs: [], complete: false });
    // What `withSession` checks is unknown, so the auth rule stays silent rather than guessing.
    expect(registrationAuth(project, start).status).toBe('unknown');
    expect(findingsOf(publicFunctionAuthCheck, SESSION_APP)).toEqual([]);
  });

  it('follows wrappers that hand on the function as is: arrow or declaration, local or imported, through custom builders', () => {
    const files: Files = {
      'convex/lib/builders.ts': `import { query, internalMutation } from "../_generated/server";
import { customQuery, customCtx } from "convex-helpers/server/customFunctions";
const authedQuery = customQuery(query, customCtx(async (ctx) => ({ user: await ctx.auth.getUserIdentity() })));
export const publicQuery = (def) => query(def);
export const signedInQuery = function (def) { return authedQuery(def); };
export function privateMutation(def) {
  if (!def) throw new Error("no definition");
  return internalMutation(def);
}
`,
      'convex/items.ts': `import { publicQuery, signedInQuery, privateMutation } from "./lib/builders";
import { action } from "./_generated/server";
function localAction(def) { return action(def); }
export const list = publicQuery({ args: {}, handler: async (ctx) => ctx.db.query("items").take(10) });
export const mine = signedInQuery({ args: {}, handler: async (ctx) => ctx.user });
export const clear = privateMutation({ args: {}, handler: async (ctx) => {} });
export const sync = localAction({ args: {}, handler: async (ctx) => {} });
`,
    };
    expect(registrationsIn(files, 'items.ts')).toEqual([
      { name: 'list', kind: 'query', visibility: 'public', syntax: 'object', ctx: 'ctx', builders: [] },
      { name: 'mine', kind: 'query', visibility: 'public', syntax: 'object', ctx: 'ctx', builders: ['authedQuery'] },
      { name: 'clear', kind: 'mutation', visibility: 'internal', syntax: 'object', ctx: 'ctx', builders: [] },
      { name: 'sync', kind: 'action', visibility: 'public', syntax: 'object', ctx: 'ctx', builders: [] },
    ]);
    const project = projectOf(files);
    const auth = (name: string) => registrationAuth(project, project.registrations.find((r) => r.exportNames.includes(name))!).status;
    // The custom builder's mods still count for the functions its wrapper builds.
    expect(auth('mine')).toBe('checked');
    expect(auth('list')).toBe('unchecked');
  });

  it('leaves a configured wrapper as the config file declares it', () => {
    const options = {
      ...DEFAULT_PROJECT_OPTIONS,
      registrars: new Map([['mutationWithSession', { kind: 'mutation' as const, visibility: 'public' as const, base: 'mutation', checksAuth: true }]]),
    };
    const project = projectOf(SESSION_APP, options);
    const start = project.registrations.find((r) => r.exportNames.includes('start'))!;
    expect(start.registrar.configuredAs).toBe('mutationWithSession');
  });

  it('does not take look-alikes for wrappers', () => {
    const files: Files = {
      'convex/lib/fakes.ts': `import { query, mutation } from "../_generated/server";
import { makeBuilder } from "some-package";
export function definitionOf(func) { return { handler: func }; }
export async function asyncWrapper(func) { return query(func); }
export function twoReturns(func, open) { if (open) return query(func); return mutation(func); }
export function notFirst(name, func) { return query(func); }
export function otherArgument(func) { const def = { handler: func }; return query(def); }
export function shadowed(func) { const query = makeBuilder(); return query(func); }
export function unknownBuilder(func) { return makeBuilder(func); }
export function twoArguments(func) { return query(func, func); }
export function real(func) { return mutation(func); }
`,
      'convex/uses.ts': `import { definitionOf, asyncWrapper, twoReturns, notFirst, otherArgument, shadowed, unknownBuilder, twoArguments, real } from "./lib/fakes";
import { mutationWithSession } from "convex-session-package";
export const a = definitionOf(async (ctx) => { ctx.db.insert("t", {}); });
export const b = asyncWrapper(async (ctx) => { ctx.db.insert("t", {}); });
export const c = twoReturns(async (ctx) => { ctx.db.insert("t", {}); }, true);
export const d = notFirst("d", async (ctx) => { ctx.db.insert("t", {}); });
export const e = otherArgument(async (ctx) => { ctx.db.insert("t", {}); });
export const f = shadowed(async (ctx) => { ctx.db.insert("t", {}); });
export const g = unknownBuilder(async (ctx) => { ctx.db.insert("t", {}); });
export const h = twoArguments(async (ctx) => { ctx.db.insert("t", {}); });
export const i = mutationWithSession(async (ctx) => { ctx.db.insert("t", {}); });
export const control = real(async (ctx) => { ctx.db.insert("t", {}); });
`,
    };
    expect(registrationsIn(files, 'uses.ts').map((r) => r.name)).toEqual(['control']);
    expect(locations(findingsOf(floatingConvexPromise, files))).toEqual(['convex/uses.ts:12 error']);
  });
});

describe('rules inside a wrapper-built function', () => {
  it('floating-convex-promise reports un-awaited calls in session-wrapped handlers like in plain ones', () => {
    const findings = findingsOf(floatingConvexPromise, SESSION_APP);
    expect(locations(findings)).toEqual([
      'convex/submissions.ts:9 error',
      'convex/submissions.ts:10 error',
      'convex/submissions.ts:15 error',
      'convex/submissions.ts:23 error',
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      '`ctx.db.patch(…)` is not awaited',
      '`ctx.scheduler.runAfter(…)` is not awaited',
      '`db.patch(…)` is not awaited',
      '`ctx.db.delete(…)` is not awaited',
    ]);
  });

  it('internal-ref-for-server-calls sees a wrapper-built public function scheduled from a wrapper-built handler', () => {
    const findings = findingsOf(internalRefForServerCalls, SESSION_APP);
    // One call site: reported there, naming the wrapper-built definition (line 14) to make internal.
    expect(locations(findings)).toEqual(['convex/submissions.ts:10 warning']);
    expect(findings[0].message).toContain('Public `api.submissions.rename` is scheduled via `scheduler.runAfter`');
    expect(findings[0].detail).toContain('(defined at `convex/submissions.ts:14`) with `internalMutation`');
  });
});
