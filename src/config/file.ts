/**
 * `.github/convex-review.yml`, the one config file of the Action and the CLI: rule settings, rule
 * options, names the analysis cannot infer, what is reviewed and what fails the run. A mistake
 * fails with the file, the key and what is accepted (with "did you mean" for a misspelt key).
 * Pure: the text comes from the caller (the base branch for the Action, the working tree for the
 * CLI). schemas/convex-review.schema.json describes the same keys for editors; a test keeps the two
 * in step.
 */
import { parseDocument } from 'yaml';
import { UsageError } from '../core/errors.js';
import { SEVERITIES, THRESHOLDS, type Severity, type Threshold } from '../core/finding.js';
import { didYouMean } from '../core/suggest.js';
import type { RuleSetting } from '../core/rule-settings.js';
import { DEFAULT_PROJECT_OPTIONS, type ConfiguredRegistrar, type ProjectOptions } from '../convex/model/options.js';
import { builtinRegistrar } from '../convex/model/registrars.js';

export const CONFIG_PATH = '.github/convex-review.yml';

export interface ReviewConfig {
  rules: Map<string, RuleSetting>;
  /** Globs of files never reviewed: `exclude` and its older name `ignore`, together. */
  ignore: string[];
  project: ProjectOptions;
  /** Globs of the files to review (empty: the Convex functions folders). The `paths` input / PATH arguments narrow further. */
  paths: string[];
  /** Unset: the host's default (CLI `error`, Action `never`). */
  failOn?: Threshold;
  /** Unset: the default (`warning`). */
  inlineMinSeverity?: Severity;
  /** Unset: the default (30). */
  maxComments?: number;
  /** The baseline file, repository-relative: findings recorded in it are not reported as new. */
  baseline?: string;
}

export const EMPTY_CONFIG: ReviewConfig = { rules: new Map(), ignore: [], project: DEFAULT_PROJECT_OPTIONS, paths: [] };

export const TOP_LEVEL_KEYS = [
  'version',
  'rules',
  'paths',
  'exclude',
  'ignore',
  'fail-on',
  'inline-min-severity',
  'max-comments',
  'baseline',
  'auth-helpers',
  'registrars',
  'public-functions',
] as const;
/** Options a rule accepts besides `severity`. */
export const RULE_OPTIONS: Readonly<Record<string, readonly string[]>> = { 'unbounded-collect': ['small-tables'] };
export const RULE_SETTINGS: readonly RuleSetting[] = ['off', ...SEVERITIES];
const SETTINGS = RULE_SETTINGS;
export const REGISTRAR_BASES = ['query', 'mutation', 'action', 'internalQuery', 'internalMutation', 'internalAction', 'httpAction'] as const;
const BUILDERS = REGISTRAR_BASES;
export const REGISTRAR_OPTIONS = ['base', 'checks-auth'] as const;
/** The most `max-comments` accepts (the Action input's range). */
export const MAX_COMMENTS_LIMIT = 1000;

