/**
 * The catalogue: a rule is one file plus its test and its page, and everything else the system
 * knows about it comes from its meta. These checks keep the registry, the files, the docs index
 * and README in step (`npm run new-rule` scaffolds a rule that passes them).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../src/core/categories.js';
import { META_RULES } from '../src/convex/engine/engine.js';
import { ALL_RULES, RULES } from '../src/convex/rules/index.js';
import { countProblems, docsProblems, read, registryIdsOf, sourceProblems, unsorted } from './support/catalogue.js';

const ROOT = new URL('..', import.meta.url).pathname;
const ids = RULES.map((r) => r.id);
const allIds = ALL_RULES.map((r) => r.id);

describe('the rule catalogue', () => {
  it('registers each rule once, sorted by id, and the meta ids are unique', () => {
    expect(unsorted(ids)).toEqual([]);
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(registryIdsOf(read(ROOT, 'src/convex/rules/index.ts'))).toEqual(ids);
  });

  it('has src/convex/rules/<id>.ts and <id>.test.ts for every registered rule, and registers every rule file', () => {
    expect(ids.flatMap((id) => sourceProblems(ROOT, id))).toEqual([]);
    const files = readdirSync(`${ROOT}src/convex/rules`).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
  });

  it('has a page with the standard sections, a docs index row and a README row for every rule, the engine\'s too', () => {
    expect(allIds.flatMap((id) => docsProblems(ROOT, id))).toEqual([]);
    const pages = readdirSync(`${ROOT}docs/rules`).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(pages.map((f) => f.replace(/\.md$/, '')).sort()).toEqual([...allIds].sort());
    const readmeRows = [...read(ROOT, 'README.md').matchAll(/^\| \[`([^`]+)`\]\(docs\/rules\//gm)].map((m) => m[1]);
    const indexRows = [...read(ROOT, 'docs/rules/README.md').matchAll(/^\| \[`([^`]+)`\]\(/gm)].map((m) => m[1]);
    expect([...readmeRows].sort()).toEqual([...allIds].sort());
    expect([...indexRows].sort()).toEqual([...allIds].sort());
  });

  it('gives the number of rules in README and the docs index', () => {
    expect(countProblems(ROOT, RULES.length, META_RULES.length)).toEqual([]);
  });

  it('gives every rule a valid category, and concerns that are categories without repeats', () => {
    for (const rule of ALL_RULES) {
      expect(CATEGORIES, rule.id).toContain(rule.category);
      for (const c of rule.concerns) expect(CATEGORIES, rule.id).toContain(c);
      expect(new Set(rule.concerns).size, rule.id).toBe(rule.concerns.length);
    }
  });

  it('counts a rule\'s own category among its concerns (the engine\'s rules have none: Claude never repeats them)', () => {
    for (const rule of RULES) expect(rule.concerns, rule.id).toContain(rule.category);
    for (const rule of META_RULES) expect(rule.concerns, rule.id).toEqual([]);
  });

  it('links a Convex docs page from every rule', () => {
    for (const rule of ALL_RULES) expect(rule.docsUrl, rule.id).toMatch(/^https:\/\/(docs\.|www\.)?convex\.dev\//);
  });

  it('names each ESLint equivalent once, and each is a row of README\'s parity table', () => {
    const equivalents = ALL_RULES.filter((r) => r.eslintEquivalent).map((r) => [r.eslintEquivalent!, r.id]);
    expect(new Set(equivalents.map(([name]) => name)).size).toBe(equivalents.length);
    const parity = [...read(ROOT, 'README.md').matchAll(/^\| `([a-z-]+)` \([^)]*\) \| `([a-z-]+)` \(/gm)].map((m) => [m[1], m[2]]);
    expect([...equivalents].sort()).toEqual([...parity].sort());
  });

  it('gives dependsOn as a regular expression of repository paths', () => {
    for (const rule of ALL_RULES) if (rule.dependsOn !== undefined) expect(rule.dependsOn, rule.id).toBeInstanceOf(RegExp);
  });
});
