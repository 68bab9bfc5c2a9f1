import { qualifiedName } from '../semantics/reached-from.js';
import { ts } from '../../typescript.js';
import { functionNameOf, isFunctionNode, memberName, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { reachableFunctions, type FunctionAt } from '../semantics/call-graph.js';
import { customizationMods } from '../semantics/customizations.js';
import { readsOf } from '../model/local-bindings.js';
import { developmentSeedingReason } from '../model/dev-seeding.js';
import type { FunctionKind } from '../model/registrars.js';
import { referenceArgument, runCallsReachedFrom, type RunRole } from '../semantics/run-calls.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Registration } from '../semantics/registrations.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

/** How far from a query's handler helpers are followed. */
const HELPER_DEPTH = 3;

/** A wall-clock read and the queries that reach it, in registration order. */
type ClockCall = ts.CallExpression | ts.NewExpression;

interface ClockRead {
  file: SourceFile;
  /** `Date.now()` or `new Date()`. */
  node: ClockCall;
  /** The function whose body holds it (a handler, a helper, a builder's input). */
  holder: FunctionNode;
  queries: Registration[];
}

/** `Date.now()` / `new Date()` reached from a query: the cached result silently goes stale. */
export const dateNowInQuery: Rule = {
  id: 'date-now-in-query',
  title: 'Wall clock in a query',
  description: 'A query that reads the current time (`Date.now()`, `new Date()`), directly or through helpers.',
  // Info since round 3: at warning it measured 7 TP / 4 FP on the held-out apps (docs/precision.md)
  // — a query that shows when it ran, or a far-off placeholder expiry, goes stale harmlessly.
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#date-in-queries`,
  category: 'correctness',
  concerns: ['correctness', 'performance', 'reliability'],
  *check(project) {
    for (const read of clockReadsFromQueries(project)) yield report(read);
  },
};

function clockReadsFromQueries(project: ConvexProject): ClockRead[] {
  const reads = new Map<ts.Node, ClockRead>();
  const cached = subscribableQueries(project);
  for (const query of project.registrations) {
    if (query.kind !== 'query' || !query.handler || !cached.has(query)) continue;
    // A development query (`devStats`, `convex/seed/…`) is run by hand, not watched by users.
    if (developmentSeedingReason(query.file, query.call.arguments[0] ?? query.call)) continue;
    const reached = new Set<ts.Node>();
    for (const at of functionsRunBy(project, query)) {
      for (const node of clockReadsIn(project, at)) {
        if (reached.has(node)) continue;
        reached.add(node);
        let read = reads.get(node);
        if (!read) reads.set(node, (read = { file: at.file, node, holder: at.fn, queries: [] }));
        read.queries.push(query);
      }
    }
  }
  return [...reads.values()];
}

/**
 * The queries whose result a client can subscribe to: public ones (a component's too: the app
 * hands their results on), and internal ones a subscribable query runs with `ctx.runQuery` (their
 * result becomes part of its result). An internal query only actions and mutations run — a
 * worker loop computing its next wake-up time — hands its result to code that is not cached
 * and no client watches: reading the clock there goes stale for nobody.
 */
function subscribableQueries(project: ConvexProject): Set<Registration> {
  const runBy = new Map<Registration, Registration[]>(); // internal query → queries that run it
  for (const run of runCallsReachedFrom(project, QUERY_KIND, RUN_QUERY)) {
    const ref = referenceArgument(project, run.file, run.node.arguments[0]);
    const target = ref && project.registrationFor(ref);
    if (target) runBy.set(target, [...(runBy.get(target) ?? []), ...run.registrations]);
  }
  const subscribable = new Set<Registration>();
  const visit = (query: Registration): void => {
    if (subscribable.has(query)) return;
    subscribable.add(query);
    for (const [target, runners] of runBy) if (runners.includes(query)) visit(target);
  };
  for (const reg of project.registrations) if (reg.kind === 'query' && reg.visibility === 'public') visit(reg);
  return subscribable;
}

const QUERY_KIND: ReadonlySet<FunctionKind> = new Set(['query']);
const RUN_QUERY: ReadonlySet<RunRole> = new Set(['runQuery']);

/** The handler, the inputs of its custom builders (they run first, in the same query), and what they call. */
function functionsRunBy(project: ConvexProject, query: Registration): FunctionAt[] {
  const starts: FunctionAt[] = [{ file: query.file, fn: query.handler! }];
  for (const c of query.registrar.customizations) starts.push(...customizationMods(project, c).inputs);
  const seen = new Set<FunctionNode>();
  const out: FunctionAt[] = [];
  for (const start of starts) {
    for (const { at } of reachableFunctions(project, start, HELPER_DEPTH)) {
      if (seen.has(at.fn)) continue;
      seen.add(at.fn);
      out.push(at);
    }
  }
  return out;
}

/** `Date.now()` and argument-less `new Date()` in a function's body, closures included, logging excluded. */
function clockReadsIn(project: ConvexProject, at: FunctionAt): ClockCall[] {
  return project.cached('clockReadsIn', at.fn, () => findClockReads(project, at));
}

function findClockReads(project: ConvexProject, at: FunctionAt): ClockCall[] {
  if (!at.fn.body || dateIsShadowed(project, at.file)) return [];
  const found: ClockCall[] = [];
  const visit = (node: ts.Node): void => {
    if (isClockRead(node) && !onlyLogged(node)) found.push(node);
  };
  visit(at.fn.body);
  walk(at.fn.body, visit);
  return found;
}

function isClockRead(node: ts.Node): node is ClockCall {
  if (ts.isNewExpression(node)) return isDateIdentifier(node.expression) && (node.arguments?.length ?? 0) === 0;
  if (!ts.isCallExpression(node) || node.arguments.length > 0) return false;
  const callee = unwrap(node.expression);
  return ts.isPropertyAccessExpression(callee) && memberName(callee) === 'now' && isDateIdentifier(callee.expression);
}

function isDateIdentifier(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return ts.isIdentifier(e) && e.text === 'Date';
}

/** A module that imports or declares its own `Date` is not talking about the global one. */
function dateIsShadowed(project: ConvexProject, file: SourceFile): boolean {
  const scope = project.scope(file);
  return scope.imports.has('Date') || scope.locals.has('Date');
}

/**
 * Timing a query for the logs (`console.log(Date.now() - start)`) leaves its result alone:
 * the read is only logged, directly or through a `const` used only in log calls.
 */
function onlyLogged(read: ts.Node): boolean {
  if (insideConsoleCall(read)) return true;
  let node: ts.Node = read;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const decl = node.parent;
  if (!ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name)) return false;
  if (!(ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const)) return false;
  const uses = readsOf(decl);
  return uses.length > 0 && uses.every(insideConsoleCall);
}

