import { describe, expect, it } from 'vitest';
import { projectOf } from '../../../test/support/convex.js';

describe('schema model: db index field lists the model cannot fully read', () => {
  it('marks fieldsUnknown when a field is a variable, a spread, or the config is not a literal', () => {
    const project = projectOf({
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
const f = "b";
const SHARED = ["a"];
export default defineSchema({
  t: defineTable({})
    .index("literal", ["a", "b"])
    .index("object", { fields: ["a"], staged: true })
    .index("variable", ["a", f])
    .index("spread", [...SHARED, "b"])
    .index("config", SHARED)
    .searchIndex("search", { searchField: "a" }),
});
`,
    });
    const indexes = project.schema?.tables.get('t')?.indexes ?? [];
    expect(indexes.map((i) => [i.name, i.fieldsUnknown])).toEqual([
      ['literal', false],
      ['object', false],
      ['variable', true],
      ['spread', true],
      ['config', true],
      ['search', false],
    ]);
  });
});
