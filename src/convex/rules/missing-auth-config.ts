import { ts } from '../../typescript.js';
import { unwrap } from '../model/ast.js';
import { ctxAuthUses } from '../semantics/auth.js';
import { joinPath, SOURCE_EXTENSIONS } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';

/** Convex Auth functions that read the identity Convex verified, so they need the providers too. */
const CONVEX_AUTH_MODULE = '@convex-dev/auth/server';
const CONVEX_AUTH_READERS = new Set(['getAuthUserId', 'getAuthSessionId', 'convexAuth']);

/**
 * `ctx.auth` (or Convex Auth) used in a root whose functions folder has no `auth.config.ts`:
 * Convex then knows no identity provider and `getUserIdentity()` always returns null.
 */
export const missingAuthConfig: Rule = {
  id: 'missing-auth-config',
  title: 'ctx.auth without auth.config.ts',
  description: '`ctx.auth` (or Convex Auth) used in a Convex project whose functions folder has no `auth.config.ts`.',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/auth/functions-auth',
  category: 'security',
  concerns: ['security'],
  dependsOn: /(^|\/)auth\.config\.[jt]s$/,
  *check(project) {
    // Components never see the caller's identity; they have no auth config of their own.
    if (project.root.isComponent || hasAuthConfig(project)) return;
    const folder = project.root.functionsDir === '' ? 'the functions folder' : `\`${project.root.functionsDir}/\``;
    for (const file of project.files) {
      if (isTestFile(file) || file.relPath.startsWith('_generated/')) continue;
      const use = firstAuthUse(project, file);
      if (!use) continue;
      yield {
        file,
        node: use.node,
        message: `${use.what} is used, but ${folder} has no \`auth.config.ts\`: \`getUserIdentity()\` always returns null`,
        detail:
          'Convex verifies sign-in tokens only against the providers listed in `auth.config.ts` (beside `schema.ts`). ' +
          'Without that file no token is accepted, so every caller looks signed out and auth checks deny everyone. ' +
          'Add `auth.config.ts` with your provider (Clerk, Auth0, Convex Auth, a custom JWT issuer), e.g. ' +
          '`export default { providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" }] };`, and deploy it.',
      };
    }
  },
};

/** `auth.config.ts` (or `.js`, …) directly in the functions folder, among all files of the repository snapshot. */
function hasAuthConfig(project: ConvexProject): boolean {
  const dir = project.root.functionsDir;
  return SOURCE_EXTENSIONS.some((ext) => project.repoFiles.has(joinPath(dir, `auth.config${ext}`)));
}

interface AuthUse {
  node: ts.Node;
  /** How the message names it. */
  what: string;
}

/** The first `ctx.auth` use or Convex Auth identity read in a file. */
function firstAuthUse(project: ConvexProject, file: SourceFile): AuthUse | undefined {
  const uses: AuthUse[] = ctxAuthUses(project, file).map((node) => ({ node, what: '`ctx.auth`' }));
  // Only a file that names one of them can call one: most files are ruled out without resolving calls.
  const calls = /\b(?:getAuthUserId|getAuthSessionId|convexAuth)\b/.test(file.text) ? project.index(file).calls : [];
  for (const call of calls) {
    const name = convexAuthReader(project, file, call);
    if (name) uses.push({ node: call.expression, what: `Convex Auth's \`${name}\`` });
  }
  return uses.sort((a, b) => a.node.getStart(file.ast) - b.node.getStart(file.ast))[0];
}

/** `getAuthUserId(…)` and kin imported (under any alias) from `@convex-dev/auth/server`. */
function convexAuthReader(project: ConvexProject, file: SourceFile, call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return undefined;
  const value = project.valueOf(file, callee);
  return value.kind === 'import' && value.module === CONVEX_AUTH_MODULE && CONVEX_AUTH_READERS.has(value.name) ? value.name : undefined;
}
