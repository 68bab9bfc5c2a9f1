/**
 * The user-turn text of a review request: the shared project context (one block, cached) and a
 * batch of changed files (one block). Everything from the pull request sits inside `<pr-data>`
 * delimiters it cannot close. Pure.
 */
import type { Finding } from '../core/finding.js';
import type { FilePatch } from '../diff/patch.js';
import type { RaisedComment } from './report.js';
import { commentableLines, renderHunks, renderLineRanges, touchedCode } from './code-context.js';
import { estimateTokens } from './tokens.js';

export interface ReviewFile {
  path: string;
  text: string;
  patch: FilePatch;
  /**
   * The static findings on this file that reach the reader — posted inline by this run or an
   * earlier one: Claude must not repeat them, and only these make a comment a duplicate.
   */
  staticFindings: readonly Finding[];
  /** Claude comments earlier runs posted on this file: not to be raised again. */
  alreadyRaised?: readonly RaisedComment[];
}

/** The changed files Claude can comment on: those with a diff and a text, with their static findings. */
export function reviewFilesOf(
  changed: readonly { path: string; patch?: FilePatch }[],
  files: ReadonlyMap<string, string>,
  staticFindings: readonly Finding[],
): ReviewFile[] {
  return changed.flatMap((f) => {
    const text = files.get(f.path);
    return f.patch && text !== undefined ? [{ path: f.path, text, patch: f.patch, staticFindings: staticFindings.filter((s) => s.path === f.path) }] : [];
  });
}

/** One changed file's section of a batch, with its size estimate. */
export interface FileSection {
  file: ReviewFile;
  text: string;
  tokens: number;
  addedLines: number;
}

/** Code can contain the closing delimiter; a backslash keeps it from ending the data block. */
export function escapeDelimiters(text: string): string {
  return text.replace(/<(\/?)pr-data/gi, '<$1\\pr-data');
}

export function fileSection(file: ReviewFile): FileSection {
  const findings = file.staticFindings.length
    ? file.staticFindings.map((f) => `- lines ${f.line}-${f.endLine} \`${f.ruleId}\` (${f.severity}): ${f.message}`).join('\n')
    : '- none';
  const text = [
    `## File: ${file.path}`,
    '',
    '### Diff hunks (new-file line numbers; + added, - removed, no sign: unchanged)',
    renderHunks(file.patch),
    '',
    `### Commentable lines: ${renderLineRanges(commentableLines(file.patch))}`,
    '',
    '### Code of the declarations the change touches',
    touchedCode(file.path, file.text, file.patch),
    '',
    '### Static findings already reported on this file (do not repeat them)',
    findings,
  ].join('\n');
  const escaped = escapeDelimiters(text);
  return { file, text: escaped, tokens: estimateTokens(escaped), addedLines: file.patch.added.size };
}

export function batchBlock(sections: readonly FileSection[]): string {
  return [
    '<pr-data kind="changed-files">',
    sections.map((s) => s.text).join('\n\n'),
    '</pr-data>',
    '',
    `Review the ${sections.length === 1 ? 'changed file' : `${sections.length} changed files`} above, following your task. Answer with the JSON object only.`,
  ].join('\n');
}

export interface ContextFile {
  path: string;
  text: string;
}

/** The project context shared by every batch: the same bytes each time, so it can be cached. */
export function contextBlock(files: readonly ContextFile[], leftOut: readonly string[]): string {
  const parts = ['<pr-data kind="project-context">', 'Project files for context (the head of the pull request). Do not review them.'];
  if (files.length === 0) parts.push('', '(no schema, convex.config.ts or imported project helpers besides the changed files)');
  for (const f of files) parts.push('', `=== ${f.path} ===`, escapeDelimiters(f.text));
  if (leftOut.length > 0) parts.push('', `(left out for size: ${leftOut.join(', ')})`);
  parts.push('</pr-data>');
  return parts.join('\n');
}

export function repairMessage(error: string): string {
  return `Your answer did not match the output format: ${error}. Answer again with only the JSON object the format describes, keeping the comments you meant to make.`;
}
