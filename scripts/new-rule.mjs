// `npm run new-rule -- <id> [options]`: scaffolds a static rule so that the catalogue test
// (test/catalogue.test.ts) holds for it from the start:
//   src/convex/rules/<id>.ts        the rule: meta and a `check` that reports nothing yet
//   src/convex/rules/<id>.test.ts   a test that passes on the scaffold (clean code, no findings)
//   docs/rules/<id>.md              the page, with the standard sections
//   src/convex/rules/index.ts       the import and the registry entry, in sorted position
//   docs/rules/README.md            a row in the index, under an area
//   README.md                       a row in the rules table, and the rule counts
//   schemas/convex-review.schema.json   the id under the config file's rules (editors complete it)
// Options: --severity error|warning|info (default warning), --category <category> (default
// correctness; see src/core/categories.ts), --title <text>, --description <sentence>,
// --area <words of a heading of docs/rules/README.md> (default: from the category),
// --root <dir> (default: this repository). Nothing is written outside the root, and nothing at
// all unless every check passes.
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEVERITIES = ['error', 'warning', 'info'];
/** Ids a setting or suppression already means something else by. */
const RESERVED = ['claude'];
/** Where a rule goes in docs/rules/README.md when `--area` is not given. */
const AREA_OF_CATEGORY = {
  security: 'Security and access control',
  performance: 'Data access and schema',
  'data-model': 'Data access and schema',
  correctness: 'Function definitions',
  maintainability: 'Function definitions',
  reliability: 'Actions and transactions',
};
const ENGINE_AREA = 'Engine';

export class NewRuleError extends Error {}