function insideConsoleCall(node: ts.Node): boolean {
  for (let n = node.parent; n && !isFunctionNode(n); n = n.parent) {
    if (!ts.isCallExpression(n)) continue;
    const callee = unwrap(n.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'console') return true;
  }
  return false;
}

function report(read: ClockRead): Report {
  const [first, ...others] = read.queries;
  const clock = ts.isNewExpression(read.node) ? '`new Date()`' : '`Date.now()`';
  const queryName = `query \`${qualifiedName(first, read.file)}\`${others.length > 0 ? ` (and ${others.length} more)` : ''}`;
  const holderName = functionNameOf(read.holder);
  const inHandler = first.handler === read.holder;
  const where = inHandler ? `in ${queryName}` : holderName ? `in \`${holderName}\`, reached from ${queryName}` : `reached from ${queryName}`;
  const all = read.queries.map((q) => `\`${qualifiedName(q, read.file)}\``);
  return {
    file: read.file,
    node: read.node,
    message: `${clock} ${where}: the cached result goes stale as time passes`,
    detail:
      'Convex caches query results and re-runs a query only when the documents it read change; the clock is not one of ' +
      'them. A result computed from the current time stays cached, and subscribed clients keep seeing it, after the moment ' +
      'it compared against has passed; reading the time also makes the query harder to cache. ' +
      'Pass the time in as an argument (rounded, e.g. to the minute, so clients share a cache entry), or have a scheduled ' +
      'function flip a flag on the document (`isExpired`, `isPublished`) when the time comes and query the flag.' +
      (all.length > 1 ? `\n\nReached from the queries ${all.join(', ')}.` : ''),
  };
}

