import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { schemaImportCycle as rule } from './schema-import-cycle.js';

/** A schema that takes its task fields from `./model/tasks`. */
const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { taskFields } from "./model/tasks";
export default defineSchema({
  tasks: defineTable(taskFields),
  projects: defineTable({ name: taskFields.title }),
});
`;

describe('schema-import-cycle', () => {
  it('flags a module-scope read of the schema in a file the schema imports, at the read', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string(), done: v.boolean() };
export const taskId = schema.id("tasks");
export const taskDoc = schema.tables.tasks.validator;
`,
    });
    expect(locations(findings)).toEqual(['convex/model/tasks.ts:4 error', 'convex/model/tasks.ts:5 error']);
    expect(findings[0].message).toBe(
      '`schema` is read while this module loads, but `schema.ts` imports this file (schema.ts → model/tasks.ts): it is still undefined here',
    );
    expect(findings[0].column).toBe(23);
    expect(findings[0].detail).toContain('v.id("table")');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/database/schemas');
  });

  it('accepts reads inside functions and handlers, type-only uses, and re-exports', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/model/tasks.ts': `import { v, type Infer } from "convex/values";
import schema from "../schema";
import type { DataModelFromSchemaDefinition } from "convex/server";
export const taskFields = { title: v.string(), done: v.boolean() };
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
export type Task = Infer<typeof schema.tables.tasks.validator>;
export function taskValidator() {
  return schema.tables.tasks.validator;
}
export const lazy = () => schema.tables.tasks;
export class Repo {
  table = schema.tables.tasks;
}
export { schema };
`,
    });
    expect(findings).toEqual([]);
  });

  it('says nothing without a cycle: the schema does not import the file, or only for types', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import type { TaskShape } from "./model/types";
import { v } from "convex/values";
export default defineSchema({ tasks: defineTable({ title: v.string() }) });
export type T = TaskShape;
`,
      'convex/model/types.ts': `import schema from "../schema";
export type TaskShape = { title: string };
export const tasksTable = schema.tables.tasks;
`,
      'convex/validators.ts': `import schema from "./schema";
export const taskDoc = schema.tables.tasks.validator;
`,
    });
    expect(findings).toEqual([]);
  });

  it('follows the cycle through intermediate modules and names the chain', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { fields } from "./model";
export default defineSchema({ tasks: defineTable(fields) });
`,
      'convex/model/index.ts': `export * from "./fields";\n`,
      'convex/model/fields.ts': `import { v } from "convex/values";
import schema from "../schema";
export const fields = { title: v.string() };
export const ref = schema.id("tasks");
`,
    });
    expect(locations(findings)).toEqual(['convex/model/fields.ts:4 error']);
    expect(findings[0].message).toContain('(schema.ts → model/index.ts → model/fields.ts)');
  });

  it('flags named schema exports and namespace imports, not hoisted function declarations', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { taskFields } from "./model/tasks";
export const status = v.union(v.literal("open"), v.literal("done"));
export function label(s: string) { return s.toUpperCase(); }
export default defineSchema({ tasks: defineTable({ ...taskFields, status }) });
`,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import * as model from "../schema";
import { status as taskStatus, label } from "../schema";
export const taskFields = { title: v.string() };
export const withStatus = { ...taskFields, status: taskStatus };
export const tables = model.default.tables;
export const title = label("tasks");
`,
    });
    expect(locations(findings)).toEqual(['convex/model/tasks.ts:5 error', 'convex/model/tasks.ts:6 error']);
    expect(findings[0].message).toMatch(/^`status` is read while this module loads/);
    expect(findings[1].message).toMatch(/^`model.default` is read while this module loads/);
  });

  it('sees the schema through a barrel re-export, and through a same-file function called at load', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/lib/index.ts': `export { default as appSchema } from "../schema";\n`,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import { appSchema } from "../lib";
export const taskFields = { title: v.string() };
function tableValidator(schema: { tables: Record<string, unknown> }) {
  return schema.tables;
}
function tasksValidator() {
  return appSchema.tables.tasks.validator;
}
export const doc = tasksValidator();
export const other = tableValidator({ tables: {} });
`,
    });
    expect(locations(findings)).toEqual(['convex/model/tasks.ts:10 error']);
    expect(findings[0].message).toMatch(/^`tasksValidator\(\)` reads `appSchema` while this module loads/);
  });

  it('follows an expression-bodied arrow called at load, and not one that is only passed around', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string() };
const current = () => schema;
export const tables = current().tables;
export const later = [current];
`,
    });
    expect(locations(findings)).toEqual(['convex/model/tasks.ts:5 error']);
    expect(findings[0].message).toMatch(/^`current\(\)` reads `schema` while this module loads/);
  });

  it('follows the cycle through tsconfig path aliases, both ways', () => {
    const findings = findingsOf(rule, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', paths: { '@/*': ['./*'] } } }),
      'convex/schema.ts': SCHEMA.replace('"./model/tasks"', '"@/convex/model/tasks.js"'),
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "@/convex/schema";
export const taskFields = { title: v.string(), done: v.boolean() };
export const taskId = schema.id("tasks");
`,
    });
    expect(locations(findings)).toEqual(['convex/model/tasks.ts:4 error']);
    expect(findings[0].message).toContain('(schema.ts → model/tasks.ts)');
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': SCHEMA,
      'convex/model/tasks.ts': `import { v } from "convex/values";
import schema from "../schema";
export const taskFields = { title: v.string() };
// convex-review-disable-next-line schema-import-cycle -- tracked in #123
export const taskDoc = schema.tables.tasks.validator;
`,
    });
    expect(findings).toEqual([]);
  });
});
