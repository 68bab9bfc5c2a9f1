// Renderers for the helper modules (convex/model/**) and "use node" action modules.

/** @typedef {import('./tables.mjs').Table} Table */

/** Object literal lines for an insert into `t` from a source object. */
function insertFrom(t, pad, owner, src) {
  const lines = [];
  for (const f of t.fields) {
    let value;
    switch (f.kind) {
      case 'owner': value = owner; break;
      case 'parent': value = `${src}.${f.name}`; break;
      case 'status': value = `"${t.statuses[0]}"`; break;
      case 'number': value = f.name === 'updatedAt' ? 'Date.now()' : '0'; break;
      case 'boolean': value = 'false'; break;
      case 'array': value = '[]'; break;
      case 'optional': continue;
      default: value = f.name === 'title' ? `${src}.title` : '""';
    }
    lines.push(`${pad}${f.name}: ${value},`);
  }
  return lines;
}

/** The helper names every model module of `t` exports (function modules import these). */
export function modelNames(t) {
  return {
    get: `get${t.Sing}OrThrow`,
    assert: `assert${t.Sing}Owner`,
    summarize: `summarize${t.Sing}`,
    insert: `insert${t.Sing}`,
  };
}

export const MODEL_PROBLEM_KINDS = ['filter-on-query', 'collect-without-index', 'unawaited-insert'];
export const MODEL_EXTRA_KINDS = ['listForOwner', 'listForParent', 'touch', 'countForOwner', 'score', 'formatTitle', 'groupByStatus'];

/**
 * Helper functions of a model module, each `{ lines, plantedAt?, kind }`.
 * @param {Table} t
 * @param {string} kind
 */
export function renderModelHelper(t, kind, suffix = '', variant = false) {
  const n = modelNames(t);
  const inputType = [`title: string`];
  if (t.parentField) inputType.push(`${t.parentField}: Id<"${t.parent.name}">`);
  switch (kind) {
    case 'get': return { lines: [
      `/** Loads a ${t.singular}, or throws when it does not exist. */`,
      `export async function ${n.get}(ctx: QueryCtx, id: Id<"${t.name}">): Promise<Doc<"${t.name}">> {`,
      `  const doc = await ctx.db.get("${t.name}", id);`,
      '  if (doc === null) {',
      `    throw new ConvexError("${t.Sing} not found");`,
      '  }',
      '  return doc;',
      '}',
    ] };
    case 'assert': return { lines: [
      `export function ${n.assert}(doc: Doc<"${t.name}">, userId: Id<"users">): void {`,
      '  if (doc.ownerId !== userId) {',
      '    throw new ConvexError("Not allowed");',
      '  }',
      '}',
    ] };
    case 'summarize': return { lines: [
      `export function ${n.summarize}(doc: Doc<"${t.name}">) {`,
      '  return {',
      '    id: doc._id,',
      '    title: doc.title,',
      '    updatedAt: doc.updatedAt,',
      '    createdAt: doc._creationTime,',
      '  };',
      '}',
    ] };
    case 'insert': return { lines: [
      `export async function ${n.insert}(`,
      '  ctx: MutationCtx,',
      '  ownerId: Id<"users">,',
      `  input: { ${inputType.join('; ')} },`,
      `): Promise<Id<"${t.name}">> {`,
      `  return await ctx.db.insert("${t.name}", {`,
      ...insertFrom(t, '    ', 'ownerId', 'input'),
      '  });',
      '}',
    ] };
    case 'listForOwner': return { lines: [
      `export async function list${t.Plural}ForOwner${suffix}(ctx: QueryCtx, ownerId: Id<"users">, limit = 50) {`,
      '  return await ctx.db',
      `    .query("${t.name}")`,
      `    .withIndex("${t.ownerIndex.name}", (q) => q.eq("ownerId", ownerId))`,
      '    .order("desc")',
      '    .take(limit);',
      '}',
    ] };
    case 'listForParent': return t.parentIndex ? { lines: [
      `export async function list${t.Plural}For${t.parent.Sing}${suffix}(ctx: QueryCtx, parentId: Id<"${t.parent.name}">) {`,
      '  return await ctx.db',
      `    .query("${t.name}")`,
      `    .withIndex("${t.parentIndex.name}", (q) => q.eq("${t.parentField}", parentId))`,
      '    .take(100);',
      '}',
    ] } : undefined;
    case 'touch': return { lines: [
      `export async function touch${t.Sing}${suffix}(ctx: MutationCtx, id: Id<"${t.name}">): Promise<void> {`,
      `  await ctx.db.patch("${t.name}", id, { updatedAt: Date.now() });`,
      '}',
    ] };
    case 'countForOwner': return { lines: [
      `export async function count${t.Plural}ForOwner${suffix}(ctx: QueryCtx, ownerId: Id<"users">): Promise<number> {`,
      '  let count = 0;',
      '  for await (const _row of ctx.db',
      `    .query("${t.name}")`,
      `    .withIndex("${t.ownerIndex.name}", (q) => q.eq("ownerId", ownerId))) {`,
      '    count += 1;',
      '    if (count >= 1000) break;',
      '  }',
      '  return count;',
      '}',
    ] };
    case 'score': return { lines: [
      `export function score${t.Sing}${suffix}(doc: Doc<"${t.name}">, now: number): number {`,
      '  const ageHours = Math.max(0, now - doc.updatedAt) / 3_600_000;',
      '  const freshness = 1 / (1 + ageHours);',
      '  const weight = doc.title.length > 40 ? 0.8 : 1;',
      '  return Math.round(freshness * weight * 1000) / 1000;',
      '}',
    ] };
    case 'formatTitle': return { lines: [
      `export function format${t.Sing}Title${suffix}(doc: Doc<"${t.name}">, maxLength = 60): string {`,
      '  const title = doc.title.trim();',
      '  if (title.length <= maxLength) {',
      '    return title;',
      '  }',
      '  return `${title.slice(0, maxLength - 1)}…`;',
      '}',
    ] };
    case 'groupByStatus': return t.statuses ? { lines: [
      `export function group${t.Plural}ByStatus${suffix}(docs: Doc<"${t.name}">[]) {`,
      `  const groups: Record<Doc<"${t.name}">["status"], Doc<"${t.name}">[]> = {`,
      ...t.statuses.map((s) => `    ${s}: [],`),
      '  };',
      '  for (const doc of docs) {',
      '    groups[doc.status].push(doc);',
      '  }',
      '  return groups;',
      '}',
    ] } : undefined;
    case 'filter-on-query': return { plantedAt: 4, lines: [
      `export async function find${t.Sing}ByTitle${suffix}(ctx: QueryCtx, title: string) {`,
      '  const match = await ctx.db',
      `    .query("${t.name}")`,
      '    // Titles are not indexed yet.',
      '    .filter((q) => q.eq(q.field("title"), title))',
      '    .first();',
      '  return match;',
      '}',
    ] };
    case 'collect-without-index': return variant ? { plantedAt: 1, lines: [
      `export async function allActive${t.Plural}${suffix}(ctx: QueryCtx): Promise<Doc<"${t.name}">[]> {`,
      `  const rows = await ctx.db.query("${t.name}").collect();`,
      '  return rows.filter((row) => row.title.length > 0);',
      '}',
    ] } : { plantedAt: 1, lines: [
      `export async function countAll${t.Plural}${suffix}(ctx: QueryCtx): Promise<number> {`,
      `  const rows = await ctx.db.query("${t.name}").collect();`,
      '  return rows.length;',
      '}',
    ] };
    case 'unawaited-insert': return { plantedAt: 1, lines: [
      `export async function record${t.Sing}Copy${suffix}(ctx: MutationCtx, doc: Doc<"${t.name}">): Promise<void> {`,
      `  ctx.db.insert("${t.name}", {`,
      ...insertFrom(t, '    ', 'doc.ownerId', 'doc'),
      '  });',
      '}',
    ] };
    default: throw new Error(`unknown model helper ${kind}`);
  }
}

