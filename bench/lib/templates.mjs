// Renderers for the functions of generated modules. Each returns its lines and, for a
// planted problem, the 0-based index of the line the problem is on.

/** @typedef {import('./tables.mjs').Table} Table */
/**
 * @typedef {{ name: string, kind: string, table: Table, planted?: string, visibility: 'public' | 'internal' }} FnSpec
 * @typedef {{ module: string, fn: string }} Target
 * @typedef {{
 *   uses: Set<string>,
 *   rng: import('./prng.mjs').Rng,
 *   model?: { names: Record<string, string> },
 *   internalTargets: (table: Table, kind: string) => Target | undefined,
 *   publicTarget: (table: Table) => Target | undefined,
 * }} RenderCx
 */

const ref = (ns, t) => `${ns}.${t.module.replace(/\//g, '.')}.${t.fn}`;

/** Object literal lines for an insert into `t` (indented by `pad`). */
function insertFields(t, pad, source) {
  const lines = [];
  for (const f of t.fields) {
    let value;
    switch (f.kind) {
      case 'owner': value = source.owner; break;
      case 'parent': value = `${source.args}.${f.name}`; break;
      case 'status': value = `"${t.statuses[0]}"`; break;
      case 'number': value = f.name === 'updatedAt' ? 'Date.now()' : '0'; break;
      case 'boolean': value = 'false'; break;
      case 'array': value = '[]'; break;
      case 'optional': continue;
      default: value = f.name === 'title' ? source.title : `${source.args}.${f.name} ?? ""`;
    }
    lines.push(`${pad}${f.name}: ${value},`);
  }
  return lines;
}

/** Validator lines for the create-like args of `t`. */
function createArgs(t, pad) {
  const lines = [`${pad}title: v.string(),`];
  if (t.parentField) lines.push(`${pad}${t.parentField}: v.id("${t.parent.name}"),`);
  if (t.fields.some((f) => f.name === 'body')) lines.push(`${pad}body: v.optional(v.string()),`);
  return lines;
}

const ownerQuery = (t, who, pad) => [
  `${pad}.query("${t.name}")`,
  `${pad}.withIndex("${t.ownerIndex.name}", (q) => q.eq("ownerId", ${who}))`,
];

