// The files every generated project has: _generated stubs, lib/auth.ts, lib/builders.ts,
// crons.ts, http.ts and package.json.

const GENERATED_HEADER = [
  '/* eslint-disable */',
  '/**',
  ' * Generated utilities (a stub of what `npx convex dev` writes, for the benchmark).',
  ' *',
  ' * THIS CODE IS AUTOMATICALLY GENERATED.',
  ' *',
  ' * To regenerate, run `npx convex dev`.',
  ' * @module',
  ' */',
  '',
];

export function renderGeneratedServer() {
  const registrars = [
    ['query', 'queryGeneric', 'Define a query in this Convex app\'s public API.', 'Queries can read from the database and are cached and reactive.'],
    ['internalQuery', 'internalQueryGeneric', 'Define a query that is only accessible from other Convex functions.', 'It is not part of the public API.'],
    ['mutation', 'mutationGeneric', 'Define a mutation in this Convex app\'s public API.', 'Mutations can read and write the database and run as transactions.'],
    ['internalMutation', 'internalMutationGeneric', 'Define a mutation that is only accessible from other Convex functions.', 'It is not part of the public API.'],
    ['action', 'actionGeneric', 'Define an action in this Convex app\'s public API.', 'Actions can call third-party services and run in Node.js with "use node".'],
    ['internalAction', 'internalActionGeneric', 'Define an action that is only accessible from other Convex functions.', 'It is not part of the public API.'],
    ['httpAction', 'httpActionGeneric', 'Define an HTTP action.', 'It is exposed by the router in `convex/http.js`.'],
  ];
  const lines = [
    ...GENERATED_HEADER,
    'import {',
    ...registrars.map(([, g]) => `  ${g},`),
    '} from "convex/server";',
    'import type {',
    '  ActionBuilder,',
    '  GenericActionCtx,',
    '  GenericDatabaseReader,',
    '  GenericDatabaseWriter,',
    '  GenericMutationCtx,',
    '  GenericQueryCtx,',
    '} from "convex/server";',
    'import type { DataModel } from "./dataModel.js";',
    '',
  ];
  for (const [name, generic, doc1, doc2] of registrars) {
    lines.push('/**', ` * ${doc1}`, ' *', ` * ${doc2}`, ' */', `export const ${name} = ${generic};`, '');
  }
  lines.push(
    '/** A set of services for use within Convex query functions. */',
    'export type QueryCtx = GenericQueryCtx<DataModel>;',
    '/** A set of services for use within Convex mutation functions. */',
    'export type MutationCtx = GenericMutationCtx<DataModel>;',
    '/** A set of services for use within Convex action functions. */',
    'export type ActionCtx = GenericActionCtx<DataModel>;',
    '/** An interface to read from the database within Convex query functions. */',
    'export type DatabaseReader = GenericDatabaseReader<DataModel>;',
    '/** An interface to read from and write to the database within Convex mutation functions. */',
    'export type DatabaseWriter = GenericDatabaseWriter<DataModel>;',
    'export type { ActionBuilder };',
    '',
  );
  return lines.join('\n');
}

export function renderGeneratedApi(moduleCount) {
  return [
    ...GENERATED_HEADER,
    'import type { AnyApi, FilterApi, FunctionReference } from "convex/server";',
    'import { anyApi } from "convex/server";',
    '',
    `// The real file lists all ${moduleCount} modules with their function types; the benchmark`,
    '// only needs the values, which are untyped proxies at runtime anyway.',
    '',
    '/**',
    ' * A utility for referencing Convex functions in your app\'s public API.',
    ' *',
    ' * Usage:',
    ' * ```js',
    ' * const myFunctionReference = api.myModule.myFunction;',
    ' * ```',
    ' */',
    'export const api: AnyApi = anyApi;',
    '',
    '/**',
    ' * A utility for referencing Convex functions in your app\'s internal API.',
    ' *',
    ' * Usage:',
    ' * ```js',
    ' * const myFunctionReference = internal.myModule.myFunction;',
    ' * ```',
    ' */',
    'export const internal: AnyApi = anyApi;',
    '',
    '/** Public references only. */',
    'export type PublicApi = FilterApi<AnyApi, FunctionReference<any, "public">>;',
    '',
    '/** Internal references only. */',
    'export type InternalApi = FilterApi<AnyApi, FunctionReference<any, "internal">>;',
    '',
    'export const components = {};',
    '',
  ].join('\n');
}

