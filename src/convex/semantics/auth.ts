/**
 * "Does this function check who is calling?" — one model for every rule about access control.
 *
 * A check counts wherever it happens: `ctx.auth` used in the function or a closure of it, a call
 * to a known auth helper handed ctx (`getAuthUserId(ctx)`, `requireUser(ctx)`,
 * `authComponent.getAuthUser(ctx)`), a project helper that does either (followed across files a
 * few calls deep), a `ctx.runQuery/runMutation/runAction` to a function that checks (run* keeps
 * the caller's auth), a convex-helpers custom builder whose mods do it, or an argument only the
 * rightful caller can know (`sessionId`, `inviteToken`) that the function checks — compares,
 * looks up or verifies (token-checks.ts); forwarding it elsewhere proves nothing. "Return null when signed out" is a check:
 * reading the identity is what counts, not what the code does with it.
 *
 * Answers are three-valued: when part of the picture cannot be followed (a handler defined
 * elsewhere, a builder built by an unknown call) the answer is `unknown`, and rules stay silent.
 */
import { ts } from '../../typescript.js';
import { memberName, propertyNameText, unwrap, walk } from '../model/ast.js';
import { reachableFunctions, type CallSite, type FunctionAt } from './call-graph.js';
import { nodesWithin } from '../model/file-index.js';
import type { CtxIndex } from './ctx.js';
import { customizationMods, propertyValue } from './customizations.js';
import { checksArgument } from './token-checks.js';
import { runRole } from './run-calls.js';
import { validatorIdTable } from './table-refs.js';
import type { ConvexProject } from './project.js';
import { isBuiltByPackage } from './package-instances.js';
import type { Customization, Registrar } from '../model/registrars.js';
import type { Registration } from './registrations.js';
import type { SourceFile } from '../model/source-file.js';

export type AuthEvidenceKind =
  /** `ctx.auth` read (`getUserIdentity()`), destructured `{ auth }` used, or handed on. */
  | 'ctx-auth'
  /** A known auth helper handed ctx: `getAuthUserId(ctx)`, `requireUser(ctx)`, `x.getAuthUser(ctx)`. */
  | 'auth-helper'
  /** An argument only the rightful caller knows (`sessionId`, `inviteToken`, `apiKey`), checked: compared, looked up or verified. */
  | 'token-arg'
  /** `ctx.runQuery(api.users.me)` to a function that checks: run* calls carry the caller's auth. */
  | 'run-function';

export interface AuthEvidence {
  kind: AuthEvidenceKind;
  file: SourceFile;
  /** The expression that performs the check (for a token, the comparison, lookup or verifying call). */
  node: ts.Node;
  /** The helper called, the token argument, or the function run. */
  name?: string;
  /** The calls from the function asked about down to the one holding the check; empty when direct. */
  via: CallSite[];
  /** The custom builder whose mods perform the check, when it is one. */
  customization?: Customization;
}

export type AuthStatus =
  | { status: 'checked'; evidence: AuthEvidence }
  | { status: 'unchecked' }
  /** Part of the function could not be followed: it may check in a way we cannot see. */
  | { status: 'unknown'; reason: string };

export interface AuthOptions {
  /** Count unguessable-token arguments as access control (default true). */
  tokens?: boolean;
  /** How many helper calls deep to follow (default 3). */
  maxDepth?: number;
}

const DEFAULT_DEPTH = 3;
const UNCHECKED: AuthStatus = { status: 'unchecked' };

// ---------------------------------------------------------------------------------------------
// Names

/** Helpers that check auth by convention when handed ctx (or ctx.auth). */
const AUTH_HELPER_NAME =
  /^(?:(?:require|ensure|check|assert|verify)[A-Z0-9_]\w*|getCurrentUser\w*|getUser\w*|getViewer\w*|getAuthUser\w*|getAuthSessionId|safeGetAuthUser)$/;

/** camelCase words that name authentication or authorisation wherever they appear: `withAuth`, `authorizeMember`. */
const AUTH_WORDS = new Set([
  'auth',
  'authed',
  'authn',
  'authz',
  'authenticate',
  'authenticated',
  'authentication',
  'authorize',
  'authorized',
  'authorization',
  'identity',
  'permission',
  'permissions',
]);

/**
 * Predicates handed ctx (`hasRole(ctx, "admin")`, `canEdit(ctx, doc)`): an access check when they
 * come from a package we cannot read; a project helper of that name is followed instead, since
 * many of them look only at the document.
 */
const PREDICATE_HELPER_NAME = /^(?:has|can|is)[A-Z]\w*$/;

