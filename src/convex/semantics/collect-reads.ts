/**
 * What a `.collect()` read is, once the reads reported elsewhere or on purpose are set aside: a
 * scan of a table, a scan of which only part is used, or an index range a public query returns
 * whole. One classification, so unbounded-collect and unpaginated-list-endpoint never both
 * report a read and share every exclusion.
 */
import { ts } from '../../typescript.js';
import { functionNameOf, isFunctionNode, stringLiteralValue } from '../model/ast.js';
import type { SourceFile } from '../model/source-file.js';
import type { CollectCall } from './collects.js';
import { collectedUses, countOnlyReads, type CollectedUse } from './collected-uses.js';
import { INDEX_STEPS, isIndexed, type ChainStep } from './db.js';
import { indexForFilter } from './index-for-filter.js';
import { partlyUsed, type PartlyUsed } from './partly-used.js';
import type { ConvexProject } from './project.js';

/** Code that runs rarely and on purpose over whole tables: migrations, backfills, seed scripts. */
const MAINTENANCE_NAME = /^(migrat|backfill|seed)/i;
/** Internal jobs (typically cron-driven) that sweep a table. */
const CLEANUP_NAME = /^(clean|purge|prune|sweep|expire|garbage)/i;
const TEST_PATH = /(^|\/)__tests__\/|\.(test|spec)\.[cm]?[jt]sx?$/;
/** A builder or module named for test-only functions (`testingMutation`, `convex/testingFunctions.ts`). */
const TEST_ONLY_NAME = /^test(ing)?(Only)?([A-Z_]|$)/;
/** Calls that remove what a sweep read: `db.delete(id)`, `scheduler.cancel(id)`, `storage.delete(id)`. */
const REMOVING_METHODS = new Set(['delete', 'cancel']);

export type TableScan = { kind: 'no-index' } | { kind: 'unranged' | 'open-range'; index?: string };

/**
 * A collect worth a finding. `scan`: no index range bounds the read (`quiet` names rare code that
 * may read whole tables on purpose). `part`: a scan of which only part of the array is used.
 * `list-endpoint`: an index range bounds the read, and a public query returns it whole.
 */
export type CollectRead =
  | { kind: 'scan'; scan: TableScan; quiet?: string }
  | { kind: 'part'; part: PartlyUsed }
  | { kind: 'list-endpoint' };

/** What the collect is, or undefined when nothing should report it. */
export function classifyCollect(project: ConvexProject, file: SourceFile, { chain, step }: CollectCall): CollectRead | undefined {
  // The team says this table stays small (config `small-tables`).
  if (chain.table !== undefined && project.options.smallTables.has(chain.table)) return undefined;
  const uses = collectedUses(project, file, step.call);
  // One problem, one finding: a count (collect-for-count) or a test an index can do
  // (filter-served-by-index) is reported by the rule whose fix fits.
  if (countOnlyReads(uses) || indexForFilter(project.schema, chain, uses)) return undefined;
  const scan = tableScan(chain.steps, chain.siblingSteps, isIndexed(chain));
  const quiet = rareCodeReason(project, file, step.nameNode);
  // A sweep that deletes every document it reads: in test, migration or cleanup code that is the
  // job; behind a one-sided range (`lt("createdAt", cutoff)`) it only ever finds what piled up
  // since the last call.
  if (scan && (quiet || scan.kind === 'open-range') && deletesWhatItReads(step.call)) return undefined;
  // Only part of the array is used: a bounded query reads just that part. Reported where the read
  // is a scan (no index, no range, a one-sided range): on an equality range (one user's rows, an
  // upserted singleton) the part patterns measured 0 TP / 7 FP on round 3's held-out apps
  // (docs/precision.md, Round 3), so there they are not reported. Test code reads whole ranges to check them.
  const part = !scan || quiet === 'test code' || quiet === 'test-only code' ? undefined : partlyUsed(chain, uses);
  if (part) return { kind: 'part', part };
  // A configuration table (`plans`, `appSettings`, `featureFlags`) holds a fixed handful of rows.
  if (isConfigTable(project, chain.table)) return undefined;
  if (scan) return { kind: 'scan', scan, quiet };
  // An index range bounds the read. Most such ranges are small by nature (a conversation's members,
  // a type's settings); the one worth a note is a public query handing a range back whole: a list
  // the client shows, which is what `.paginate` is for.
  return isListEndpoint(project, uses) ? { kind: 'list-endpoint' } : undefined;
}

