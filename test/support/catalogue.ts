/**
 * What the catalogue requires of a rule, read from the files of a repository root: its source and
 * test files, its docs page with the standard sections, its rows in the docs index and in README,
 * and a sorted registry. Shared by test/catalogue.test.ts (this repository) and the test of
 * `npm run new-rule` (a scaffold in a temporary root). Each check returns the problems it found.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sections every page of docs/rules/ has, in this order, after the `# <id>` title and a summary line. */
export const DOC_SECTIONS = ['What it flags', 'Why', 'Bad', 'Good', 'Options', 'Suppress', 'Limits'] as const;

export const read = (root: string, path: string): string => readFileSync(join(root, path), 'utf8');

/** The registry's ids in the order of the `RULES` array of src/convex/rules/index.ts, through its imports. */
export function registryIdsOf(indexText: string): string[] {
  const idOf = new Map([...indexText.matchAll(/^import \{ (\w+) \} from '\.\/([a-z0-9-]+)\.js';$/gm)].map((m) => [m[1], m[2]]));
  const body = /export const RULES: readonly Rule\[\] = \[([^\]]*)\];/.exec(indexText);
  if (!body) return [];
  return body[1]
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => idOf.get(name) ?? `<${name} is not imported from './<id>.js'>`);
}

/** In code-unit order, so no locale can reorder it. */
export function unsorted(ids: readonly string[]): string[] {
  return ids.flatMap((id, i) => (i > 0 && !(ids[i - 1] < id) ? [`${ids[i - 1]} comes before ${id}`] : []));
}

/** A rule of the registry: `src/convex/rules/<id>.ts` defining it, and `<id>.test.ts`. */
export function sourceProblems(root: string, id: string): string[] {
  const problems: string[] = [];
  const source = `src/convex/rules/${id}.ts`;
  if (!existsSync(join(root, source))) problems.push(`${source} is missing`);
  else if (!read(root, source).includes(`id: '${id}',`)) problems.push(`${source} does not define the rule (no \`id: '${id}',\`)`);
  if (!existsSync(join(root, `src/convex/rules/${id}.test.ts`))) problems.push(`src/convex/rules/${id}.test.ts is missing`);
  return problems;
}

/** Any rule, the engine's included: its page, a row in the docs index, a row in README's rules table. */
export function docsProblems(root: string, id: string): string[] {
  const problems: string[] = [];
  const page = `docs/rules/${id}.md`;
  if (!existsSync(join(root, page))) {
    problems.push(`${page} is missing`);
  } else {
    const lines = read(root, page).split('\n');
    if (lines[0] !== `# ${id}`) problems.push(`${page} does not start with '# ${id}'`);
    if (!lines[2]?.trim()) problems.push(`${page} has no summary line under its title`);
    const headings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
    const standard = headings.filter((h) => (DOC_SECTIONS as readonly string[]).includes(h));
    if (standard.join('|') !== DOC_SECTIONS.join('|')) problems.push(`${page} has sections ${JSON.stringify(headings)}; it needs ${DOC_SECTIONS.join(', ')}, in that order`);
    for (const section of DOC_SECTIONS) {
      const body = sectionBody(lines, section);
      if (body !== undefined && !body.trim()) problems.push(`${page}: the section '${section}' is empty`);
    }
  }
  const indexRows = read(root, 'docs/rules/README.md').split('\n').filter((l) => l.startsWith(`| [\`${id}\`](${id}.md) |`));
  if (indexRows.length !== 1) problems.push(`docs/rules/README.md has ${indexRows.length} rows for ${id} (want 1: '| [\`${id}\`](${id}.md) | …')`);
  const readmeRows = read(root, 'README.md').split('\n').filter((l) => l.startsWith(`| [\`${id}\`](docs/rules/${id}.md) |`));
  if (readmeRows.length !== 1) problems.push(`README.md has ${readmeRows.length} rows for ${id} in the rules table (want 1: '| [\`${id}\`](docs/rules/${id}.md) | …')`);
  return problems;
}

/** The counts README and the docs index give match the registry. */
export function countProblems(root: string, ruleCount: number, metaCount: number): string[] {
  const problems: string[] = [];
  const readme = /^(\d+) static rules, plus two the engine reports itself/m.exec(read(root, 'README.md'));
  if (Number(readme?.[1]) !== ruleCount) problems.push(`README.md says ${readme?.[1] ?? 'no number of'} static rules; the registry has ${ruleCount}`);
  const index = /The static rules of convex-review: (\d+) rules and the engine's (\d+) meta rules/.exec(read(root, 'docs/rules/README.md'));
  if (Number(index?.[1]) !== ruleCount || Number(index?.[2]) !== metaCount) {
    problems.push(`docs/rules/README.md says ${index?.[1] ?? '?'} rules and ${index?.[2] ?? '?'} meta rules; there are ${ruleCount} and ${metaCount}`);
  }
  return problems;
}

function sectionBody(lines: readonly string[], section: string): string | undefined {
  const start = lines.indexOf(`## ${section}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? lines.length : end).join('\n');
}
