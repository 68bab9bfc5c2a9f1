import { describe, expect, it } from 'vitest';
import { projectOf, SERVER_IMPORT } from '../../../test/support/convex.js';
import { qualifiedName } from './reached-from.js';
import { referenceArgument, referenceName, runCallsIn, runCallsReachedFrom } from './run-calls.js';

describe('run-calls', () => {
  const project = projectOf({
    'convex/lib/load.ts': `import type { QueryCtx } from "../_generated/server";
import { internal } from "../_generated/api";
export async function load(ctx: QueryCtx) {
  const target = internal.users.get;
  const alias = target;
  return ctx.runQuery(alias, {});
}
`,
    'convex/users.ts': `${SERVER_IMPORT}import { internal, components } from "./_generated/api";
import { load } from "./lib/load";
export const get = internalQuery({ args: {}, handler: async () => null });
export const me = query({ args: {}, handler: async (ctx) => load(ctx) });
export const sync = action({
  args: {},
  handler: async ({ runMutation }) => {
    await runMutation(components.counter.lib.add, {});
    const notCtx = { runQuery: (x: unknown) => x };
    notCtx.runQuery(internal.users.get);
    return load(undefined as never);
  },
});
`,
  });
  const users = project.filesByPath.get('convex/users.ts')!;
  const lib = project.filesByPath.get('convex/lib/load.ts')!;

  it('finds ctx-derived run calls only (destructured too), and resolves references through const aliases', () => {
    const sync = project.registrationsIn(users).find((r) => r.localName === 'sync')!;
    const calls = runCallsIn(project, { file: users, fn: sync.handler! });
    expect(calls.map((c) => c.expression.getText())).toEqual(['runMutation']);
    expect(referenceArgument(project, users, calls[0].arguments[0])?.root).toBe('components');

    const [inHelper] = runCallsReachedFrom(project, new Set(['query']), new Set(['runQuery']));
    expect(inHelper.file).toBe(lib);
    expect(inHelper.role).toBe('runQuery');
    const ref = referenceArgument(project, lib, inHelper.node.arguments[0]);
    expect(ref && referenceName(ref)).toBe('internal.users.get');
  });

  it('records every registration of the asked kinds that reaches a run call, and only asked roles', () => {
    const all = runCallsReachedFrom(project, new Set(['query', 'action']), new Set(['runQuery', 'runMutation']));
    expect(all.map((r) => `${r.role} ${r.registrations.map((reg) => qualifiedName(reg, lib)).join(',')}`)).toEqual([
      'runQuery users:me,users:sync',
      'runMutation users:sync',
    ]);
    expect(runCallsReachedFrom(project, new Set(['query', 'action']), new Set(['runAction']))).toEqual([]);
  });
});
