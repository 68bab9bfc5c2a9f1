/**
 * Which expressions are a Convex `ctx` or one of its members (`ctx.db`, a destructured
 * `{ db }`, `const db = ctx.db`, a helper parameter typed `QueryCtx` or `DatabaseReader`,
 * or a helper that is handed `ctx`). A `.db` on anything else is not Convex's.
 */
import { ts } from '../../typescript.js';
import { isFunctionNode, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { bindingNames } from '../model/module-scope.js';

export const CTX_MEMBERS = [
  'db',
  'auth',
  'scheduler',
  'storage',
  'runQuery',
  'runMutation',
  'runAction',
  'vectorSearch',
] as const;
export type CtxMember = (typeof CTX_MEMBERS)[number];
export type CtxRole = 'ctx' | CtxMember;

const MEMBER_SET = new Set<string>(CTX_MEMBERS);

/** `ctx.runQuery` / `runMutation` / `runAction`: calls into other Convex functions. */
export const RUN_ROLES: ReadonlySet<string> = new Set(['runQuery', 'runMutation', 'runAction']);

const TYPE_ROLES: Record<string, CtxRole> = {
  DatabaseReader: 'db',
  DatabaseWriter: 'db',
  GenericDatabaseReader: 'db',
  GenericDatabaseWriter: 'db',
  Scheduler: 'scheduler',
  Auth: 'auth',
  StorageReader: 'storage',
  StorageWriter: 'storage',
  StorageActionWriter: 'storage',
};
const WRAPPER_TYPES = new Set(['Pick', 'Omit', 'Partial', 'Readonly', 'Required', 'NonNullable']);

/** The role a parameter type gives: `QueryCtx` → ctx, `DatabaseReader` → db, `{ db: … }` → ctx. */
export function roleOfType(type: ts.TypeNode | undefined): CtxRole | undefined {
  if (!type) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return roleOfType(type.type);
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) {
    const roles = type.types.map(roleOfType).filter((r): r is CtxRole => r !== undefined);
    return roles.includes('ctx') ? 'ctx' : roles[0];
  }
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (/Ctx$/.test(name)) return 'ctx';
    if (TYPE_ROLES[name]) return TYPE_ROLES[name];
    if (WRAPPER_TYPES.has(name) && type.typeArguments?.length) return roleOfType(type.typeArguments[0]);
    return undefined;
  }
  if (ts.isTypeLiteralNode(type)) {
    // `{ db: DatabaseReader }` is a ctx; `{ db: { get(k: string): … } }` spells out some other object.
    const members = type.members
      .filter((m): m is ts.PropertySignature => ts.isPropertySignature(m) && !(m.type && ts.isTypeLiteralNode(m.type)))
      .map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : ''));
    return members.some((m) => MEMBER_SET.has(m)) ? 'ctx' : undefined;
  }
  return undefined;
}

/** Parameter roles of ctx-bearing functions, for a whole root (helpers are marked across files). */
export class CtxRoles {
  private readonly roles = new Map<FunctionNode, Map<number, CtxRole>>();
  private readonly versions = new Map<FunctionNode, number>();
  private readonly byFile = new Map<ts.SourceFile, { generation: number; functions: Set<FunctionNode> }>();

  mark(fn: FunctionNode, parameterIndex: number, role: CtxRole): boolean {
    let byIndex = this.roles.get(fn);
    if (!byIndex) this.roles.set(fn, (byIndex = new Map()));
    if (byIndex.get(parameterIndex) === role) return false;
    if (byIndex.has(parameterIndex) && role !== 'ctx') return false; // ctx is the most informative role
    byIndex.set(parameterIndex, role);
    this.versions.set(fn, (this.versions.get(fn) ?? 0) + 1);
    const sourceFile = fn.getSourceFile();
    let inFile = this.byFile.get(sourceFile);
    if (!inFile) this.byFile.set(sourceFile, (inFile = { generation: 0, functions: new Set() }));
    inFile.functions.add(fn);
    inFile.generation++;
    return true;
  }

  /** The functions of a file that have parameters with roles, and a counter that moves when they change. */
  inFile(sourceFile: ts.SourceFile): { generation: number; functions: ReadonlySet<FunctionNode> } {
    return this.byFile.get(sourceFile) ?? { generation: 0, functions: new Set() };
  }

  /** Changes whenever a parameter of `fn` gets a role: cached bindings of `fn` are stale then. */
  version(fn: FunctionNode): number {
    return this.versions.get(fn) ?? 0;
  }