/** @type {Record<string, (s: FnSpec, cx: RenderCx) => { lines: string[], plantedAt?: number } | undefined>} */
export const FUNCTION_TEMPLATES = {
  listMine(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('v').add('requireUser');
    const lines = [
      `export const ${s.name} = query({`,
      '  args: { limit: v.optional(v.number()) },',
      '  handler: async (ctx, args) => {',
      '    const user = await requireUser(ctx);',
      '    const limit = Math.min(args.limit ?? 50, 200);',
      '    const rows = await ctx.db',
      ...ownerQuery(t, 'user._id', '      '),
      '      .order("desc")',
      '      .take(limit);',
    ];
    if (t.statuses && cx.rng.chance(0.5)) {
      lines.push(`    const visible = rows.filter((row) => row.status !== "${t.statuses[2]}");`);
    } else lines.push('    const visible = rows;');
    lines.push(
      '    return visible.map((row) => ({',
      '      _id: row._id,',
      '      title: row.title,',
      '      updatedAt: row.updatedAt,',
      '    }));',
      '  },',
      '});',
    );
    return { lines };
  },

  getOne(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('v').add('requireUser');
    return {
      lines: [
        `export const ${s.name} = query({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    const doc = await ctx.db.get("${t.name}", args.id);`,
        '    if (!doc || doc.ownerId !== user._id) {',
        '      return null;',
        '    }',
        '    return doc;',
        '  },',
        '});',
      ],
    };
  },

  listByParent(s, cx) {
    const t = s.table;
    if (!t.parentIndex) return undefined;
    cx.uses.add('query').add('v').add('requireUser').add('ConvexError');
    return {
      lines: [
        `export const ${s.name} = query({`,
        `  args: { ${t.parentField}: v.id("${t.parent.name}"), limit: v.optional(v.number()) },`,
        '  handler: async (ctx, args) => {',
        '    await requireUser(ctx);',
        `    const parent = await ctx.db.get("${t.parent.name}", args.${t.parentField});`,
        '    if (parent === null) {',
        `      throw new ConvexError("${t.parent.Sing} not found");`,
        '    }',
        '    return await ctx.db',
        `      .query("${t.name}")`,
        `      .withIndex("${t.parentIndex.name}", (q) => q.eq("${t.parentField}", args.${t.parentField}))`,
        '      .take(args.limit ?? 100);',
        '  },',
        '});',
      ],
    };
  },

  paginate(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('paginationOptsValidator').add('requireUser');
    return {
      lines: [
        `export const ${s.name} = query({`,
        '  args: { paginationOpts: paginationOptsValidator },',
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        '    return await ctx.db',
        ...ownerQuery(t, 'user._id', '      '),
        '      .order("desc")',
        '      .paginate(args.paginationOpts);',
        '  },',
        '});',
      ],
    };
  },

  search(s, cx) {
    const t = s.table;
    if (!t.search) return undefined;
    cx.uses.add('query').add('v').add('requireUser');
    return {
      lines: [
        `export const ${s.name} = query({`,
        '  args: { term: v.string() },',
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        '    const term = args.term.trim();',
        '    if (term.length === 0) {',
        '      return [];',
        '    }',
        '    return await ctx.db',
        `      .query("${t.name}")`,
        `      .withSearchIndex("${t.search.name}", (q) => q.search("${t.search.field}", term).eq("ownerId", user._id))`,
        '      .take(20);',
        '  },',
        '});',
      ],
    };
  },

  create(s, cx) {
    const t = s.table;
    cx.uses.add('mutation').add('v').add('requireUser').add('ConvexError');
    const lines = [
      `export const ${s.name} = mutation({`,
      '  args: {',
      ...createArgs(t, '    '),
      '  },',
      '  handler: async (ctx, args) => {',
      '    const user = await requireUser(ctx);',
      '    const title = args.title.trim();',
      '    if (title.length === 0) {',
      '      throw new ConvexError("Title is required");',
      '    }',
      `    const id = await ctx.db.insert("${t.name}", {`,
      ...insertFields(t, '      ', { owner: 'user._id', args: 'args', title: 'title' }),
      '    });',
    ];
    const target = cx.rng.chance(0.6) ? cx.internalTargets(t, 'byId') : undefined;
    if (target) {
      cx.uses.add('internal');
      lines.push(`    await ctx.scheduler.runAfter(0, ${ref('internal', target)}, { id });`);
    }
    lines.push('    return id;', '  },', '});');
    return { lines };
  },

  update(s, cx) {
    const t = s.table;
    cx.uses.add('mutation').add('v').add('requireUser').add('ConvexError');
    return {
      lines: [
        `export const ${s.name} = mutation({`,
        `  args: { id: v.id("${t.name}"), title: v.string() },`,
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    const existing = await ctx.db.get("${t.name}", args.id);`,
        '    if (existing === null) {',
        `      throw new ConvexError("${t.Sing} not found");`,
        '    }',
        '    if (existing.ownerId !== user._id) {',
        '      throw new ConvexError("Not allowed");',
        '    }',
        `    await ctx.db.patch("${t.name}", args.id, { title: args.title, updatedAt: Date.now() });`,
        '    return null;',
        '  },',
        '});',
      ],
    };
  },

  remove(s, cx) {
    const t = s.table;
    cx.uses.add('mutation').add('v').add('requireUser').add('ConvexError');
    return {
      lines: [
        `export const ${s.name} = mutation({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    const existing = await ctx.db.get("${t.name}", args.id);`,
        '    if (existing === null || existing.ownerId !== user._id) {',
        '      throw new ConvexError("Not allowed");',
        '    }',
        `    await ctx.db.delete("${t.name}", args.id);`,
        '  },',
        '});',
      ],
    };
  },

  internalGet(s, cx) {
    const t = s.table;
    cx.uses.add('internalQuery').add('v');
    return {
      lines: [
        `export const ${s.name} = internalQuery({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        `    return await ctx.db.get("${t.name}", args.id);`,
        '  },',
        '});',
      ],
    };
  },

  internalTouch(s, cx) {
    const t = s.table;
    cx.uses.add('internalMutation').add('v');
    return {
      lines: [
        `export const ${s.name} = internalMutation({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        `    const doc = await ctx.db.get("${t.name}", args.id);`,
        '    if (doc === null) {',
        '      return;',
        '    }',
        `    await ctx.db.patch("${t.name}", args.id, { updatedAt: Date.now() });`,
        '  },',
        '});',
      ],
    };
  },

  internalSweep(s, cx) {
    const t = s.table;
    cx.uses.add('internalMutation').add('DAY_MS');
    return {
      lines: [
        `export const ${s.name} = internalMutation({`,
        '  args: {},',
        '  handler: async (ctx) => {',
        '    const cutoff = Date.now() - 30 * DAY_MS;',
        `    const batch = await ctx.db.query("${t.name}").order("asc").take(100);`,
        '    let removed = 0;',
        '    for (const doc of batch) {',
        '      if (doc.updatedAt < cutoff) {',
        `        await ctx.db.delete("${t.name}", doc._id);`,
        '        removed += 1;',
        '      }',
        '    }',
        '    return removed;',
        '  },',
        '});',
      ],
    };
  },

  action(s, cx) {
    const t = s.table;
    const get = cx.internalTargets(t, 'get');
    const touch = cx.internalTargets(t, 'byId');
    if (!get || !touch) return undefined;
    cx.uses.add('action').add('v').add('requireIdentity').add('internal').add('ConvexError');
    return {
      lines: [
        `export const ${s.name} = action({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        '    await requireIdentity(ctx);',
        `    const doc = await ctx.runQuery(${ref('internal', get)}, { id: args.id });`,
        '    if (doc === null) {',
        `      throw new ConvexError("${t.Sing} not found");`,
        '    }',
        `    await ctx.runMutation(${ref('internal', touch)}, { id: args.id });`,
        '    return { ok: true, title: doc.title };',
        '  },',
        '});',
      ],
    };
  },

  authed(s, cx) {
    const t = s.table;
    cx.uses.add('authedQuery').add('v');
    return {
      lines: [
        `export const ${s.name} = authedQuery({`,
        '  args: { limit: v.optional(v.number()) },',
        '  handler: async (ctx, args) => {',
        '    return await ctx.db',
        ...ownerQuery(t, 'ctx.user._id', '      '),
        '      .take(args.limit ?? 25);',
        '  },',
        '});',
      ],
    };
  },

  authedMutation(s, cx) {
    const t = s.table;
    cx.uses.add('authedMutation').add('v').add('ConvexError');
    return {
      lines: [
        `export const ${s.name} = authedMutation({`,
        `  args: { id: v.id("${t.name}"), title: v.string() },`,
        '  handler: async (ctx, args) => {',
        `    const doc = await ctx.db.get("${t.name}", args.id);`,
        '    if (doc === null || doc.ownerId !== ctx.user._id) {',
        '      throw new ConvexError("Not allowed");',
        '    }',
        `    await ctx.db.patch("${t.name}", args.id, { title: args.title, updatedAt: Date.now() });`,
        '  },',
        '});',
      ],
    };
  },

  helperCall(s, cx) {
    const t = s.table;
    if (!cx.model) return undefined;
    const n = cx.model.names;
    cx.uses.add('query').add('v').add('requireUser').add(n.get).add(n.assert).add(n.summarize);
    return {
      lines: [
        `export const ${s.name} = query({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    const doc = await ${n.get}(ctx, args.id);`,
        `    ${n.assert}(doc, user._id);`,
        `    return ${n.summarize}(doc);`,
        '  },',
        '});',
      ],
    };
  },

  helperMutation(s, cx) {
    const t = s.table;
    if (!cx.model) return undefined;
    const n = cx.model.names;
    cx.uses.add('mutation').add('v').add('requireUser').add(n.insert);
    const input = [`title: args.title`];
    if (t.parentField) input.push(`${t.parentField}: args.${t.parentField}`);
    return {
      lines: [
        `export const ${s.name} = mutation({`,
        '  args: {',
        ...createArgs(t, '    '),
        '  },',
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    return await ${n.insert}(ctx, user._id, { ${input.join(', ')} });`,
        '  },',
        '});',
      ],
    };
  },

  // ---- planted problems -------------------------------------------------------------

  'filter-on-query'(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('v').add('requireUser');
    return {
      plantedAt: 6,
      lines: [
        `export const ${s.name} = query({`,
        '  args: { title: v.string() },',
        '  handler: async (ctx, args) => {',
        '    await requireUser(ctx);',
        '    return await ctx.db',
        `      .query("${t.name}")`,
        '      .filter((q) => q.eq(q.field("title"), args.title))',
        '      .take(20);',
        '  },',
        '});',
      ],
    };
  },

  'unawaited-insert'(s, cx) {
    const t = s.table;
    cx.uses.add('mutation').add('v').add('requireUser');
    const lines = [
      `export const ${s.name} = mutation({`,
      '  args: {',
      ...createArgs(t, '    '),
      '  },',
      '  handler: async (ctx, args) => {',
      '    const user = await requireUser(ctx);',
    ];
    const plantedAt = lines.length;
    lines.push(
      `    ctx.db.insert("${t.name}", {`,
      ...insertFields(t, '      ', { owner: 'user._id', args: 'args', title: 'args.title' }),
      '    });',
      '    return null;',
      '  },',
      '});',
    );
    return { lines, plantedAt };
  },

  'api-in-scheduler'(s, cx) {
    const t = s.table;
    const target = cx.publicTarget(t);
    if (!target) return undefined;
    cx.uses.add('mutation').add('v').add('requireUser').add('api').add('ConvexError');
    return {
      plantedAt: 9,
      lines: [
        `export const ${s.name} = mutation({`,
        `  args: { id: v.id("${t.name}") },`,
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        `    const doc = await ctx.db.get("${t.name}", args.id);`,
        '    if (doc === null || doc.ownerId !== user._id) {',
        '      throw new ConvexError("Not allowed");',
        '    }',
        '    const delayMs = 5 * 60 * 1000;',
        `    await ctx.scheduler.runAfter(delayMs, ${ref('api', target)}, { id: args.id });`,
        '  },',
        '});',
      ],
    };
  },

  'query-without-args'(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('requireUser');
    return {
      plantedAt: 0,
      lines: [
        `export const ${s.name} = query({`,
        '  handler: async (ctx) => {',
        '    const user = await requireUser(ctx);',
        '    const rows = await ctx.db',
        ...ownerQuery(t, 'user._id', '      '),
        '      .take(100);',
        '    return rows.length;',
        '  },',
        '});',
      ],
    };
  },

  'old-function-syntax'(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('requireUser');
    return {
      plantedAt: 0,
      lines: [
        `export const ${s.name} = query(async (ctx) => {`,
        '  const user = await requireUser(ctx);',
        '  return await ctx.db',
        ...ownerQuery(t, 'user._id', '    '),
        '    .take(10);',
        '});',
      ],
    };
  },

  'collect-without-index'(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('requireUser');
    return {
      plantedAt: 4,
      lines: [
        `export const ${s.name} = query({`,
        '  args: {},',
        '  handler: async (ctx) => {',
        '    await requireUser(ctx);',
        `    const all = await ctx.db.query("${t.name}").collect();`,
        // Half count the rows, half use them: a count is a distinct smell some tools report too.
        cx.rng.chance(0.5) ? '    return all.length;' : '    return all.map((row) => row.title).sort();',
        '  },',
        '});',
      ],
    };
  },

  'date-now-in-query'(s, cx) {
    const t = s.table;
    cx.uses.add('query').add('v').add('requireUser').add('DAY_MS');
    return {
      plantedAt: 4,
      lines: [
        `export const ${s.name} = query({`,
        '  args: { days: v.optional(v.number()) },',
        '  handler: async (ctx, args) => {',
        '    const user = await requireUser(ctx);',
        '    const cutoff = Date.now() - (args.days ?? 7) * DAY_MS;',
        '    const rows = await ctx.db',
        ...ownerQuery(t, 'user._id', '      '),
        '      .order("desc")',
        '      .take(200);',
        '    return rows.filter((row) => row._creationTime >= cutoff);',
        '  },',
        '});',
      ],
    };
  },
};

/** Clean kinds a function module draws from, with weights. */
export const CLEAN_FUNCTION_KINDS = [
  ['listMine', 3], ['getOne', 3], ['listByParent', 2], ['paginate', 2], ['search', 1], ['create', 3],
  ['update', 3], ['remove', 2], ['internalGet', 1], ['internalTouch', 1], ['action', 1], ['authed', 2],
  ['authedMutation', 1], ['helperCall', 2], ['helperMutation', 1],
];

/** Planted kinds a function module may receive. */
export const MODULE_PROBLEM_KINDS = [
  'filter-on-query', 'unawaited-insert', 'api-in-scheduler', 'query-without-args',
  'old-function-syntax', 'collect-without-index', 'date-now-in-query',
];

const NAME_BASES = {
  listMine: (t) => `listMy${t.Plural}`,
  getOne: (t) => `get${t.Sing}`,
  listByParent: (t) => `list${t.Plural}By${t.parent?.Sing ?? 'Parent'}`,
  paginate: (t) => `page${t.Plural}`,
  search: (t) => `search${t.Plural}`,
  create: (t) => `create${t.Sing}`,
  update: (t) => `update${t.Sing}`,
  remove: (t) => `remove${t.Sing}`,
  internalGet: (t) => `get${t.Sing}Internal`,
  internalTouch: (t) => `touch${t.Sing}`,
  internalSweep: (t) => `sweepStale${t.Plural}`,
  action: (t) => `sync${t.Sing}`,
  authed: (t) => `my${t.Plural}`,
  authedMutation: (t) => `rename${t.Sing}`,
  helperCall: (t) => `load${t.Sing}Details`,
  helperMutation: (t) => `add${t.Sing}`,
  'filter-on-query': (t) => `find${t.Plural}ByTitle`,
  'unawaited-insert': (t) => `quickAdd${t.Sing}`,
  'api-in-scheduler': (t) => `schedule${t.Sing}Cleanup`,
  'query-without-args': (t) => `count${t.Plural}`,
  'old-function-syntax': (t) => `legacy${t.Plural}`,
  'collect-without-index': (t) => `all${t.Plural}`,
  'date-now-in-query': (t) => `recent${t.Plural}`,
};
const QUALIFIERS = ['Recent', 'Pending', 'Shared', 'Archived', 'Flagged', 'Starred', 'Draft', 'Team', 'Public', 'Stale'];

/** A name for `kind` on `t` that is not yet in `taken`. */
export function functionName(kind, t, taken) {
  const base = NAME_BASES[kind](t);
  let name = base;
  for (let i = 0; taken.has(name); i++) name = i < QUALIFIERS.length ? `${base}${QUALIFIERS[i]}` : `${base}${i}`;
  taken.add(name);
  return name;
}
