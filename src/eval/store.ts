/**
 * The eval's files: cases (eval/cases/<id>/case.json with base/ and head/ trees, a mutation of an
 * app under eval/apps/, or a recipe rebuilt from fetched sources), recordings
 * (eval/recordings/<case>/<key>.json) and hand-written fixtures (eval/fixtures/<case>.json).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { applyEdits, buildCase, CaseError, parseCaseSpec, type CaseSpec } from './cases.js';
import type { Fixture, Recording } from './recordings.js';
import type { EvalCase, SkippedCase } from './types.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface Loaded {
  cases: EvalCase[];
  skipped: SkippedCase[];
}

/** Every case under `<dir>/cases`, in id order. A recipe without its sources is skipped, with the reason. */
export function loadCases(dir: string, sourcesDir: string | undefined): Loaded {
  const casesDir = join(dir, 'cases');
  if (!existsSync(casesDir)) throw new CaseError(`no cases folder at ${casesDir}`);
  const cases: EvalCase[] = [];
  const skipped: SkippedCase[] = [];
  for (const name of readdirSync(casesDir).sort()) {
    const file = join(casesDir, name, 'case.json');
    if (!existsSync(file)) continue;
    const spec = parseCaseSpec(readJson(file), file);
    if (spec.id !== name) throw new CaseError(`${file}: id '${spec.id}' differs from its folder '${name}'`);
    const loaded = caseOf(spec, join(casesDir, name), dir, sourcesDir);
    if ('reason' in loaded) skipped.push({ id: spec.id, kind: spec.kind, split: spec.split, reason: loaded.reason });
    else cases.push(loaded);
  }
  return { cases, skipped };
}

function caseOf(spec: CaseSpec, caseDir: string, evalDir: string, sourcesDir: string | undefined): EvalCase | { reason: string } {
  if (spec.trees) return buildCase(spec, readTree(join(caseDir, spec.trees.base)), readTree(join(caseDir, spec.trees.head)));
  if (spec.mutation) {
    const app = readTree(join(evalDir, 'apps', spec.mutation.app));
    if (app.size === 0) throw new CaseError(`case ${spec.id}: no app eval/apps/${spec.mutation.app}`);
    const mutated = applyEdits(app, spec.mutation.edits, `case ${spec.id}`);
    return spec.mutation.reverse ? buildCase(spec, mutated.files, app) : buildCase(spec, app, mutated.files, mutated.span);
  }
  const recipe = spec.recipe!;
  const folder = (commit: string): string => join(sourcesDir ?? '', `${recipe.repository.replace('/', '+')}@${commit}`);
  if (!sourcesDir) return { reason: `a recipe: its sources are not in the repository; fetch ${recipe.repository} and pass --sources DIR (docs/eval.md)` };
  const missing = [recipe.fixCommit, recipe.parentCommit].filter((c) => !existsSync(folder(c)));
  if (missing.length > 0) return { reason: `sources not fetched: ${missing.map((c) => relative(process.cwd(), folder(c))).join(', ')}` };
  const pick = (commit: string): Map<string, string> => {
    const out = new Map<string, string>();
    for (const p of recipe.paths) {
      const file = join(folder(commit), p);
      if (existsSync(file)) out.set(p, readFileSync(file, 'utf8'));
    }
    return out;
  };
  // The pull request brings the bug in: base is the fix, head its parent.
  return buildCase(spec, pick(recipe.fixCommit), pick(recipe.parentCommit));
}

/** Every file under `root`, by POSIX path relative to it. */
export function readTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(root)) return out;
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
      const child = join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.set(relative(root, child).split(sep).join('/'), readFileSync(child, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** All recordings, by key, and the cases that have any. */
export function loadRecordings(dir: string): { byKey: Map<string, Recording>; cases: Set<string> } {
  const byKey = new Map<string, Recording>();
  const cases = new Set<string>();
  const root = join(dir, 'recordings');
  if (!existsSync(root)) return { byKey, cases };
  for (const caseId of readdirSync(root).sort()) {
    const caseDir = join(root, caseId);
    if (!statSync(caseDir).isDirectory()) continue;
    for (const name of readdirSync(caseDir).sort()) {
      if (!name.endsWith('.json')) continue;
      const r = readJson(join(caseDir, name)) as Recording;
      if (r.format !== 1 || typeof r.key !== 'string' || typeof r.source !== 'object') throw new CaseError(`${join(caseDir, name)}: not a recording (format 1, key, source, response)`);
      byKey.set(r.key, r);
      cases.add(caseId);
    }
  }
  return { byKey, cases };
}

/** A case's recordings replace the ones it had. */
export function writeRecordings(dir: string, caseId: string, recordings: readonly Recording[]): void {
  const caseDir = join(dir, 'recordings', caseId);
  rmSync(caseDir, { recursive: true, force: true });
  mkdirSync(caseDir, { recursive: true });
  for (const r of recordings) writeFileSync(join(caseDir, `${r.key}.json`), `${JSON.stringify(r, null, 2)}\n`);
}

export function loadFixtures(dir: string): Map<string, Fixture> {
  const out = new Map<string, Fixture>();
  const root = join(dir, 'fixtures');
  if (!existsSync(root)) return out;
  for (const name of readdirSync(root).sort()) {
    if (!name.endsWith('.json')) continue;
    const f = readJson(join(root, name)) as Fixture;
    if (typeof f.case !== 'string' || !Array.isArray(f.answers) || typeof f.source !== 'object') throw new CaseError(`${join(root, name)}: not a fixture (case, source, count_tokens, answers)`);
    out.set(f.case, f);
  }
  return out;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CaseError(`${file}: ${(error as Error).message}`);
  }
}
