import { ts } from '../../typescript.js';
import { describe, expect, it } from 'vitest';
import { findLocalDeclaration, readsOf } from './local-bindings.js';

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('t.ts', text, ts.ScriptTarget.Latest, true);
}

function identifiers(file: ts.SourceFile, name: string): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('local-bindings', () => {
  it('finds the nearest declaration, stopping at a parameter of the same name', () => {
    const file = parse(`const x = 1;
function f() { const x = 2; use(x); }
function g(x: number) { use(x); }
use(x);
`);
    const [outer, inner, innerUse, , gUse, topUse] = identifiers(file, 'x');
    expect(findLocalDeclaration(innerUse)?.name).toBe(inner);
    expect(findLocalDeclaration(gUse)).toBeUndefined();
    expect(findLocalDeclaration(topUse)?.name).toBe(outer);
  });

  it('lists reads, skipping writes, property names and shadowed scopes', () => {
    const file = parse(`function f() {
  const p = make();
  p = other();
  const o = { p: 1, q: p };
  o.p;
  { const p = 3; use(p); }
  const h = (p: number) => p;
  return { p };
}
`);
    const decl = identifiers(file, 'p')[0].parent as ts.VariableDeclaration;
    const reads = readsOf(decl).map((id) => id.getStart(file));
    const text = file.getFullText();
    expect(reads.map((pos) => text.slice(pos - 3, pos + 1))).toEqual(['q: p', ' { p']);
  });
});
