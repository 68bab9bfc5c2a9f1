import { ts } from '../../typescript.js';
import { describe, expect, it } from 'vitest';
import { roleOfType } from './ctx.js';

function typeOf(source: string): ts.TypeNode {
  const file = ts.createSourceFile('t.ts', `let x: ${source};`, ts.ScriptTarget.Latest, true);
  const statement = file.statements[0] as ts.VariableStatement;
  return statement.declarationList.declarations[0].type!;
}

describe('roleOfType on type literals', () => {
  it('treats a literal with a Convex member as a ctx', () => {
    expect(roleOfType(typeOf('{ db: DatabaseReader }'))).toBe('ctx');
    expect(roleOfType(typeOf('{ db: GenericDatabaseWriter<DataModel>; auth: Auth }'))).toBe('ctx');
    expect(roleOfType(typeOf('{ runQuery: ActionCtx["runQuery"] }'))).toBe('ctx');
  });

  it('does not treat a member spelled out as an inline object type as Convex’s', () => {
    expect(roleOfType(typeOf('{ db: { get(k: string): Promise<string> } }'))).toBeUndefined();
    expect(roleOfType(typeOf('{ storage: { delete(k: string): void }; name: string }'))).toBeUndefined();
  });
});
