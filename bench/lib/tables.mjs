// The data model of a generated project: tables, fields, indexes, and schema.ts.

/** @typedef {{ name: string, validator: string, kind: string }} Field */
/** @typedef {{ name: string, fields: string[], redundant?: 'prefix' | 'duplicate' }} Index */
/**
 * @typedef {{
 *   name: string, singular: string, Sing: string, Plural: string,
 *   fields: Field[], indexes: Index[], objectForm: boolean,
 *   parent?: Table, parentField?: string, ownerIndex?: Index, parentIndex?: Index,
 *   search?: { name: string, field: string }, statuses?: string[],
 * }} Table
 */

const TABLE_NAMES = [
  ['users', 'user'], ['teams', 'team'], ['projects', 'project'], ['tasks', 'task'],
  ['comments', 'comment'], ['messages', 'message'], ['channels', 'channel'], ['documents', 'document'],
  ['attachments', 'attachment'], ['invoices', 'invoice'], ['payments', 'payment'], ['subscriptions', 'subscription'],
  ['notifications', 'notification'], ['events', 'event'], ['tags', 'tag'], ['sessions', 'session'],
  ['auditLogs', 'auditLog'], ['reports', 'report'], ['orders', 'order'], ['products', 'product'],
  ['reviews', 'review'], ['carts', 'cart'], ['shipments', 'shipment'], ['tickets', 'ticket'],
];
export const MAX_TABLES = TABLE_NAMES.length;

const STATUS_SETS = [
  ['open', 'in_progress', 'done'],
  ['draft', 'published', 'archived'],
  ['active', 'paused', 'cancelled'],
  ['pending', 'paid', 'refunded'],
  ['new', 'triaged', 'closed'],
];

/** Optional extra fields beyond ownerId, parent, title, updatedAt. */
const EXTRA_FIELDS = [
  { name: 'body', validator: 'v.string()', kind: 'string' },
  { name: 'status', validator: '', kind: 'status' },
  { name: 'priority', validator: 'v.number()', kind: 'number' },
  { name: 'score', validator: 'v.float64()', kind: 'number' },
  { name: 'archived', validator: 'v.boolean()', kind: 'boolean' },
  { name: 'tags', validator: 'v.array(v.string())', kind: 'array' },
  { name: 'notes', validator: 'v.optional(v.string())', kind: 'optional' },
  { name: 'dueAt', validator: 'v.optional(v.number())', kind: 'optional' },
  { name: 'externalId', validator: 'v.optional(v.string())', kind: 'optional' },
  { name: 'metadata', validator: 'v.optional(v.object({ source: v.string(), revision: v.number() }))', kind: 'optional' },
];

export const cap = (s) => s[0].toUpperCase() + s.slice(1);

/**
 * @param {import('./prng.mjs').Rng} rng
 * @param {number} count
 * @returns {Table[]}
 */