/** The word a configuration table's name ends in: `plans`, `appSettings`, `feature_flags`. */
const CONFIG_WORDS = new Set(['config', 'configs', 'configuration', 'configurations', 'settings', 'plans', 'pricing', 'prices', 'features', 'flags']);
/** Words before it that still name the whole app, not one user's or team's share of it. */
const APP_WIDE_WORDS = new Set(['app', 'site', 'global', 'system', 'admin', 'platform', 'feature', 'subscription', 'billing', 'pricing', 'plan', 'remote', 'runtime', 'default', 'static']);
/** A field that makes each row belong to a user, team, … : such a table grows with them. */
const OWNER_FIELD = /^(user|owner|author|member|account|team|org|organization|workspace|customer|tenant|project|company)(_?id)?$/i;

/**
 * Whether a table is app-wide configuration by its name (last word config/settings/plans/pricing/
 * features/flags, any words before it app-wide ones) and not one owned row per user or team by its
 * schema fields (`userSettings`, or `settings` with a `userId`, grow with the users).
 */
function isConfigTable(project: ConvexProject, table: string | undefined): boolean {
  if (table === undefined) return false;
  const words = table.split(/(?=[A-Z])|[_-]/).filter(Boolean).map((w) => w.toLowerCase());
  const last = words.pop();
  if (!last || !CONFIG_WORDS.has(last) || !words.every((w) => APP_WIDE_WORDS.has(w))) return false;
  const fields = project.schema?.tables.get(table)?.fields;
  return !fields?.some((f) => OWNER_FIELD.test(f));
}

/** How the query reads the whole table, or undefined when an index range bounds it. */
function tableScan(steps: readonly ChainStep[], siblingSteps: readonly ChainStep[], indexed: boolean): TableScan | undefined {
  if (!indexed) return { kind: 'no-index' };
  const indexSteps = [...steps, ...siblingSteps].filter((s) => INDEX_STEPS.has(s.name));
  const ranged = indexSteps.some((s) => s.name !== 'withIndex' || isBoundingRange(s.call.arguments[1]));
  if (ranged) return undefined;
  const open = indexSteps.some((s) => s.call.arguments[1] !== undefined && hasBound(s.call.arguments[1]));
  return { kind: open ? 'open-range' : 'unranged', index: stringLiteralValue(indexSteps[0]?.call.arguments[0]) };
}

/**
 * Whether a `withIndex` range expression confines the read: an equality (`q.eq("channelId", id)`,
 * a per-parent list) or a window closed on both sides. No range, or a one-sided bound such as
 * `q.gt("score", 0)`, still walks an unbounded part of the index.
 */
function isBoundingRange(range: ts.Expression | undefined): boolean {
  if (!range) return false;
  const methods = rangeMethods(range);
  const lower = methods.has('gt') || methods.has('gte');
  const upper = methods.has('lt') || methods.has('lte');
  return methods.has('eq') || (lower && upper);
}

/** A range with at least one comparison (`q.lt("createdAt", cutoff)`): one-sided when not bounding. */
function hasBound(range: ts.Expression): boolean {
  const methods = rangeMethods(range);
  return ['gt', 'gte', 'lt', 'lte'].some((m) => methods.has(m));
}

