import { createHash } from 'node:crypto';
import { ts } from '../typescript.js';

/** The parts fingerprint v1 hashes, minus the occurrence index (assigned per batch). */
export interface FingerprintKey {
  ruleId: string;
  /** Repository-root relative path. */
  path: string;
  /** The enclosing exported function's name, or `<module>`. */
  functionName: string;
  /** The flagged code, already normalized with `normalizeCode`. */
  code: string;
}

export const MODULE_SCOPE = '<module>';

/** Code with comments removed and every run of whitespace collapsed to one space. */
export function normalizeCode(code: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /*skipTrivia*/ false, ts.LanguageVariant.JSX, code);
  let out = '';
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      out += ' ';
    } else {
      out += scanner.getTokenText();
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * `normalizeCode` for a syntax node: the token walk knows where comments are (the plain
 * scanner cannot tell a regex from a comment), and gives the same text as `normalizeCode`
 * on code without such ambiguity.
 */
export function normalizeNodeCode(node: ts.Node, sourceFile: ts.SourceFile): string {
  let out = '';
  const visit = (n: ts.Node): void => {
    const children = n.getChildren(sourceFile);
    if (children.length === 0) {
      if (n.kind === ts.SyntaxKind.EndOfFileToken) return;
      if (n.getLeadingTriviaWidth(sourceFile) > 0) out += ' ';
      out += n.getText(sourceFile);
      return;
    }
    children.forEach(visit);
  };
  visit(node);
  return out.replace(/\s+/g, ' ').trim();
}

export function fingerprintV1(key: FingerprintKey, occurrence: number): string {
  const hash = createHash('sha256')
    .update([key.ruleId, key.path, key.functionName, key.code, String(occurrence)].join('\n'))
    .digest('hex');
  return `v1:${hash.slice(0, 16)}`;
}

/**
 * Fingerprints for a list of keys in source order: identical (rule, path, function, code)
 * tuples are told apart by their occurrence index, so the n-th copy keeps its fingerprint
 * when unrelated lines move.
 */
export function assignFingerprints(keys: readonly FingerprintKey[]): string[] {
  const seen = new Map<string, number>();
  return keys.map((key) => {
    const tuple = [key.ruleId, key.path, key.functionName, key.code].join('\n');
    const occurrence = seen.get(tuple) ?? 0;
    seen.set(tuple, occurrence + 1);
    return fingerprintV1(key, occurrence);
  });
}
