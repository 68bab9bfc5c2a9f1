/**
 * What Claude reads about a changed file, built from the head snapshot and the PR's own patch:
 * the hunks with new-file line numbers, the code of the top-level declarations the change
 * touches, and the project files that code imports. Pure.
 */
import { ts } from 'ts-morph';
import { MODULE_SCOPE } from '../core/fingerprint.js';
import type { FilePatch } from '../diff/patch.js';
import { resolveRepoFile } from '../convex/model/modules.js';
import { scriptKindFor } from '../convex/model/source-file.js';
import { TsconfigPaths } from '../convex/model/tsconfig.js';

/** A declaration longer than this is shown only around its hunks. */
const MAX_DECLARATION_LINES = 200;
const WINDOW_AROUND_HUNK = 15;

/** The hunks as a reader sees them: `  12+ code`, `  13  code`, `     - removed`. */
export function renderHunks(patch: FilePatch): string {
  const width = String(Math.max(1, ...patch.hunks.map((h) => h.newEnd))).length;
  return patch.hunks
    .map((h) =>
      [
        `@@ new lines ${h.newStart}-${h.newEnd} @@`,
        ...h.lines.map((l) => `${(l.newLine === undefined ? '' : String(l.newLine)).padStart(width)}${l.kind === 'add' ? '+' : l.kind === 'remove' ? '-' : ' '} ${l.text}`),
      ].join('\n'),
    )
    .join('\n');
}

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

/** The code of the top-level declarations that overlap the hunks, numbered with new-file lines. */
export function touchedCode(path: string, text: string, patch: FilePatch): string {
  const lines = text.split('\n');
  const spans: [number, number][] = [];
  const source = parse(path, text);
  for (const statement of source.statements) {
    const start = lineOf(source, statement.getStart(source));
    const end = lineOf(source, statement.getEnd());
    const hunks = patch.hunks.filter((h) => [...h.addedLines].some((l) => l >= start && l <= end));
    if (hunks.length === 0) continue;
    if (end - start + 1 <= MAX_DECLARATION_LINES) spans.push([start, end]);
    else for (const h of hunks) spans.push([Math.max(start, h.newStart - WINDOW_AROUND_HUNK), Math.min(end, h.newEnd + WINDOW_AROUND_HUNK)]);
  }
  const merged = mergeSpans(spans);
  const width = String(lines.length).length;
  return merged
    .map(([s, e]) => lines.slice(s - 1, e).map((l, i) => `${String(s + i).padStart(width)}  ${l.replace(/\r$/, '')}`).join('\n'))
    .join('\n…\n');
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
