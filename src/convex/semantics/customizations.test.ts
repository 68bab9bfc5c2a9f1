import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';
import { callSites } from './call-graph.js';
import { customizationMods } from './customizations.js';

const BUILDERS = `import { query, mutation } from "../_generated/server";
import { customQuery, customMutation, customCtx, customCtxAndArgs, NoOp } from "convex-helpers/server/customFunctions";
import { Triggers } from "convex-helpers/server/triggers";
import { v } from "convex/values";
import { sharedMods, checkUser } from "./mods";
import { mods as foreign } from "some-package";
const triggers = new Triggers();
const named = customCtx(async (a) => ({ who: await a.auth.getUserIdentity() }));
export const inline = customQuery(query, customCtx(async (ctx) => ({})));
export const byName = customQuery(query, named);
export const otherFile = customMutation(mutation, sharedMods);
export const method = customQuery(query, { args: { key: v.string() }, input(ctx, args) { return { ctx: {}, args }; } });
export const referenced = customQuery(query, { args: {}, input: checkUser });
export const withArgs = customQuery(query, customCtxAndArgs({ args: { sessionId: v.string() }, input: async (ctx, args) => ({ ctx: {}, args }) }));
export const noop = customQuery(query, NoOp);
export const trig = customMutation(mutation, customCtx(triggers.wrapDB));
export const opaque = customQuery(query, foreign);
export const unknownFactory = customQuery(query, makeMods(async (ctx) => ({})));
function makeMods(f: unknown) { return f; }
`;

const MODS = `import { customCtx } from "convex-helpers/server/customFunctions";
export const sharedMods = customCtx(async (b) => ({ d: b.db }));
export async function checkUser(c, args) { return { ctx: { who: await c.auth.getUserIdentity() }, args }; }
`;

describe('customizationMods', () => {
  const project = projectOf({
    'convex/lib/builders.ts': BUILDERS,
    'convex/lib/mods.ts': MODS,
    'convex/uses.ts': `import * as b from "./lib/builders";
${['inline', 'byName', 'otherFile', 'method', 'referenced', 'withArgs', 'noop', 'trig', 'opaque', 'unknownFactory']
  .map((n) => `export const use_${n} = b.${n}({ args: {}, handler: async () => null });`)
  .join('\n')}
`,
  });
  const modsOf = (name: string) => {
    const reg = project.registrations.find((r) => r.exportNames.includes(`use_${name}`))!;
    const mods = customizationMods(project, reg.registrar.customizations[0]);
    return {
      inputs: mods.inputs.map((i) => `${i.file.relPath}:${i.fn.parameters[0]?.name.getText() ?? '-'}`),
      args: mods.args?.expression.getText(),
      complete: mods.complete,
    };
  };

  it('finds input functions inline, by name, in another file, as methods and as named helpers', () => {
    expect(modsOf('inline')).toEqual({ inputs: ['lib/builders.ts:ctx'], args: undefined, complete: true });
    expect(modsOf('byName')).toEqual({ inputs: ['lib/builders.ts:a'], args: undefined, complete: true });
    expect(modsOf('otherFile')).toEqual({ inputs: ['lib/mods.ts:b'], args: undefined, complete: true });
    expect(modsOf('method')).toEqual({ inputs: ['lib/builders.ts:ctx'], args: '{ key: v.string() }', complete: true });
    expect(modsOf('referenced')).toEqual({ inputs: ['lib/mods.ts:c'], args: '{}', complete: true });
    expect(modsOf('withArgs')).toEqual({ inputs: ['lib/builders.ts:ctx'], args: '{ sessionId: v.string() }', complete: true });
  });

  it('knows the no-ops and says when mods cannot be followed', () => {
    expect(modsOf('noop')).toEqual({ inputs: [], args: undefined, complete: true });
    expect(modsOf('trig')).toEqual({ inputs: [], args: undefined, complete: true });
    expect(modsOf('opaque')).toEqual({ inputs: [], args: undefined, complete: false });
    // An unknown factory handed a function: the function probably gets ctx, but the rest is unknown.
    expect(modsOf('unknownFactory')).toEqual({ inputs: ['lib/builders.ts:ctx'], args: undefined, complete: false });
  });

  it('gives the ctx role to input functions bound to a name or defined in another file', () => {
    const roleOfText = (path: string, text: string) => {
      const file = project.filesByPath.get(path)!;
      let found: string | undefined;
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAccessExpression(node) && node.getText(file.ast) === text) found = project.ctx(file).roleOf(node);
        ts.forEachChild(node, visit);
      };
      visit(file.ast);
      return found;
    };
    expect(roleOfText('convex/lib/builders.ts', 'a.auth')).toBe('auth');
    expect(roleOfText('convex/lib/mods.ts', 'b.db')).toBe('db');
    expect(roleOfText('convex/lib/mods.ts', 'c.auth')).toBe('auth');
  });
});

describe('callSites', () => {
  it('includes the call that is an arrow function’s whole body', () => {
    const project = projectOf({
      'convex/f.ts': `import { query } from "./_generated/server";
function helper(ctx: unknown) { return ctx; }
export const q = query({ args: {}, handler: (ctx) => helper(ctx) });
`,
    });
    const reg = project.registrations[0];
    const sites = callSites(project, { file: reg.file, fn: reg.handler! });
    expect(sites.map((s) => [s.call.getText(), s.target !== undefined])).toEqual([['helper(ctx)', true]]);
  });
});
