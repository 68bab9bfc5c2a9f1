import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';

/** Object-syntax registrations without `args`. The old function syntax is `no-old-function-syntax`'s. */
export const requireArgsValidator: Rule = {
  id: 'require-args-validator',
  title: 'Missing argument validator',
  description: 'A Convex function registered without an `args` validator.',
  severity: 'error',
  docsUrl: `${BEST_PRACTICES}#use-argument-validators-for-all-public-functions`,
  category: 'security',
  concerns: ['security'],
  eslintEquivalent: 'require-args-validator',
  *check(project) {
    for (const reg of project.registrations) {
      if (reg.kind === 'httpAction' || reg.syntax !== 'object' || reg.args) continue;
      // Not deployed, so nobody can call it (`unexported-convex-function` speaks for those).
      if (!reg.file.isEntry || reg.exportNames.length === 0) continue;
      const isPublic = reg.visibility === 'public';
      // An internal function whose handler takes no arguments has nothing to validate; only our
      // own code calls it, so `args: {}` would add nothing a reviewer wants.
      if (!isPublic && reg.handler && reg.handler.parameters.length < 2) continue;
      const report: Report = {
        file: reg.file,
        node: reg.call.expression,
        severity: isPublic ? 'error' : 'info',
        message: isPublic
          ? `Public ${reg.kind} has no \`args\` validator: any client can call it with any arguments`
          : `Internal ${reg.kind} has no \`args\` validator`,
        detail: isPublic
          ? 'Public functions can be called by anyone with arbitrary values; TypeScript types are not checked at run time. ' +
            'Add `args: { … }` with `v.*` validators (use `args: {}` when it takes none).'
          : 'Internal functions are only called by your own code, but a validator still catches bad calls at run time and documents the contract. Add `args: { … }`.',
      };
      yield report;
    }
  },
};