export function renderGeneratedDataModel(tables) {
  return [
    ...GENERATED_HEADER,
    'import type {',
    '  DataModelFromSchemaDefinition,',
    '  DocumentByName,',
    '  TableNamesInDataModel,',
    '  SystemTableNames,',
    '} from "convex/server";',
    'import type { GenericId } from "convex/values";',
    'import schema from "../schema.js";',
    '',
    '/**',
    ' * The names of all of your Convex tables.',
    ` * (${tables.map((t) => t.name).join(', ')})`,
    ' */',
    'export type TableNames = TableNamesInDataModel<DataModel>;',
    '',
    '/**',
    ' * The type of a document stored in Convex.',
    ' *',
    ' * @typeParam TableName - A string literal type of the table name (like "users").',
    ' */',
    'export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;',
    '',
    '/**',
    ' * An identifier for a document in Convex.',
    ' *',
    ' * Convex documents are uniquely identified by their `Id`, which is accessible',
    ' * on the `_id` field. To learn more, see [Document IDs](https://docs.convex.dev/using/document-ids).',
    ' *',
    ' * Documents can be loaded using `db.get(tableName, id)` in query and mutation functions.',
    ' *',
    ' * IDs are just strings at runtime, but this type can be used to distinguish them from other',
    ' * strings when type checking.',
    ' *',
    ' * @typeParam TableName - A string literal type of the table name (like "users").',
    ' */',
    'export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;',
    '',
    '/**',
    ' * A type describing your Convex data model.',
    ' *',
    ' * This type includes information about what tables you have, the type of',
    ' * documents stored in those tables, and the indexes defined on them.',
    ' *',
    ' * This type is used to parameterize methods like `queryGeneric` and',
    ' * `mutationGeneric` to make them type-safe.',
    ' */',
    'export type DataModel = DataModelFromSchemaDefinition<typeof schema>;',
    '',
  ].join('\n');
}

export function renderAuth() {
  return [
    'import { ConvexError } from "convex/values";',
    'import type { Doc } from "../_generated/dataModel";',
    'import type { ActionCtx, MutationCtx, QueryCtx } from "../_generated/server";',
    '',
    '/** The signed-in user\'s identity, or an error: for actions, which have no database. */',
    'export async function requireIdentity(ctx: ActionCtx | QueryCtx | MutationCtx) {',
    '  const identity = await ctx.auth.getUserIdentity();',
    '  if (identity === null) {',
    '    throw new ConvexError("Not authenticated");',
    '  }',
    '  return identity;',
    '}',
    '',
    '/** The signed-in user\'s document, or an error. */',
    'export async function requireUser(ctx: QueryCtx | MutationCtx): Promise<Doc<"users">> {',
    '  const identity = await requireIdentity(ctx);',
    '  const user = await ctx.db',
    '    .query("users")',
    '    .withIndex("by_tokenIdentifier", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))',
    '    .unique();',
    '  if (user === null) {',
    '    throw new ConvexError("User not found");',
    '  }',
    '  return user;',
    '}',
    '',
    '/** The signed-in user, who must be an admin. */',
    'export async function requireAdmin(ctx: QueryCtx | MutationCtx): Promise<Doc<"users">> {',
    '  const user = await requireUser(ctx);',
    '  if (user.role !== "admin") {',
    '    throw new ConvexError("Admins only");',
    '  }',
    '  return user;',
    '}',
    '',
    '/** Whether `user` may edit a document they may or may not own. */',
    'export function canEdit(user: Doc<"users">, doc: { ownerId: Doc<"users">["_id"] }): boolean {',
    '  return user.role === "admin" || doc.ownerId === user._id;',
    '}',
    '',
    '/** Looks a user up by email, for invitations. */',
    'export async function findUserByEmail(ctx: QueryCtx, email: string) {',
    '  const normalized = email.trim().toLowerCase();',
    '  return await ctx.db',
    '    .query("users")',
    '    .withIndex("by_email", (q) => q.eq("email", normalized))',
    '    .unique();',
    '}',
    '',
    '/** Creates the user document on first sign-in. */',
    'export async function ensureUser(ctx: MutationCtx) {',
    '  const identity = await requireIdentity(ctx);',
    '  const existing = await ctx.db',
    '    .query("users")',
    '    .withIndex("by_tokenIdentifier", (q) => q.eq("tokenIdentifier", identity.tokenIdentifier))',
    '    .unique();',
    '  if (existing !== null) {',
    '    return existing._id;',
    '  }',
    '  return await ctx.db.insert("users", {',
    '    name: identity.name ?? "Anonymous",',
    '    email: identity.email ?? "",',
    '    tokenIdentifier: identity.tokenIdentifier,',
    '    role: "member",',
    '  });',
    '}',
    '',
  ].join('\n');
}

