/**
 * `.github/convex-review.yml`, the one config file of the Action and the CLI: rule settings, rule
 * options, names the analysis cannot infer, and ignored paths. A mistake fails with the file, the
 * key and what is accepted. Pure: the text comes from the caller (the base branch for the Action,
 * the working tree for the CLI).
 */
import { parseDocument } from 'yaml';
import { UsageError } from '../core/errors.js';
import { SEVERITIES } from '../core/finding.js';
import type { RuleSetting } from '../core/rule-settings.js';
import { DEFAULT_PROJECT_OPTIONS, type ConfiguredRegistrar, type ProjectOptions } from '../convex/model/options.js';
import { builtinRegistrar } from '../convex/model/registrars.js';

export const CONFIG_PATH = '.github/convex-review.yml';

export interface ReviewConfig {
  rules: Map<string, RuleSetting>;
  /** Globs of files never reviewed. */
  ignore: string[];
  project: ProjectOptions;
}

export const EMPTY_CONFIG: ReviewConfig = { rules: new Map(), ignore: [], project: DEFAULT_PROJECT_OPTIONS };

const TOP_LEVEL = ['version', 'rules', 'ignore', 'auth-helpers', 'registrars', 'public-functions'] as const;
/** Options a rule accepts besides `severity`. */
const RULE_OPTIONS: Record<string, readonly string[]> = { 'unbounded-collect': ['small-tables'] };
const SETTINGS: readonly RuleSetting[] = ['off', ...SEVERITIES];
const BUILDERS = ['query', 'mutation', 'action', 'internalQuery', 'internalMutation', 'internalAction', 'httpAction'];

export function parseConfig(text: string, ruleIds: readonly string[], file = CONFIG_PATH): ReviewConfig {
  const fail = (key: string, message: string): never => {
    throw new UsageError(`${file}: ${key ? `${key}: ` : ''}${message}`);
  };
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) fail('', `not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const root: unknown = doc.toJS() ?? {};
  if (!isRecord(root)) return fail('', 'the file must be a mapping of keys (rules, ignore, …)');
  for (const key of Object.keys(root)) {
    if (!(TOP_LEVEL as readonly string[]).includes(key)) fail(key, `unknown key; accepted keys: ${TOP_LEVEL.join(', ')}`);
  }
  if (root.version !== undefined && root.version !== 1) fail('version', `'${String(root.version)}' is not supported; use 1`);

  const rules = new Map<string, RuleSetting>();
  const smallTables = new Set<string>();
  const ruleEntries = root.rules === undefined ? {} : root.rules;
  if (!isRecord(ruleEntries)) fail('rules', 'must be a mapping of rule id to a setting');
  for (const [id, value] of Object.entries(ruleEntries as Record<string, unknown>)) {
    const key = `rules.${id}`;
    if (!ruleIds.includes(id)) fail(key, `unknown rule id. Valid ids: ${[...ruleIds].sort().join(', ')}`);
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
      if (!accepted.includes(option)) fail(`${key}.${option}`, `unknown option; ${id} accepts: ${accepted.join(', ')}`);
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
    for (const option of Object.keys(spec)) if (option !== 'base' && option !== 'checks-auth') fail(`${key}.${option}`, 'unknown option; accepted: base, checks-auth');
    const base = String(spec.base ?? '');
    const builtin = builtinRegistrar('generated:server', base);
    if (!builtin) return fail(`${key}.base`, `'${base}' is not a Convex builder; use one of ${BUILDERS.join(', ')}`);
    if (spec['checks-auth'] !== undefined && typeof spec['checks-auth'] !== 'boolean') fail(`${key}.checks-auth`, 'must be true or false');
    registrars.set(name, { kind: builtin.kind, visibility: builtin.visibility, base, checksAuth: spec['checks-auth'] === true });
  }

  return {
    rules,
    ignore: root.ignore === undefined ? [] : stringList(root.ignore, 'ignore', fail),
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

function stringList(value: unknown, key: string, fail: (key: string, message: string) => never): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) fail(key, 'must be a list of non-empty strings');
  return (value as string[]).map((v) => v.trim());
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
