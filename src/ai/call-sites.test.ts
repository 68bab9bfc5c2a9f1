import { describe, expect, it } from 'vitest';
import type { ConvexRoot } from '../convex/model/roots.js';
import { callSites, modulePath } from './call-sites.js';

const ROOTS: ConvexRoot[] = [{ projectDir: '', functionsDir: 'convex', isComponent: false }];

describe('call sites of changed functions', () => {
  it('maps a function file to its module path', () => {
    expect(modulePath('convex/model/users.ts', ROOTS)?.module).toBe('model.users');
    expect(modulePath('convex/ai.ts', ROOTS)?.module).toBe('ai');
    expect(modulePath('convex/_generated/api.d.ts', ROOTS)).toBeUndefined();
    expect(modulePath('src/app.ts', ROOTS)).toBeUndefined();
  });

  it('finds api./internal. references, a few per function, round by round, not in the defining file', () => {
    const files = new Map([
      ['convex/ai.ts', 'export const digest = action({});\nconst x = internal.ai.channel;\n'],
      ['convex/a.ts', 'await ctx.runQuery(internal.ai.channel, { channelId });\nawait ctx.runQuery(internal.ai.channelX, {});\n'],
      ['convex/b.ts', '  const r = await ctx.runAction(api.ai.digest, {});   \nawait ctx.runQuery(internal.ai.channel, {});\nx(internal.ai.channel);\n'],
      ['convex/c.ts', 'ctx.scheduler.runAfter(0, internal["ai"].channel, {});\nmyapi.ai.channel;\n'],
      ['convex/_generated/api.d.ts', 'internal.ai.channel'],
    ]);
    const sites = callSites([{ path: 'convex/ai.ts', names: ['channel', 'digest', 'messages'] }], files, ROOTS, { perFunction: 3, total: 4 });
    expect(sites).toEqual([
      { reference: 'internal.ai.channel', path: 'convex/a.ts', line: 1, text: 'await ctx.runQuery(internal.ai.channel, { channelId });' },
      { reference: 'api.ai.digest', path: 'convex/b.ts', line: 1, text: 'const r = await ctx.runAction(api.ai.digest, {});' },
      { reference: 'internal.ai.channel', path: 'convex/b.ts', line: 2, text: 'await ctx.runQuery(internal.ai.channel, {});' },
      { reference: 'internal.ai.channel', path: 'convex/b.ts', line: 3, text: 'x(internal.ai.channel);' },
    ]);
    const all = callSites([{ path: 'convex/ai.ts', names: ['channel'] }], files, ROOTS, { perFunction: 5, total: 10 });
    expect(all.map((s) => `${s.path}:${s.line}`)).toEqual(['convex/a.ts:1', 'convex/b.ts:2', 'convex/b.ts:3', 'convex/c.ts:1']);
  });
});
