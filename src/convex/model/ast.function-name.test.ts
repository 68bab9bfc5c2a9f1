import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { functionNameOf, isFunctionNode, walk, type FunctionNode } from './ast.js';

function functionsOf(code: string): FunctionNode[] {
  const ast = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
  const found: FunctionNode[] = [];
  walk(ast, (node) => {
    if (isFunctionNode(node)) found.push(node);
  });
  return found;
}

describe('functionNameOf', () => {
  it('names declarations, variables, properties and methods, and nothing else', () => {
    const fns = functionsOf(`
function declared() {}
const arrow = () => 1;
const expr = function inner() {};
const obj = { prop: () => 2, method() {} };
call(() => 3);
const wrapped = wrap(() => 4);
`);
    expect(fns.map(functionNameOf)).toEqual(['declared', 'arrow', 'inner', 'prop', 'method', undefined, undefined]);
  });
});