export function isAuthHelperName(name: string): boolean {
  return AUTH_HELPER_NAME.test(name) || camelWords(name).some((w) => AUTH_WORDS.has(w));
}

function camelWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const TOKEN_NAME =
  /(?:token|secret|sessionId|apiKey|(?:access|secret|private|signing)Key|(?:invite|invitation|access|share|join|magic|verification)Code)$/i;
/**
 * `anonId`, `anonymousUserId`: the random id a browser keeps for a visitor without an account
 * (localStorage), which only that visitor knows — a session id's role. A word of its own
 * (`canonId` is not one).
 */
const ANONYMOUS_ID_NAME = /(?:^[aA]non|Anon|_anon)(?:ymous)?(?:User|_user)?_?(?:Id|id)$/;

/**
 * An argument name whose value only the rightful caller can know: `token`, `*Token`,
 * `sessionId`, `anonId`, `*Secret`, `apiKey`, `inviteCode`, … Validator bindings such as convex-helpers'
 * `SessionIdArg` count as the argument they add.
 */
export function isUnguessableTokenName(name: string): boolean {
  const bare = name.replace(/(?:Args?|Validator)$/, '');
  return TOKEN_NAME.test(bare) || ANONYMOUS_ID_NAME.test(bare);
}

// ---------------------------------------------------------------------------------------------
// Checks in one function

/** `ctx.auth` uses below `root` (a file, a function): reads, calls, hand-offs; not bare bindings. */
export function ctxAuthUses(project: ConvexProject, file: SourceFile, root: ts.Node = file.ast): ts.Node[] {
  const index = project.ctx(file);
  const uses: ts.Node[] = [];
  visitWithRoot(root, (node) => {
    if (isAuthUse(index, node)) uses.push(node);
  });
  return uses;
}

function isAuthUse(index: CtxIndex, node: ts.Node): boolean {
  // Only a member named `auth` can be ctx.auth: the name test spares the role lookup.
  if (ts.isPropertyAccessExpression(node)) return node.name.text === 'auth' && index.roleOf(node) === 'auth';
  if (!ts.isIdentifier(node)) return false;
  const parent = node.parent;
  const used =
    ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) ||
    (ts.isCallExpression(parent) && parent.arguments.some((a) => a === node)) ||
    ts.isShorthandPropertyAssignment(parent);
  return used && index.roleOf(node) === 'auth';
}

/**
 * The auth checks written in `at` itself, closures included (they run with it, or are handed
 * on): `ctx.auth` uses and known auth helpers handed ctx. Helpers are not followed here.
 */
export function authChecksIn(project: ConvexProject, at: FunctionAt): AuthEvidence[] {
  return project.cached('authChecksIn', at.fn, () => findAuthChecks(project, at));
}

function findAuthChecks(project: ConvexProject, at: FunctionAt): AuthEvidence[] {
  const list: AuthEvidence[] = [];
  if (!at.fn.body) return list;
  const index = project.ctx(at.file);
  const scope = project.scope(at.file);
  for (const node of nodesWithin(project.index(at.file).calls, at.fn.body)) {
    if (!node.arguments.some((a) => carriesCtxOrAuth(index, a))) continue;
    const names = calleeNames(node.expression, scope.imports);
    const isPackagePredicate = (name: string): boolean =>
      PREDICATE_HELPER_NAME.test(name) && project.functionAt(at.file, unwrap(node.expression)) === undefined;
    const helper = names.find((name) => isAuthHelperName(name) || project.options.authHelpers.has(name) || isPackagePredicate(name));
    if (helper) list.push({ kind: 'auth-helper', file: at.file, node, name: helper, via: [] });
  }
  if (mayUseAuth(project, at)) {
    for (const node of ctxAuthUses(project, at.file, at.fn.body)) list.push({ kind: 'ctx-auth', file: at.file, node, via: [] });
  }
  return list.sort((a, b) => a.node.pos - b.node.pos);
}

/**
 * Whether `ctx.auth` (or an alias of it) can appear in the function: its text names `auth`, or
 * a parameter was handed ctx.auth. Most functions can be ruled out without a walk.
 */
function mayUseAuth(project: ConvexProject, at: FunctionAt): boolean {
  if (/auth/i.test(at.fn.getText(at.file.ast))) return true;
  return [...(project.ctxRoleParameters(at.fn)?.values() ?? [])].includes('auth');
}

function isCtxOrAuth(index: CtxIndex, arg: ts.Expression): boolean {
  const role = index.roleOf(arg);
  return role === 'ctx' || role === 'auth';
}

