import { describe, expect, it } from 'vitest';
import { findingsOf, locations, SERVER_IMPORT } from '../../../test/support/convex.js';
import { missingAuthConfig as rule } from './missing-auth-config.js';

const ME = `${SERVER_IMPORT}
export const me = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    return identity?.name ?? null;
  },
});
`;

describe('missing-auth-config', () => {
  it('flags the first ctx.auth use of each file when the functions folder has no auth.config.ts', () => {
    const findings = findingsOf(rule, {
      'convex/users.ts': ME,
      'convex/lib/guard.ts': `import type { QueryCtx } from "../_generated/server";
export async function requireUser({ auth }: QueryCtx) {
  const identity = await auth.getUserIdentity();
  if (!identity) throw new Error("signed out");
  return identity;
}
export const again = async (ctx: QueryCtx) => ctx.auth.getUserIdentity();
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/guard.ts:3 warning', 'convex/users.ts:7 warning']);
    expect(findings[1].message).toBe('`ctx.auth` is used, but `convex/` has no `auth.config.ts`: `getUserIdentity()` always returns null');
    expect(findings[1].detail).toContain('providers');
    expect(findings[1].detail).toContain('convex-review-disable-next-line missing-auth-config');
    expect(findings[1].docsUrl).toBe('https://docs.convex.dev/auth/functions-auth');
  });

  it('flags Convex Auth set up or read without auth.config.ts, under aliases and namespaces', () => {
    const findings = findingsOf(rule, {
      'convex/auth.ts': `import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";
export const { auth, signIn, signOut, store } = convexAuth({ providers: [Password] });
`,
      'convex/profile.ts': `${SERVER_IMPORT}
import { getAuthUserId as currentUser } from "@convex-dev/auth/server";
import * as authServer from "@convex-dev/auth/server";
export const mine = query({ args: {}, handler: async (ctx) => currentUser(ctx) });
export const session = query({ args: {}, handler: async (ctx) => authServer.getAuthSessionId(ctx) });
`,
    });
    expect(locations(findings)).toEqual(['convex/auth.ts:3 warning', 'convex/profile.ts:6 warning']);
    expect(findings[1].message).toContain("Convex Auth's `getAuthUserId`");
  });

  it('stays silent with auth.config.ts or auth.config.js beside the functions', () => {
    expect(findingsOf(rule, { 'convex/users.ts': ME, 'convex/auth.config.ts': 'export default { providers: [] };\n' })).toEqual([]);
    expect(findingsOf(rule, { 'convex/users.ts': ME, 'convex/auth.config.js': 'export default { providers: [] };\n' })).toEqual([]);
  });

  it('looks in the functions folder convex.json names, one root at a time', () => {
    const findings = findingsOf(rule, {
      'convex.json': '{ "functions": "src/backend" }',
      'src/backend/users.ts': ME,
      'src/backend/auth.config.ts': 'export default { providers: [] };\n',
    });
    expect(findings).toEqual([]);
    const misplaced = findingsOf(rule, {
      'convex.json': '{ "functions": "src/backend" }',
      'src/backend/users.ts': ME,
      'convex/auth.config.ts': 'export default { providers: [] };\n',
    });
    expect(locations(misplaced)).toEqual(['src/backend/users.ts:7 warning']);
  });

  it('ignores tests, components, names that merely contain "auth" and non-Convex .auth objects', () => {
    const findings = findingsOf(rule, {
      'convex/users.test.ts': ME,
      'convex/other.ts': `${SERVER_IMPORT}
const client = { auth: { getUserIdentity: async () => null } };
export const ping = query({ args: {}, handler: async () => client.auth.getUserIdentity() });
export const authorName = query({ args: { author: v.string() }, handler: async (_ctx, { author }) => author });
`,
    });
    expect(findings).toEqual([]);
    const component = findingsOf(rule, {
      'convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("me");\n`,
      'me.ts': ME,
    });
    expect(component).toEqual([]);
  });
});
