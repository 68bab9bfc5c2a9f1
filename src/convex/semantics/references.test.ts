import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';

describe('api / internal / components references', () => {
  const project = projectOf({
    'convex/messages.ts': `import { mutation, internalMutation } from "./_generated/server";
import { api, internal as i, components } from "./_generated/api";
export const send = mutation({ args: {}, handler: async (ctx) => {
  await ctx.scheduler.runAfter(0, i.jobs.sweep.run, {});
  await ctx.runMutation(api.messages.log, {});
  const limiter = components.rateLimiter;
  return api["folder/file"].fn;
}});
export const log = internalMutation({ args: {}, handler: async () => null });
`,
    'convex/jobs/sweep.ts': `import { internalMutation } from "../_generated/server";
export const run = internalMutation({ args: {}, handler: async () => null });
`,
  });
  const file = project.filesByPath.get('convex/messages.ts')!;

  it('finds every reference with its root and path segments, through import aliases', () => {
    expect(project.references.map((r) => `${r.root}:${r.segments.join('.')}`)).toEqual([
      'internal:jobs.sweep.run',
      'api:messages.log',
      'components:rateLimiter',
      'api:folder.file.fn',
    ]);
    expect(project.references.every((r) => r.file === file)).toBe(true);
  });

  it('resolves a reference to its registration', () => {
    const [sweep, log] = project.references;
    expect(project.registrationFor(sweep)?.file.path).toBe('convex/jobs/sweep.ts');
    expect(project.registrationFor(log)?.exportNames).toEqual(['log']);
    expect(project.registrationFor(project.references[2])).toBeUndefined();
  });

  it('finds the reference written at a node, through parentheses and casts, and nothing at its parts or elsewhere', () => {
    const sweepFile = project.filesByPath.get('convex/jobs/sweep.ts')!;
    const [sweep] = project.references;
    const call = sweep.node.parent as ts.CallExpression;
    expect(project.referenceAt(file, call.arguments[1])).toBe(sweep);
    const wrapped = ts.factory.createParenthesizedExpression(ts.factory.createAsExpression(sweep.node, ts.factory.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword)));
    expect(project.referenceAt(file, wrapped)).toBe(sweep);
    expect(project.referenceAt(file, sweep.rootNode)).toBeUndefined();
    expect(project.referenceAt(file, call.arguments[0])).toBeUndefined();
    expect(project.referenceAt(sweepFile, sweep.node)).toBeUndefined();
  });
});
