/**
 * The nodes of a file that rules and models keep looking for, collected in one walk. Rules ask
 * for these lists instead of walking the whole tree again each.
 */
import { ts } from '../../typescript.js';
import { isFunctionNode, walk, type FunctionNode } from './ast.js';

export interface FileIndex {
  /** Every call expression, in source order. */
  calls: ts.CallExpression[];
  /** Every function (declaration, expression, arrow, method), in source order. */
  functions: FunctionNode[];
  expressionStatements: ts.ExpressionStatement[];
  variableDeclarations: ts.VariableDeclaration[];
  typeReferences: ts.TypeReferenceNode[];
}

export function indexFile(sourceFile: ts.SourceFile): FileIndex {
  const index: FileIndex = { calls: [], functions: [], expressionStatements: [], variableDeclarations: [], typeReferences: [] };
  walk(sourceFile, (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.CallExpression:
        index.calls.push(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.ExpressionStatement:
        index.expressionStatements.push(node as ts.ExpressionStatement);
        break;
      case ts.SyntaxKind.VariableDeclaration:
        index.variableDeclarations.push(node as ts.VariableDeclaration);
        break;
      case ts.SyntaxKind.TypeReference:
        index.typeReferences.push(node as ts.TypeReferenceNode);
        break;
      default:
        if (isFunctionNode(node)) index.functions.push(node);
    }
  });
  return index;
}

/**
 * The nodes of a source-ordered list that lie inside `container` (itself included). Lists are
 * collected pre-order, so they are sorted by start: a binary search finds the first one.
 */
export function nodesWithin<T extends ts.Node>(list: readonly T[], container: ts.Node): T[] {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid].pos < container.pos) low = mid + 1;
    else high = mid;
  }
  const out: T[] = [];
  for (let i = low; i < list.length && list[i].pos < container.end; i++) {
    if (list[i].end <= container.end) out.push(list[i]);
  }
  return out;
}
