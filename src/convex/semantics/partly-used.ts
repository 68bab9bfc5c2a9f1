/**
 * A collected array of which only a part is used: the first document, a slice, or the documents
 * up to the first match of an ordered scan. Each has a bounded query that reads only that part.
 */
import { ts } from '../../typescript.js';
import { stringLiteralValue, unwrap } from '../model/ast.js';
import type { CollectedUse } from './collected-uses.js';
import type { DbQueryChain } from './db.js';
import { documentsNeeded } from './length-bounds.js';

export type PartlyUsed =
  /** Only `[0]` / `.at(0)` / `const [first]`: `.first()` reads that one document. */
  | { kind: 'first' }
  /** Only `.slice(0, n)` (or another literal start): `.take(n)`. */
  | { kind: 'take'; count: string }
  /** Only `.slice(-n)`: the last n, which the opposite order reads first. */
  | { kind: 'take-last'; count: string; order: 'asc' | 'desc' }
  /** Only `.slice(offset, …)`: a page, which `.paginate` reads with a cursor. */
  | { kind: 'page' }
  /** An ordered range walked until a match (`for … of` with `break`/`return`, `.find`). */
  | { kind: 'scan' };

/** What part of the array every use reads, or undefined when some use needs all of it. */
export function partlyUsed(chain: DbQueryChain, uses: readonly CollectedUse[]): PartlyUsed | undefined {
  if (uses.length === 0) return undefined;
  // Copies made by a synchronous `.map` keep length and order; an async map ran for every row.
  if (uses.some((u) => u.copy === 'async-map')) return undefined;
  // `rows.length > 0 ? rows[0] : null`: an existence check beside the first document is `.first()` too.
  const firsts = uses.filter((u) => u.kind === 'first');
  const rest = uses.filter((u) => u.kind !== 'first');
  if (firsts.length > 0 && (rest.length === 0 || (rest.every((u) => u.kind === 'length') && documentsNeeded(rest.map((u) => u.node as ts.PropertyAccessExpression)) === '1'))) {
    return { kind: 'first' };
  }
  if (uses.every((u) => u.kind === 'slice')) return sliceFix(chain, uses.map((u) => u.node as ts.CallExpression));
  // Walking an unordered range until a match is a lookup the range may well need (`find` in a
  // conversation's members); only an explicit `.order(…)` says the position is the point.
  const scans = uses.every((u) => u.copy === 'none' && (u.kind === 'early-exit-loop' || (u.kind === 'search' && u.method === 'find')));
  if (scans && orderOf(chain) !== undefined) return { kind: 'scan' };
  return undefined;
}

function sliceFix(chain: DbQueryChain, calls: readonly ts.CallExpression[]): PartlyUsed | undefined {
  const fixes = calls.map((call) => sliceKind(chain, call));
  if (fixes.some((f) => f === undefined)) return undefined;
  const defined = fixes as PartlyUsed[];
  if (defined.some((f) => f.kind === 'page')) return defined.every((f) => f.kind === 'page' || f.kind === 'take') ? { kind: 'page' } : undefined;
  const [first] = defined;
  if (!defined.every((f) => f.kind === first.kind)) return undefined;
  if (first.kind === 'take' || first.kind === 'take-last') {
    const counts = new Set(defined.map((f) => (f as { count: string }).count));
    return { ...first, count: counts.size === 1 ? first.count : 'n' };
  }
  return first;
}

/** `slice(0, n)` → take n; `slice(-n)` → the last n; `slice(offset, end)` → a page; `slice()` copies all. */
function sliceKind(chain: DbQueryChain, call: ts.CallExpression): PartlyUsed | undefined {
  const [start, end] = call.arguments.map(unwrap);
  if (!start || call.arguments.length > 2) return undefined;
  if (end && isNegative(end)) return undefined; // `slice(0, -1)` drops from the end: it needs them all
  if (isNegative(start)) {
    if (end || !ts.isPrefixUnaryExpression(start)) return undefined;
    const order = orderOf(chain) === 'desc' ? 'asc' : 'desc';
    return { kind: 'take-last', count: quotable(start.operand), order };
  }
  if (!end) return undefined; // `slice(k)`: everything after the first k
  // `slice(0, n)`, `slice(1, 6)`: the first n (or 6) documents are all it reads.
  if (ts.isNumericLiteral(start)) return { kind: 'take', count: quotable(end) };
  // `slice(offset, offset + limit)`, `slice((page - 1) * size, page * size)`: a page of a list.
  return { kind: 'page' };
}

/** `-n`, `-1`: counts from the end. */
function isNegative(expr: ts.Expression): boolean {
  return ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken;
}

/** `"desc"` / `"asc"` of an `.order(…)` step, `asc` for a non-literal one; undefined without one. */
export function orderOf(chain: DbQueryChain): 'asc' | 'desc' | undefined {
  const step = [...chain.steps].reverse().find((s) => s.name === 'order');
  if (!step) return undefined;
  return stringLiteralValue(step.call.arguments[0]) === 'desc' ? 'desc' : 'asc';
}

/** A literal or plain name, quoted as is in a message; anything longer reads as `n`. */
function quotable(expr: ts.Expression): string {
  const e = unwrap(expr);
  if (ts.isNumericLiteral(e)) return e.text;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && ts.isIdentifier(e.name)) return `${e.expression.text}.${e.name.text}`;
  return 'n';
}