export const NODE_PROBLEM_KINDS = ['api-in-scheduler'];

/**
 * One function of a "use node" module.
 * @param {Table} t
 * @param {string} kind
 * @param {string} name
 * @param {{ get?: string, touch?: string, publicRef?: string }} refs fully written references
 */
export function renderNodeFunction(t, kind, name, refs) {
  switch (kind) {
    case 'nodeSync': return { uses: ['internalAction', 'v', 'createHash', ...(refs.get || refs.touch ? ['internal'] : [])], lines: [
      `export const ${name} = internalAction({`,
      `  args: { id: v.id("${t.name}") },`,
      '  handler: async (ctx, args) => {',
      ...(refs.get ? [
        `    const doc = await ctx.runQuery(${refs.get}, { id: args.id });`,
        '    if (doc === null) {',
        '      return null;',
        '    }',
        '    const digest = createHash("sha256").update(JSON.stringify(doc)).digest("hex");',
      ] : ['    const digest = createHash("sha256").update(args.id).digest("hex");']),
      ...(refs.touch ? [`    await ctx.runMutation(${refs.touch}, { id: args.id });`] : []),
      '    return digest;',
      '  },',
      '});',
    ] };
    case 'nodeDigest': return { uses: ['action', 'v', 'createHash', 'requireIdentity'], lines: [
      `export const ${name} = action({`,
      '  args: { payload: v.string(), algorithm: v.optional(v.string()) },',
      '  handler: async (ctx, args) => {',
      '    await requireIdentity(ctx);',
      '    const algorithm = args.algorithm ?? "sha256";',
      '    const hash = createHash(algorithm);',
      '    hash.update(Buffer.from(args.payload, "utf8"));',
      '    return { algorithm, digest: hash.digest("base64url") };',
      '  },',
      '});',
    ] };
    case 'nodeVerify': return { uses: ['internalAction', 'v', 'createHmac', 'timingSafeEqual'], lines: [
      `export const ${name} = internalAction({`,
      '  args: { payload: v.string(), signature: v.string(), secret: v.string() },',
      '  handler: async (_ctx, args) => {',
      '    const expected = createHmac("sha256", args.secret).update(args.payload).digest();',
      '    const given = Buffer.from(args.signature, "hex");',
      '    if (given.length !== expected.length) {',
      '      return false;',
      '    }',
      '    return timingSafeEqual(given, expected);',
      '  },',
      '});',
    ] };
    case 'api-in-scheduler': return { uses: ['internalAction', 'v', 'api'], plantedAt: 4, lines: [
      `export const ${name} = internalAction({`,
      `  args: { id: v.id("${t.name}") },`,
      '  handler: async (ctx, args) => {',
      '    const retryMs = 60 * 1000;',
      `    await ctx.scheduler.runAfter(retryMs, ${refs.publicRef}, { id: args.id });`,
      '    return null;',
      '  },',
      '});',
    ] };
    default: throw new Error(`unknown node function ${kind}`);
  }
}
