import { describe, expect, it } from 'vitest';
import { projectOf } from '../../../test/support/convex.js';

/** A partial checkout: the functions folder without tsconfig.json, its imports through an alias. */
const ALIASED = {
  'convex/schema.ts': 'import { defineSchema } from "convex/server";\nexport default defineSchema({});\n',
  'convex/notes.ts': `import { query } from "@/convex/_generated/server";
import { api } from "~/_generated/api.js";
import type { Doc } from "@backend/_generated/dataModel";
export const list = query(async (ctx) => ctx.db.query("notes").collect());
`,
};

describe('generated modules named through an alias no file or tsconfig resolves', () => {
  it('resolve to the functions folder’s generated module', () => {
    const project = projectOf(ALIASED);
    const file = project.filesByPath.get('convex/notes.ts')!;
    expect(project.resolveModule(file, '@/convex/_generated/server')).toEqual({ kind: 'generated', name: 'server' });
    expect(project.resolveModule(file, '~/_generated/api.js')).toEqual({ kind: 'generated', name: 'api' });
    expect(project.resolveModule(file, '@backend/_generated/dataModel')).toEqual({ kind: 'generated', name: 'dataModel' });
  });

  it('so the module is recognised as Convex code: its registrations are seen', () => {
    const project = projectOf(ALIASED);
    const file = project.filesByPath.get('convex/notes.ts')!;
    expect(project.registrationsIn(file).map((r) => [r.kind, r.visibility, r.exportNames])).toEqual([['query', 'public', ['list']]]);
  });

  it('leaves other bare specifiers, and other generated names, packages', () => {
    const project = projectOf(ALIASED);
    const file = project.filesByPath.get('convex/notes.ts')!;
    expect(project.resolveModule(file, 'convex/server')).toEqual({ kind: 'package', name: 'convex/server' });
    expect(project.resolveModule(file, '@/convex/_generated/other')).toEqual({ kind: 'package', name: '@/convex/_generated/other' });
    expect(project.resolveModule(file, 'some-lib/_generated/serverless')).toEqual({ kind: 'package', name: 'some-lib/_generated/serverless' });
  });
});
