/**
 * case.json → a case: the labels checked field by field (every mistake names the case and the
 * field), mutations applied to a clean app (the mutator writes the label's lines), recipes read
 * from fetched sources. Pure: the trees arrive as maps.
 */
import { CATEGORIES, type Category } from '../core/categories.js';
import { SEVERITIES, type Severity } from '../core/finding.js';
import { CASE_KINDS, LABEL_KINDS, SPLITS, type CaseIdentity, type EvalCase, type Expectation, type Forbid, type LabelKind, type Recipe } from './types.js';

export class CaseError extends Error {}

/** One text edit of a mutation: `find` must occur exactly once in the file. */
export interface Edit {
  file: string;
  find: string;
  replace: string;
}

/** A case file, checked, before its trees are read. */
export interface CaseSpec extends CaseIdentity {
  /** Folders (relative to the case's folder) holding the base and head trees. */
  trees?: { base: string; head: string };
  /** A clean app under eval/apps and the edits that make the head (base and head swap when `reverse`). */
  mutation?: { app: string; edits: Edit[]; reverse: boolean };
  recipe?: Recipe;
  expect: RawExpectation[];
  forbid: Forbid[];
  maxInline: number;
}

/** An expectation whose lines may still be "mutation" (the span the first edit's replacement takes in the head). */
export type RawExpectation = Omit<Expectation, 'lines'> & { lines?: [number, number] | 'mutation' };

type Json = Record<string, unknown>;

