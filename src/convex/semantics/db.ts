/**
 * Database access through a Convex `ctx.db`: query chains (`db.query("t").withIndex(…).collect()`,
 * also through a stored query variable) and direct calls (`db.get`, `db.insert`, …).
 */
import { ts } from '../../typescript.js';
import { memberName, memberNameNode, memberObject, stringLiteralValue, unwrap, walk } from '../model/ast.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';

export interface ChainStep {
  /** `withIndex`, `filter`, `order`, `collect`, … */
  name: string;
  call: ts.CallExpression;
  /** The method name node (`filter` of `.filter(…)`): where findings about the step point. */
  nameNode: ts.Node;
}

export interface DbQueryChain {
  file: SourceFile;
  /** `db.query("t")` */
  queryCall: ts.CallExpression;
  /** The table, when named by a literal. */
  table?: string;
  /** Every step after `query(…)` in order, including steps applied to a stored query variable. */
  steps: ChainStep[];
  /** The outermost expression of the chain (the last call). */
  end: ts.Expression;
  /**
   * Steps applied to the same stored query variable elsewhere (`q = q.withIndex(…)` in a branch):
   * a rule asking "is this query indexed?" must look at them too.
   */
  siblingSteps: ChainStep[];
}

export const QUERY_TERMINALS = new Set(['collect', 'take', 'first', 'unique', 'paginate']);
export const INDEX_STEPS = new Set(['withIndex', 'withSearchIndex']);

export interface DbCall {
  file: SourceFile;
  call: ts.CallExpression;
  /** `get`, `insert`, `patch`, `replace`, `delete`, `query`, `normalizeId`, `system`… */
  method: string;
  /** `ctx.db` (or the alias) the method is called on. */
  db: ts.Expression;
}

export function dbCalls(project: ConvexProject, file: SourceFile): DbCall[] {
  return project.cached('dbCalls', file, () => {
    const index = project.ctx(file);
    const calls: DbCall[] = [];
    for (const node of project.index(file).calls) {
      const callee = unwrap(node.expression);
      const method = memberName(callee);
      const object = memberObject(callee);
      if (method && object && index.roleOf(object) === 'db') calls.push({ file, call: node, method, db: object });
    }
    return calls;
  });
}

export function dbQueryChains(project: ConvexProject, file: SourceFile): DbQueryChain[] {
  return project.cached('dbQueryChains', file, () => findQueryChains(project, file));
}

function findQueryChains(project: ConvexProject, file: SourceFile): DbQueryChain[] {
  const chains: DbQueryChain[] = [];
  for (const dbCall of dbCalls(project, file)) {
    if (dbCall.method !== 'query') continue;
    const table = stringLiteralValue(dbCall.call.arguments[0]);
    const { steps, end } = climb(dbCall.call);
    const chain: DbQueryChain = { file, queryCall: dbCall.call, table, steps, end, siblingSteps: [] };
    const variable = storedIn(end);
    if (!variable) {
      chains.push(chain);
      continue;
    }
    // `const q = db.query("t")…; q.filter(…)`: each use of q continues the chain.
    const continuations = usesOf(variable).map((use) => climb(use));
    const allSteps = continuations.flatMap((c) => c.steps);
    const used = continuations.filter((c) => c.steps.length > 0);
    if (used.length === 0) chains.push(chain);
    for (const c of used) {
      chains.push({ file, queryCall: dbCall.call, table, steps: [...steps, ...c.steps], end: c.end, siblingSteps: allSteps.filter((s) => !c.steps.includes(s)) });
    }
  }
  return chains;
}

/** Follows `.method(…)` calls outward from `start`. */
export function climb(start: ts.Expression): { steps: ChainStep[]; end: ts.Expression } {
  const steps: ChainStep[] = [];
  let current: ts.Expression = start;
  for (;;) {
    let outer: ts.Node = current;
    while (ts.isParenthesizedExpression(outer.parent) || ts.isNonNullExpression(outer.parent) || ts.isAsExpression(outer.parent)) outer = outer.parent;
    const access = outer.parent;
    if (!access || !(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) || access.expression !== outer) break;
    const call = access.parent;
    const name = memberName(access);
    if (!name || !ts.isCallExpression(call) || call.expression !== access) break;
    steps.push({ name, call, nameNode: memberNameNode(access) });
    current = call;
  }
  return { steps, end: current };
}

/** The variable a query expression is stored in (`const q = …` or `q = …`), if any. */
function storedIn(expr: ts.Expression): ts.Identifier | undefined {
  let node: ts.Node = expr;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node && ts.isIdentifier(parent.left)) return parent.left;
  return undefined;
}

/** Reads of a local variable in its enclosing function (or file), excluding its declaration. */
function usesOf(variable: ts.Identifier): ts.Identifier[] {
  let scope: ts.Node = variable;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const uses: ts.Identifier[] = [];
  walk(scope, (node) => {
    if (!ts.isIdentifier(node) || node === variable || node.text !== variable.text) return;
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isVariableDeclaration(parent) && parent.name === node)) return;
    if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return;
    uses.push(node);
  });
  return uses;
}

/** True when the chain uses an index (here or on the same stored query elsewhere). */
export function isIndexed(chain: DbQueryChain): boolean {
  return [...chain.steps, ...chain.siblingSteps].some((s) => INDEX_STEPS.has(s.name));
}

export function terminalOf(chain: DbQueryChain): ChainStep | undefined {
  return chain.steps.find((s) => QUERY_TERMINALS.has(s.name));
}
