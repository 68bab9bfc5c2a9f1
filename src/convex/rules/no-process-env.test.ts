import { describe, expect, it } from 'vitest';
import { findingsOf, locations, projectOf } from '../../../test/support/convex.js';
import { envModel, noProcessEnv as rule } from './no-process-env.js';

/** A committed `_generated/server.d.ts` with a typed `env` (the shape codegen writes). */
const TYPED_SERVER = `/* eslint-disable */
export declare const query: QueryBuilder<DataModel, "public">;
/**
 * Typesafe environment variables.
 */
type Env = {
  readonly CONVEX_CLOUD_URL: string;
  readonly CONVEX_SITE_URL: string;
  readonly OPENAI_API_KEY: string;
  readonly LOG_LEVEL?: "info" | "error" | undefined;
};
export declare const env: Env;
`;
const UNTYPED_SERVER = `export declare const query: QueryBuilder<DataModel, "public">;
export declare const env: Record<string, string | undefined>;
`;
const OLD_SERVER = `export declare const query: QueryBuilder<DataModel, "public">;\n`;
const CONVEX_1_44 = JSON.stringify({ dependencies: { convex: '^1.44.0' } });
const CONVEX_1_30 = JSON.stringify({ dependencies: { convex: '^1.30.0' } });

describe('no-process-env', () => {
  it('flags process.env reads, with a fix to `env.X` only for declared variables when `env` is already imported', () => {
    const findings = findingsOf(rule, {
      'convex/_generated/server.d.ts': TYPED_SERVER,
      'convex/ai.ts': `import { action, env } from "./_generated/server";
export const ask = action({
  args: {},
  handler: async () => {
    const key = process.env.OPENAI_API_KEY!;
    const level = process.env["LOG_LEVEL"] ?? "info";
    const stripe = process.env.STRIPE_SECRET;
    return [key, level, stripe, env.CONVEX_SITE_URL];
  },
});
`,
    });
    expect(locations(findings)).toEqual(['convex/ai.ts:5 info', 'convex/ai.ts:6 info', 'convex/ai.ts:7 info']);
    expect(findings[0].message).toBe('`process.env.OPENAI_API_KEY`: `OPENAI_API_KEY` is declared, read it as `env.OPENAI_API_KEY` from `_generated/server`');
    expect(findings[0].column).toBe(17);
    expect(findings[0].fix).toEqual({ line: 5, endLine: 5, replacement: '    const key = env.OPENAI_API_KEY!;' });
    expect(findings[1].fix?.replacement).toBe('    const level = env.LOG_LEVEL ?? "info";');
    expect(findings[2].message).toBe(
      '`process.env.STRIPE_SECRET`: declare `STRIPE_SECRET` in convex.config.ts and read it from the typed `env` of `_generated/server`',
    );
    expect(findings[2].fix).toBeUndefined();
    expect(findings[0].detail).toContain('defineApp({ env:');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/production/environment-variables');
  });

  it('reports destructuring once (fixable when every name is declared) and whole-object uses without a fix', () => {
    const findings = findingsOf(rule, {
      'convex/_generated/server.d.ts': TYPED_SERVER,
      'convex/lib/config.ts': `import { env } from "../_generated/server";
const { OPENAI_API_KEY, CONVEX_SITE_URL } = process.env;
const { OPENAI_API_KEY: k, MISSING } = process.env;
export const all = Object.keys(process.env);
export const used = [OPENAI_API_KEY, CONVEX_SITE_URL, k, MISSING, env];
export const pick = (name: string) => process.env[name];
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/config.ts:2 info', 'convex/lib/config.ts:3 info', 'convex/lib/config.ts:4 info', 'convex/lib/config.ts:6 info']);
    expect(findings[0].message).toBe('`OPENAI_API_KEY`, `CONVEX_SITE_URL` destructured from `process.env`: read them from the typed `env` of `_generated/server`');
    expect(findings[0].fix?.replacement).toBe('const { OPENAI_API_KEY, CONVEX_SITE_URL } = env;');
    expect(findings[1].fix).toBeUndefined();
    expect(findings[2].message).toBe('`process.env` used as a whole: read declared variables from the typed `env` of `_generated/server`');
    expect(findings[2].fix).toBeUndefined();
    expect(findings[3].message).toMatch(/^`process.env\[…\]` read with a computed name/);
  });

  it('with an untyped generated `env` every read rewrites; writes never do', () => {
    const findings = findingsOf(rule, {
      'convex/_generated/server.d.ts': UNTYPED_SERVER,
      'convex/flags.ts': `import { env as serverEnv } from "./_generated/server";
export const beta = process.env.BETA_FLAG === "1";
process.env.BETA_FLAG = "0";
export const e = serverEnv;
`,
    });
    expect(locations(findings)).toEqual(['convex/flags.ts:2 info', 'convex/flags.ts:3 info']);
    expect(findings[0].fix?.replacement).toBe('export const beta = serverEnv.BETA_FLAG === "1";');
    expect(findings[1].fix).toBeUndefined();
  });

  it('gives no fix when the file has another `env` the rewrite could land on', () => {
    const findings = findingsOf(rule, {
      'convex/_generated/server.d.ts': UNTYPED_SERVER,
      'convex/lib/mail.ts': `import { env } from "../_generated/server";
export function sender(env: { from: string }) {
  return process.env.MAIL_FROM ?? env.from;
}
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/mail.ts:3 info']);
    expect(findings[0].fix).toBeUndefined();
  });

  it('says nothing when the project has no `env` export: old committed codegen, or an old convex and nothing declared', () => {
    const code = `export const key = process.env.OPENAI_API_KEY;\n`;
    expect(findingsOf(rule, { 'package.json': CONVEX_1_44, 'convex/_generated/server.d.ts': OLD_SERVER, 'convex/ai.ts': code })).toEqual([]);
    expect(findingsOf(rule, { 'package.json': CONVEX_1_30, 'convex/ai.ts': code })).toEqual([]);
    expect(findingsOf(rule, { 'convex/ai.ts': code })).toEqual([]);
  });

  it('knows `env` from variables declared in convex.config.ts, or from convex ≥ 1.44', () => {
    const code = `export const key = process.env.RESEND_API_KEY;\n`;
    const declared = findingsOf(rule, {
      'package.json': CONVEX_1_30,
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
import { v } from "convex/values";
const app = defineApp({ env: { RESEND_API_KEY: v.string() } });
export default app;
`,
      'convex/mail.ts': code,
    });
    expect(locations(declared)).toEqual(['convex/mail.ts:1 info']);
    expect(declared[0].message).toContain('`RESEND_API_KEY` is declared');
    const recent = findingsOf(rule, { 'package.json': CONVEX_1_44, 'convex/mail.ts': code });
    expect(locations(recent)).toEqual(['convex/mail.ts:1 info']);
    expect(recent[0].message).toContain('declare `RESEND_API_KEY` in convex.config.ts');
    const model = envModel(projectOf({ 'convex/convex.config.ts': `import { defineComponent } from "convex/server";
import { v } from "convex/values";
export default defineComponent("mailer", { env: { SMTP_HOST: v.string(), "SMTP_PORT": v.optional(v.string()) } });
` }));
    expect(model).toEqual({ declared: new Set(['CONVEX_CLOUD_URL', 'CONVEX_SITE_URL', 'SMTP_HOST', 'SMTP_PORT']) });
    // A JavaScript project commits `server.js`, which has the export but no types.
    expect(envModel(projectOf({ 'convex/_generated/server.js': `export const env = process.env;\n`, 'convex/a.js': code }))).toEqual({ declared: 'unknown' });
  });

  it('leaves auth.config.ts, convex.config.ts, generated code, tests, NODE_ENV and a local `process` alone', () => {
    const findings = findingsOf(rule, {
      'package.json': CONVEX_1_44,
      'convex/auth.config.ts': `export default { providers: [{ domain: process.env.CLERK_ISSUER_URL, applicationID: "convex" }] };\n`,
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
export default defineApp();
export const prefix = process.env.HTTP_PREFIX;
`,
      'convex/_generated/server.js': `export const env = process.env;\n`,
      'convex/ai.test.ts': `process.env.OPENAI_API_KEY = "test";\n`,
      'convex/__tests__/setup.ts': `export const key = process.env.OPENAI_API_KEY;\n`,
      'convex/log.ts': `export const verbose = process.env.NODE_ENV !== "production";\n`,
      'convex/shim.ts': `import process from "node:process";
export const home = process.env.HOME;
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment', () => {
    const findings = findingsOf(rule, {
      'package.json': CONVEX_1_44,
      'convex/ai.ts': `// convex-review-disable-next-line no-process-env -- optional, read dynamically by a library
export const key = process.env.OPENAI_API_KEY;
`,
    });
    expect(findings).toEqual([]);
  });
});
