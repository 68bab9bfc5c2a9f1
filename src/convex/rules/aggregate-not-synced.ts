import { localDeclarationOf } from '../model/local-bindings.js';
import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, memberName, memberNameNode, memberObject, propertyNameText, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { callSites, type FunctionAt } from '../semantics/call-graph.js';
import { customizationMods, propertyValue } from '../semantics/customizations.js';
import { dbCalls, type DbCall } from '../semantics/db.js';
import { isConstDeclaration } from '../model/local-bindings.js';
import { stripExtension } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { FunctionReference } from '../semantics/references.js';
import type { Registration } from '../semantics/registrations.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { dataModelType, literalArgument, singleLiteralTable } from '../semantics/table-refs.js';
import { tableOfId } from '../semantics/id-tables.js';
import { isBuiltByPackage, isPackageClass, packageInstance } from '../semantics/package-instances.js';
import { isTestFile } from '../model/test-files.js';

/**
 * A mutation that writes a table an `@convex-dev/aggregate` `TableAggregate` is kept over, without
 * the matching aggregate call (insert ↔ insert, patch/replace ↔ replace, delete ↔ delete) anywhere
 * on its path — handler, builder inputs, helpers, functions it runs or schedules — and without a
 * convex-helpers trigger that does it. The aggregate then silently drifts from the table.
 */