function rangeMethods(range: ts.Expression): Set<string> {
  const methods = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) methods.add(node.expression.name.text);
    ts.forEachChild(node, visit);
  };
  visit(range);
  return methods;
}

/**
 * `const rows = await q.collect()` followed, in the same function, by a loop or `rows.map/forEach`
 * whose body deletes or cancels: the read exists to remove what it finds.
 */
function deletesWhatItReads(collect: ts.CallExpression): boolean {
  let node: ts.Node = collect;
  while (isTransparent(node.parent)) node = node.parent;
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name)) return false;
  const name = decl.name.text;
  let fn: ts.Node | undefined = decl.parent;
  while (fn && !isFunctionNode(fn)) fn = fn.parent;
  if (!fn) return false;
  const isName = (e: ts.Node) => ts.isIdentifier(e) && e.text === name;
  let removes = false;
  const visit = (n: ts.Node): void => {
    if (removes) return;
    let body: ts.Node | undefined;
    if (ts.isForOfStatement(n) && isName(n.expression)) body = n.statement;
    else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && isName(n.expression.expression)) {
      if (['map', 'forEach', 'flatMap'].includes(n.expression.name.text)) body = n.arguments[0];
    }
    if (body && callsRemoval(body)) removes = true;
    else ts.forEachChild(n, visit);
  };
  visit(fn);
  return removes;
}

function callsRemoval(root: ts.Node): boolean {
  if (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression) && REMOVING_METHODS.has(root.expression.name.text)) return true;
  return ts.forEachChild(root, callsRemoval) === true;
}

/**
 * Code that reads whole tables on purpose and runs rarely — tests, migrations, backfills, seed
 * scripts, cleanup jobs — says so in its path or name. Public functions never qualify.
 */
function rareCodeReason(project: ConvexProject, file: SourceFile, node: ts.Node): string | undefined {
  if (TEST_PATH.test(file.relPath)) return 'test code';
  const registration = project.registrationAt(file, node);
  const builder = registration && unwrapCallee(registration.call.expression);
  const base = file.relPath.split('/').pop()!.replace(/\.[^.]*$/, '');
  if ((builder && TEST_ONLY_NAME.test(builder)) || TEST_ONLY_NAME.test(base)) return 'test-only code';
  if (registration?.visibility === 'public') return undefined;
  const segments = file.relPath.split('/').map((s) => s.replace(/\.[^.]*$/, ''));
  const names = [...enclosingFunctionNames(node), ...(registration ? [registration.localName ?? '', ...registration.exportNames] : [])];
  if ([...segments, ...names].some((n) => MAINTENANCE_NAME.test(n))) return 'a migration, backfill or seed script';
  const isCronFile = segments[segments.length - 1] === 'crons';
  if (registration && (isCronFile || names.some((n) => CLEANUP_NAME.test(n)))) return 'an internal cleanup job';
  return undefined;
}

/** The names of the functions enclosing `node`, innermost first (`const backfill = async () => …` → `backfill`). */
function enclosingFunctionNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!isFunctionNode(n)) continue;
    const name = functionNameOf(n);
    if (name) names.push(name);
  }
  return names;
}

/**
 * A public query hands the collected array back, as is or as an element-wise copy
 * (`rows.map(…)`, `Promise.all(rows.map(async …))`), directly or through a project helper.
 * Component functions are called by library code, not listed by clients.
 */
function isListEndpoint(project: ConvexProject, uses: readonly CollectedUse[]): boolean {
  if (project.root.isComponent) return false;
  return uses.some((use) => {
    if (use.kind !== 'returned') return false;
    const registration = project.registrationAt(use.file, use.fn);
    return registration?.kind === 'query' && registration.visibility === 'public' && registration.handler === use.fn;
  });
}

/** `testingMutation` in `testingMutation({…})`, `mutation` in `zCustom.mutation(…)`. */
function unwrapCallee(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function isTransparent(node: ts.Node): boolean {
  return ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node);
}
