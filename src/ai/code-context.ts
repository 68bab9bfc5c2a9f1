/**
 * What Claude reads about a changed file, built from the head snapshot and the PR's own patch:
 * one numbered view of the top-level declarations the change touches (removed lines in place),
 * the commentable lines, and the project files that code imports. Pure.
 */
import { ts } from '../typescript.js';
import { MODULE_SCOPE } from '../core/fingerprint.js';
import type { FilePatch, Hunk } from '../diff/patch.js';
import { resolveRepoFile } from '../convex/model/modules.js';
import { scriptKindFor } from '../convex/model/source-file.js';
import { TsconfigPaths } from '../convex/model/tsconfig.js';

/** A declaration longer than this is shown only around its hunks. */
const MAX_DECLARATION_LINES = 200;
const WINDOW_AROUND_HUNK = 15;

/** Commentable lines as compact ranges: `3-9, 40-52`. */
export function renderLineRanges(lines: Iterable<number>): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(sorted[i] === sorted[j] ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

export function commentableLines(patch: FilePatch): number[] {
  return patch.hunks.flatMap((h) => [...h.rightLines]).sort((a, b) => a - b);
}

/** Where the change touches a file: its top-level statements, and the lines the view shows. */
export interface TouchedCode {
  /** Top-level statements with an added line, or a removed line between two of their lines. */
  statements: { statement: ts.Statement; start: number; end: number }[];
  /** New-file line spans the view shows, sorted and merged. */
  spans: [number, number][];
}

/**
 * The statements the change touches and the lines to show: each touched statement whole (one
 * over MAX_DECLARATION_LINES only around its hunks), and every hunk, so a change to imports or a
 * removal between declarations is shown too.
 */
export function touchedCode(path: string, text: string, patch: FilePatch): TouchedCode {
  const source = parse(path, text);
  const lineCount = text.split('\n').length;
  const removals = patch.hunks.flatMap((h) => removalSites(h).map((r) => ({ hunk: h, ...r })));
  const statements: TouchedCode['statements'] = [];
  const spans: [number, number][] = [];
  for (const statement of source.statements) {
    const start = lineOf(source, statement.getStart(source));
    const end = lineOf(source, statement.getEnd());
    const inside = (l: number): boolean => l >= start && l <= end;
    const hunks = new Set(patch.hunks.filter((h) => [...h.addedLines].some(inside)));
    // A removal is inside when the lines around it are: after the last line or before the first is outside.
    for (const r of removals) {
      const within = r.after !== undefined && r.before !== undefined ? inside(r.after) && inside(r.before) : r.after !== undefined ? r.after >= start && r.after < end : r.before! > start && r.before! <= end;
      if (within) hunks.add(r.hunk);
    }
    if (hunks.size === 0) continue;
    statements.push({ statement, start, end });
    if (end - start + 1 <= MAX_DECLARATION_LINES) spans.push([start, end]);
    else for (const h of hunks) spans.push([Math.max(start, h.newStart - WINDOW_AROUND_HUNK), Math.min(end, h.newEnd + WINDOW_AROUND_HUNK)]);
  }
  for (const h of patch.hunks) {
    const [s, e] = h.rightLines.size > 0 ? [h.newStart, h.newEnd] : [h.newStart, h.newStart];
    const [from, to] = [Math.max(1, s), Math.min(lineCount, e)];
    if (from <= to) spans.push([from, to]);
  }
  return { statements, spans: mergeSpans(spans) };
}

/**
 * One numbered view of the changed code: per line `<new-file number><mark> <code>`, the mark `+`
 * added, a space for an unchanged commentable line, `·` for a line outside the hunks (not
 * commentable); a removed line has no number, only `-`; `…` marks skipped lines.
 */
export function renderFileView(path: string, text: string, patch: FilePatch, spans: readonly [number, number][] = touchedCode(path, text, patch).spans): string {
  const lines = text.split('\n');
  const right = new Set(commentableLines(patch));
  const width = String(Math.max(1, ...spans.map((s) => s[1]))).length;
  const before = new Map<number, string[]>();
  const after = new Map<number, string[]>();
  const shown = (l: number): boolean => spans.some(([s, e]) => l >= s && l <= e);
  const orphans: string[] = [];
  for (const h of patch.hunks) {
    for (const r of removalSites(h)) {
      const at = r.after !== undefined && shown(r.after) ? after : r.before !== undefined && shown(r.before) ? before : undefined;
      const key = at === after ? r.after! : r.before!;
      if (at) at.set(key, [...(at.get(key) ?? []), ...r.lines]);
      else orphans.push(...r.lines);
    }
  }
  const removed = (texts: readonly string[] | undefined): string[] => (texts ?? []).map((t) => `${' '.repeat(width)}- ${t}`.trimEnd());
  const chunks = spans.map(([s, e]) => {
    const out: string[] = [];
    for (let l = s; l <= e; l++) {
      out.push(...removed(before.get(l)));
      const mark = patch.added.has(l) ? '+' : right.has(l) ? ' ' : '·';
      out.push(`${String(l).padStart(width)}${mark} ${(lines[l - 1] ?? '').replace(/\r$/, '')}`.trimEnd());
      out.push(...removed(after.get(l)));
    }
    return out.join('\n');
  });
  if (orphans.length > 0) chunks.push(removed(orphans).join('\n'));
  return chunks.join('\n…\n');
}

/**
 * Each run of removed lines of a hunk with the numbered lines around it: `after` the line it
 * follows, `before` the line it precedes (either may be missing at a hunk's edge; both are, in a
 * hunk that only removes, and then `after` is the line the hunk header names).
 */
function removalSites(hunk: Hunk): { after?: number; before?: number; lines: string[] }[] {
  const out: { after?: number; before?: number; lines: string[] }[] = [];
  let last: number | undefined;
  let run: { after?: number; before?: number; lines: string[] } | undefined;
  for (const l of hunk.lines) {
    if (l.kind === 'remove') {
      if (!run) out.push((run = { after: last, lines: [] }));
      run.lines.push(l.text);
      continue;
    }
    if (run) run.before = l.newLine;
    run = undefined;
    last = l.newLine;
  }
  for (const r of out) if (r.after === undefined && r.before === undefined && hunk.newStart >= 1) r.after = hunk.newStart;
  return out;
}

/** The name of the exported top-level declaration holding `line` (`default`, or `<module>`). */
export function exportedNameAt(path: string, text: string, line: number): string {
  const source = parse(path, text);
  const aliases = exportAliases(source);
  for (const statement of source.statements) {
    if (line < lineOf(source, statement.getStart(source)) || line > lineOf(source, statement.getEnd())) continue;
    if (ts.isExportAssignment(statement)) return 'default';
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return 'default';
    const names = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.filter((d) => ts.isIdentifier(d.name) && line <= lineOf(source, d.getEnd())).map((d) => (d.name as ts.Identifier).text)
      : ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)
        ? [statement.name?.text ?? '']
        : [];
    const name = names[0];
    if (!name) return MODULE_SCOPE;
    return exported ? name : (aliases.get(name) ?? MODULE_SCOPE);
  }
  return MODULE_SCOPE;
}