/**
 * An argument that hands ctx or ctx.auth on: the value itself, or an object literal carrying it
 * (`guard({ ctx })`, `check({ ctx: ctx, listId })`) — a common shape for helpers with options.
 */
function carriesCtxOrAuth(index: CtxIndex, arg: ts.Expression): boolean {
  if (isCtxOrAuth(index, arg)) return true;
  const expr = unwrap(arg);
  if (!ts.isObjectLiteralExpression(expr)) return false;
  return expr.properties.some((p) => {
    if (ts.isShorthandPropertyAssignment(p)) return isCtxOrAuth(index, p.name);
    if (ts.isPropertyAssignment(p)) return isCtxOrAuth(index, p.initializer);
    return ts.isSpreadAssignment(p) && isCtxOrAuth(index, p.expression);
  });
}

/** The names a callee goes by: `f`, the name `f` was imported as, or the member `x.f`. */
function calleeNames(callee: ts.Expression, imports: ReturnType<ConvexProject['scope']>['imports']): string[] {
  const expr = unwrap(callee);
  if (ts.isIdentifier(expr)) {
    const imported = imports.get(expr.text)?.imported;
    return imported && imported !== '*' && imported !== 'default' ? [expr.text, imported] : [expr.text];
  }
  const member = memberName(expr);
  return member ? [member] : [];
}

// ---------------------------------------------------------------------------------------------
// Following helpers, run* calls and builders

/**
 * Whether `start` reaches an auth check: in itself, in the project helpers it calls (across
 * files, `maxDepth` calls deep) or in a function it runs with `ctx.runQuery/runMutation/runAction`.
 */
export function findAuthCheck(project: ConvexProject, start: FunctionAt, options: AuthOptions = {}): AuthStatus {
  return searchFunction(project, start, options.maxDepth ?? DEFAULT_DEPTH, new Set());
}

function searchFunction(project: ConvexProject, start: FunctionAt, maxDepth: number, visiting: Set<Registration>): AuthStatus {
  const reached = reachableFunctions(project, start, maxDepth);
  for (const { at, via } of reached) {
    const [direct] = authChecksIn(project, at);
    if (direct) return { status: 'checked', evidence: { ...direct, via } };
  }
  let unknown: AuthStatus | undefined;
  for (const { at } of reached) {
    const [opaque] = opaqueHandOffs(project, at);
    if (opaque) unknown ??= { status: 'unknown', reason: `ctx is handed to \`${opaque}\`, which cannot be followed` };
  }
  for (const { at, via } of reached) {
    for (const { call, target } of runCalls(project, at)) {
      if (visiting.has(target)) continue;
      const status = registrationStatus(project, target, { tokens: false, maxDepth }, visiting);
      if (status.status === 'checked') {
        const name = target.exportNames[0] ?? target.localName;
        return { status: 'checked', evidence: { kind: 'run-function', file: at.file, node: call, name, via } };
      }
      if (status.status === 'unknown') unknown ??= status;
    }
  }
  return unknown ?? UNCHECKED;
}

/**
 * Calls (and `new`) in `at` that hand ctx or ctx.auth to project code the call graph cannot
 * follow — a method of an exported object, an instance of a project class, a function built by
 * a factory — and that could check inside. Package code (component clients such as
 * `new RateLimiter(components.x)`) cannot be followed either, but only known auth helpers of
 * packages check auth, and those are matched by name.
 */
function opaqueHandOffs(project: ConvexProject, at: FunctionAt): string[] {
  return project.cached('opaqueHandOffs', at.fn, () => findOpaqueHandOffs(project, at));
}

function findOpaqueHandOffs(project: ConvexProject, at: FunctionAt): string[] {
  const list: string[] = [];
  if (!at.fn.body) return list;
  const index = project.ctx(at.file);
  visitWithRoot(at.fn.body, (node) => {
    if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return;
    if (!node.arguments?.some((a) => carriesCtxOrAuth(index, a))) return;
    if (ts.isCallExpression(node) && project.functionAt(at.file, unwrap(node.expression))) return; // followed
    const root = rootOf(node.expression);
    if (root && isOpaqueProjectValue(project, at.file, root)) list.push(node.expression.getText(at.file.ast));
  });
  return list;
}

/** `a` of `a.b.c`. */
function rootOf(expression: ts.Expression): ts.Identifier | undefined {
  let expr = unwrap(expression);
  while (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) expr = unwrap(expr.expression);
  return ts.isIdentifier(expr) ? expr : undefined;
}