export function renderBuilders() {
  return [
    'import {',
    '  customAction,',
    '  customCtx,',
    '  customMutation,',
    '  customQuery,',
    '} from "convex-helpers/server/customFunctions";',
    'import { action, internalQuery, mutation, query } from "../_generated/server";',
    'import { requireAdmin, requireIdentity, requireUser } from "./auth";',
    '',
    '/** A public query whose ctx carries the signed-in user. */',
    'export const authedQuery = customQuery(',
    '  query,',
    '  customCtx(async (ctx) => {',
    '    const user = await requireUser(ctx);',
    '    return { user };',
    '  }),',
    ');',
    '',
    '/** A public mutation whose ctx carries the signed-in user. */',
    'export const authedMutation = customMutation(',
    '  mutation,',
    '  customCtx(async (ctx) => {',
    '    const user = await requireUser(ctx);',
    '    return { user };',
    '  }),',
    ');',
    '',
    '/** A public query for admins only. */',
    'export const adminQuery = customQuery(query, {',
    '  args: {},',
    '  input: async (ctx, args) => {',
    '    const user = await requireAdmin(ctx);',
    '    return { ctx: { user }, args };',
    '  },',
    '});',
    '',
    '/** A public mutation for admins only. */',
    'export const adminMutation = customMutation(mutation, {',
    '  args: {},',
    '  input: async (ctx, args) => {',
    '    const user = await requireAdmin(ctx);',
    '    return { ctx: { user }, args };',
    '  },',
    '});',
    '',
    '/** A public action that requires a signed-in caller. */',
    'export const authedAction = customAction(',
    '  action,',
    '  customCtx(async (ctx) => {',
    '    const identity = await requireIdentity(ctx);',
    '    return { identity };',
    '  }),',
    ');',
    '',
    '/** An internal query with a request-scoped cache. */',
    'export const cachedInternalQuery = customQuery(',
    '  internalQuery,',
    '  customCtx(async () => {',
    '    const cache = new Map<string, unknown>();',
    '    return { cache };',
    '  }),',
    ');',
    '',
  ].join('\n');
}

/** @param {{ module: string, fn: string, table: string }[]} sweeps */
export function renderCrons(sweeps) {
  const lines = [
    'import { cronJobs } from "convex/server";',
    'import { internal } from "./_generated/api";',
    '',
    'const crons = cronJobs();',
    '',
  ];
  sweeps.forEach((s, i) => {
    const ref = `internal.${s.module.replace(/\//g, '.')}.${s.fn}`;
    lines.push(`// Removes ${s.table} nobody touched for 30 days.`);
    switch (i % 3) {
      case 0:
        lines.push(`crons.interval("sweep ${s.table}", { hours: ${1 + (i % 6)} }, ${ref}, {});`);
        break;
      case 1:
        lines.push(`crons.daily(`, `  "nightly ${s.table} sweep",`, `  { hourUTC: ${(i * 5) % 24}, minuteUTC: ${7 + ((i * 11) % 50)} },`, `  ${ref},`, '  {},', ');');
        break;
      default:
        lines.push(`crons.cron("weekly ${s.table} sweep", "${13 + (i % 40)} ${i % 24} * * ${i % 7}", ${ref}, {});`);
    }
    lines.push('');
  });
  lines.push('export default crons;', '');
  return lines.join('\n');
}

/** @param {{ module: string, fn: string, table: string }[]} targets internal `{ id }` functions */
export function renderHttp(targets) {
  const lines = [
    'import { httpRouter } from "convex/server";',
    'import { internal } from "./_generated/api";',
    'import { httpAction } from "./_generated/server";',
    '',
    'const http = httpRouter();',
    '',
    'http.route({',
    '  path: "/health",',
    '  method: "GET",',
    '  handler: httpAction(async () => {',
    '    return new Response("ok", { status: 200 });',
    '  }),',
    '});',
    '',
  ];
  for (const t of targets) {
    lines.push(
      'http.route({',
      `  path: "/webhooks/${t.table}",`,
      '  method: "POST",',
      '  handler: httpAction(async (ctx, request) => {',
      '    const body = (await request.json()) as { id?: string };',
      '    if (typeof body.id !== "string") {',
      '      return new Response("missing id", { status: 400 });',
      '    }',
      `    await ctx.runMutation(internal.${t.module.replace(/\//g, '.')}.${t.fn}, { id: body.id as never });`,
      '    return new Response(null, { status: 204 });',
      '  }),',
      '});',
      '',
    );
  }
  lines.push('export default http;', '');
  return lines.join('\n');
}

export function renderPackageJson(seed, files) {
  return `${JSON.stringify(
    {
      name: `bench-app-${files}-${seed}`,
      private: true,
      type: 'module',
      scripts: { dev: 'convex dev' },
      dependencies: { convex: '^1.31.0', 'convex-helpers': '^0.1.104' },
      devDependencies: { typescript: '^5.9.0' },
    },
    null,
    2,
  )}\n`;
}
