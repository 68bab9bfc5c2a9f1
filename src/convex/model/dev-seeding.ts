/**
 * Development seeding: code that fills a development deployment with sample data and is run by
 * hand (`npx convex run seed:init`), not by users. It says so in its name — a module or folder
 * (`seed.ts`, `dev/`, `fixtures/`, `testingFunctions.ts`), a function or builder (`seedUsers`,
 * `devReset`, `testingMutation`), or an `init` function that inserts a fixed list of documents.
 *
 * The one shared notion: the engine lowers findings inside such code (src/convex/engine/engine.ts),
 * and a rule that needs a finer call may ask `developmentSeedingReason` itself. Pure syntax.
 */
import { ts } from '../../typescript.js';
import { functionNameOf, isFunctionNode, memberName, unwrap } from './ast.js';
import { findLocalDeclaration, isConstDeclaration } from './local-bindings.js';
import type { SourceFile } from './source-file.js';

/**
 * A name that is, or starts with, a seeding or development word, followed by a camelCase or
 * `_`/`-` boundary: `seed`, `seedUsers`, `seed_data`, `dev`, `devReset`, `fixtures`,
 * `testingFunctions` — but not `devices`, `developer` or `seedling`.
 */
const DEV_NAME = /^([sS]eed(s|ing|er)?|[dD]ev(elopment)?|[fF]ixtures?|[tT]esting)(?![a-z])/;
/** `init`, `initData`, `initialize`, `initialise`: seeding only when it inserts a fixed list. */
const INIT_NAME = /^[iI]nit(iali[sz]e)?(?![a-z])/;
/** A registration builder named for development (`testingMutation`, `devQuery`). */
const DEV_BUILDER = /(Mutation|Query|Action)$/;

/** Why `node` of `file` (or the whole file, without a node) is development seeding, if it is. */
export function developmentSeedingReason(file: Pick<SourceFile, 'relPath'>, node?: ts.Node): string | undefined {
  const segment = file.relPath
    .split('/')
    .map((s) => s.replace(/\.[^.]*$/, ''))
    .find((s) => DEV_NAME.test(s));
  if (segment !== undefined) return `its path names it: \`${segment}\``;
  if (!node) return undefined;
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const name = declaredName(n);
    if (name !== undefined && DEV_NAME.test(name)) return `\`${name}\` is named for seeding or development`;
    if (name !== undefined && INIT_NAME.test(name) && insertsFixedList(n)) return `\`${name}\` inserts a fixed list of documents`;
    const builder = builderName(n, node);
    if (builder !== undefined) return `it is registered with \`${builder}\``;
  }
  return undefined;
}

/** Whether `node` of `file` (or the whole file, without a node) is development seeding. */
export function isDevelopmentSeeding(file: Pick<SourceFile, 'relPath'>, node?: ts.Node): boolean {
  return developmentSeedingReason(file, node) !== undefined;
}

/**
 * The name a function, or a module-level variable (`export const seed = mutation(…)`), introduces.
 * A local variable names a value, not code: `const devices = await ctx.db.query(…)` is no seeding.
 */
function declaredName(n: ts.Node): string | undefined {
  if (isFunctionNode(n)) return functionNameOf(n);
  if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && ts.isSourceFile(n.parent.parent.parent)) return n.name.text;
  return undefined;
}

/** `testingMutation` when `n` is `testingMutation({…})` and `inner` is in its arguments. */
function builderName(n: ts.Node, inner: ts.Node): string | undefined {
  if (!ts.isCallExpression(n) || !n.arguments.some((a) => a.pos <= inner.pos && inner.end <= a.end)) return undefined;
  const callee = unwrap(n.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  return name !== undefined && DEV_NAME.test(name) && DEV_BUILDER.test(name) ? name : undefined;
}

/**
 * Whether the declaration inserts documents from a fixed list: an `.insert(` call inside a
 * `for…of`, `.map` or `.forEach` over an array literal (written there or in a `const`).
 */
function insertsFixedList(decl: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const body = fixedListLoopBody(n);
    if (body && callsInsert(body)) found = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(decl, visit);
  return found;
}

/** The body of a loop over a fixed array literal: `for (const x of [..])`, `ROWS.map((r) => …)`. */
function fixedListLoopBody(n: ts.Node): ts.Node | undefined {
  if (ts.isForOfStatement(n) && isFixedArray(n.expression)) return n.statement;
  if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ['map', 'forEach'].includes(n.expression.name.text)) {
    const callback = n.arguments[0];
    if (callback && isFixedArray(n.expression.expression)) return callback;
  }
  return undefined;
}

/** An array literal with at least one element, or a name whose visible declaration is a `const` bound to one. */
function isFixedArray(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0;
  if (!ts.isIdentifier(e)) return false;
  const declaration = findLocalDeclaration(e);
  if (!declaration?.initializer || !isConstDeclaration(declaration)) return false;
  const value = unwrap(declaration.initializer);
  return ts.isArrayLiteralExpression(value) && value.elements.length > 0;
}

function callsInsert(root: ts.Node): boolean {
  if (ts.isCallExpression(root) && memberName(root.expression) === 'insert') return true;
  return ts.forEachChild(root, callsInsert) === true;
}
