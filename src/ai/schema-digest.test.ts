import { describe, expect, it } from 'vitest';
import { schemaDigest } from './schema-digest.js';

const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { authTables } from "@convex-dev/auth/server";

const role = v.union(v.literal("admin"), v.literal("member"));
const profile = { bio: v.optional(v.string()), links: v.array(v.string()) };
export const documents = defineTable(
  v.union(
    v.object({ kind: v.literal("note"), text: v.string() }),
    v.object({ kind: v.literal("file"), storageId: v.id("_storage") }),
  ),
).index("by_kind", ["kind"]);

export default defineSchema({
  ...authTables,
  users: defineTable({
    name: v.string(),
    email: v.optional(v.string()),
    role,
    ...profile,
    settings: v.object({ theme: v.string(), pinned: v.array(v.id("channels")) }),
    counts: v.record(v.string(), v.number()),
  })
    .index("by_email", ["email"])
    .index("by_role_and_name", { fields: ["role", "name"] }),
  documents,
  "chunk-embeddings": defineTable({ embedding: v.array(v.float64()), documentId: v.id("documents") })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 1536, filterFields: ["documentId"] })
    .searchIndex("search_text", { searchField: "text" }),
}, { schemaValidation: true });
`;

describe('the schema digest', () => {
  it('lists tables, fields with validator kinds, and indexes, following consts and spreads', () => {
    expect(schemaDigest('convex/schema.ts', SCHEMA)).toBe(
      [
        '...authTables',
        'users: name string, email? string, role "admin"|"member", ...profile, settings {theme string, pinned id<channels>[]}, counts record<string, number>',
        '  indexes: by_email(email); by_role_and_name(role, name)',
        'documents: {kind "note", text string}|{kind "file", storageId id<_storage>}',
        '  indexes: by_kind(kind)',
        'chunk-embeddings: embedding float64[], documentId id<documents>',
        '  indexes: vector by_embedding(embedding, 1536 dims; filter documentId); search search_text(text)',
      ].join('\n'),
    );
  });

  it('is undefined, never an error, for a file without a schema or one it cannot parse', () => {
    expect(schemaDigest('convex/schema.ts', 'export const x = 1;')).toBeUndefined();
    expect(schemaDigest('convex/schema.ts', 'export default defineSchema(')).toBeUndefined();
    expect(schemaDigest('convex/schema.ts', 'export default defineSchema({ t: defineTable(fields) })')).toBe('t: fields');
  });
});
