import { describe, expect, it } from 'vitest';
import { findingsOf, locations, projectOf, type Files } from '../../../test/support/convex.js';
import type { ModuleTarget } from './modules.js';
import { publicFunctionAuthCheck } from '../rules/public-function-auth-check.js';
import { requireArgsValidator } from '../rules/require-args-validator.js';

/** Where `specifier`, imported from `from`, resolves in the project of `files`. */
function resolve(files: Files, specifier: string, from = 'convex/a.ts'): string {
  const project = projectOf({ 'convex/a.ts': 'export const a = 1;\n', ...files });
  const file = project.filesByPath.get(from)!;
  return show(project.resolveModule(file, specifier));
}

function show(target: ModuleTarget): string {
  switch (target.kind) {
    case 'file':
      return `file ${target.file.path}`;
    case 'generated':
      return `generated ${target.name}`;
    case 'package':
      return `package ${target.name}`;
    case 'missing':
      return `missing ${target.path}`;
  }
}

const LIB = { 'convex/lib/auth.ts': 'export const requireUser = 1;\n' };

describe('resolveSpecifier with tsconfig paths', () => {
  it('maps a wildcard alias without baseUrl relative to the tsconfig that sets it (convex/tsconfig.json)', () => {
    const files = {
      ...LIB,
      // JSON with comments and trailing commas, as tsc accepts it.
      'convex/tsconfig.json': `{
  /* Convex's template */
  "compilerOptions": {
    "paths": { "~/*": ["../*"], "@cvx/*": ["./*"], }, // trailing commas
  },
}`,
    };
    expect(resolve(files, '@cvx/lib/auth')).toBe('file convex/lib/auth.ts');
    expect(resolve(files, '@cvx/_generated/server')).toBe('generated server');
    expect(resolve(files, '@cvx/_generated/api.js')).toBe('generated api');
    expect(resolve(files, '~/convex/lib/auth.js')).toBe('file convex/lib/auth.ts');
    expect(resolve(files, '@cvx/lib/auth', 'convex/lib/auth.ts')).toBe('file convex/lib/auth.ts');
  });

  it('maps paths relative to baseUrl, from the project root tsconfig', () => {
    const files = {
      ...LIB,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: './', paths: { '@/*': ['./*'], '@backend/*': ['convex/*'] } } }),
    };
    expect(resolve(files, '@/convex/lib/auth')).toBe('file convex/lib/auth.ts');
    expect(resolve(files, '@backend/lib/auth')).toBe('file convex/lib/auth.ts');
    expect(resolve(files, '@/convex/_generated/server')).toBe('generated server');
    // baseUrl alone also resolves bare names under it, as tsc and esbuild do.
    expect(resolve(files, 'convex/_generated/server')).toBe('generated server');
    expect(resolve(files, 'convex/lib/auth')).toBe('file convex/lib/auth.ts');
  });

  it('prefers an exact pattern, then the longest wildcard prefix, and tries targets in order', () => {
    const files = {
      ...LIB,
      'convex/lib/server.ts': 'export const s = 1;\n',
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          paths: {
            '@/*': ['./nowhere/*'],
            '@/lib/*': ['./gone/*', './convex/lib/*'],
            '@server': ['./convex/lib/server.ts'],
            '@server*': ['./convex/_generated/server'],
          },
        },
      }),
    };
    expect(resolve(files, '@/lib/auth')).toBe('file convex/lib/auth.ts');
    expect(resolve(files, '@server')).toBe('file convex/lib/server.ts');
    expect(resolve(files, '@serverX')).toBe('generated server');
  });

  it('follows local extends chains, later settings winning; inherited paths stay relative to their own file', () => {
    const files = {
      ...LIB,
      'config/tsconfig.base.json': JSON.stringify({ compilerOptions: { paths: { '@base/*': ['../convex/*'] } } }),
      'tsconfig.json': JSON.stringify({ extends: './config/tsconfig.base' }),
      'convex/tsconfig.json': `{ "extends": "../tsconfig.json", "compilerOptions": { "strict": true } }`,
    };
    expect(resolve(files, '@base/lib/auth')).toBe('file convex/lib/auth.ts');

    const overridden = {
      ...files,
      'convex/tsconfig.json': JSON.stringify({ extends: ['../tsconfig.json'], compilerOptions: { baseUrl: '..', paths: { '@own/*': ['convex/*'] } } }),
    };
    expect(resolve(overridden, '@own/lib/auth')).toBe('file convex/lib/auth.ts');
    expect(resolve(overridden, '@base/lib/auth')).toBe('package @base/lib/auth');
  });

  it('skips a nearest tsconfig that sets neither paths nor baseUrl for the next one up', () => {
    const files = {
      ...LIB,
      'convex/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }),
    };
    expect(resolve(files, '@/convex/lib/auth')).toBe('file convex/lib/auth.ts');
  });

  it('gives missing for a target the repository has outside the model, and keeps a miss a package', () => {
    const files = {
      ...LIB,
      'src/utils.ts': 'export const u = 1;\n',
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'], '*': ['./types/*'] } } }),
    };
    expect(resolve(files, '@/utils')).toBe('missing src/utils');
    expect(resolve(files, '@/nothing')).toBe('package @/nothing');
    expect(resolve(files, 'convex/server')).toBe('package convex/server');
    expect(resolve(files, 'convex-helpers/server/customFunctions')).toBe('package convex-helpers/server/customFunctions');
    expect(resolve(files, './lib/auth')).toBe('file convex/lib/auth.ts');
  });

  it('leaves bare specifiers packages when no tsconfig applies, or it is unreadable', () => {
    expect(resolve(LIB, '@/convex/lib/auth')).toBe('package @/convex/lib/auth');
    expect(resolve({ ...LIB, 'tsconfig.json': '{ not json' }, '@/convex/lib/auth')).toBe('package @/convex/lib/auth');
  });
});

describe('rules see functions registered through alias-imported builders', () => {
  const APP: Files = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
    'convex/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@cvx/*': ['./*'] } } }),
    'convex/lib/builders.ts': `import { mutation } from "@cvx/_generated/server";
export const authedMutation = mutation;
`,
    'convex/notes.ts': `import { query } from "@cvx/_generated/server";
import { authedMutation } from "@cvx/lib/builders";
export const list = query({
  handler: async (ctx) => ctx.db.query("notes").take(10),
});
export const remove = authedMutation({
  args: {},
  handler: async (ctx) => {
    await ctx.db.delete("x" as any);
  },
});
`,
  };

  it('require-args-validator', () => {
    expect(locations(findingsOf(requireArgsValidator, APP))).toEqual(['convex/notes.ts:3 warning']);
  });

  it('public-function-auth-check', () => {
    // Opt-in or not, the rule is asked for here by name.
    const findings = findingsOf(publicFunctionAuthCheck, APP, new Map([[publicFunctionAuthCheck.id, 'info']]));
    expect(findings.map((f) => f.message)).toContain('Public mutation `remove` never checks who is calling');
  });

  it('without the tsconfig (a partial checkout), still sees the builder imported from the generated server', () => {
    const { 'convex/tsconfig.json': _, ...noAliases } = APP;
    expect(locations(findingsOf(requireArgsValidator, noAliases))).toEqual(['convex/notes.ts:3 warning']);
  });
});
