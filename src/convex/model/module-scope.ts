/** The module-scope bindings of a file: its imports, top-level declarations and exports. */
import { ts } from '../../typescript.js';
import { hasDefaultModifier, hasExportModifier } from './ast.js';

export interface ImportBinding {
  specifier: string;
  /** The imported name; `*` for a namespace import, `default` for a default import. */
  imported: string;
  typeOnly: boolean;
  node: ts.Node;
}

export type ExportBinding =
  /** Exported from a module-scope binding of this file. */
  | { kind: 'local'; local: string }
  /** `export default <expression>` */
  | { kind: 'expression'; expression: ts.Expression }
  /** `export { a as b } from './x'` or `export * as ns from './x'` (imported `*`). */
  | { kind: 'reexport'; specifier: string; imported: string };

export type LocalDeclaration = ts.VariableDeclaration | ts.FunctionDeclaration | ts.ClassDeclaration;

export interface ModuleScope {
  imports: Map<string, ImportBinding>;
  locals: Map<string, LocalDeclaration>;
  exports: Map<string, ExportBinding>;
  /** Specifiers of `export * from '…'`. */
  starExports: string[];
  /** The exported names of each local binding (`export const x`, `export { x as y }`). */
  exportedAs: Map<string, string[]>;
}

export function buildModuleScope(sourceFile: ts.SourceFile): ModuleScope {
  const scope: ModuleScope = { imports: new Map(), locals: new Map(), exports: new Map(), starExports: [], exportedAs: new Map() };
  const exportLocal = (local: string, exported: string): void => {
    scope.exports.set(exported, { kind: 'local', local });
    scope.exportedAs.set(local, [...(scope.exportedAs.get(local) ?? []), exported]);
  };

  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      const clauseTypeOnly = clause.isTypeOnly;
      if (clause.name) scope.imports.set(clause.name.text, { specifier, imported: 'default', typeOnly: clauseTypeOnly, node: clause.name });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        scope.imports.set(bindings.name.text, { specifier, imported: '*', typeOnly: clauseTypeOnly, node: bindings.name });
      } else if (bindings) {
        for (const el of bindings.elements) {
          scope.imports.set(el.name.text, {
            specifier,
            imported: (el.propertyName ?? el.name).text,
            typeOnly: clauseTypeOnly || el.isTypeOnly,
            node: el.name,
          });
        }
      }
    } else if (ts.isVariableStatement(statement)) {
      const exported = hasExportModifier(statement);
      for (const decl of statement.declarationList.declarations) {
        for (const name of bindingNames(decl.name)) {
          scope.locals.set(name, decl);
          if (exported) exportLocal(name, name);
        }
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      const name = statement.name?.text;
      if (name) scope.locals.set(name, statement);
      if (hasExportModifier(statement)) {
        if (hasDefaultModifier(statement)) {
          if (name) exportLocal(name, 'default');
          else scope.exports.set('default', { kind: 'expression', expression: statement as unknown as ts.Expression });
        } else if (name) {
          exportLocal(name, name);
        }
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const expr = statement.expression;
      if (ts.isIdentifier(expr)) exportLocal(expr.text, 'default');
      else scope.exports.set('default', { kind: 'expression', expression: expr });
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier) scope.starExports.push(specifier);
      } else if (ts.isNamespaceExport(clause)) {
        if (specifier) scope.exports.set(clause.name.text, { kind: 'reexport', specifier, imported: '*' });
      } else {
        for (const el of clause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (specifier) scope.exports.set(el.name.text, { kind: 'reexport', specifier, imported: local });
          else exportLocal(local, el.name.text);
        }
      }
    }
  }
  return scope;
}

export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) names.push(...bindingNames(el.name));
  return names;
}