export function parseCaseSpec(value: unknown, where: string): CaseSpec {
  const o = object(value, where);
  const id = string(o.id, `${where}: id`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new CaseError(`${where}: id '${id}' must be lower-case letters, digits and dashes`);
  const at = `case ${id}`;
  known(o, ['id', 'kind', 'split', 'source', 'tags', 'pull_request', 'trees', 'mutation', 'recipe', 'expect', 'forbid', 'max_inline'], at);
  const kind = oneOf(o.kind, CASE_KINDS, `${at}: kind`);
  const split = oneOf(o.split, SPLITS, `${at}: split`);
  const spec: CaseSpec = {
    id,
    kind,
    split,
    source: string(o.source, `${at}: source`),
    tags: o.tags === undefined ? [] : array(o.tags, `${at}: tags`).map((t, i) => string(t, `${at}: tags[${i}]`)),
    expect: array(o.expect ?? [], `${at}: expect`).map((e, i) => expectation(e, `${at}: expect[${i}]`)),
    forbid: array(o.forbid ?? [], `${at}: forbid`).map((f, i) => forbid(f, `${at}: forbid[${i}]`)),
    maxInline: count(o.max_inline, `${at}: max_inline`),
  };
  if (o.pull_request !== undefined) {
    const pr = object(o.pull_request, `${at}: pull_request`);
    spec.pullRequest = { title: string(pr.title, `${at}: pull_request.title`), body: typeof pr.body === 'string' ? pr.body : '' };
  }
  const sources = ['trees', 'mutation', 'recipe'].filter((k) => o[k] !== undefined);
  if (sources.length > 1) throw new CaseError(`${at}: give one of trees, mutation or recipe, not ${sources.join(' and ')}`);
  if (o.mutation !== undefined) {
    const m = object(o.mutation, `${at}: mutation`);
    spec.mutation = {
      app: string(m.app, `${at}: mutation.app`),
      edits: array(m.edits, `${at}: mutation.edits`).map((e, i) => edit(e, `${at}: mutation.edits[${i}]`)),
      reverse: m.reverse === true,
    };
    if (spec.mutation.edits.length === 0) throw new CaseError(`${at}: mutation.edits is empty`);
  } else if (o.recipe !== undefined) {
    spec.recipe = recipe(o.recipe, `${at}: recipe`);
  } else {
    const t = o.trees === undefined ? {} : object(o.trees, `${at}: trees`);
    spec.trees = { base: t.base === undefined ? 'base' : string(t.base, `${at}: trees.base`), head: t.head === undefined ? 'head' : string(t.head, `${at}: trees.head`) };
  }
  if (spec.kind === 'fix-commit' && !spec.recipe) throw new CaseError(`${at}: a fix-commit case is a recipe (fetched code is never committed)`);
  if (spec.kind === 'clean' && spec.expect.length > 0) throw new CaseError(`${at}: a clean case expects nothing`);
  const ids = new Set<string>();
  for (const e of spec.expect) {
    if (ids.has(e.id)) throw new CaseError(`${at}: expectation id '${e.id}' twice`);
    ids.add(e.id);
    if (e.lines === 'mutation' && !spec.mutation) throw new CaseError(`${at}: expectation ${e.id}: lines "mutation" needs a mutation`);
  }
  return spec;
}

function expectation(value: unknown, at: string): RawExpectation {
  const o = object(value, at);
  known(o, ['id', 'path', 'lines', 'function', 'category', 'min_severity', 'words', 'label'], at);
  const lines = o.lines === 'mutation' ? ('mutation' as const) : o.lines === undefined ? undefined : range(o.lines, `${at}.lines`);
  const fn = o.function === undefined ? undefined : string(o.function, `${at}.function`);
  if (lines === undefined && fn === undefined) throw new CaseError(`${at}: give lines or function (where the comment belongs)`);
  const categories = o.category === undefined ? undefined : (Array.isArray(o.category) ? o.category : [o.category]).map((c, i) => oneOf(c, CATEGORIES, `${at}.category[${i}]`) as Category);
  return {
    id: string(o.id, `${at}.id`),
    path: string(o.path, `${at}.path`),
    ...(lines !== undefined ? { lines } : {}),
    ...(fn !== undefined ? { function: fn } : {}),
    ...(categories ? { category: categories } : {}),
    minSeverity: oneOf(o.min_severity ?? 'info', SEVERITIES, `${at}.min_severity`) as Severity,
    words: array(o.words ?? [], `${at}.words`).map((w, i) => string(w, `${at}.words[${i}]`)),
    label: oneOf(o.label, LABEL_KINDS, `${at}.label`) as LabelKind,
  };
}

function forbid(value: unknown, at: string): Forbid {
  const o = object(value, at);
  known(o, ['path', 'lines', 'why'], at);
  return { path: string(o.path, `${at}.path`), lines: range(o.lines, `${at}.lines`), why: string(o.why, `${at}.why`) };
}

function edit(value: unknown, at: string): Edit {
  const o = object(value, at);
  known(o, ['file', 'find', 'replace'], at);
  const find = string(o.find, `${at}.find`);
  if (find === '') throw new CaseError(`${at}.find is empty`);
  return { file: string(o.file, `${at}.file`), find, replace: typeof o.replace === 'string' ? o.replace : '' };
}

function recipe(value: unknown, at: string): Recipe {
  const o = object(value, at);
  known(o, ['repository', 'fix_commit', 'parent_commit', 'paths', 'note'], at);
  const sha = (v: unknown, field: string): string => {
    const s = string(v, `${at}.${field}`);
    if (!/^[0-9a-f]{40}$/.test(s)) throw new CaseError(`${at}.${field}: '${s}' is not a full commit id (40 hex digits)`);
    return s;
  };
  const repository = string(o.repository, `${at}.repository`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new CaseError(`${at}.repository: '${repository}' is not owner/name`);
  return {
    repository,
    fixCommit: sha(o.fix_commit, 'fix_commit'),
    parentCommit: sha(o.parent_commit, 'parent_commit'),
    paths: array(o.paths, `${at}.paths`).map((p, i) => string(p, `${at}.paths[${i}]`)),
    ...(typeof o.note === 'string' ? { note: o.note } : {}),
  };
}

/**
 * The mutated app: each edit's `find` replaced (it must occur exactly once), and the head lines the
 * first edit's replacement takes — for a deletion, the two lines around the gap.
 */
export function applyEdits(files: ReadonlyMap<string, string>, edits: readonly Edit[], at: string): { files: Map<string, string>; span: [number, number] } {
  const out = new Map(files);
  let span: [number, number] | undefined;
  for (const [i, e] of edits.entries()) {
    const text = out.get(e.file);
    if (text === undefined) throw new CaseError(`${at}: edits[${i}]: no file ${e.file} in the app`);
    const first = text.indexOf(e.find);
    if (first < 0) throw new CaseError(`${at}: edits[${i}]: the text to find is not in ${e.file}`);
    if (text.indexOf(e.find, first + 1) >= 0) throw new CaseError(`${at}: edits[${i}]: the text to find occurs more than once in ${e.file}`);
    const next = text.slice(0, first) + e.replace + text.slice(first + e.find.length);
    out.set(e.file, next);
    if (i === 0) {
      const startLine = lineAt(next, first);
      const replaced = e.replace.replace(/\n$/, '');
      span = replaced === '' ? [Math.max(1, startLine - 1), startLine] : [startLine, startLine + replaced.split('\n').length - 1];
    }
  }
  return { files: out, span: span! };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A spec and its trees → a case; a mutation's "mutation" lines are resolved here. */
export function buildCase(spec: CaseSpec, base: Map<string, string>, head: Map<string, string>, mutationSpan?: [number, number]): EvalCase {
  const expect: Expectation[] = spec.expect.map((e) => {
    if (e.lines !== 'mutation') return e as Expectation;
    if (!mutationSpan) throw new CaseError(`case ${spec.id}: expectation ${e.id}: lines "mutation" needs a mutation`);
    return { ...e, lines: mutationSpan };
  });
  for (const e of expect) if (!head.has(e.path)) throw new CaseError(`case ${spec.id}: expectation ${e.id}: no file ${e.path} in the head`);
  for (const f of spec.forbid) if (!head.has(f.path)) throw new CaseError(`case ${spec.id}: forbid: no file ${f.path} in the head`);
  return {
    id: spec.id,
    kind: spec.kind,
    split: spec.split,
    source: spec.source,
    tags: spec.tags,
    ...(spec.pullRequest ? { pullRequest: spec.pullRequest } : {}),
    expect,
    forbid: spec.forbid,
    maxInline: spec.maxInline,
    base,
    head,
  };
}

function object(v: unknown, at: string): Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CaseError(`${at} must be an object`);
  return v as Json;
}

function array(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new CaseError(`${at} must be an array`);
  return v;
}

function string(v: unknown, at: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new CaseError(`${at} must be a non-empty string`);
  return v;
}

function count(v: unknown, at: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new CaseError(`${at} must be a whole number (0 or more)`);
  return v;
}

function range(v: unknown, at: string): [number, number] {
  const ok = Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0) && (v[0] as number) <= (v[1] as number);
  if (!ok) throw new CaseError(`${at} must be [first, last] head lines (1-based, first ≤ last), or "mutation"`);
  return [v[0] as number, v[1] as number];
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], at: string): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new CaseError(`${at} must be one of ${allowed.join(', ')}`);
  return v as T;
}

function known(o: Json, keys: readonly string[], at: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new CaseError(`${at}: unknown field '${k}' (known: ${keys.join(', ')})`);
}