/** `top-of-hour-cron` → `topOfHourCron`. */
export function camelCase(id) {
  return id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

export function parseArgs(argv) {
  const options = { severity: 'warning', category: 'correctness' };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(severity|category|title|description|area|root)(?:=(.*))?$/.exec(arg);
    if (match) {
      const value = match[2] ?? argv[++i];
      if (value === undefined) throw new NewRuleError(`${arg} needs a value`);
      options[match[1]] = value;
    } else if (arg.startsWith('--')) {
      throw new NewRuleError(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new NewRuleError('give exactly one rule id, e.g. npm run new-rule -- no-foo-in-bar');
  return { id: positional[0], ...options };
}

/**
 * Works out every file the new rule needs, without writing anything: a map from root-relative
 * path to new content. Throws NewRuleError when the id or an option is not acceptable.
 */
export function plan(root, options) {
  const read = (path) => readFileSync(inside(root, path), 'utf8');
  const { id, severity, category } = options;

  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    throw new NewRuleError(`'${id}' is not a rule id: use kebab-case, lower-case letters and digits (e.g. no-foo-in-bar)`);
  }
  const index = read('src/convex/rules/index.ts');
  const registered = registryIds(index);
  const docsIndex = read('docs/rules/README.md');
  const readme = read('README.md');
  // The engine's own rules (parse-error, …) are not in the registry, but have rows in both tables.
  const listed = [...`${docsIndex}\n${readme}`.matchAll(/^\| \[`([^`]+)`\]\(/gm)].map((m) => m[1]);
  const taken =
    registered.includes(id) ||
    listed.includes(id) ||
    RESERVED.includes(id) ||
    existsSync(inside(root, `src/convex/rules/${id}.ts`)) ||
    existsSync(inside(root, `docs/rules/${id}.md`));
  if (taken) throw new NewRuleError(`the id '${id}' is taken: there is already a rule, a page or a meaning for it`);
  if (!SEVERITIES.includes(severity)) throw new NewRuleError(`--severity must be one of ${SEVERITIES.join(', ')}`);
  const categories = categoriesOf(read('src/core/categories.ts'));
  if (!categories.includes(category)) throw new NewRuleError(`--category must be one of ${categories.join(', ')}`);

  const title = options.title ?? id.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const description = sentence(options.description ?? `Describe in one sentence what ${id} flags.`);
  const files = new Map();
  files.set(`src/convex/rules/${id}.ts`, ruleSource({ id, title, description, severity, category }));
  files.set(`src/convex/rules/${id}.test.ts`, testSource(id));
  files.set(`docs/rules/${id}.md`, docsPage({ id, description, severity }));
  files.set('src/convex/rules/index.ts', withRegistryEntry(index, id));
  files.set('docs/rules/README.md', withDocsIndexRow(docsIndex, id, severity, description, options.area ?? AREA_OF_CATEGORY[category], registered.length + 1));
  files.set('README.md', withReadmeRow(readme, id, severity, description, registered.length + 1));
  files.set(SCHEMA, withSchemaRule(read(SCHEMA), id, description));
  return files;
}

const SCHEMA = 'schemas/convex-review.schema.json';

/** The config file schema with `rules.<id>` (a setting, or severity as its one option), ids sorted. */
function withSchemaRule(text, id, description) {
  const schema = JSON.parse(text);
  const rules = schema.properties.rules.properties;
  const entry = {
    description: `${description} https://github.com/convex-review/convex-review/blob/main/docs/rules/${id}.md`,
    anyOf: [
      { $ref: '#/$defs/setting' },
      { const: false, description: 'The same as off.' },
      { type: 'object', additionalProperties: false, properties: { severity: { $ref: '#/$defs/setting' } } },
    ],
  };
  schema.properties.rules.properties = Object.fromEntries([...Object.entries(rules), [id, entry]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(schema, null, 2) + '\n';
}

/** Writes the planned files; every path is checked to stay inside the root first. */
export function write(root, files) {
  const targets = [...files].map(([path, text]) => [inside(root, path), text]);
  for (const [target, text] of targets) writeFileSync(target, text);
}

/** The absolute path of a root-relative path, refusing any that would leave the root. */
export function inside(root, path) {
  const base = resolve(root);
  const target = resolve(base, path);
  const rel = relative(base, target);
  if (isAbsolute(path) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new NewRuleError(`refusing to touch ${path}: outside ${base}`);
  // A symlinked folder inside the root must not lead out of it either.
  const parent = resolve(target, '..');
  if (existsSync(parent)) {
    const realBase = realpathSync(base);
    const realParent = realpathSync(parent);
    if (realParent !== realBase && !realParent.startsWith(realBase + sep)) throw new NewRuleError(`refusing to touch ${path}: it leads outside ${base}`);
  }
  return target;
}

/** The ids of the registry, in its order, from the `RULES` array and the imports naming them. */
export function registryIds(indexText) {
  const idOf = new Map();
  for (const m of indexText.matchAll(/^import \{ (\w+) \} from '\.\/([a-z0-9-]+)\.js';$/gm)) idOf.set(m[1], m[2]);
  const body = /export const RULES: readonly Rule\[\] = \[([^\]]*)\];/.exec(indexText);
  if (!body) throw new NewRuleError('src/convex/rules/index.ts: no `export const RULES: readonly Rule[] = [ … ];` found');
  return body[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => {
      const id = idOf.get(name);
      if (!id) throw new NewRuleError(`src/convex/rules/index.ts: '${name}' in RULES has no \`import { ${name} } from './<id>.js'\``);
      return id;
    });
}

function categoriesOf(text) {
  const list = /export const CATEGORIES = \[([^\]]*)\]/.exec(text);
  if (!list) throw new NewRuleError('src/core/categories.ts: no CATEGORIES list found');
  return [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

function sentence(text) {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

const quote = (s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function ruleSource({ id, title, description, severity, category }) {
  return `import type { Report, Rule } from '../engine/rule.js';
import type { Registration } from '../semantics/registrations.js';

/**
 * ${description}
 *
 * This comment says what the rule looks at, through which forms (aliases, helpers across files,
 * custom builders) and what it deliberately leaves alone: the same as docs/rules/${id}.md.
 */
export const ${camelCase(id)}: Rule = {
  id: ${quote(id)},
  title: ${quote(title)},
  description: ${quote(description)},
  severity: ${quote(severity)},
  // The Convex docs page behind the practice; every finding links it.
  docsUrl: 'https://docs.convex.dev/understanding/best-practices/',
  // What the findings are about, and the Claude categories whose comments on the same lines would
  // say the same thing again (those comments are dropped). Both from src/core/categories.ts.
  category: ${quote(category)},
  concerns: [${quote(category)}],
  // Two optional fields: \`dependsOn: /(^|\\/)schema\\.[jt]s$/\` when a change of such paths makes
  // the rule's findings in untouched files relevant, and \`eslintEquivalent: '<rule>'\` when
  // @convex-dev/eslint-plugin has a rule for the same problem (its eslint-disable comments then
  // silence this rule too).
  *check(project) {
    for (const registration of project.registrations) {
      const report = reportFor(registration);
      if (report) yield report;
    }
  },
};

/**
 * The finding for one registered function, or undefined when it is fine. Until it looks at
 * anything (\`registration.handler\`, \`registration.args\`, \`registration.kind\`, … in
 * semantics/registrations.ts) it finds nothing. A rule about something other than registered
 * functions walks \`project.files\`, \`project.schema\` or \`project.references\` in \`check\` instead.
 * A report names the smallest node that shows the problem; its \`detail\` says why it matters and
 * how to fix it (the engine adds how to silence it).
 */
function reportFor(registration: Registration): Report | undefined {
  void registration;
  return undefined;
}
`;
}

function testSource(id) {
  return `import { describe, expect, it } from 'vitest';
import { findingsOf, SERVER_IMPORT } from '../../../test/support/convex.js';
import { ${camelCase(id)} as rule } from './${id}.js';

describe(${quote(id)}, () => {
  // The first case to add is the problem itself: files that have it and the findings expected,
  // e.g. \`expect(locations(findingsOf(rule, files))).toEqual(['convex/messages.ts:4 warning'])\`
  // (\`locations\` is in test/support/convex.ts), then the forms it must see through and the
  // look-alikes it must leave alone.
  it('reports nothing on code without the problem', () => {
    const findings = findingsOf(rule, {
      'convex/messages.ts': \`\${SERVER_IMPORT}
export const list = query({
  args: { channel: v.string() },
  handler: async (ctx, { channel }) =>
    ctx.db.query("messages").withIndex("by_channel", (q) => q.eq("channel", channel)).take(20),
});
\`,
    });
    expect(findings).toEqual([]);
  });
});
`;
}

function docsPage({ id, description, severity }) {
  return `# ${id}

${description} Severity: **${severity}**.

## What it flags

Which code is reported, at which node, and through which forms (aliases, namespace imports,
helpers in other files, custom builders).

## Why

What goes wrong at deploy or run time, or which Convex practice it breaks, with a link to the
Convex docs.

## Bad

\`\`\`ts
// The smallest code that is reported.
\`\`\`

## Good

\`\`\`ts
// The same code, fixed.
\`\`\`

## Options

None yet.

## Suppress

\`\`\`ts
// convex-review-disable-next-line ${id} -- reason
\`\`\`

or, for a whole file, \`/* convex-review-disable ${id} */\`.

## Limits

What it deliberately leaves alone, and what it cannot see.
`;
}

/** Adds the import and the RULES entry, each in sorted position (code-unit order of the ids). */
export function withRegistryEntry(indexText, id) {
  const name = camelCase(id);
  const lines = indexText.split('\n');
  const importLine = `import { ${name} } from './${id}.js';`;
  const ruleImports = lines.map((l, i) => [l, i]).filter(([l]) => /^import \{ \w+ \} from '\.\/[a-z0-9-]+\.js';$/.test(l));
  if (ruleImports.length === 0) throw new NewRuleError("src/convex/rules/index.ts: no rule imports (`import { x } from './x.js';`) found");
  const importAfter = ruleImports.filter(([l]) => /'\.\/([a-z0-9-]+)\.js'/.exec(l)[1] < id).pop();
  lines.splice(importAfter ? importAfter[1] + 1 : ruleImports[0][1], 0, importLine);

  const start = lines.findIndex((l) => l.startsWith('export const RULES: readonly Rule[] = ['));
  const end = lines.findIndex((l, i) => i > start && l === '];');
  if (start < 0 || end < 0) throw new NewRuleError('src/convex/rules/index.ts: the RULES array is not one entry per line');
  const ids = registryIds(lines.join('\n'));
  const position = ids.filter((other) => other < id).length;
  lines.splice(start + 1 + position, 0, `  ${name},`);
  return lines.join('\n');
}

/** A row at the end of the table under the `## <area>` heading of docs/rules/README.md; the count line updated. */
export function withDocsIndexRow(text, id, severity, description, area, ruleCount) {
  const lines = text.split('\n');
  const headings = lines.map((l, i) => [l, i]).filter(([l]) => l.startsWith('## '));
  const wanted = area.toLowerCase();
  const heading = headings.find(([l]) => l.slice(3).toLowerCase() === wanted) ?? headings.find(([l]) => l.slice(3).toLowerCase().includes(wanted));
  const areas = headings.map(([l]) => l.slice(3)).filter((a) => a !== ENGINE_AREA);
  if (!heading || heading[0].slice(3) === ENGINE_AREA) throw new NewRuleError(`--area '${area}' names no area of docs/rules/README.md; one of: ${areas.join('; ')}`);
  const next = headings.find(([, i]) => i > heading[1]);
  const sectionEnd = next ? next[1] : lines.length;
  let last = -1;
  for (let i = heading[1]; i < sectionEnd; i++) if (lines[i].startsWith('| [`')) last = i;
  if (last < 0) throw new NewRuleError(`docs/rules/README.md: the area '${heading[0].slice(3)}' has no table of rules`);
  lines.splice(last + 1, 0, `| [\`${id}\`](${id}.md) | ${severity} | ${description} |`);
  return withCount(lines.join('\n'), /(The static rules of convex-review: )(\d+)( rules)/, ruleCount, 'docs/rules/README.md');
}

/** A row in README's rules table before the engine's own rules; the count line updated. */
export function withReadmeRow(text, id, severity, description, ruleCount) {
  const lines = text.split('\n');
  const header = lines.indexOf('| id | severity | flags |');
  if (header < 0) throw new NewRuleError("README.md: no rules table (a '| id | severity | flags |' header) found");
  let at = header + 2;
  while (lines[at]?.startsWith('| [`') && !lines[at].startsWith('| [`parse-error`]')) at++;
  const flags = description.replace(/\.$/, '').replace(/^[A-Z](?![A-Z])/, (c) => c.toLowerCase());
  lines.splice(at, 0, `| [\`${id}\`](docs/rules/${id}.md) | ${severity} | ${flags} |`);
  return withCount(lines.join('\n'), /^()(\d+)( static rules, plus)/m, ruleCount, 'README.md');
}

function withCount(text, pattern, count, file) {
  if (!pattern.test(text)) throw new NewRuleError(`${file}: the sentence giving the number of rules was not found`);
  return text.replace(pattern, (_, before, _n, after) => `${before}${count}${after}`);
}

function main(argv) {
  const options = parseArgs(argv);
  const root = resolve(options.root ?? fileURLToPath(new URL('..', import.meta.url)));
  const files = plan(root, options);
  write(root, files);
  const id = options.id;
  const out = (line) => process.stdout.write(`${line}\n`);
  out(`Scaffolded ${id} in ${root}:`);
  for (const path of files.keys()) out(`  ${path}`);
  out('');
  out('Next:');
  out(`  1. Write the failing case in src/convex/rules/${id}.test.ts, then make reportFor / check in`);
  out(`     src/convex/rules/${id}.ts find it: npx vitest run src/convex/rules/${id}.test.ts`);
  out('  2. Set the meta: title, description, severity, docsUrl (the Convex docs page), category,');
  out('     concerns, and dependsOn / eslintEquivalent if they apply (see src/convex/engine/rule.ts).');
  out(`  3. Fill docs/rules/${id}.md (every section), and the rows in docs/rules/README.md and README.md`);
  out('     (move the index row to another area if it fits better).');
  out('  4. npx vitest run test/catalogue.test.ts, npx tsc --noEmit, npx eslint on the new files.');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof NewRuleError)) throw error;
    process.stderr.write(`new-rule: ${error.message}\n`);
    process.exit(2);
  }
}
