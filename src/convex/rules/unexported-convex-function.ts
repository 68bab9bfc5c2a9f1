import { ts } from '../../typescript.js';
import { walk } from '../model/ast.js';
import type { Registration } from '../semantics/registrations.js';
import type { Rule } from '../engine/rule.js';

const KIND_NAMES = { query: 'query', mutation: 'mutation', action: 'action', httpAction: 'HTTP action' } as const;

/**
 * A registration in a deployed module that nothing exports, so Convex never registers it.
 * Only the plain forms are judged: a module-scope `const x = query(…)` whose name is never read
 * again, and a bare `query(…);` statement. Registrations built inside factories, objects or calls
 * may well be exported some other way, and HTTP actions are routed by `http.route`, not exported.
 */
export const unexportedConvexFunction: Rule = {
  id: 'unexported-convex-function',
  title: 'Convex function never exported',
  description: 'A query, mutation or action registered in a deployed file but never exported, so Convex does not deploy it.',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/functions',
  category: 'correctness',
  concerns: ['correctness', 'maintainability'],
  *check(project) {
    for (const reg of project.registrations) {
      if (!reg.file.isEntry || reg.kind === 'httpAction' || reg.exportNames.length > 0) continue;
      if (!isDeadModuleBinding(reg) && !isBareStatement(reg)) continue;
      const what = reg.visibility === 'internal' ? `Internal ${KIND_NAMES[reg.kind]}` : capitalize(KIND_NAMES[reg.kind]);
      yield {
        file: reg.file,
        node: reg.call.expression,
        message: `${what}${reg.localName ? ` \`${reg.localName}\`` : ''} is never exported, so Convex does not deploy it`,
        detail:
          'Convex registers only the exports of the files in the functions folder: a function that is defined but not exported ' +
          'cannot be called from a client, `ctx.run*`, the scheduler or a cron, and has no `api`/`internal` reference. ' +
          'Export it (`export const …`) if it is meant to run — mind that an exported public function is callable by anyone — ' +
          'or delete it if it is dead code.',
      };
    }
  },
};

/** The outermost expression holding the registering call's value (through parentheses and casts). */
function valueSlot(call: ts.CallExpression): ts.Expression {
  let node: ts.Expression = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  return node;
}

/** `query(…);` as a statement of its own at module scope: its value goes nowhere. */
function isBareStatement(reg: Registration): boolean {
  const statement = valueSlot(reg.call).parent;
  return ts.isExpressionStatement(statement) && ts.isSourceFile(statement.parent);
}

/** `const x = query(…)` at module scope, with `x` read nowhere else in the file (not aliased, routed or re-exported). */
function isDeadModuleBinding(reg: Registration): boolean {
  const decl = valueSlot(reg.call).parent;
  if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
  const statement = decl.parent.parent;
  if (!ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) return false;
  const name = decl.name;
  let mentioned = false;
  walk(reg.file.ast, (node) => {
    if (!mentioned && node !== name && ts.isIdentifier(node) && node.text === name.text && !isPropertyNameSlot(node)) mentioned = true;
  });
  return !mentioned;
}

/** `a.x`, `{ x: 1 }`, `{ x() {} }`: the same text, but not a mention of the variable. */
function isPropertyNameSlot(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === id;
  if (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) {
    return parent.name === id;
  }
  return ts.isQualifiedName(parent) && parent.right === id;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
