import type { ts } from 'ts-morph';
import { isNodeBuiltin, localValueImports, valueImports, type ValueImport } from '../semantics/imports.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

/** Helper modules are followed this many imports away from the entry file. */
const HELPER_DEPTH = 2;

/**
 * A default-runtime entry file (no `"use node"`) that value-imports a Node built-in, directly
 * or through non-entry helper modules it imports.
 */
export const nodeImportWithoutUseNode: Rule = {
  id: 'node-import-without-use-node',
  title: 'Node built-in in the default runtime',
  description: 'A file without "use node" imports a Node.js built-in module, which the default Convex runtime cannot load.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/functions/runtimes',
  category: 'correctness',
  concerns: ['correctness'],
  *check(project) {
    const viaHelpers = new Map<ts.StringLiteral, { file: SourceFile; entries: Set<string> }>();
    for (const file of project.files) {
      if (!file.isEntry || file.useNode) continue;
      for (const imp of valueImports(file, isNodeBuiltin)) yield directReport(file, imp);
      for (const { file: helper, imp } of helperBuiltinImports(project, file)) {
        const found = viaHelpers.get(imp.literal) ?? { file: helper, entries: new Set<string>() };
        found.entries.add(file.path);
        viaHelpers.set(imp.literal, found);
      }
    }
    for (const [literal, { file, entries }] of viaHelpers) yield helperReport(file, literal, [...entries].sort());
  },
};

/** Built-in imports of the non-entry helper modules an entry file pulls into its bundle. */
function helperBuiltinImports(project: ConvexProject, entry: SourceFile): { file: SourceFile; imp: ValueImport }[] {
  const found: { file: SourceFile; imp: ValueImport }[] = [];
  const seen = new Set<SourceFile>([entry]);
  let frontier = [entry];
  for (let depth = 0; depth < HELPER_DEPTH; depth++) {
    const next: SourceFile[] = [];
    for (const file of frontier) {
      for (const { target } of localValueImports(project, file)) {
        // An entry helper is checked as an entry of its own (or is a "use node" file: another rule's concern).
        if (target.isEntry || seen.has(target)) continue;
        seen.add(target);
        next.push(target);
        for (const helperImport of valueImports(target, isNodeBuiltin)) found.push({ file: target, imp: helperImport });
      }
    }
    frontier = next;
  }
  return found;
}

function directReport(file: SourceFile, imp: ValueImport): Report {
  return {
    file,
    node: imp.literal,
    message: `Node built-in \`${imp.specifier}\` imported in a file without "use node": the default Convex runtime cannot load it`,
    detail:
      'Files without `"use node"` are bundled for the default Convex runtime, which is not Node.js: the push fails with ' +
      '"Could not resolve". If this file only defines actions, add `"use node";` at its top; otherwise move the code that ' +
      'needs Node into a `"use node"` action file and call it with `ctx.runAction`.',
  };
}

function helperReport(file: SourceFile, literal: ts.StringLiteral, entries: string[]): Report {
  const more = entries.length > 1 ? ` (and ${entries.length - 1} more)` : '';
  return {
    file,
    node: literal,
    message: `Node built-in \`${literal.text}\` reaches the default Convex runtime: \`${entries[0]}\`${more} imports this module without "use node"`,
    detail:
      'Helper modules are bundled into every file that imports them. A file without `"use node"` runs in the default Convex ' +
      'runtime, which is not Node.js, so the push fails with "Could not resolve". Import this helper only from `"use node"` ' +
      'action files, or keep the Node-only code out of the modules that default-runtime files import.',
  };
}