function isOpaqueProjectValue(project: ConvexProject, file: SourceFile, root: ts.Identifier): boolean {
  if (importsFromOutsideModel(project, file, root.text)) return true;
  const value = project.valueOf(file, root);
  if (value.kind === 'namespace') return value.target.kind === 'file';
  if (value.kind !== 'definition') return false; // a package import, a registrar, or a local we walk anyway
  return !isBuiltByPackage(project, value.file, value.node);
}

/**
 * A name `file` imports from project code outside the model — a relative path or path alias
 * naming a file beyond the functions folder (`../src/auth/guardAuthId`), or one that is absent
 * from a partial checkout. Apps keep auth guards there too, and nothing in it can be read.
 */
function importsFromOutsideModel(project: ConvexProject, file: SourceFile, name: string): boolean {
  const imported = project.scope(file).imports.get(name);
  return imported !== undefined && project.resolveModule(file, imported.specifier).kind === 'missing';
}

/** `ctx.runQuery(api.a.b)` and kin in `at`, with the registration each one runs. */
function runCalls(project: ConvexProject, at: FunctionAt): { call: ts.CallExpression; target: Registration }[] {
  return project.cached('runCalls', at.fn, () => findRunCalls(project, at));
}

function findRunCalls(project: ConvexProject, at: FunctionAt): { call: ts.CallExpression; target: Registration }[] {
  if (!at.fn.body) return [];
  const index = project.ctx(at.file);
  const out: { call: ts.CallExpression; target: Registration }[] = [];
  for (const call of nodesWithin(project.index(at.file).calls, at.fn.body)) {
    if (call.arguments.length === 0 || !runRole(index, call)) continue;
    const ref = project.referenceAt(at.file, call.arguments[0]);
    const target = ref && project.registrationFor(ref);
    if (target) out.push({ call, target });
  }
  return out;
}

/**
 * Whether a registrar's custom builders check auth for every function they build: their mods'
 * input functions (followed like handlers) and, with `tokens`, the token arguments they add.
 */
export function builderAuth(project: ConvexProject, registrar: Registrar, options: AuthOptions = {}): AuthStatus {
  return builderStatus(project, registrar, options, new Set());
}

function builderStatus(project: ConvexProject, registrar: Registrar, options: AuthOptions, visiting: Set<Registration>): AuthStatus {
  const maxDepth = options.maxDepth ?? DEFAULT_DEPTH;
  let unknown: AuthStatus | undefined;
  for (const customization of registrar.customizations) {
    const mods = customizationMods(project, customization);
    if (options.tokens !== false && mods.args) {
      const tokens = tokenArguments(project, mods.args.file, mods.args.expression);
      // The input receives the builder's args; what it returns goes to the handler, which may check.
      const status = tokenStatus(project, tokens, mods.inputs, false);
      if (status.status === 'checked') return { status: 'checked', evidence: { ...status.evidence, customization } };
      if (status.status === 'unknown') unknown ??= status;
    }
    for (const input of mods.inputs) {
      const status = searchFunction(project, input, maxDepth, visiting);
      if (status.status === 'checked') return { status: 'checked', evidence: { ...status.evidence, customization } };
      if (status.status === 'unknown') unknown ??= status;
    }
    if (!mods.complete) unknown ??= { status: 'unknown', reason: `the mods of custom builder \`${customization.name ?? customization.factory}\` cannot be followed` };
  }
  return unknown ?? UNCHECKED;
}

/**
 * Whether a registered function checks who is calling: its builder, its own token arguments
 * (with `tokens`, the default) and its handler, followed through helpers and run* calls.
 */
export function registrationAuth(project: ConvexProject, reg: Registration, options: AuthOptions = {}): AuthStatus {
  const kind = `registrationAuth:${options.tokens !== false}:${options.maxDepth ?? DEFAULT_DEPTH}`;
  return project.cached(kind, reg, () => registrationStatus(project, reg, options, new Set()));
}

