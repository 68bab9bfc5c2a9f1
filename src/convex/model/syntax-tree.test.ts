import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { walk } from './ast.js';
import { parseSource } from './source-file.js';
import { flatTreeOf, subtreeOf } from './syntax-tree.js';

const CODE = [
  '/** A doc. */',
  'export const list = query({ args: {}, handler: async (ctx) => {',
  '  const rows = await ctx.db.query("t").withIndex("by_a", (q) => q.eq("a", 1)).collect();',
  '  return rows.map(({ a, ...rest }) => a satisfies number ? <T,>(x: T) => x : (rest as any)!.b);',
  '} });',
  'class A extends B<string> implements C { @dec() m(): void { label: for (;;) break label; } }',
  'type T = { [k in keyof U]?: typeof v };',
  'e();',
].join('\n');

/** Every node in `ts.forEachChild` pre-order, as the recursive walk visited them. */
function recursiveOrder(root: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  const go = (node: ts.Node): void => {
    out.push(node);
    ts.forEachChild(node, go);
  };
  ts.forEachChild(root, go);
  return out;
}

describe('the linked syntax tree', () => {
  const { ast } = parseSource('convex/a.ts', CODE);
  const reference = ts.createSourceFile('convex/a.ts', CODE, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true);

  it('links every node to the parent TypeScript links it to (setParentNodes)', () => {
    const ours = recursiveOrder(ast);
    const theirs = recursiveOrder(reference);
    expect(ours.map((n) => n.kind)).toEqual(theirs.map((n) => n.kind));
    ours.forEach((node, i) => {
      expect(node.parent.kind).toBe(theirs[i].parent.kind);
      expect(node.parent.pos).toBe(theirs[i].parent.pos);
      expect(node.parent.end).toBe(theirs[i].parent.end);
    });
  });

  it('is parsed without JSDoc, which the walk would leave unlinked', () => {
    // CODE opens with a doc comment: TypeScript attaches it as `jsDoc` only when it parses JSDoc.
    expect((ast.statements[0] as { jsDoc?: unknown }).jsDoc).toBeUndefined();
  });

  it('lists the nodes in the order ts.forEachChild visits them', () => {
    expect(flatTreeOf(ast)!.nodes.slice(1)).toEqual(recursiveOrder(ast));
  });

  it('walks any subtree as a slice of the list, in the same order as the recursive walk', () => {
    for (const root of recursiveOrder(ast)) {
      const seen: ts.Node[] = [];
      walk(root, (n) => seen.push(n));
      expect(subtreeOf(root)).toBeDefined();
      expect(seen).toEqual(recursiveOrder(root));
    }
  });

  it('falls back to the recursive walk for a tree it did not link', () => {
    const fn = (reference.statements[0] as ts.VariableStatement).declarationList.declarations[0];
    expect(subtreeOf(fn)).toBeUndefined();
    const seen: ts.Node[] = [];
    walk(fn, (n) => seen.push(n));
    expect(seen).toEqual(recursiveOrder(fn));
  });
});
