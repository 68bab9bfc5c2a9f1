import { describe, expect, it } from 'vitest';
import { projectOf } from '../../../test/support/convex.js';

const schemaOf = (files: Record<string, string>) => projectOf(files).schema;

describe('the schema model', () => {
  it('reads tables, fields, db/search/vector indexes and staged flags', () => {
    const schema = schemaOf({
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({
  users: defineTable({ name: v.string(), email: v.string() }).index("by_email", ["email"]),
  docs: defineTable(v.object({ body: v.string(), owner: v.id("users"), embedding: v.array(v.float64()) }))
    .index("by_owner", { fields: ["owner"], staged: true })
    .searchIndex("search_body", { searchField: "body", filterFields: ["owner"] })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 3, filterFields: ["owner"] }),
});
`,
    })!;
    expect(schema.open).toBe(false);
    expect([...schema.tables.keys()]).toEqual(['users', 'docs']);
    expect(schema.tables.get('users')!.fields).toEqual(['name', 'email']);
    expect(schema.tables.get('docs')!.indexes.map((i) => [i.name, i.kind, i.fields, i.staged])).toEqual([
      ['by_owner', 'db', ['owner'], true],
      ['search_body', 'search', ['body', 'owner'], false],
      ['by_embedding', 'vector', ['embedding', 'owner'], false],
    ]);
  });

  it('follows tables defined in variables and in other files', () => {
    const schema = schemaOf({
      'convex/tables/messages.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const messages = defineTable({ channel: v.string() }).index("by_channel", ["channel"]);
`,
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { messages } from "./tables/messages";
const base = defineTable({ n: v.number() });
const counters = base.index("by_n", ["n"]);
const more = { counters };
export default defineSchema({ messages, ...more, logs: messages.index("by_creation", ["_creationTime"]) });
`,
    })!;
    expect(schema.open).toBe(false);
    expect([...schema.tables.keys()]).toEqual(['messages', 'counters', 'logs']);
    expect(schema.tables.get('counters')!.indexes.map((i) => i.name)).toEqual(['by_n']);
    expect(schema.tables.get('logs')!.indexes.map((i) => i.name)).toEqual(['by_channel', 'by_creation']);
    expect(schema.tables.get('messages')!.openDefinition).toBe(false);
  });

  it('is open when tables are spread in from a package, and marks tables it cannot see', () => {
    const schema = schemaOf({
      'convex/schema.ts': `import { defineSchema } from "convex/server";
import { authTables } from "@convex-dev/auth/server";
import { makeTable } from "./factory";
export default defineSchema({ ...authTables, things: makeTable() });
`,
      'convex/factory.ts': `export const makeTable = () => null;\n`,
    })!;
    expect(schema.open).toBe(true);
    expect(schema.openReasons).toEqual(['...authTables']);
    expect(schema.tables.get('things')!.openDefinition).toBe(true);
  });

  it('is absent without a schema file or defineSchema call', () => {
    expect(schemaOf({ 'convex/a.ts': 'export const a = 1;' })).toBeUndefined();
    expect(schemaOf({ 'convex/schema.ts': 'export default {};' })).toBeUndefined();
  });
});
