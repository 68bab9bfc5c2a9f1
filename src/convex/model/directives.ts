import { ts } from '../../typescript.js';

/** A real `"use node"` directive: a string-literal statement in the prologue, not a substring. */
export function hasUseNodeDirective(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === 'use node') return true;
  }
  return false;
}