/** The repository file an import specifier of `fromPath` names; undefined for a package or a path not in the map. */
export type ImportResolver = (fromPath: string, specifier: string) => string | undefined;

const RESOLVERS = new WeakMap<ReadonlyMap<string, string>, ImportResolver>();

/**
 * Resolution over a plain file map, as the model resolves: relative paths and the tsconfig path
 * aliases (`paths` / `baseUrl`) of the tsconfig files in the map. One per map, tsconfigs read once.
 */
export function fileMapResolver(files: ReadonlyMap<string, string>): ImportResolver {
  let resolver = RESOLVERS.get(files);
  if (!resolver) {
    const tsconfig = new TsconfigPaths(files);
    const has = (path: string): boolean => files.has(path);
    resolver = (from, specifier) => resolveRepoFile(from, specifier, has, specifier.startsWith('.') ? undefined : tsconfig.forFile(from));
    RESOLVERS.set(files, resolver);
  }
  return resolver;
}

/**
 * Project files a file imports, relative or through a tsconfig path alias (packages and
 * `_generated` left out). `resolve` defaults to `fileMapResolver(files)`.
 */
export function localImports(path: string, text: string, files: ReadonlyMap<string, string>, resolve: ImportResolver = fileMapResolver(files)): string[] {
  const source = parse(path, text);
  const found: string[] = [];
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined;
    if (specifier === undefined || specifier.includes('_generated')) continue;
    const resolved = resolve(path, specifier);
    if (resolved && !resolved.split('/').includes('_generated') && !found.includes(resolved)) found.push(resolved);
  }
  return found;
}

/**
 * The exported names the touched statements declare (`default` for a default export), with the
 * builder a `const` is made with (`mutation`, `internalQuery`, `customQuery`…) when there is one.
 */
export function exportedDeclarations(path: string, text: string, statements: TouchedCode['statements']): { name: string; line: number; builder?: string }[] {
  const source = parse(path, text);
  const aliases = exportAliases(source);
  const out: { name: string; line: number; builder?: string }[] = [];
  for (const { statement, start } of statements) {
    if (ts.isExportAssignment(statement)) {
      out.push({ name: 'default', line: start, ...builderOf(statement.expression) });
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = exported && modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    const declared: { local: string; init?: ts.Expression }[] = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [{ local: d.name.text, init: d.initializer }] : []))
      : (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && (statement.name || isDefault)
        ? [{ local: statement.name?.text ?? 'default' }]
        : [];
    for (const d of declared) {
      const name = isDefault ? 'default' : exported ? d.local : aliases.get(d.local);
      if (name) out.push({ name, line: start, ...builderOf(d.init) });
    }
  }
  return out;
}

/** `mutation({...})` → mutation; `zodMutation(...)`, `ctx.x(...)` → the callee's last name. */
function builderOf(init: ts.Expression | undefined): { builder?: string } {
  if (!init || !ts.isCallExpression(init)) return {};
  const callee = init.expression;
  return ts.isIdentifier(callee) ? { builder: callee.text } : ts.isPropertyAccessExpression(callee) ? { builder: callee.name.text } : {};
}

/** `export { local as name }` → local → name, for declarations exported further down. */
function exportAliases(source: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const el of statement.exportClause.elements) {
      const local = (el.propertyName ?? el.name).text;
      if (!out.has(local)) out.set(local, el.name.text);
    }
  }
  return out;
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

const PARSED_KEPT = 32;
const parsed = new Map<string, { text: string; source: ts.SourceFile }>();

/** A few recent parses are kept: building a file's prompt asks several times in a row. */
function parse(path: string, text: string): ts.SourceFile {
  const hit = parsed.get(path);
  if (hit?.text === text) return hit.source;
  const source = ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindFor(path));
  parsed.set(path, { text, source });
  if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
  return source;
}

function lineOf(source: ts.SourceFile, pos: number): number {
  return source.getLineAndCharacterOfPosition(pos).line + 1;
}
