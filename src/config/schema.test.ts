/**
 * schemas/convex-review.schema.json (what editors complete and validate) and the parser (what the
 * hosts accept) describe one file: the same keys, rule ids, options and values, and the same
 * verdict on every sample.
 */
import { readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { RULE_IDS } from '../convex/rules/index.js';
import { SEVERITIES, THRESHOLDS } from '../core/finding.js';
import { MAX_COMMENTS_LIMIT, parseConfig, REGISTRAR_BASES, REGISTRAR_OPTIONS, RULE_OPTIONS, RULE_SETTINGS, TOP_LEVEL_KEYS } from './file.js';

interface Schema {
  properties: Record<string, { properties?: Record<string, RuleSchema>; enum?: string[]; maximum?: number; additionalProperties?: { anyOf: Array<{ properties?: Record<string, unknown> }> } }>;
  $defs: { setting: { enum: string[] }; builder: { enum: string[] } };
}
interface RuleSchema {
  description: string;
  anyOf: Array<{ properties?: Record<string, unknown> }>;
}

const schema = JSON.parse(readFileSync(new URL('../../schemas/convex-review.schema.json', import.meta.url), 'utf8')) as Schema;
const validate = new ajv2020.default({ strict: true, allErrors: true }).compile(schema);
const sorted = (values: readonly string[]) => [...values].sort();

describe('the config file schema', () => {
  it('has every key the parser accepts, and no other', () => {
    expect(sorted(Object.keys(schema.properties))).toEqual(sorted(TOP_LEVEL_KEYS));
  });

  it('names every rule (ALL_RULES) under rules, each with its options and a description', () => {
    const rules = schema.properties.rules.properties!;
    expect(sorted(Object.keys(rules))).toEqual(sorted(RULE_IDS));
    for (const [id, rule] of Object.entries(rules)) {
      expect(rule.description, id).toContain(`docs/rules/${id}.md`);
      const options = rule.anyOf.find((a) => a.properties)!.properties!;
      expect(sorted(Object.keys(options)), id).toEqual(sorted(['severity', ...(RULE_OPTIONS[id] ?? [])]));
    }
  });

  it('accepts the values the parser accepts', () => {
    expect(schema.$defs.setting.enum).toEqual([...RULE_SETTINGS]);
    expect(schema.$defs.builder.enum).toEqual([...REGISTRAR_BASES]);
    expect(schema.properties['fail-on'].enum).toEqual([...THRESHOLDS]);
    expect(schema.properties['inline-min-severity'].enum).toEqual([...SEVERITIES]);
    expect(schema.properties['max-comments'].maximum).toBe(MAX_COMMENTS_LIMIT);
    const registrar = schema.properties.registrars.additionalProperties!.anyOf.find((a) => a.properties)!;
    expect(sorted(Object.keys(registrar.properties!))).toEqual(sorted(REGISTRAR_OPTIONS));
  });

  it("accepts the README's example file, as the parser does", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# yaml-language-server: \$schema=[^\n]+\n[\s\S]*?)```/.exec(readme)![1];
    expect(example).toContain('schemas/convex-review.schema.json');
    expect(() => parseConfig(example, RULE_IDS)).not.toThrow();
    expect(validate(parseDocument(example).toJS()), JSON.stringify(validate.errors)).toBe(true);
  });

  const FULL = `version: 1
rules:
  public-function-auth-check: warning
  require-args-validator: off
  unbounded-collect: { severity: info, small-tables: [settings] }
paths: ["convex/**"]
exclude: ["convex/gen/**"]
ignore: ["convex/legacy/**"]
fail-on: warning
inline-min-severity: error
max-comments: 10
baseline: .github/convex-review-baseline.json
auth-helpers: [mustBeMember]
registrars:
  authedQuery: { base: query, checks-auth: true }
  looseMutation: mutation
public-functions: ["convex/docs.ts#list"]
`;
  it.each([
    FULL,
    '',
    'rules: { require-args-validator: false }',
    'rule: { unbounded-collect: off }',
    'rules: { unbounded-colect: off }',
    'rules: { unbounded-collect: loud }',
    'rules: { require-args-validator: { small-tables: [a] } }',
    'registrars: { authedQuery: sneakyQuery }',
    'registrars: { authedQuery: { base: query, check-auth: true } }',
    'registrars: { authedQuery: { checks-auth: true } }',
    'fail-on: loud',
    'inline-min-severity: never',
    'max-comments: 1001',
    'max-comments: 2.5',
    'paths: convex/**',
    'exclude: ["  "]',
    'baseline: ""',
    'baseline: [a]',
    'version: 2',
  ])('gives the parser\'s verdict on %j', (text) => {
    let parsed = true;
    try {
      parseConfig(text, RULE_IDS);
    } catch {
      parsed = false;
    }
    expect(validate(parseDocument(text).toJS() ?? {}), JSON.stringify(validate.errors)).toBe(parsed);
  });
});