export function buildTables(rng, count) {
  /** @type {Table[]} */
  const tables = [];
  for (let i = 0; i < count; i++) {
    const [name, singular] = TABLE_NAMES[i];
    /** @type {Table} */
    const table = { name, singular, Sing: cap(singular), Plural: cap(name), fields: [], indexes: [], objectForm: i % 3 === 2 };
    if (i === 0) {
      table.fields = [
        { name: 'name', validator: 'v.string()', kind: 'string' },
        { name: 'email', validator: 'v.string()', kind: 'string' },
        { name: 'tokenIdentifier', validator: 'v.string()', kind: 'string' },
        { name: 'role', validator: 'v.union(v.literal("admin"), v.literal("member"))', kind: 'role' },
        { name: 'avatarUrl', validator: 'v.optional(v.string())', kind: 'optional' },
      ];
      table.indexes = [
        { name: 'by_tokenIdentifier', fields: ['tokenIdentifier'] },
        { name: 'by_email', fields: ['email'] },
      ];
      tables.push(table);
      continue;
    }
    table.fields.push({ name: 'ownerId', validator: 'v.id("users")', kind: 'owner' });
    if (i >= 2 && rng.chance(0.6)) {
      const parent = tables[rng.int(1, i - 1)];
      table.parent = parent;
      table.parentField = `${parent.singular}Id`;
      table.fields.push({ name: table.parentField, validator: `v.id("${parent.name}")`, kind: 'parent' });
    }
    table.fields.push({ name: 'title', validator: 'v.string()', kind: 'string' });
    const extras = rng.shuffle(EXTRA_FIELDS).slice(0, rng.int(2, 5));
    for (const f of EXTRA_FIELDS) {
      if (!extras.includes(f)) continue;
      if (f.kind === 'status') {
        table.statuses = rng.pick(STATUS_SETS);
        table.fields.push({ name: 'status', validator: `v.union(${table.statuses.map((s) => `v.literal("${s}")`).join(', ')})`, kind: 'status' });
      } else table.fields.push({ ...f });
    }
    table.fields.push({ name: 'updatedAt', validator: 'v.number()', kind: 'number' });

    const has = (n) => table.fields.some((f) => f.name === n);
    table.ownerIndex = has('status')
      ? { name: 'by_ownerId_and_status', fields: ['ownerId', 'status'] }
      : { name: 'by_ownerId_and_updatedAt', fields: ['ownerId', 'updatedAt'] };
    table.indexes.push(table.ownerIndex);
    if (table.parentField) {
      table.parentIndex = { name: `by_${table.parentField}`, fields: [table.parentField] };
      table.indexes.push(table.parentIndex);
    }
    if (has('status') && rng.chance(0.5)) table.indexes.push({ name: 'by_status_and_updatedAt', fields: ['status', 'updatedAt'] });
    if (has('externalId')) table.indexes.push({ name: 'by_externalId', fields: ['externalId'] });
    if (rng.chance(0.5)) table.search = { name: 'search_title', field: 'title' };
    tables.push(table);
  }
  return tables;
}

/** Plants `count` redundant indexes (a prefix of, or identical to, the owner index) on distinct tables. */
export function plantRedundantIndexes(rng, tables, count) {
  const candidates = rng.shuffle(tables.filter((t) => t.ownerIndex)).slice(0, count);
  for (const t of candidates) {
    const redundant = rng.chance(0.5)
      ? { name: 'by_ownerId', fields: ['ownerId'], redundant: 'prefix' }
      : { name: 'by_owner', fields: [...t.ownerIndex.fields], redundant: 'duplicate' };
    t.indexes.splice(rng.int(0, t.indexes.length), 0, redundant);
  }
  return candidates.length;
}

/**
 * schema.ts, plus the planted redundant indexes as {line, kind}.
 * @param {Table[]} tables
 */
export function renderSchema(tables) {
  const out = [
    'import { defineSchema, defineTable } from "convex/server";',
    'import { v } from "convex/values";',
    '',
    '// Shared validators, reused by several tables.',
    'export const auditFields = {',
    '  updatedAt: v.number(),',
    '};',
    '',
    'export default defineSchema({',
  ];
  /** @type {{ line: number, kind: string }[]} */
  const planted = [];
  for (const t of tables) {
    out.push(t.objectForm ? `  ${t.name}: defineTable(v.object({` : `  ${t.name}: defineTable({`);
    for (const f of t.fields) out.push(`    ${f.name}: ${f.validator},`);
    out.push(t.objectForm ? '  }))' : '  })');
    for (const idx of t.indexes) {
      if (idx.redundant) planted.push({ line: out.length + 1, kind: 'redundant-index' });
      out.push(`    .index("${idx.name}", [${idx.fields.map((f) => `"${f}"`).join(', ')}])`);
    }
    if (t.search) out.push(`    .searchIndex("${t.search.name}", { searchField: "${t.search.field}", filterFields: ["ownerId"] })`);
    out[out.length - 1] += ',';
  }
  out.push('});', '');
  return { text: out.join('\n'), planted };
}
