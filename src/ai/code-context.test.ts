import { describe, expect, it } from 'vitest';
import { parsePatch, wholeFileAdded } from '../diff/patch.js';
import { exportedDeclarations, exportedNameAt, localImports, renderFileView, renderLineRanges, touchedCode } from './code-context.js';
import { PATCH, TEXT } from '../../test/support/changed-module.js';


describe('the numbered view of a changed file', () => {
  it('shows the touched declaration once: added +, unchanged in the diff unmarked, outside it ·, removed unnumbered -', () => {
    expect(renderFileView('convex/send.ts', TEXT, PATCH)).toBe(
      [
        ' 6· export const send = mutation({',
        ' 7·   args: {},',
        ' 8    handler: async (ctx) => {',
        ' 9+     await requireUser(ctx);',
        '  -     return 1;',
        '10+     return helper(1);',
        '11    },',
        '12· });',
      ].join('\n'),
    );
    expect(renderLineRanges([5, 1, 2, 3, 9, 10])).toBe('1-3, 5, 9-10');
  });

  it('shows hunks that touch no declaration, and a removal between declarations without the neighbours', () => {
    const text = 'import { a } from "./a";\nimport { b } from "./b";\n\nexport const f = 1;\nexport const g = 2;\n';
    const patch = parsePatch(['@@ -1,6 +1,5 @@', '-import { z } from "./z";', ' import { a } from "./a";', ' import { b } from "./b";', ' ', ' export const f = 1;', '-export const gone = 0;', ' export const g = 2;'].join('\n'));
    expect(touchedCode('convex/x.ts', text, patch).statements).toEqual([]);
    expect(renderFileView('convex/x.ts', text, patch)).toBe(
      [' - import { z } from "./z";', '1  import { a } from "./a";', '2  import { b } from "./b";', '3', '4  export const f = 1;', ' - export const gone = 0;', '5  export const g = 2;'].join('\n'),
    );
  });

  it('touches a declaration a line was removed from, and names its exports with their builders', () => {
    const text = 'export const a = query({\n  handler: async () => {\n    return 1;\n  },\n});\n';
    const patch = parsePatch(['@@ -1,5 +1,4 @@', ' export const a = query({', '   handler: async () => {', '-    await requireUser(ctx);', '     return 1;', '   },'].join('\n'));
    const touched = touchedCode('convex/a.ts', text, patch);
    expect(touched.spans).toEqual([[1, 5]]);
    expect(exportedDeclarations('convex/a.ts', text, touched.statements)).toEqual([{ name: 'a', line: 1, builder: 'query' }]);
    expect(renderFileView('convex/a.ts', text, patch)).toBe(
      ['1  export const a = query({', '2    handler: async () => {', ' -     await requireUser(ctx);', '3      return 1;', '4    },', '5· });'].join('\n'),
    );
    expect(exportedDeclarations('convex/send.ts', TEXT, touchedCode('convex/send.ts', TEXT, wholeFileAdded(TEXT)).statements).map((d) => d.name)).toEqual(['send', 'visible', 'default']);
  });

  it('shows a declaration longer than 200 lines only around its hunks, with … between', () => {
    const body = Array.from({ length: 300 }, (_, i) => `  n${i + 2}: ${i + 2},`);
    const file = (lines: string[]): string => ['export const big = {', ...lines, '};', ''].join('\n');
    const one = [...body.slice(0, 99), '  added: true,', ...body.slice(99)];
    const patch = parsePatch(['@@ -99,3 +99,4 @@', ' ' + body[97], ' ' + body[98], '+  added: true,', ' ' + body[99]].join('\n'));
    const view = renderFileView('convex/big.ts', file(one), patch).split('\n');
    expect(view[0]).toBe(' 84·   n84: 84,');
    expect(view.slice(15, 19)).toEqual([' 99    n99: 99,', '100    n100: 100,', '101+   added: true,', '102    n101: 101,']);
    expect(view.at(-1)).toBe('117·   n116: 116,');
    expect(view).toHaveLength(34);
    const two = [...body.slice(0, 8), '  early: 1,', ...body.slice(8, 249), '  late: 1,', ...body.slice(249)];
    const patch2 = parsePatch(['@@ -9,1 +9,2 @@', ' ' + body[7], '+  early: 1,', '@@ -250,1 +251,2 @@', ' ' + body[248], '+  late: 1,'].join('\n'));
    expect(touchedCode('convex/big.ts', file(two), patch2).spans).toEqual([[1, 25], [236, 267]]);
    const view2 = renderFileView('convex/big.ts', file(two), patch2).split('\n');
    expect(view2[25]).toBe('…');
    expect(view2).toHaveLength(25 + 1 + 32);
  });

  it('shows every line of a new file as added, each once', () => {
    const view = renderFileView('convex/send.ts', TEXT, wholeFileAdded(TEXT)).split('\n');
    expect(view).toHaveLength(16);
    expect(view.every((l) => /^ ?\d+\+/.test(l))).toBe(true);
    expect(new Set(view).size).toBe(view.length);
  });
});

describe('exports and imports', () => {
  it('names the exported declaration at a line, through `export { a as b }` and default exports', () => {
    expect(exportedNameAt('convex/send.ts', TEXT, 9)).toBe('send');
    expect(exportedNameAt('convex/send.ts', TEXT, 14)).toBe('visible');
    expect(exportedNameAt('convex/send.ts', TEXT, 16)).toBe('default');
    expect(exportedNameAt('convex/send.ts', TEXT, 4)).toBe('<module>');
  });

  it('finds the project modules a file imports, not packages or _generated', () => {
    const files = new Map([['convex/lib/auth.ts', ''], ['convex/send.ts', TEXT]]);
    expect(localImports('convex/send.ts', TEXT, files)).toEqual(['convex/lib/auth.ts']);
  });

  it('follows tsconfig path aliases, `.js` specifiers and index files, or a resolver it is given', () => {
    const text = `import { a } from "@/convex/lib/auth.js";
import { b } from "@cvx/model";
import { query } from "@cvx/_generated/server";
import { v } from "convex/values";
export * from "./local";
`;
    const files = new Map([
      ['convex/lib/auth.ts', ''],
      ['convex/model/index.ts', ''],
      ['convex/local.ts', ''],
      ['convex/_generated/server.js', ''],
      ['convex/send.ts', text],
      ['tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'], '@cvx/*': ['./convex/*'] } } })],
    ]);
    expect(localImports('convex/send.ts', text, files)).toEqual(['convex/lib/auth.ts', 'convex/model/index.ts', 'convex/local.ts']);
    expect(localImports('convex/send.ts', text, files, (_from, s) => (s === 'convex/values' ? 'x.ts' : undefined))).toEqual(['x.ts']);
  });
});
