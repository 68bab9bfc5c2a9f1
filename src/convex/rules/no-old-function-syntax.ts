import { isFunctionNode } from '../model/ast.js';
import { BEST_PRACTICES, type Rule } from '../engine/rule.js';

/** `query(async (ctx) => …)`: no place for validators. httpAction's function form is its normal form. */
export const noOldFunctionSyntax: Rule = {
  id: 'no-old-function-syntax',
  title: 'Old function syntax',
  description: 'A Convex function registered with a bare handler instead of `{ args, handler }`.',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#use-argument-validators-for-all-public-functions`,
  category: 'maintainability',
  concerns: ['maintainability'],
  fixable: true,
  eslintEquivalent: 'no-old-registered-function-syntax',
  *check(project) {
    for (const reg of project.registrations) {
      if (reg.kind === 'httpAction' || reg.syntax !== 'function' || !reg.handler) continue;
      const arg = reg.call.arguments[0];
      const text = arg.getText(reg.file.ast);
      // With no args parameter, `args: {}` is exactly what the function accepts; otherwise the
      // validator has to be written by hand.
      const takesArgs = isFunctionNode(reg.handler) && reg.handler.parameters.length >= 2;
      const newText = takesArgs ? `{ handler: ${text} }` : `{ args: {}, handler: ${text} }`;
      yield {
        file: reg.file,
        node: reg.call.expression,
        message: `${capitalize(reg.kind)} uses the old function syntax; use \`{ args, handler }\``,
        detail:
          'The object syntax is where argument (and return) validators go, and the form the Convex docs and tooling expect. ' +
          (takesArgs ? 'This handler takes arguments: add an `args` validator describing them.' : 'It takes no arguments, so `args: {}` is exact.'),
        fix: { start: arg.getStart(reg.file.ast), end: arg.getEnd(), newText },
      };
    }
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
