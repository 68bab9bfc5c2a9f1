import { isFunctionNode, type FunctionNode } from '../model/ast.js';
import { readsArguments } from '../semantics/arg-reads.js';
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
      const shape = handlerShape(reg.handler);
      // With no args parameter, `args: {}` is exactly what the function accepts; with one, callers
      // may pass arguments today, so the validator is left to be written by hand.
      const newText = shape === 'no-parameter' ? `{ args: {}, handler: ${text} }` : `{ handler: ${text} }`;
      yield {
        file: reg.file,
        node: reg.call.expression,
        message: `${capitalize(reg.kind)} uses the old function syntax; ${SHAPE_MESSAGE[shape]}`,
        detail: `${SYNTAX_WHY} ${SHAPE_ADVICE[shape]}`,
        fix: { start: arg.getStart(reg.file.ast), end: arg.getEnd(), newText },
      };
    }
  },
};

/** What the handler does with its arguments: decides the fix and what the message may claim. */
type HandlerShape = 'no-parameter' | 'unread' | 'reads';

function handlerShape(handler: FunctionNode): HandlerShape {
  if (!isFunctionNode(handler) || handler.parameters.length < 2) return 'no-parameter';
  return readsArguments(handler) ? 'reads' : 'unread';
}

const SYNTAX_WHY = 'The object syntax is where argument (and return) validators go, and the form the Convex docs and tooling expect.';

const SHAPE_MESSAGE: Record<HandlerShape, string> = {
  'no-parameter': 'use `{ args: {}, handler }`: it takes no arguments',
  unread: 'use `{ args: {}, handler }`: its handler never reads its arguments',
  reads: 'use `{ args, handler }` with a validator for the arguments its handler reads',
};

const SHAPE_ADVICE: Record<HandlerShape, string> = {
  'no-parameter': 'The handler takes no arguments, so `args: {}` is exact.',
  unread: 'The handler has an args parameter but never reads it: add `args: {}` once no caller passes arguments (the fix leaves `args` out so existing calls keep working).',
  reads: 'The handler reads its arguments: add an `args` validator describing them.',
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