export const aggregateNotSynced: Rule = {
  id: 'aggregate-not-synced',
  title: 'Table write not mirrored in its aggregate',
  description: 'A mutation writes a table a `TableAggregate` is kept over without updating the aggregate (directly, through helpers or a trigger).',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/components/using',
  category: 'correctness',
  concerns: ['correctness', 'data-model', 'reliability'],
  *check(project) {
    const aggregates = findAggregates(project);
    if (aggregates.length === 0) return;
    const byTable = new Map<string, AggregateDef[]>();
    for (const a of aggregates) if (a.table) byTable.set(a.table, [...(byTable.get(a.table) ?? []), a]);
    if (byTable.size === 0) return;
    const reported = new Set<ts.Node>();
    for (const reg of project.registrations) {
      if (reg.kind !== 'mutation' || !reg.handler || isTestFile(reg.file)) continue;
      const path = mutationPath(project, reg);
      if (!path) continue; // part of it cannot be followed
      for (const write of path.writes) {
        if (reported.has(write.call.call)) continue;
        const missing = (byTable.get(write.table) ?? []).filter((a) => !isSynced(write, a, path));
        if (missing.length === 0) continue;
        reported.add(write.call.call);
        yield reportOf(reg, write, missing);
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Aggregates

interface AggregateDef {
  file: SourceFile;
  /** `new TableAggregate<…>(components.x, { … })` */
  node: ts.NewExpression;
  /** The variable holding it, for messages. */
  name: string;
  /** The table it is kept over, when the type arguments (or a typed `sortKey`) name it. */
  table?: string;
  /** The document fields its `sortKey`, `namespace` and `sumValue` read; undefined when they cannot be read. */
  keyFields?: ReadonlySet<string>;
}

const AGGREGATE_PACKAGE = '@convex-dev/aggregate';
const KEY_OPTIONS = ['sortKey', 'namespace', 'sumValue'];

function findAggregates(project: ConvexProject): AggregateDef[] {
  return project.cached('aggregate-not-synced:aggregates', project, () => {
    const found: AggregateDef[] = [];
    for (const file of project.files) {
      if (isTestFile(file) || !file.text.includes('TableAggregate')) continue;
      for (const decl of project.index(file).variableDeclarations) {
        const init = decl.initializer && unwrap(decl.initializer);
        if (!init || !ts.isNewExpression(init) || !ts.isIdentifier(decl.name)) continue;
        if (!isPackageClass(project, file, init.expression, AGGREGATE_PACKAGE, 'TableAggregate')) continue;
        const options = init.arguments?.[1] && unwrap(init.arguments[1]);
        const optionsObject = options && ts.isObjectLiteralExpression(options) ? options : undefined;
        found.push({
          file,
          node: init,
          name: decl.name.text,
          table: aggregateTable(project, file, init, optionsObject),
          keyFields: optionsObject && keyFieldsOf(optionsObject),
        });
      }
    }
    return found;
  });
}

/**
 * `TableAggregate<{ …; TableName: "T" }>`, the older positional `TableAggregate<K, DataModel, "T">`,
 * a local type alias of either, or a `sortKey: (doc: Doc<"T">) => …`.
 */
function aggregateTable(project: ConvexProject, file: SourceFile, node: ts.NewExpression, options: ts.ObjectLiteralExpression | undefined): string | undefined {
  const typeArgs = node.typeArguments ?? [];
  const fromTypes = typeArgs.length >= 3 ? singleLiteralTable(typeArgs[2]) : typeArgs[0] && tableOfTypeArgument(file, typeArgs[0], 0);
  if (fromTypes) return fromTypes;
  const sortKey = options && functionOption(options, 'sortKey');
  const docType = sortKey?.parameters[0]?.type;
  if (docType && ts.isTypeReferenceNode(docType) && dataModelType(project, file, docType) === 'Doc') return singleLiteralTable(docType.typeArguments?.[0]);
  return undefined;
}

function tableOfTypeArgument(file: SourceFile, type: ts.TypeNode, depth: number): string | undefined {
  if (depth > 3) return undefined;
  if (ts.isTypeLiteralNode(type)) {
    const member = type.members.find((m) => ts.isPropertySignature(m) && m.name && /^[tT]ableName$/.test(propertyNameText(m.name) ?? ''));
    return member && ts.isPropertySignature(member) ? singleLiteralTable(member.type) : undefined;
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  // `TableAggregateType<K, DataModel, "T">`
  if (type.typeName.text === 'TableAggregateType' && type.typeArguments && type.typeArguments.length >= 3) return singleLiteralTable(type.typeArguments[2]);
  const name = type.typeName.text;
  const alias = file.ast.statements.find((s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration => (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === name);
  if (!alias) return undefined;
  if (ts.isTypeAliasDeclaration(alias)) return tableOfTypeArgument(file, alias.type, depth + 1);
  const member = alias.members.find((m) => ts.isPropertySignature(m) && m.name && /^[tT]ableName$/.test(propertyNameText(m.name) ?? ''));
  return member && ts.isPropertySignature(member) ? singleLiteralTable(member.type) : undefined;
}

function functionOption(options: ts.ObjectLiteralExpression, name: string): FunctionNode | undefined {
  const prop = findProperty(options, name);
  if (!prop) return undefined;
  if (ts.isMethodDeclaration(prop)) return prop;
  const value = propertyValue(prop);
  const fn = value && unwrap(value);
  return fn && isFunctionNode(fn) ? fn : undefined;
}

/** The fields `sortKey`, `namespace` and `sumValue` read from the document: `doc.score`, `({ score }) => …`. */
function keyFieldsOf(options: ts.ObjectLiteralExpression): ReadonlySet<string> | undefined {
  const fields = new Set<string>();
  for (const name of KEY_OPTIONS) {
    const prop = findProperty(options, name);
    if (!prop) continue;
    const fn = functionOption(options, name);
    if (!fn) return undefined;
    const read = fieldsRead(fn);
    if (!read) return undefined;
    for (const f of read) fields.add(f);
  }
  return fields;
}

function fieldsRead(fn: FunctionNode): string[] | undefined {
  const param = fn.parameters[0];
  if (!param) return [];
  if (ts.isObjectBindingPattern(param.name)) {
    const keys = param.name.elements.map((el) => (el.dotDotDotToken ? undefined : el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined));
    return keys.every((k): k is string => k !== undefined) ? keys : undefined;
  }
  if (!ts.isIdentifier(param.name) || !fn.body) return undefined;
  const name = param.name.text;
  const fields: string[] = [];
  let opaque = false;
  const visit = (node: ts.Node): void => {
    if (!ts.isIdentifier(node) || node.text !== name || node === param.name) return;
    const parent = node.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name === node) return;
    const field = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node ? memberName(parent) : undefined;
    if (field) fields.push(field);
    else opaque = true; // handed whole to something: any field may count
  };
  visit(fn.body);
  walk(fn.body, visit);
  return opaque ? undefined : fields;
}

// ---------------------------------------------------------------------------------------------
// What a mutation does

type WriteKind = 'insert' | 'patch' | 'replace' | 'delete';

interface TableWrite {
  call: DbCall;
  kind: WriteKind;
  table: string;
  /** The fields a `patch` sets, when its value is a plain object literal. */
  patchedFields?: readonly string[];
  /** Where the write is: the function holding it. */
  holder: FunctionAt;
}

interface AggregateCall {
  aggregate: AggregateDef;
  method: string;
}

interface MutationPath {
  writes: TableWrite[];
  calls: AggregateCall[];
  /** Aggregates kept in sync for a table by triggers on the db this mutation writes through. */
  triggered: Map<string, Set<AggregateDef>>;
}

/** How many calls deep helpers are followed; a path that goes deeper is not judged. */
const PATH_DEPTH = 6;
const AGGREGATE_WRITE_METHODS = new Set(['insert', 'insertIfDoesNotExist', 'replace', 'replaceOrInsert', 'delete', 'deleteIfExists', 'clear', 'clearAll']);
const WRITE_METHODS = new Set<string>(['insert', 'patch', 'replace', 'delete']);
const SCHEDULER_METHODS = new Set(['runAfter', 'runAt']);

/**
 * The table writes and aggregate calls of everything a mutation runs, or undefined when some of it
 * cannot be followed (then an aggregate call may hide there, and the rule stays silent).
 */
function mutationPath(project: ConvexProject, reg: Registration): MutationPath | undefined {
  return project.cached('aggregate-not-synced:path', reg, () => {
    const triggered = triggersOf(project, reg);
    if (!triggered) return undefined;
    const functions = functionsOf(project, reg, new Set([reg]));
    if (!functions) return undefined;
    const aggregates = findAggregates(project);
    const writes: TableWrite[] = [];
    const calls: AggregateCall[] = [];
    for (const { at, own } of functions) {
      const found = project.cached('aggregate-not-synced:calls', at.fn, () => aggregateCallsIn(project, at, aggregates));
      if (!found) return undefined;
      calls.push(...found);
      // Writes count only on the mutation's own path; functions it runs or schedules are judged as themselves.
      if (own) writes.push(...writesIn(project, at, reg));
    }
    return { writes, calls, triggered };
  });
}

/**
 * The functions a mutation runs: its handler and builder inputs, the project helpers they call,
 * and (`own: false`) the registrations it runs or schedules with theirs. Undefined when any call
 * handing ctx on, or any function reference, cannot be followed.
 */
function functionsOf(project: ConvexProject, reg: Registration, visiting: Set<Registration>): { at: FunctionAt; own: boolean }[] | undefined {
  const starts: FunctionAt[] = [{ file: reg.file, fn: reg.handler! }];
  for (const c of reg.registrar.customizations) {
    const mods = customizationMods(project, c);
    if (!mods.complete) return undefined;
    starts.push(...mods.inputs);
  }
  const seen = new Set<FunctionNode>(starts.map((s) => s.fn));
  const queue = starts.map((at) => ({ at, depth: 0 }));
  const out: { at: FunctionAt; own: boolean }[] = [];
  for (let i = 0; i < queue.length; i++) {
    const { at, depth } = queue[i];
    out.push({ at, own: true });
    const roles = project.ctx(at.file);
    for (const site of callSites(project, at)) {
      if (site.target) {
        // A helper handed no ctx (nor ctx.db) can neither write nor update an aggregate.
        if (seen.has(site.target.fn) || !site.call.arguments.some((a) => roles.roleOf(a) !== undefined)) continue;
        if (depth + 1 > PATH_DEPTH) return undefined;
        seen.add(site.target.fn);
        queue.push({ at: site.target, depth: depth + 1 });
        continue;
      }
      const ref = functionReferenceRun(project, at.file, site.call);
      if (ref === null) return undefined;
      if (ref) {
        if (ref.root === 'components') continue;
        const target = project.registrationFor(ref);
        if (!target?.handler) return undefined;
        if (visiting.has(target)) continue;
        visiting.add(target);
        const theirs = functionsOf(project, target, visiting);
        if (!theirs) return undefined;
        out.push(...theirs.map((f) => ({ at: f.at, own: false })));
        continue;
      }
      if (handsCtxToOpaqueCode(project, at.file, site.call, roles)) return undefined;
    }
  }
  return out;
}

/**
 * The function reference a `ctx.runMutation(ref, …)` / `scheduler.runAfter(delay, ref, …)` runs:
 * undefined when the call is neither, null when it is one but its reference cannot be read.
 */
function functionReferenceRun(project: ConvexProject, file: SourceFile, call: ts.CallExpression): FunctionReference | null | undefined {
  const roles = project.ctx(file);
  const role = roles.roleOf(call.expression);
  let arg: ts.Expression | undefined;
  if (role === 'runQuery' || role === 'runMutation' || role === 'runAction') arg = call.arguments[0];
  else {
    const callee = unwrap(call.expression);
    const object = memberObject(callee);
    const method = memberName(callee);
    if (!object || !method || !SCHEDULER_METHODS.has(method) || roles.roleOf(object) !== 'scheduler') return undefined;
    arg = call.arguments[1];
  }
  if (!arg) return null;
  return project.referenceAt(file, arg) ?? null;
}

/**
 * A call handing ctx (or ctx.db) to project code the call graph cannot follow: a method of a
 * project object or class instance, a function built by a factory. Package code cannot update
 * the project's aggregates, so it is followed no further.
 */
function handsCtxToOpaqueCode(project: ConvexProject, file: SourceFile, call: ts.CallExpression, roles: ReturnType<ConvexProject['ctx']>): boolean {
  if (!call.arguments.some((a) => roles.roleOf(a) !== undefined)) return false;
  let root: ts.Expression = unwrap(call.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) root = unwrap(root.expression);
  if (!ts.isIdentifier(root)) return true;
  if (roles.roleOf(root) !== undefined) return false; // ctx.db.insert(…), ctx.runMutation(…)
  const local = localDeclarationOf(root);
  if (local && !isModuleScope(local)) {
    // A closure declared in the function runs code already walked with it; any other local may hide anything.
    const init = ts.isVariableDeclaration(local) && local.initializer && unwrap(local.initializer);
    return !(init && isFunctionNode(init) && ts.isIdentifier(local.name) && isConstDeclaration(local));
  }
  const value = project.valueOf(file, root);
  if (value.kind === 'import' || value.kind === 'registrar') return false;
  if (value.kind === 'namespace') return value.target.kind === 'file';
  if (value.kind === 'definition') return !isBuiltByPackage(project, value.file, value.node);
  return false; // a global such as `console`
}

function isModuleScope(decl: ts.ParameterDeclaration | ts.VariableDeclaration): boolean {
  return ts.isVariableDeclaration(decl) && ts.isVariableStatement(decl.parent.parent) && ts.isSourceFile(decl.parent.parent.parent);
}

/**
 * `aggregate.insert(ctx, doc)` and kin in a function; undefined when one of those methods is
 * called on something that is not a known aggregate (it may be one).
 */
function aggregateCallsIn(
  project: ConvexProject,
  at: FunctionAt,
  aggregates: readonly AggregateDef[],
  isCtx: (expr: ts.Expression) => boolean = (expr) => project.ctx(at.file).roleOf(expr) === 'ctx',
): AggregateCall[] | undefined {
  const out: AggregateCall[] = [];
  for (const { call } of callSites(project, at)) {
    const callee = unwrap(call.expression);
    const method = memberName(callee);
    const object = memberObject(callee);
    if (!method || !object || !AGGREGATE_WRITE_METHODS.has(method)) continue;
    // Aggregate methods take ctx first; `set.delete(x)` and `ctx.db.insert(…)` are something else.
    if (project.ctx(at.file).roleOf(object) !== undefined || !call.arguments[0] || !isCtx(call.arguments[0])) continue;
    const aggregate = aggregateOf(project, at.file, object, aggregates);
    if (aggregate) out.push({ aggregate, method });
    else if (aggregate === null) return undefined;
  }
  return out;
}

/**
 * The aggregate an expression denotes: undefined when it is certainly none (a package client of
 * another kind), null when it cannot be told.
 */
function aggregateOf(project: ConvexProject, file: SourceFile, expr: ts.Expression, aggregates: readonly AggregateDef[]): AggregateDef | null | undefined {
  const value = project.valueOf(file, unwrap(expr));
  if (value.kind === 'definition') {
    const known = aggregates.find((a) => a.node === value.node);
    if (known) return known;
    return isBuiltByPackage(project, value.file, value.node) ? undefined : null;
  }
  if (value.kind === 'import') {
    // A path alias (`~/convex/aggregates`) the resolver cannot follow: match the module's path and the export's name.
    const byPath = aggregates.filter((a) => a.name === value.name && specifierNames(value.module, a.file));
    return byPath.length === 1 ? byPath[0] : null;
  }
  return null;
}

/** `~/convex/aggregates/scores` or `@/convex/aggregates/scores.js` naming the file `aggregates/scores.ts` of the root. */
function specifierNames(specifier: string, file: SourceFile): boolean {
  const module = stripExtension(file.relPath);
  const bare = specifier.replace(/\.[cm]?[jt]s$/, '');
  return bare.endsWith(`/${module}`);
}

/** The writes to tables a function makes on a ctx-derived db, with the table each touches when it is known. */
function writesIn(project: ConvexProject, at: FunctionAt, reg: Registration): TableWrite[] {
  if (!at.fn.body) return [];
  const out: TableWrite[] = [];
  for (const call of dbCalls(project, at.file)) {
    if (!WRITE_METHODS.has(call.method) || memberName(call.db) === 'system') continue;
    if (call.call.pos < at.fn.body.pos || call.call.end > at.fn.body.end) continue;
    const kind = call.method as WriteKind;
    const table = writtenTable(project, at.file, call, kind, reg);
    if (!table) continue;
    const value = kind === 'patch' ? call.call.arguments[call.call.arguments.length - 1] : undefined;
    out.push({ call, kind, table, holder: at, patchedFields: value && literalKeys(value) });
  }
  return out;
}

function writtenTable(project: ConvexProject, file: SourceFile, call: DbCall, kind: WriteKind, reg: Registration): string | undefined {
  const args = call.call.arguments;
  const first = literalArgument(args[0])?.table;
  if (kind === 'insert') return first;
  const idOnlyArity = kind === 'delete' ? 1 : 2;
  if (first !== undefined) return args.length > idOnlyArity ? first : undefined;
  return args[0] && tableOfId(project, file, args[0], reg);
}

/** The keys of a plain object literal (no spreads, no computed names); undefined otherwise. */
function literalKeys(expr: ts.Expression): string[] | undefined {
  const obj = unwrap(expr);
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  const keys = obj.properties.map((p) => (ts.isSpreadAssignment(p) || !p.name ? undefined : propertyNameText(p.name)));
  return keys.every((k): k is string => k !== undefined) ? keys : undefined;
}

// ---------------------------------------------------------------------------------------------
// Triggers (convex-helpers)

const TRIGGERS_MODULE = 'convex-helpers/server/triggers';

/**
 * For each table, the aggregates that triggers keep in sync for a mutation whose builder wraps
 * ctx.db with `triggers.wrapDB`. Undefined when the builder wraps the db with triggers that
 * cannot be read.
 */
function triggersOf(project: ConvexProject, reg: Registration): Map<string, Set<AggregateDef>> | undefined {
  const out = new Map<string, Set<AggregateDef>>();
  for (const c of reg.registrar.customizations) {
    const file = project.filesByPath.get(c.file);
    const mods = c.call.arguments[1];
    if (!file || !mods) continue;
    for (const triggers of wrapDbObjects(project, file, mods)) {
      const registered = registeredTriggers(project, triggers);
      if (!registered) return undefined;
      for (const [table, aggregates] of registered) {
        const set = out.get(table) ?? new Set();
        for (const a of aggregates) set.add(a);
        out.set(table, set);
      }
    }
  }
  return out;
}

/**
 * The `Triggers` instances whose `wrapDB` the mods use (`customCtx(triggers.wrapDB)`), followed
 * through names bound elsewhere; a `wrapDB` on anything else yields null (cannot be read).
 */
function wrapDbObjects(project: ConvexProject, file: SourceFile, mods: ts.Expression, depth = 0): (ts.Node | null)[] {
  if (depth > 4) return [];
  const found: (ts.Node | null)[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'wrapDB') found.push(triggersInstance(project, file, node.expression));
  };
  const expr = unwrap(mods);
  visit(expr);
  walk(expr, visit);
  if (ts.isIdentifier(expr)) {
    const value = project.valueOf(file, expr);
    if (value.kind === 'definition' && value.node !== expr && ts.isExpression(value.node)) found.push(...wrapDbObjects(project, value.file, value.node, depth + 1));
  }
  return found;
}

/** The `new Triggers<…>()` node an expression denotes, or null. */
function triggersInstance(project: ConvexProject, file: SourceFile, expr: ts.Expression): ts.Node | null {
  return packageInstance(project, file, expr, TRIGGERS_MODULE, 'Triggers') ?? null;
}

/**
 * `triggers.register("T", handler)` calls on one `Triggers` instance, anywhere in the root: the
 * aggregates each table's handlers update. Undefined when a handler cannot be read.
 */
function registeredTriggers(project: ConvexProject, triggers: ts.Node | null): Map<string, Set<AggregateDef>> | undefined {
  if (!triggers) return undefined;
  return project.cached('aggregate-not-synced:triggers', triggers, () => findRegisteredTriggers(project, triggers));
}

function findRegisteredTriggers(project: ConvexProject, triggers: ts.Node): Map<string, Set<AggregateDef>> | undefined {
  const aggregates = findAggregates(project);
  const out = new Map<string, Set<AggregateDef>>();
  for (const file of project.files) {
    if (!file.text.includes('register')) continue;
    for (const call of project.index(file).calls) {
      const callee = unwrap(call.expression);
      if (memberName(callee) !== 'register' || !memberObject(callee)) continue;
      if (triggersInstance(project, file, memberObject(callee)!) !== triggers) continue;
      const table = literalArgument(call.arguments[0])?.table;
      const handler = call.arguments[1];
      if (!table || !handler) return undefined;
      const updated = triggerAggregates(project, file, handler, aggregates);
      if (!updated) return undefined;
      const set = out.get(table) ?? new Set();
      for (const a of updated) set.add(a);
      out.set(table, set);
    }
  }
  return out;
}

/** `aggregate.trigger()` / `idempotentTrigger()`, or a trigger function whose body calls aggregate methods. */
function triggerAggregates(project: ConvexProject, file: SourceFile, handler: ts.Expression, aggregates: readonly AggregateDef[]): AggregateDef[] | undefined {
  const expr = unwrap(handler);
  if (ts.isCallExpression(expr)) {
    const method = memberName(unwrap(expr.expression));
    const object = memberObject(unwrap(expr.expression));
    if ((method === 'trigger' || method === 'idempotentTrigger') && object) {
      const aggregate = aggregateOf(project, file, object, aggregates);
      return aggregate ? [aggregate] : aggregate === undefined ? [] : undefined;
    }
    return undefined;
  }
  const fn = isFunctionNode(expr) ? { file, fn: expr } : project.functionAt(file, expr);
  if (!fn) return undefined;
  // Triggers are called with a ctx the model does not mark: the function's first parameter is it.
  const first = fn.fn.parameters[0];
  const ctxName = first && ts.isIdentifier(first.name) ? first.name.text : undefined;
  const isCtx = (arg: ts.Expression): boolean => {
    const e = unwrap(arg);
    return (ts.isIdentifier(e) && e.text === ctxName) || project.ctx(fn.file).roleOf(e) === 'ctx';
  };
  const calls = aggregateCallsIn(project, fn, aggregates, isCtx);
  return calls?.map((c) => c.aggregate);
}

// ---------------------------------------------------------------------------------------------
// Matching writes and aggregate calls

/** The aggregate methods that mirror each kind of write. */
const MIRRORS: Record<WriteKind, readonly string[]> = {
  insert: ['insert', 'insertIfDoesNotExist', 'replaceOrInsert'],
  patch: ['replace', 'replaceOrInsert'],
  replace: ['replace', 'replaceOrInsert'],
  delete: ['delete', 'deleteIfExists'],
};
/** Rebuilding an aggregate from scratch covers any write. */
const RESETS = new Set(['clear', 'clearAll']);

function isSynced(write: TableWrite, aggregate: AggregateDef, path: MutationPath): boolean {
  if (path.triggered.get(write.table)?.has(aggregate)) return true;
  // A patch that sets none of the fields the aggregate's keys read leaves it as it is.
  if (write.kind === 'patch') {
    if (!aggregate.keyFields || !write.patchedFields) return true; // cannot tell: stay silent
    if (!write.patchedFields.some((f) => aggregate.keyFields!.has(f))) return true;
  }
  const methods = path.calls.filter((c) => c.aggregate === aggregate).map((c) => c.method);
  if (methods.some((m) => RESETS.has(m) || MIRRORS[write.kind].includes(m))) return true;
  // `delete(old)` then `insert(new)` mirrors an update too.
  return (write.kind === 'patch' || write.kind === 'replace') && methods.some((m) => MIRRORS.delete.includes(m)) && methods.some((m) => MIRRORS.insert.includes(m));
}

function reportOf(reg: Registration, write: TableWrite, missing: readonly AggregateDef[]): Report {
  const names = missing.map((a) => `\`${a.name}\``).join(', ');
  const calls = missing.map((a) => `\`${a.name}.${MIRRORS[write.kind][0]}(ctx, …)\``).join(', ');
  const where = write.holder.fn === reg.handler ? `in mutation \`${mutationName(reg, write.holder.file)}\`` : `reached from mutation \`${mutationName(reg, write.holder.file)}\``;
  return {
    file: write.holder.file,
    node: memberNameNode(write.call.call.expression),
    message: `\`db.${write.kind}\` on \`${write.table}\` ${where} does not update the aggregate${missing.length > 1 ? 's' : ''} ${names}`,
    detail:
      `${missing.length > 1 ? 'These aggregates are' : 'This aggregate is'} kept over \`${write.table}\`, but nothing on this mutation's path mirrors the write, ` +
      'so counts, sums and rankings drift from the table (and later `replace`/`delete` calls on the aggregate can fail). ' +
      `Call ${calls} next to the write (\`replace(ctx, oldDoc, newDoc)\` for updates), or register ` +
      `\`triggers.register("${write.table}", ${missing[0].name}.trigger())\` with convex-helpers \`Triggers\` and build mutations with ` +
      '`customMutation(mutation, customCtx(triggers.wrapDB))` so every write updates it.',
  };
}

function mutationName(reg: Registration, from: SourceFile): string {
  const name = reg.exportNames.find((n) => n !== 'default') ?? reg.localName ?? 'default';
  return reg.file === from && name !== 'default' ? name : `${stripExtension(reg.file.relPath)}:${name}`;
}
