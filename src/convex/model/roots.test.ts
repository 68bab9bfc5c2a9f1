import { describe, expect, it } from 'vitest';
import { ConfigFileError, findConvexRoots } from './roots.js';

const discover = (files: Record<string, string>) =>
  findConvexRoots({ paths: Object.keys(files), read: (p) => files[p] });

describe('findConvexRoots', () => {
  it('finds the default convex/ folder when it looks like Convex code', () => {
    expect(discover({ 'convex/schema.ts': '', 'src/app.tsx': '' })).toEqual([{ projectDir: '', functionsDir: 'convex', isComponent: false }]);
    expect(discover({ 'convex/a.ts': 'import { query } from "./_generated/server";' })).toHaveLength(1);
    expect(discover({ 'convex/a.ts': 'import { query } from "@cvx/_generated/server";' })).toHaveLength(1);
    expect(discover({ 'app/convex/a.ts': 'import { query } from "@/convex/_generated/server";' })).toHaveLength(1);
  });

  it('ignores a folder merely named convex', () => {
    expect(discover({ 'docs/convex/notes.ts': 'export const x = 1;' })).toEqual([]);
  });

  it('honours convex.json "functions", and several roots in a monorepo', () => {
    const roots = discover({
      'apps/web/convex.json': JSON.stringify({ functions: 'src/backend/' }),
      'apps/web/src/backend/a.ts': '',
      'apps/web/convex/stale.ts': 'import { query } from "./_generated/server";',
      'packages/api/convex/schema.ts': '',
    });
    expect(roots.map((r) => r.functionsDir)).toEqual(['apps/web/src/backend', 'packages/api/convex']);
    expect(roots[0].projectDir).toBe('apps/web');
  });

  it('treats a defineComponent folder as a component root', () => {
    const roots = discover({ 'src/component/convex.config.ts': 'export default defineComponent("counter");', 'src/component/lib.ts': '' });
    expect(roots).toEqual([{ projectDir: 'src/component', functionsDir: 'src/component', isComponent: true }]);
  });

  it('treats a folder named component whose files import its ./_generated/server as a component root, without convex.config.ts', () => {
    const server = 'import { query } from "./_generated/server";';
    expect(discover({ 'src/component/lib.ts': server, 'src/component/util/x.ts': 'import { mutation } from "../_generated/server.js";' })).toEqual([
      { projectDir: 'src/component', functionsDir: 'src/component', isComponent: true },
    ]);
    expect(discover({ 'component/counter.ts': server })).toEqual([{ projectDir: 'component', functionsDir: 'component', isComponent: true }]);
    expect(discover({ 'packages/rate/src/component/public.ts': server, 'packages/rate/src/client/index.ts': '' })).toEqual([
      { projectDir: 'packages/rate/src/component', functionsDir: 'packages/rate/src/component', isComponent: true },
    ]);
  });

  it('does not take other folders, or a component folder without relative _generated imports, for components', () => {
    expect(discover({ 'src/components/Button.tsx': 'import { api } from "../../convex/_generated/api";' })).toEqual([]);
    expect(discover({ 'src/component/lib.ts': 'export const x = 1;' })).toEqual([]);
    // `../_generated/server` from the component folder itself names its parent's generated code.
    expect(discover({ 'src/component/lib.ts': 'import { query } from "../_generated/server";' })).toEqual([]);
    expect(discover({ 'lib/server.ts': 'import { query } from "./_generated/server";' })).toEqual([]);
  });

  it('skips node_modules and reports a broken convex.json with its path', () => {
    expect(discover({ 'node_modules/x/convex/schema.ts': '' })).toEqual([]);
    expect(() => discover({ 'convex.json': '{ nope' })).toThrow(ConfigFileError);
    expect(() => discover({ 'convex.json': '{"functions": 3}' })).toThrow(/convex.json: "functions" must be a folder path/);
  });
});

describe('findConvexRoots on packages named convex', () => {
  it('does not take a package folder (its own package.json) for a functions folder', () => {
    expect(
      discover({
        'npm-packages/convex/package.json': '{"name":"convex"}',
        'npm-packages/convex/src/server/index.ts': 'export * from "convex/server";',
        'npm-packages/convex/src/schema.ts': '',
      }),
    ).toEqual([]);
  });
});
