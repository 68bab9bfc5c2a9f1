import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { indexFile, nodesWithin } from './file-index.js';

describe('the file index', () => {
  const sf = ts.createSourceFile('a.ts', 'a(); function f() { b(c()); const g = () => d(); }\ne();', ts.ScriptTarget.Latest, true);
  const index = indexFile(sf);

  it('collects calls and functions in source order, in one walk', () => {
    expect(index.calls.map((c) => c.expression.getText(sf))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(index.functions).toHaveLength(2);
  });

  it('finds the nodes inside a container, the container itself included', () => {
    const [f, arrow] = index.functions;
    expect(nodesWithin(index.calls, f).map((c) => c.expression.getText(sf))).toEqual(['b', 'c', 'd']);
    expect(nodesWithin(index.calls, (arrow as ts.ArrowFunction).body).map((c) => c.expression.getText(sf))).toEqual(['d']);
    expect(nodesWithin(index.calls, sf.statements[2])).toEqual([index.calls[4]]);
  });
});
