import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';

/** What the registrations of a project look like, in a compact form. */
function registrations(files: Record<string, string>) {
  return projectOf(files).registrations.map((r) => ({
    file: r.file.relPath,
    kind: r.kind,
    visibility: r.visibility,
    exports: r.exportNames,
    builders: r.registrar.customizations.map((c) => c.name ?? c.factory),
  }));
}

describe('the registration resolver', () => {
  it('resolves aliases, namespace imports, generic builders and every export form', () => {
    expect(
      registrations({
        'convex/a.ts': `import { query as q, internalMutation } from "./_generated/server";
import * as server from "./_generated/server";
import { actionGeneric, httpActionGeneric } from "convex/server";
export const one = q({ args: {}, handler: async () => 1 });
const two = internalMutation({ args: {}, handler: async () => 2 });
export { two as renamed, two };
export default server.action({ args: {}, handler: async () => 3 });
export const four = actionGeneric({ args: {}, handler: async () => 4 });
export const hook = httpActionGeneric(async () => new Response());
const neverExported = q({ args: {}, handler: async () => 5 });
`,
      }),
    ).toEqual([
      { file: 'a.ts', kind: 'query', visibility: 'public', exports: ['one'], builders: [] },
      { file: 'a.ts', kind: 'mutation', visibility: 'internal', exports: ['renamed', 'two'], builders: [] },
      { file: 'a.ts', kind: 'action', visibility: 'public', exports: ['default'], builders: [] },
      { file: 'a.ts', kind: 'action', visibility: 'public', exports: ['four'], builders: [] },
      { file: 'a.ts', kind: 'httpAction', visibility: 'public', exports: ['hook'], builders: [] },
      { file: 'a.ts', kind: 'query', visibility: 'public', exports: [], builders: [] },
    ]);
  });

  it('follows re-exports through barrels, export *, renames and .js specifiers across files', () => {
    const regs = registrations({
      'convex/lib/server.ts': `export { internalQuery as iq, mutation } from "../_generated/server";\n`,
      'convex/lib/index.ts': `export * from "./server.js";\nexport * as ns from "./server";\n`,
      'convex/b.ts': `import { iq, mutation, ns } from "./lib";
export const x = iq({ args: {}, handler: async () => 1 });
export const y = mutation({ args: {}, handler: async () => 1 });
export const z = ns.iq({ args: {}, handler: async () => 1 });
`,
    });
    expect(regs.map((r) => `${r.exports[0]}:${r.kind}:${r.visibility}`)).toEqual(['x:query:internal', 'y:mutation:public', 'z:query:internal']);
  });

  it('follows convex-helpers custom builders recursively, inheriting kind and visibility', () => {
    const regs = registrations({
      'convex/builders.ts': `import { internalMutation, query } from "./_generated/server";
import { customMutation, customQuery, customCtx } from "convex-helpers/server/customFunctions";
import { zCustomQuery } from "convex-helpers/server/zod";
export const adminMutation = customMutation(internalMutation, customCtx(async () => ({})));
export const auditedAdminMutation = customMutation(adminMutation, customCtx(async () => ({})));
export const zq = zCustomQuery(query, { args: {}, input: async () => ({ ctx: {}, args: {} }) });
`,
      'convex/use.ts': `import { auditedAdminMutation, zq } from "./builders";
export const m = auditedAdminMutation({ args: {}, handler: async () => null });
export const q = zq({ args: {}, handler: async () => null });
`,
    });
    expect(regs).toEqual([
      { file: 'use.ts', kind: 'mutation', visibility: 'internal', exports: ['m'], builders: ['auditedAdminMutation', 'adminMutation'] },
      { file: 'use.ts', kind: 'query', visibility: 'public', exports: ['q'], builders: ['zq'] },
    ]);
  });

  it('is not fooled by same-named functions, shadowing modules, or import cycles', () => {
    expect(
      registrations({
        'convex/a.ts': `import { query } from "./b";\nexport const x = query({ handler: () => 1 });\nexport { y } from "./b";\n`,
        'convex/b.ts': `export { query } from "./a";\nexport * from "./a";\nexport const y = 1;\n`,
        'convex/c.ts': `import { query } from "some-orm";\nexport const z = query({ handler: () => 1 });\n`,
      }),
    ).toEqual([]);
  });

  it('finds the handler, args and syntax of each registration', () => {
    const project = projectOf({
      'convex/h.ts': `import { query, mutation } from "./_generated/server";
const def = { args: {}, handler: async (ctx: unknown) => 1 };
export const a = query(def);
async function impl(ctx: unknown) { return 2; }
export const b = mutation(impl);
export const c = query({ args: {}, async handler(ctx) { return 3; } });
export const d = query(makeDefinition());
`,
    });
    const [a, b, c, d] = project.registrations;
    expect([a.syntax, b.syntax, c.syntax, d.syntax]).toEqual(['object', 'function', 'object', 'unknown']);
    expect(a.handler && ts.isArrowFunction(a.handler)).toBe(true);
    expect(b.handler && ts.isFunctionDeclaration(b.handler)).toBe(true);
    expect(c.handler && ts.isMethodDeclaration(c.handler)).toBe(true);
    expect(a.args).toBeDefined();
  });
});