  parameters(fn: FunctionNode): ReadonlyMap<number, CtxRole> | undefined {
    return this.roles.get(fn);
  }

  /** Marks parameters whose declared type names a Convex ctx, database, scheduler, … */
  markTypedParameters(functions: readonly FunctionNode[]): void {
    for (const fn of functions) {
      fn.parameters.forEach((p, i) => {
        const role = roleOfType(p.type);
        if (role) this.mark(fn, i, role);
      });
    }
  }
}

/** Role lookup for the expressions of one file. */
export class CtxIndex {
  private readonly bindings = new Map<FunctionNode, { version: number; names: Map<string, CtxRole> }>();
  /** Every name bound to a role anywhere in the file: any other identifier is rejected at once. */
  private boundNames: { generation: number; names: Set<string> } | undefined;

  constructor(
    private readonly roles: CtxRoles,
    private readonly file: ts.SourceFile,
  ) {}

  /** `ctx`, `db`, `scheduler`, … for an expression that denotes one, else undefined. */
  roleOf(expression: ts.Expression): CtxRole | undefined {
    const expr = unwrap(expression);
    if (ts.isIdentifier(expr)) return this.identifierRole(expr);
    if (ts.isPropertyAccessExpression(expr)) {
      const objectRole = this.roleOf(expr.expression);
      if (objectRole === 'ctx' && MEMBER_SET.has(expr.name.text)) return expr.name.text as CtxMember;
      if (objectRole === 'db' && expr.name.text === 'system') return 'db';
    }
    return undefined;
  }

  private identifierRole(id: ts.Identifier): CtxRole | undefined {
    if (!this.namesWithRoles().has(id.text)) return undefined;
    for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
      if (!isFunctionNode(node)) continue;
      const role = this.functionBindings(node).get(id.text);
      if (role) return role;
      // A parameter of the same name in a nearer function shadows the outer binding.
      if (node.parameters.some((p) => bindingNames(p.name).includes(id.text))) return undefined;
    }
    return undefined;
  }

  private namesWithRoles(): Set<string> {
    const { generation, functions } = this.roles.inFile(this.file);
    if (this.boundNames?.generation === generation) return this.boundNames.names;
    const names = new Set<string>();
    for (const fn of functions) for (const name of this.functionBindings(fn).keys()) names.add(name);
    this.boundNames = { generation, names };
    return names;
  }

  private functionBindings(fn: FunctionNode): Map<string, CtxRole> {
    const version = this.roles.version(fn);
    const cached = this.bindings.get(fn);
    if (cached?.version === version) return cached.names;
    const bound = new Map<string, CtxRole>();
    this.bindings.set(fn, { version, names: bound });
    const params = this.roles.parameters(fn);
    if (!params) return bound;
    for (const [index, role] of params) {
      const param = fn.parameters[index];
      if (param) bindPattern(param.name, role, bound);
    }
    if (fn.body) {
      // Aliases in the body: `const db = ctx.db`, `const { db, scheduler } = ctx`.
      walk(fn.body, (node) => {
        if (!ts.isVariableDeclaration(node) || !node.initializer) return;
        const role = roleOfInitializer(node.initializer, bound);
        if (role) bindPattern(node.name, role, bound);
      });
    }
    return bound;
  }
}

function bindPattern(name: ts.BindingName, role: CtxRole, into: Map<string, CtxRole>): void {
  if (ts.isIdentifier(name)) {
    into.set(name.text, role);
    return;
  }
  if (role !== 'ctx' || !ts.isObjectBindingPattern(name)) return;
  for (const el of name.elements) {
    if (el.dotDotDotToken) {
      bindPattern(el.name, 'ctx', into);
      continue;
    }
    const key = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : ts.isIdentifier(el.name) ? el.name.text : undefined;
    if (key && MEMBER_SET.has(key)) bindPattern(el.name, key as CtxMember, into);
  }
}

function roleOfInitializer(init: ts.Expression, bound: ReadonlyMap<string, CtxRole>): CtxRole | undefined {
  const expr = unwrap(init);
  if (ts.isIdentifier(expr)) return bound.get(expr.text);
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && bound.get(expr.expression.text) === 'ctx') {
    return MEMBER_SET.has(expr.name.text) ? (expr.name.text as CtxMember) : undefined;
  }
  return undefined;
}
