import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { walk } from './ast.js';
import { developmentSeedingReason, isDevelopmentSeeding } from './dev-seeding.js';

/** The file and its first `marker()` call, the node the tests ask about. */
function at(relPath: string, text: string): { file: { relPath: string }; node: ts.Node } {
  const ast = ts.createSourceFile(relPath, text, ts.ScriptTarget.Latest, true);
  let node: ts.Node | undefined;
  walk(ast, (n) => {
    if (!node && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'marker') node = n;
  });
  if (!node) throw new Error('no marker()');
  return { file: { relPath }, node };
}

describe('isDevelopmentSeeding', () => {
  it('recognises modules and folders named for seeding or development', () => {
    for (const path of ['seed.ts', 'seedData.ts', 'seeds/users.ts', 'dev/reset.ts', 'fixtures.ts', 'testingFunctions.ts', 'dev_tools.ts']) {
      expect(isDevelopmentSeeding({ relPath: path }), path).toBe(true);
    }
    expect(developmentSeedingReason({ relPath: 'dev/reset.ts' })).toBe('its path names it: `dev`');
  });

  it('does not take words that merely start like one for it', () => {
    for (const path of ['devices.ts', 'developer/profile.ts', 'seedling.ts', 'messages.ts', 'testimonials.ts', 'initiatives.ts']) {
      expect(isDevelopmentSeeding({ relPath: path }), path).toBe(false);
    }
  });

  it('recognises functions, variables and builders named for seeding', () => {
    const { file, node } = at('users.ts', 'export const seedUsers = internalMutation({ handler: async (ctx) => { marker(); } });');
    expect(developmentSeedingReason(file, node)).toBe('`seedUsers` is named for seeding or development');
    expect(isDevelopmentSeeding(...spread(at('users.ts', 'async function devReset(ctx) { marker(); }')))).toBe(true);
    expect(developmentSeedingReason(...spread(at('users.ts', 'export const x = testingMutation({ handler: async () => { marker(); } });')))).toBe(
      'it is registered with `testingMutation`',
    );
    expect(isDevelopmentSeeding(...spread(at('users.ts', 'export const list = query({ handler: async (ctx) => { marker(); } });')))).toBe(false);
    // A local variable names a value, not code.
    expect(isDevelopmentSeeding(...spread(at('users.ts', 'export const list = query({ handler: async (ctx) => { const seedRows = marker(); } });')))).toBe(false);
    expect(isDevelopmentSeeding(...spread(at('users.ts', 'export const seedRows = marker();')))).toBe(true);
    // A call to a seeding helper is not itself seeding code.
    expect(isDevelopmentSeeding(...spread(at('users.ts', 'export const list = query({ handler: async (ctx) => { seedUsers(marker()); } });')))).toBe(false);
  });

  it('counts an init function only when it inserts a fixed list of documents', () => {
    const loop = `const ROWS = [{ name: "a" }, { name: "b" }];
export const init = internalMutation({ handler: async (ctx) => { marker(); for (const row of ROWS) await ctx.db.insert("users", row); } });`;
    expect(developmentSeedingReason(...spread(at('users.ts', loop)))).toBe('`init` inserts a fixed list of documents');
    const inlineMap = `export const initData = mutation({ handler: async (ctx) => { marker(); await Promise.all([{ n: 1 }].map((r) => ctx.db.insert("t", r))); } });`;
    expect(isDevelopmentSeeding(...spread(at('users.ts', inlineMap)))).toBe(true);
    const fromArgs = `export const init = mutation({ handler: async (ctx, args) => { marker(); for (const row of args.rows) await ctx.db.insert("users", row); } });`;
    expect(isDevelopmentSeeding(...spread(at('users.ts', fromArgs)))).toBe(false);
    const noInsert = `export const init = mutation({ handler: async (ctx) => { marker(); for (const id of ["a"]) await ctx.db.get(id); } });`;
    expect(isDevelopmentSeeding(...spread(at('users.ts', noInsert)))).toBe(false);
  });
});

function spread(x: { file: { relPath: string }; node: ts.Node }): [{ relPath: string }, ts.Node] {
  return [x.file, x.node];
}
