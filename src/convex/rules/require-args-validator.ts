import { developmentSeedingReason } from '../model/dev-seeding.js';
import { readsArguments } from '../semantics/arg-reads.js';
import type { Registration } from '../semantics/registrations.js';
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
      // Seed scripts run by hand with fixed data; a public one is public-function-auth-check's to report.
      if (developmentSeedingReason(reg.file, reg.call.arguments[0] ?? reg.call)) continue;
      // An internal function whose handler has no args parameter has nothing to validate; only our
      // own code calls it, so `args: {}` would add nothing a reviewer wants.
      if (!isPublic && reg.handler && reg.handler.parameters.length < 2) continue;
      yield isPublic ? publicReport(reg) : internalReport(reg);
    }
  },
};

/**
 * A handler that never reads its arguments cannot be fooled by them: the missing `args: {}` only
 * lets callers send values that are ignored. One that reads them (or that cannot be seen) takes
 * whatever any client sends, unchecked.
 */
function takesNoArguments(reg: Registration): boolean {
  return reg.handler !== undefined && !readsArguments(reg.handler);
}

function publicReport(reg: Registration): Report {
  const base = { file: reg.file, node: reg.call.expression };
  if (takesNoArguments(reg)) {
    return {
      ...base,
      severity: 'warning',
      message: `Public ${reg.kind} has no \`args\` validator; it reads no arguments, so add \`args: {}\``,
      detail:
        'The handler never reads its arguments, so nothing a client sends reaches it. ' +
        '`args: {}` makes that explicit and rejects calls that pass arguments, which would otherwise be silently ignored.',
    };
  }
  return {
    ...base,
    severity: 'error',
    message: `Public ${reg.kind} has no \`args\` validator: any client can call it with any arguments`,
    detail:
      'Public functions can be called by anyone with arbitrary values; TypeScript types are not checked at run time. ' +
      'Add `args: { … }` with `v.*` validators (use `args: {}` when it takes none).',
  };
}

function internalReport(reg: Registration): Report {
  const unread = takesNoArguments(reg);
  return {
    file: reg.file,
    node: reg.call.expression,
    severity: 'info',
    message: unread ? `Internal ${reg.kind} has no \`args\` validator; it reads no arguments, so add \`args: {}\`` : `Internal ${reg.kind} has no \`args\` validator`,
    detail: unread
      ? 'The handler never reads its arguments; `args: {}` says so and rejects calls that pass some by mistake.'
      : 'Internal functions are only called by your own code, but a validator still catches bad calls at run time and documents the contract. Add `args: { … }`.',
  };
}
