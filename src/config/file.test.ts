import { describe, expect, it } from 'vitest';
import { findingsOf, SERVER_IMPORT } from '../../test/support/convex.js';
import { publicFunctionAuthCheck } from '../convex/rules/public-function-auth-check.js';
import { requireArgsValidator } from '../convex/rules/require-args-validator.js';
import { unboundedCollect } from '../convex/rules/unbounded-collect.js';
import { parseConfig, withRuleOverrides } from './file.js';

const IDS = ['unbounded-collect', 'public-function-auth-check', 'require-args-validator'];

const FULL = `# .github/convex-review.yml
version: 1
rules:
  public-function-auth-check: warning
  require-args-validator: off
  unbounded-collect:
    severity: info
    small-tables: [settings, countries]
ignore:
  - convex/legacy/**
auth-helpers: [mustBeMember]
registrars:
  authedQuery: { base: query, checks-auth: true }
  looseMutation: mutation
public-functions:
  - convex/landing.ts
  - "convex/docs.ts#list"
`;

describe('the config file', () => {
  it('reads rule settings, rule options, names the analysis cannot infer, and ignored paths', () => {
    const c = parseConfig(FULL, IDS);
    expect([...c.rules]).toEqual([['public-function-auth-check', 'warning'], ['require-args-validator', 'off'], ['unbounded-collect', 'info']]);
    expect(c.ignore).toEqual(['convex/legacy/**']);
    expect([...c.project.smallTables]).toEqual(['settings', 'countries']);
    expect([...c.project.authHelpers]).toEqual(['mustBeMember']);
    expect([...c.project.registrars]).toEqual([
      ['authedQuery', { kind: 'query', visibility: 'public', base: 'query', checksAuth: true }],
      ['looseMutation', { kind: 'mutation', visibility: 'public', base: 'mutation', checksAuth: false }],
    ]);
    expect(c.project.publicFunctions).toEqual(['convex/landing.ts', 'convex/docs.ts#list']);
  });

  it('lets the rules input / --rule flags win over the file', () => {
    const c = withRuleOverrides(parseConfig(FULL, IDS), new Map([['require-args-validator', 'error']]));
    expect(c.rules.get('require-args-validator')).toBe('error');
    expect(c.rules.get('public-function-auth-check')).toBe('warning');
  });

  it('reads what a team sets once for both hosts: paths, exclude (with ignore), fail-on, inline-min-severity, max-comments, baseline', () => {
    const c = parseConfig('paths: ["convex/**"]\nexclude: ["convex/gen/**"]\nignore: ["convex/legacy/**"]\nfail-on: warning\ninline-min-severity: error\nmax-comments: 5\nbaseline: .github/convex-review-baseline.json\n', IDS);
    expect(c.paths).toEqual(['convex/**']);
    expect(c.ignore).toEqual(['convex/gen/**', 'convex/legacy/**']);
    expect(c.failOn).toBe('warning');
    expect(c.inlineMinSeverity).toBe('error');
    expect(c.maxComments).toBe(5);
    expect(c.baseline).toBe('.github/convex-review-baseline.json');
    const empty = parseConfig('', IDS);
    expect([empty.failOn, empty.inlineMinSeverity, empty.maxComments, empty.baseline, empty.paths]).toEqual([undefined, undefined, undefined, undefined, []]);
  });

  it('treats an empty file as no settings', () => {
    expect(parseConfig('', IDS).rules.size).toBe(0);
  });

  it.each([
    ['rulez: {}', ".github/convex-review.yml: rulez: unknown key; did you mean rules? Accepted keys: version, rules, paths, exclude, ignore, fail-on, inline-min-severity, max-comments, baseline, auth-helpers, registrars, public-functions"],
    ['rule: {}', '.github/convex-review.yml: rule: unknown key; did you mean rules? Accepted keys:'],
    ['failOn: error', '.github/convex-review.yml: failOn: unknown key; did you mean fail-on? Accepted keys:'],
    ['colour: red', '.github/convex-review.yml: colour: unknown key; Accepted keys:'],
    ['rules: { unbounded-colect: off }', '.github/convex-review.yml: rules.unbounded-colect: unknown rule id; did you mean unbounded-collect? Valid ids: public-function-auth-check, require-args-validator, unbounded-collect'],
    ['rules: { unbounded-collect: { small-table: [a] } }', '.github/convex-review.yml: rules.unbounded-collect.small-table: unknown option; did you mean small-tables? unbounded-collect accepts: severity, small-tables'],
    ['registrars: { authedQuery: { base: query, check-auth: true } }', '.github/convex-review.yml: registrars.authedQuery.check-auth: unknown option; did you mean checks-auth? accepted: base, checks-auth'],
    ['fail-on: loud', ".github/convex-review.yml: fail-on: 'loud' is not accepted; use one of error, warning, info, never"],
    ['inline-min-severity: never', ".github/convex-review.yml: inline-min-severity: 'never' is not accepted; use one of error, warning, info"],
    ['max-comments: many', ".github/convex-review.yml: max-comments: 'many' is not a whole number from 0 to 1000"],
    ['max-comments: 1001', ".github/convex-review.yml: max-comments: '1001' is not a whole number from 0 to 1000"],
    ['paths: convex/**', '.github/convex-review.yml: paths: must be a list of non-empty strings'],
    ['exclude: [""]', '.github/convex-review.yml: exclude: must be a list of non-empty strings'],
    ['baseline: [a]', '.github/convex-review.yml: baseline: must be the path of the baseline file, relative to the repository root'],
    ['rules: { unbounded-collect: loud }', ".github/convex-review.yml: rules.unbounded-collect: 'loud' is not a setting; use one of off, error, warning, info"],
    ['rules: { unbounded-collect: { tables: [a] } }', '.github/convex-review.yml: rules.unbounded-collect.tables: unknown option; unbounded-collect accepts: severity, small-tables'],
    ['rules: { require-args-validator: { small-tables: [a] } }', '.github/convex-review.yml: rules.require-args-validator.small-tables: unknown option; require-args-validator accepts: severity'],
    ['registrars: { authedQuery: sneakyQuery }', ".github/convex-review.yml: registrars.authedQuery.base: 'sneakyQuery' is not a Convex builder; use one of query, mutation, action, internalQuery, internalMutation, internalAction, httpAction"],
    ['registrars: { authedQuery: { base: query, checks-auth: yes } }', '.github/convex-review.yml: registrars.authedQuery.checks-auth: must be true or false'],
    ['ignore: convex/legacy/**', '.github/convex-review.yml: ignore: must be a list of non-empty strings'],
    ['version: 2', ".github/convex-review.yml: version: '2' is not supported; use 1"],
    ['rules: [a', '.github/convex-review.yml: not valid YAML'],
    ['- just a list', '.github/convex-review.yml: the file must be a mapping of keys'],
  ])('refuses %j, naming the file, the key and what is accepted', (text, message) => {
    expect(() => parseConfig(text, IDS)).toThrow(message);
  });
});

