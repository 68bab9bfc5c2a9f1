/**
 * Lexical lookups for local variables, syntactic only: where a name is declared (`const x = …`
 * in an enclosing block or function, or at module scope) and where a declared name is read.
 * Shadowing by a nearer parameter or declaration of the same name is respected.
 */
import { ts } from '../../typescript.js';
import { bindingNames } from './module-scope.js';

/** The nearest declaration of `id`'s name visible at `id`: a variable, or undefined for a parameter or nothing. */
export function findLocalDeclaration(id: ts.Identifier): ts.VariableDeclaration | undefined {
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((p) => bindingNames(p.name).includes(id.text))) return undefined;
    const declared = declarationIn(node, id.text);
    if (declared) return ts.isVariableDeclaration(declared) ? declared : undefined;
  }
  return undefined;
}

/** `const x = …` (not `let` or `var`). */
export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * Reads of the variable `decl` declares (an identifier name), in the block that declares it.
 * The declaration itself, property names and writes (`x = …`) are not reads.
 */
export function readsOf(decl: ts.VariableDeclaration): ts.Identifier[] {
  if (!ts.isIdentifier(decl.name)) return [];
  const name = decl.name.text;
  const scope = declaringScope(decl);
  const reads: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (node !== scope && shadows(node, name, decl)) return;
    if (ts.isIdentifier(node) && node.text === name && node !== decl.name && isRead(node)) reads.push(node);
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return reads;
}

/** The block, function body, `for` statement or file a variable declaration belongs to. */
function declaringScope(decl: ts.VariableDeclaration): ts.Node {
  const list = decl.parent;
  const holder = list.parent;
  // `for (const x of …)`: the loop is the scope; a `var` would leak further, but rules only follow consts.
  if (ts.isForStatement(holder) || ts.isForOfStatement(holder) || ts.isForInStatement(holder)) return holder;
  return holder.parent ?? holder;
}

/** A function with a parameter of that name, or a nested block re-declaring it, hides the outer binding. */
function shadows(node: ts.Node, name: string, own: ts.VariableDeclaration): boolean {
  if (ts.isFunctionLike(node) && node.parameters.some((p) => bindingNames(p.name).includes(name))) return true;
  const declared = declarationIn(node, name);
  return declared !== undefined && declared !== own;
}

/** A declaration of `name` made directly in `node` (a block, file, module block or case clause). */
function declarationIn(node: ts.Node, name: string): ts.Node | undefined {
  let statements: readonly ts.Statement[] | undefined;
  if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    statements = node.statements;
  } else if ((ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    return node.initializer.declarations.find((d) => bindingNames(d.name).includes(name));
  }
  if (!statements) return undefined;
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const found = statement.declarationList.declarations.find((d) => bindingNames(d.name).includes(name));
      if (found) return found;
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) {
      return statement;
    }
  }
  return undefined;
}

/** An identifier used as a value (`x`, `f(x)`, `{ x }`), not a name slot or the target of `x = …`. */
function isRead(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isVariableDeclaration(parent) && parent.name === id) return false;
  if (ts.isParameter(parent) && parent.name === id) return false;
  if (ts.isBinaryExpression(parent) && parent.left === id && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  return true;
}

/** The parameter or variable a local name refers to, by lexical scope (undefined at module scope). */
export function localDeclarationOf(id: ts.Identifier): ts.ParameterDeclaration | ts.VariableDeclaration | undefined {
  const variable = findLocalDeclaration(id);
  if (variable) return variable;
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    const param = node.parameters.find((p) => bindingNames(p.name).includes(id.text));
    if (param) return param;
  }
  return undefined;
}