function registrationStatus(project: ConvexProject, reg: Registration, options: AuthOptions, visiting: Set<Registration>): AuthStatus {
  visiting.add(reg);
  if (reg.registrar.configuredAs) {
    return { status: 'checked', evidence: { kind: 'auth-helper', file: reg.file, node: reg.call.expression, name: reg.registrar.configuredAs, via: [] } };
  }
  const builder = builderStatus(project, reg.registrar, options, visiting);
  if (builder.status === 'checked') return builder;
  if (!reg.handler) return { status: 'unknown', reason: 'the handler is defined elsewhere' };
  const handlerAt: FunctionAt = { file: reg.file, fn: reg.handler };
  let tokens: AuthStatus = UNCHECKED;
  if (options.tokens !== false && reg.args) {
    const argsExpression = propertyValue(reg.args);
    tokens = argsExpression ? tokenStatus(project, tokenArguments(project, reg.file, argsExpression), [handlerAt], true) : UNCHECKED;
    if (tokens.status === 'checked') return tokens;
  }
  const handler = searchFunction(project, handlerAt, options.maxDepth ?? DEFAULT_DEPTH, visiting);
  if (handler.status === 'checked') return handler;
  if (builder.status === 'unknown') return builder;
  return tokens.status === 'unknown' ? tokens : handler;
}

// ---------------------------------------------------------------------------------------------
// Token arguments

/** The unguessable-token arguments an `args` expression declares. */
function tokenArguments(project: ConvexProject, file: SourceFile, args: ts.Expression): ArgumentName[] {
  // A `sessionId: v.id("pomodoroSessions")` names a document, not a secret: ids travel in URLs
  // and lists, and looking one up proves nothing about the caller.
  return argumentNames(project, file, args).filter((a) => isUnguessableTokenName(a.name) && !a.documentId);
}

/**
 * Whether the functions receiving the args (a handler, or a builder's inputs) check one of the
 * token arguments: compare it, look it up or verify it (see token-checks.ts). Declaring one is
 * not enough: a key forwarded to `fetch` proves nothing about the caller.
 */
function tokenStatus(project: ConvexProject, tokens: readonly ArgumentName[], receivers: readonly FunctionAt[], returnsToClient: boolean): AuthStatus {
  let unknown: AuthStatus | undefined;
  for (const token of tokens) {
    if (receivers.length === 0) unknown ??= { status: 'unknown', reason: `nothing can be seen receiving \`${token.name}\`` };
    for (const at of receivers) {
      const check = checksArgument(project, at, argumentKey(token.name), { returnsToClient });
      if (check.status === 'checked') return { status: 'checked', evidence: { kind: 'token-arg', file: check.file, node: check.node, name: token.name, via: [] } };
      if (check.status === 'unknown') unknown ??= { status: 'unknown', reason: `\`${token.name}\` ${check.reason.replace(/^the token /, 'is ')}` };
    }
  }
  return unknown ?? UNCHECKED;
}

/** The argument a validator binding adds: `SessionIdArg` → `sessionId`; a plain name is itself. */
function argumentKey(name: string): string {
  const base = name.replace(/(?:Args?|Validator)$/, '');
  return base === name ? name : base.charAt(0).toLowerCase() + base.slice(1);
}

export interface ArgumentName {
  name: string;
  file: SourceFile;
  node: ts.Node;
  /** Validated as a document id: `v.id("table")`, also inside `v.optional(…)`. */
  documentId?: boolean;
}

/**
 * The argument names an `args` expression declares: `{ a: v.string() }`, `v.object({ … })`,
 * spreads and names bound elsewhere (`{ ...SessionIdArg }`); a validator imported from a
 * package counts under its own name.
 */
export function argumentNames(project: ConvexProject, file: SourceFile, args: ts.Expression, depth = 0): ArgumentName[] {
  if (depth > 6) return [];
  const expr = unwrap(args);
  if (ts.isObjectLiteralExpression(expr)) {
    return expr.properties.flatMap((p): ArgumentName[] => {
      if (ts.isSpreadAssignment(p)) return argumentNames(project, file, p.expression, depth + 1);
      const name = p.name && propertyNameText(p.name);
      if (!name) return [];
      const documentId = ts.isPropertyAssignment(p) && validatorIdTable(project, file, p.initializer) !== undefined;
      return [{ name, file, node: p.name!, ...(documentId ? { documentId } : {}) }];
    });
  }
  if (ts.isCallExpression(expr)) {
    // `v.object({ … })`, `z.object({ … })`
    const first = expr.arguments[0];
    return memberName(unwrap(expr.expression)) === 'object' && first ? argumentNames(project, file, first, depth + 1) : [];
  }
  if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return [];
  const value = project.valueOf(file, expr);
  if (value.kind === 'import') return [{ name: value.name, file, node: expr }];
  if (value.kind === 'definition' && value.node !== expr && ts.isExpression(value.node)) {
    return argumentNames(project, value.file, value.node, depth + 1);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Plumbing

/** `walk` without skipping the root: an arrow's expression body may itself be the check. */
function visitWithRoot(root: ts.Node, visit: (node: ts.Node) => void): void {
  visit(root);
  walk(root, visit);
}
