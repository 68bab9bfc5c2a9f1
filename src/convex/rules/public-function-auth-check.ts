import { ts } from '../../typescript.js';
import { walk } from '../model/ast.js';
import { developmentSeedingReason } from '../model/dev-seeding.js';
import { isPublicByDesign } from '../model/options.js';
import { registrationAuth } from '../semantics/auth.js';
import { publicIntentComment, publicIntentName, sensitiveTableReturned, servesOnlyPublishedContent } from '../semantics/public-reads.js';
import { stripExtension } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Registration } from '../semantics/registrations.js';
import { BEST_PRACTICES, type Rule } from '../engine/rule.js';

/**
 * Public queries, mutations and actions that never reach an auth check (see semantics/auth.ts
 * for what counts). Info: much public data is public on purpose, and the model cannot always
 * tell; queries that only serve published content and functions whose comment says they are
 * public on purpose are not reported. A warning for the one case that is never on purpose: a
 * query handing out every row of a users or billing table.
 */
export const publicFunctionAuthCheck: Rule = {
  id: 'public-function-auth-check',
  title: 'Public function without an auth check',
  description: 'A public query, mutation or action that never checks who is calling.',
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#use-some-form-of-access-control-for-all-public-functions`,
  category: 'security',
  concerns: ['security'],
  eslintEquivalent: 'require-access-control',
  *check(project) {
    // Components have no `ctx.auth`: their callers do the checking.
    if (project.root.isComponent) return;
    for (const reg of project.registrations) {
      if (!isClientCallable(reg) || touchesNothing(project, reg)) continue;
      if (isPublicByDesign(project.options, reg.file.path, reg.exportNames)) continue;
      // Unknown (a handler or builder we cannot follow) stays silent, like a check.
      if (registrationAuth(project, reg).status !== 'unchecked') continue;
      // The author says it is public on purpose (a comment, a query named so), or it only ever
      // hands out published content.
      if (publicIntentComment(reg) || publicIntentName(reg) || servesOnlyPublishedContent(project, reg)) continue;
      const leak = sensitiveTableReturned(project, reg);
      if (leak) {
        yield {
          file: reg.file,
          node: reg.call.expression,
          // Not a matter of taste: whole documents of every account or payment, to anyone.
          severity: 'warning',
          message: `Public query \`${functionName(reg)}\` returns whole \`${leak.table}\` documents to any caller without checking who is calling`,
          detail:
            `Any client, signed in or not, can call it and receive rows of the \`${leak.table}\` table, every field of them: ` +
            'other people\'s accounts, emails or payment records. ' +
            'Check the caller with `await ctx.auth.getUserIdentity()` (or an auth helper) and return only their own rows, ' +
            'or return only the fields that are public; make it `internal*` when only your own code calls it.',
        };
        continue;
      }
      const seeding = developmentSeedingReason(reg.file, reg.call.arguments[0] ?? reg.call);
      yield {
        file: reg.file,
        node: reg.call.expression,
        message: `Public ${reg.kind} \`${functionName(reg)}\` never checks who is calling`,
        detail:
          // Seeding code ships with the deployment: public, anyone can run it against production.
          (seeding
            ? `This looks like development seeding code (${seeding}), but it is deployed with the rest: anyone can call it on production. ` +
              'Make it `internal*`: `npx convex run` and the dashboard can still run it. '
            : '') +
          'Any client can call a public function with any arguments, signed in or not. ' +
          'Check the caller with `await ctx.auth.getUserIdentity()` (or an auth helper such as `getAuthUserId(ctx)`), ' +
          'or build the function with a custom builder that does (`customQuery(query, customCtx(…))`); ' +
          'make it `internal*` when only your own code calls it. ' +
          'If the data is public on purpose, suppress this finding with that reason.',
      };
    }
  },
};

/** Exported public query/mutation/action of a deployed module; httpActions route their own requests. */
function isClientCallable(reg: Registration): boolean {
  return reg.visibility === 'public' && reg.kind !== 'httpAction' && reg.file.isEntry && reg.exportNames.length > 0;
}

/**
 * A handler that never uses its ctx, awaits nothing and reaches no outside service — a health
 * ping, a constant, the server's clock: there is no data behind it for a check to protect.
 */
function touchesNothing(project: ConvexProject, reg: Registration): boolean {
  const handler = reg.handler;
  const body = handler?.body;
  if (!handler || !body) return false;
  const ctx = handler.parameters[0];
  if (ctx && !ts.isIdentifier(ctx.name)) return false; // destructured: `{ db }` is used
  const ctxName = ctx && (ctx.name as ts.Identifier).text;
  const imports = project.scope(reg.file).imports;
  let touches = false;
  walk(body, (node) => {
    if (ts.isAwaitExpression(node) || ts.isNewExpression(node)) touches = true;
    // ctx itself, the network, secrets, and anything imported (a client, a helper that could do either).
    else if (ts.isIdentifier(node) && (node.text === ctxName || node.text === 'fetch' || node.text === 'process' || imports.has(node.text))) {
      touches = true;
    }
  });
  return !touches;
}

/** `list`, or `messages:default` for a default export (as `npx convex run` names it). */
function functionName(reg: Registration): string {
  const named = reg.exportNames.find((n) => n !== 'default');
  return named ?? `${stripExtension(reg.file.relPath)}:default`;
}
