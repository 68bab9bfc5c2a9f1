/**
 * A parsed file's nodes in one flat, source-ordered list, built by the same walk that links each
 * node to its parent. TypeScript's `setParentNodes` walks the whole tree once, and every
 * `walk(…)` of a rule walked it again through `ts.forEachChild` (a call and a closure per node);
 * here the parse links parents in our one walk, and a later walk of any subtree is a loop over a
 * slice of the list (`nodes[i+1 … end[i]]`), in exactly the order `ts.forEachChild` visits.
 */
import { ts } from '../../typescript.js';

export interface FlatTree {
  /** Every node of the file in pre-order (`ts.forEachChild` order), the SourceFile first. */
  readonly nodes: readonly ts.Node[];
  /** For the node at i, the index just past its last descendant. */
  readonly ends: Int32Array;
}

const TREES = new WeakMap<ts.SourceFile, FlatTree>();

/**
 * Sets `parent` on every node below `sourceFile` (as `ts.createSourceFile(…, setParentNodes:
 * true)` does) and records the flat list. Call once, on a tree parsed without parent links and
 * without JSDoc (parseSource's `JSDocParsingMode.ParseNone`): `ts.forEachChild` does not reach
 * JSDoc nodes, so they would be left unlinked.
 */
export function linkTree(sourceFile: ts.SourceFile): FlatTree {
  const nodes: ts.Node[] = [sourceFile];
  const ends: number[] = [0];
  let parent: ts.Node = sourceFile;
  const visit = (child: ts.Node): void => {
    (child as { parent: ts.Node }).parent = parent;
    const at = nodes.length;
    nodes.push(child);
    ends.push(0);
    const saved = parent;
    parent = child;
    ts.forEachChild(child, visit);
    parent = saved;
    ends[at] = nodes.length;
  };
  ts.forEachChild(sourceFile, visit);
  ends[0] = nodes.length;
  const tree = { nodes, ends: Int32Array.from(ends) };
  TREES.set(sourceFile, tree);
  return tree;
}

/** The flat list of a file parsed by parseSource, if it is one. */
export function flatTreeOf(sourceFile: ts.SourceFile): FlatTree | undefined {
  return TREES.get(sourceFile);
}

/**
 * The slice of its file's flat list below `root` (root excluded), or undefined when `root` is
 * not in a linked tree (a node of a tree parsed elsewhere).
 */
export function subtreeOf(root: ts.Node): { nodes: readonly ts.Node[]; from: number; to: number } | undefined {
  let top = root;
  while (top.parent) top = top.parent;
  if (top.kind !== ts.SyntaxKind.SourceFile) return undefined;
  const tree = TREES.get(top as ts.SourceFile);
  if (!tree) return undefined;
  const { nodes, ends } = tree;
  if (root === top) return { nodes, from: 1, to: ends[0] };
  // Pre-order lists are sorted by start; several nodes can share one (`a.b()`: the call, the
  // access and `a`), so the search lands on the first of them and steps to `root`.
  let low = 0;
  let high = nodes.length;
  const pos = root.pos;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (nodes[mid].pos < pos) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < nodes.length && nodes[i].pos === pos; i++) {
    if (nodes[i] === root) return { nodes, from: i + 1, to: ends[i] };
  }
  return undefined;
}
