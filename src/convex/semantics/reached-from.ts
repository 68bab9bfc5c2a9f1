/**
 * "Is this call reached from a query or mutation?": the functions a registration runs (its
 * handler, its convex-helpers builders' inputs, the project helpers they call a few levels
 * deep) and, for a finding in one of them, which registrations reach it. Shared by the rules
 * about things that only actions may do (`fetch`, `ctx.vectorSearch`), and a global-name check
 * for rules that must tell the runtime's `fetch` / `crypto` from a local one.
 */
import { isTestFile } from '../model/test-files.js';
import { ts } from '../../typescript.js';
import { functionNameOf, unwrap, type FunctionNode } from '../model/ast.js';
import { reachableFunctions, type FunctionAt } from './call-graph.js';
import { customizationMods } from './customizations.js';
import { bindingNames } from '../model/module-scope.js';
import { stripExtension } from '../model/paths.js';
import type { ConvexProject } from './project.js';
import type { Registration } from './registrations.js';
import type { FunctionKind } from '../model/registrars.js';
import type { SourceFile } from '../model/source-file.js';

/** How far from a handler helpers are followed. */
export const HELPER_DEPTH = 3;

/** A node found in a function some registrations run, with those registrations in order. */
export interface ReachedNode<N extends ts.Node> {
  file: SourceFile;
  node: N;
  /** The function whose body holds the node (a handler, a helper, a builder's input). */
  holder: FunctionNode;
  registrations: Registration[];
}

/**
 * Every node `find` returns in the functions run by registrations of the given kinds, each
 * once, with the registrations that reach it. Registrations in test files are skipped.
 */
export function nodesReachedFrom<N extends ts.Node>(
  project: ConvexProject,
  kinds: ReadonlySet<FunctionKind>,
  find: (at: FunctionAt) => readonly N[],
): ReachedNode<N>[] {
  const found = new Map<ts.Node, ReachedNode<N>>();
  for (const reg of project.registrations) {
    if (!kinds.has(reg.kind) || !reg.handler || isTestFile(reg.file)) continue;
    for (const at of functionsRunBy(project, reg)) {
      for (const node of find(at)) {
        let entry = found.get(node);
        if (!entry) found.set(node, (entry = { file: at.file, node, holder: at.fn, registrations: [] }));
        if (!entry.registrations.includes(reg)) entry.registrations.push(reg);
      }
    }
  }
  return [...found.values()];
}

/** The handler, the inputs of its custom builders (they run first, with the same ctx), and what they call. */
export function functionsRunBy(project: ConvexProject, reg: Registration, depth = HELPER_DEPTH): FunctionAt[] {
  if (!reg.handler) return [];
  const starts: FunctionAt[] = [{ file: reg.file, fn: reg.handler }];
  for (const c of reg.registrar.customizations) starts.push(...customizationMods(project, c).inputs);
  const seen = new Set<FunctionNode>();
  const out: FunctionAt[] = [];
  for (const start of starts) {
    for (const { at } of reachableFunctions(project, start, depth)) {
      if (seen.has(at.fn)) continue;
      seen.add(at.fn);
      out.push(at);
    }
  }
  return out;
}

/**
 * Where a reached node sits, for a message: "in mutation `send`" when it is in the handler,
 * "in `notify`, reached from mutation `messages:send` (and 2 more)" when in a helper.
 */
export function describeReach(reached: ReachedNode<ts.Node>): string {
  const [first, ...others] = reached.registrations;
  const who = `${first.kind} \`${qualifiedName(first, reached.file)}\`${others.length > 0 ? ` (and ${others.length} more)` : ''}`;
  if (first.handler === reached.holder) return `in ${who}`;
  const holderName = functionNameOf(reached.holder);
  return holderName ? `in \`${holderName}\`, reached from ${who}` : `reached from ${who}`;
}

/** "Reached from `a`, `b`." when more than one registration reaches the node; empty otherwise. */
export function reachList(reached: ReachedNode<ts.Node>): string {
  if (reached.registrations.length < 2) return '';
  return `\n\nReached from ${reached.registrations.map((r) => `${r.kind} \`${qualifiedName(r, reached.file)}\``).join(', ')}.`;
}

/** `list` in its own file, `messages:list` from elsewhere (the form the Convex dashboard uses). */
export function qualifiedName(reg: Registration, from: SourceFile): string {
  const name = reg.exportNames.find((n) => n !== 'default') ?? reg.localName ?? reg.exportNames[0] ?? 'default';
  return reg.file === from && name !== 'default' ? name : `${stripExtension(reg.file.relPath)}:${name}`;
}

/** `name` or `globalThis.name` denoting the runtime's global `name` (e.g. `fetch`), not a local or imported one. */
export function isGlobalReference(project: ConvexProject, file: SourceFile, expression: ts.Expression, name: string): boolean {
  const expr = unwrap(expression);
  if (ts.isIdentifier(expr)) return expr.text === name && isGlobalName(project, file, expr);
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== name) return false;
  const object = unwrap(expr.expression);
  return ts.isIdentifier(object) && object.text === 'globalThis' && isGlobalName(project, file, object);
}

/**
 * True when `id` names the runtime's global of that name: nothing in the module (import or
 * declaration) nor in an enclosing function or block (parameter, variable, function, class,
 * catch binding) declares the name.
 */
export function isGlobalName(project: ConvexProject, file: SourceFile, id: ts.Identifier): boolean {
  const scope = project.scope(file);
  if (scope.imports.has(id.text) || scope.locals.has(id.text)) return false;
  for (let node: ts.Node | undefined = id.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (declaresName(node, id.text)) return false;
  }
  return true;
}

function declaresName(node: ts.Node, name: string): boolean {
  if (ts.isFunctionLike(node)) {
    if (node.parameters.some((p) => bindingNames(p.name).includes(name))) return true;
    return ts.isFunctionExpression(node) && node.name?.text === name;
  }
  if (ts.isCatchClause(node)) return !!node.variableDeclaration && bindingNames(node.variableDeclaration.name).includes(name);
  if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    return node.initializer.declarations.some((d) => bindingNames(d.name).includes(name));
  }
  if (!ts.isBlock(node) && !ts.isCaseClause(node) && !ts.isDefaultClause(node) && !ts.isModuleBlock(node)) return false;
  return node.statements.some((s) => statementDeclares(s, name));
}

function statementDeclares(statement: ts.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => bindingNames(d.name).includes(name));
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name?.text === name;
  return false;
}