export function parseConfig(text: string, ruleIds: readonly string[], file = CONFIG_PATH): ReviewConfig {
  const fail = (key: string, message: string): never => {
    throw new UsageError(`${file}: ${key ? `${key}: ` : ''}${message}`);
  };
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) fail('', `not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const root: unknown = doc.toJS() ?? {};
  if (!isRecord(root)) return fail('', 'the file must be a mapping of keys (rules, ignore, …)');
  for (const key of Object.keys(root)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) fail(key, `unknown key;${didYouMean(key, TOP_LEVEL_KEYS)} Accepted keys: ${TOP_LEVEL_KEYS.join(', ')}`);
  }
  if (root.version !== undefined && root.version !== 1) fail('version', `'${String(root.version)}' is not supported; use 1`);

  const rules = new Map<string, RuleSetting>();
  const smallTables = new Set<string>();
  const ruleEntries = root.rules === undefined ? {} : root.rules;
  if (!isRecord(ruleEntries)) fail('rules', 'must be a mapping of rule id to a setting');
  for (const [id, value] of Object.entries(ruleEntries as Record<string, unknown>)) {
    const key = `rules.${id}`;
    if (!ruleIds.includes(id)) fail(key, `unknown rule id;${didYouMean(id, ruleIds)} Valid ids: ${[...ruleIds].sort().join(', ')}`);
    if (typeof value === 'string' || value === false) {
      // YAML reads a bare `off` as a string; `false` is the same wish.
      const setting = value === false ? 'off' : value;
      if (!SETTINGS.includes(setting as RuleSetting)) fail(key, `'${setting}' is not a setting; use one of ${SETTINGS.join(', ')}`);
      rules.set(id, setting as RuleSetting);
      continue;
    }
    if (!isRecord(value)) return fail(key, `must be a setting (${SETTINGS.join(', ')}) or a mapping with severity and options`);
    const accepted = ['severity', ...(RULE_OPTIONS[id] ?? [])];
    for (const option of Object.keys(value)) {
      if (!accepted.includes(option)) fail(`${key}.${option}`, `unknown option;${didYouMean(option, accepted)} ${id} accepts: ${accepted.join(', ')}`);
    }
    if (value.severity !== undefined) {
      if (!SETTINGS.includes(value.severity as RuleSetting)) fail(`${key}.severity`, `'${String(value.severity)}' is not a setting; use one of ${SETTINGS.join(', ')}`);
      rules.set(id, value.severity as RuleSetting);
    }
    if (value['small-tables'] !== undefined) for (const t of stringList(value['small-tables'], `${key}.small-tables`, fail)) smallTables.add(t);
  }

  const registrars = new Map<string, ConfiguredRegistrar>();
  const registrarEntries = root.registrars === undefined ? {} : root.registrars;
  if (!isRecord(registrarEntries)) fail('registrars', 'must be a mapping of wrapper name to the Convex builder it stands for');
  for (const [name, value] of Object.entries(registrarEntries as Record<string, unknown>)) {
    const key = `registrars.${name}`;
    const spec = typeof value === 'string' ? { base: value } : value;
    if (!isRecord(spec)) return fail(key, `must name a Convex builder (${BUILDERS.join(', ')}) or be a mapping with base and checks-auth`);
    for (const option of Object.keys(spec)) {
      if (!(REGISTRAR_OPTIONS as readonly string[]).includes(option)) fail(`${key}.${option}`, `unknown option;${didYouMean(option, REGISTRAR_OPTIONS)} accepted: ${REGISTRAR_OPTIONS.join(', ')}`);
    }
    const base = String(spec.base ?? '');
    const builtin = (BUILDERS as readonly string[]).includes(base) ? builtinRegistrar('generated:server', base) : undefined;
    if (!builtin) return fail(`${key}.base`, `'${base}' is not a Convex builder; use one of ${BUILDERS.join(', ')}`);
    if (spec['checks-auth'] !== undefined && typeof spec['checks-auth'] !== 'boolean') fail(`${key}.checks-auth`, 'must be true or false');
    registrars.set(name, { kind: builtin.kind, visibility: builtin.visibility, base, checksAuth: spec['checks-auth'] === true });
  }

  const globs = (key: 'paths' | 'exclude' | 'ignore'): string[] => (root[key] === undefined ? [] : stringList(root[key], key, fail));
  const baseline = root.baseline;
  if (baseline !== undefined && (typeof baseline !== 'string' || baseline.trim() === '')) fail('baseline', 'must be the path of the baseline file, relative to the repository root');
  return {
    rules,
    ignore: [...globs('exclude'), ...globs('ignore')],
    paths: globs('paths'),
    ...(root['fail-on'] !== undefined ? { failOn: oneOf(root['fail-on'], 'fail-on', THRESHOLDS, fail) } : {}),
    ...(root['inline-min-severity'] !== undefined ? { inlineMinSeverity: oneOf(root['inline-min-severity'], 'inline-min-severity', SEVERITIES, fail) } : {}),
    ...(root['max-comments'] !== undefined ? { maxComments: wholeNumber(root['max-comments'], 'max-comments', MAX_COMMENTS_LIMIT, fail) } : {}),
    ...(typeof baseline === 'string' ? { baseline: baseline.trim() } : {}),
    project: {
      authHelpers: new Set(root['auth-helpers'] === undefined ? [] : stringList(root['auth-helpers'], 'auth-helpers', fail)),
      registrars,
      smallTables,
      publicFunctions: root['public-functions'] === undefined ? [] : stringList(root['public-functions'], 'public-functions', fail),
    },
  };
}

/** The file's rule settings with the `rules` input (or `--rule` flags) on top. */
export function withRuleOverrides(config: ReviewConfig, overrides: ReadonlyMap<string, RuleSetting>): ReviewConfig {
  return { ...config, rules: new Map([...config.rules, ...overrides]) };
}

function oneOf<T extends string>(value: unknown, key: string, accepted: readonly T[], fail: (key: string, message: string) => never): T {
  if (!accepted.includes(value as T)) fail(key, `'${String(value)}' is not accepted; use one of ${accepted.join(', ')}`);
  return value as T;
}

function wholeNumber(value: unknown, key: string, max: number, fail: (key: string, message: string) => never): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) fail(key, `'${String(value)}' is not a whole number from 0 to ${max}`);
  return value as number;
}

function stringList(value: unknown, key: string, fail: (key: string, message: string) => never): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) fail(key, 'must be a list of non-empty strings');
  return (value as string[]).map((v) => v.trim());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
