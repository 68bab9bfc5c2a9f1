import { ts } from '../../typescript.js';
import { hasUseNodeDirective } from './directives.js';
import { linkTree } from './syntax-tree.js';

/** The files of a repository the model may read, by repository-relative path. */
export type FileMap = ReadonlyMap<string, string>;

/** One parsed file of a Convex root. */
export interface SourceFile {
  /** Repository-root relative path. */
  path: string;
  /** Path relative to the functions folder. */
  relPath: string;
  text: string;
  ast: ts.SourceFile;
  isEntry: boolean;
  isSchema: boolean;
  useNode: boolean;
  /** Syntax errors: when present, no rule but `parse-error` runs on the file. */
  parseErrors: readonly ParseError[];
}

export interface ParseError {
  line: number;
  column: number;
  message: string;
}

export function scriptKindFor(path: string): ts.ScriptKind {
  if (path.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (path.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(path)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parseSource(path: string, text: string): { ast: ts.SourceFile; parseErrors: ParseError[]; useNode: boolean } {
  // No rule reads JSDoc, and skipping it is a large part of the parser's time.
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  // Parent links are set by linkTree's walk, which also records the flat node list that later
  // walks read, instead of by TypeScript's own extra walk (setParentNodes).
  const ast = ts.createSourceFile(path, text, options, false, scriptKindFor(path));
  linkTree(ast);
  // parseDiagnostics is internal to TypeScript but long-stable; the public route needs a Program.
  const diagnostics = ((ast as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? []);
  const parseErrors = diagnostics.map((d) => {
    const { line, character } = ast.getLineAndCharacterOfPosition(d.start ?? 0);
    return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
  });
  return { ast, parseErrors, useNode: hasUseNodeDirective(ast) };
}

/** 1-based line and column of a position. */
export function positionOf(file: SourceFile, pos: number): { line: number; column: number } {
  const { line, character } = file.ast.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}
