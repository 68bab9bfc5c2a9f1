import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';
import { isGlobalReference } from './reached-from.js';

/** Each `fetch` callee of the file, and whether it denotes the runtime's global. */
function globalFetchCalls(text: string): boolean[] {
  const project = projectOf({ 'convex/a.ts': text });
  const file = project.filesByPath.get('convex/a.ts')!;
  return project
    .index(file)
    .calls.filter((c) => /fetch$/.test(c.expression.getText(file.ast)))
    .map((c) => isGlobalReference(project, file, c.expression, 'fetch'));
}

describe('isGlobalReference', () => {
  it('accepts fetch and globalThis.fetch when nothing declares the name', () => {
    expect(globalFetchCalls('export const f = async () => [await fetch("a"), await globalThis.fetch("b")];\n')).toEqual([true, true]);
  });

  it('rejects imports, module declarations, parameters, block declarations and catch bindings', () => {
    expect(globalFetchCalls('import { fetch } from "./x";\nexport const f = () => fetch();\n')).toEqual([false]);
    expect(globalFetchCalls('function fetch() { return 1; }\nexport const f = () => fetch();\n')).toEqual([false]);
    expect(globalFetchCalls('export const f = (fetch: () => void) => fetch();\n')).toEqual([false]);
    expect(globalFetchCalls('export function f() { if (1) { const fetch = () => 2; return fetch(); } }\n')).toEqual([false]);
    expect(globalFetchCalls('export function f() { try { return 1; } catch (fetch: any) { return fetch(); } }\n')).toEqual([false]);
    expect(globalFetchCalls('export function f() { for (const fetch of [() => 1]) fetch(); }\n')).toEqual([false]);
  });

  it('does not take a member named fetch for the global', () => {
    const project = projectOf({ 'convex/a.ts': 'export const f = (o: any) => o.fetch();\n' });
    const file = project.filesByPath.get('convex/a.ts')!;
    const call = project.index(file).calls[0];
    expect(ts.isPropertyAccessExpression(call.expression)).toBe(true);
    expect(isGlobalReference(project, file, call.expression, 'fetch')).toBe(false);
  });
});