describe('what the config tells the rules', () => {
  const options = parseConfig(FULL, IDS).project;

  it('extra auth helpers count as checks', () => {
    const files = {
      'convex/teams.ts': `${SERVER_IMPORT}import { mustBeMember } from "./lib/access";
export const list = query({ args: {}, handler: async (ctx) => { await mustBeMember(ctx); return []; } });
`,
      // Read by the model, and no check in it: only the config makes it one.
      'convex/lib/access.ts': `export async function mustBeMember(ctx: any) { return await ctx.db.query("members").first(); }
`,
    };
    expect(findingsOf(publicFunctionAuthCheck, files)).toHaveLength(1);
    expect(findingsOf(publicFunctionAuthCheck, files, new Map(), options)).toEqual([]);
  });

  it('configured registrars are registrations, and one that checks auth counts for every function it builds', () => {
    const files = {
      'convex/notes.ts': `import { authedQuery, looseMutation } from "@/lib/builders";
export const mine = authedQuery({ handler: async (ctx) => [] });
export const save = looseMutation({ args: {}, handler: async (ctx) => ctx.db.insert("notes", {}) });
`,
    };
    expect(findingsOf(requireArgsValidator, files)).toEqual([]);
    expect(findingsOf(requireArgsValidator, files, new Map(), options).map((f) => f.line)).toEqual([2]);
    expect(findingsOf(publicFunctionAuthCheck, files, new Map(), options).map((f) => f.line)).toEqual([3]);
  });

  it('small tables may be collected, and public-by-design functions need no auth check', () => {
    const files = {
      'convex/landing.ts': `${SERVER_IMPORT}
export const flags = query({ args: {}, handler: async (ctx) => await ctx.db.query("countries").collect() });
`,
      'convex/docs.ts': `${SERVER_IMPORT}
export const list = query({ args: {}, handler: async (ctx) => await ctx.db.query("docs").take(10) });
export const drafts = query({ args: {}, handler: async (ctx) => await ctx.db.query("docs").take(10) });
`,
    };
    expect(findingsOf(unboundedCollect, files).map((f) => f.path)).toEqual(['convex/landing.ts']);
    expect(findingsOf(unboundedCollect, files, new Map(), options)).toEqual([]);
    expect(findingsOf(publicFunctionAuthCheck, files).map((f) => `${f.path}:${f.line}`)).toEqual(['convex/docs.ts:4', 'convex/docs.ts:5', 'convex/landing.ts:4']);
    expect(findingsOf(publicFunctionAuthCheck, files, new Map(), options).map((f) => `${f.path}:${f.line}`)).toEqual(['convex/docs.ts:5']);
  });
});
