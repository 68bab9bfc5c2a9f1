import { describe, expect, it } from 'vitest';
import { projectOf } from '../../../test/support/convex.js';

const schemaWith = (body: string): string => `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
${body}
`;

describe('schema model: what may exist beyond what it sees', () => {
  it('is open when defineSchema options allow tables outside the schema, or cannot be read', () => {
    const open = (options: string): boolean | undefined =>
      projectOf({ 'convex/schema.ts': schemaWith(`export default defineSchema({ a: defineTable({}) }${options});`) }).schema?.open;
    expect(open('')).toBe(false);
    expect(open(', { schemaValidation: false })')).toBe(false);
    expect(open(', { strictTableNameTypes: true })')).toBe(false);
    expect(open(', { strictTableNameTypes: false })')).toBe(true);
    expect(open(', options)')).toBe(true);
    expect(open(', { ...defaults })')).toBe(true);
  });

  it('marks a table whose index names it cannot read as an open definition', () => {
    const schema = projectOf({
      'convex/schema.ts': schemaWith(`const NAME = "by_a";
export default defineSchema({
  named: defineTable({ a: v.string() }).index(NAME, ["a"]),
  plain: defineTable({ a: v.string() }).index("by_a", ["a"]),
});`),
    }).schema;
    expect(schema?.tables.get('named')?.openDefinition).toBe(true);
    expect(schema?.tables.get('plain')?.openDefinition).toBe(false);
  });
});
