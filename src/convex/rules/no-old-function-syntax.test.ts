import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { noOldFunctionSyntax as rule } from './no-old-function-syntax.js';

describe('no-old-function-syntax', () => {
  it('flags the bare-handler form and wraps it, adding args: {} only when the handler takes no args', () => {
    const findings = findingsOf(rule, {
      'convex/old.ts': `${SERVER_IMPORT}
export const count = query(async (ctx) => 1);
export const send = mutation(async (ctx, { body }: { body: string }) => body);
`,
    });
    expect(locations(findings)).toEqual(['convex/old.ts:4 warning', 'convex/old.ts:5 warning']);
    expect(findings[0].fix).toEqual({ line: 4, endLine: 4, replacement: 'export const count = query({ args: {}, handler: async (ctx) => 1 });' });
    expect(findings[1].fix?.replacement).toBe('export const send = mutation({ handler: async (ctx, { body }: { body: string }) => body });');
  });

  it('says what the handler does with its arguments: none, an unread parameter, or reads them', () => {
    const findings = findingsOf(rule, {
      'convex/old.ts': `${SERVER_IMPORT}
export const count = query(async (ctx) => 1);
export const touch = mutation(async (ctx, _args) => { await ctx.db.insert("touches", {}); });
export const send = mutation(async (ctx, args: { body: string }) => args.body);
`,
    });
    expect(findings.map((f) => f.message)).toEqual([
      'Query uses the old function syntax; use `{ args: {}, handler }`: it takes no arguments',
      'Mutation uses the old function syntax; use `{ args: {}, handler }`: its handler never reads its arguments',
      'Mutation uses the old function syntax; use `{ args, handler }` with a validator for the arguments its handler reads',
    ]);
    expect(findings[1].detail).toContain('never reads it');
    expect(findings[1].detail).not.toContain('reads its arguments: add an `args` validator');
    expect(findings[2].detail).toContain('The handler reads its arguments');
    // An unread parameter keeps today's callers working: the fix does not add `args: {}`.
    expect(findings[1].fix?.replacement).toBe('export const touch = mutation({ handler: async (ctx, _args) => { await ctx.db.insert("touches", {}); } });');
  });

  it('reports a handler declared elsewhere in the module', () => {
    const findings = findingsOf(rule, {
      'convex/named.ts': `import { query as q } from "./_generated/server";
async function handler(ctx: any) { return 1; }
export default q(handler);
`,
    });
    expect(locations(findings)).toEqual(['convex/named.ts:3 warning']);
    expect(findings[0].fix?.replacement).toBe('export default q({ args: {}, handler: handler });');
  });

  it('leaves httpAction, the object syntax, and non-Convex calls alone', () => {
    const findings = findingsOf(rule, {
      'convex/ok.ts': `${SERVER_IMPORT}
export const hook = httpAction(async (ctx, req) => new Response("ok"));
export const fine = query({ args: {}, handler: async () => 1 });
const wrap = (f: unknown) => f;
export const other = wrap(async () => 1);
`,
    });
    expect(findings).toEqual([]);
  });
});
