import { isNodeBuiltin, localValueImports, valueImports, type ValueImport } from '../semantics/imports.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';

/** Helper modules are followed this many imports away from the default-runtime entry file. */
const HELPER_DEPTH = 2;

/**
 * A file bundled for the default Convex runtime (an entry without `"use node"`, the schema, or a
 * non-entry helper such a file imports) value-importing a module whose prologue says `"use node"`.
 * A warning when that module imports a Node built-in (the push fails to resolve it); info when it
 * does not, since importing a side-effect-free helper from it can work.
 */
export const importWrongRuntime: Rule = {
  id: 'import-wrong-runtime',
  title: '"use node" module imported by the default runtime',
  description: 'A file that runs in the default Convex runtime value-imports a "use node" module.',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/functions/runtimes',
  category: 'correctness',
  concerns: ['correctness'],
  eslintEquivalent: 'import-wrong-runtime',
  *check(project) {
    const reported = new Set<ValueImport['literal']>();
    for (const importer of defaultRuntimeFiles(project)) {
      for (const { imp, target } of localValueImports(project, importer.file)) {
        if (!target.useNode || reported.has(imp.literal)) continue;
        reported.add(imp.literal);
        yield reportFor(importer, imp, target);
      }
    }
  },
};

interface DefaultRuntimeFile {
  file: SourceFile;
  /** For a helper module: the default-runtime entry that bundles it. */
  via?: SourceFile;
}

/**
 * The files whose code ends up in a default-runtime bundle: entries without `"use node"`, the
 * schema, and the non-entry helpers they import (a few levels deep). Tests run in Node and are
 * never bundled; an entry helper is an entry of its own and gets checked as one.
 */
function defaultRuntimeFiles(project: ConvexProject): DefaultRuntimeFile[] {
  const roots = project.files.filter((f) => (f.isEntry || f.isSchema) && !f.useNode && !isTestFile(f));
  const found: DefaultRuntimeFile[] = roots.map((file) => ({ file }));
  const seen = new Set<SourceFile>(roots);
  for (const root of roots) {
    let frontier = [root];
    for (let depth = 0; depth < HELPER_DEPTH && frontier.length > 0; depth++) {
      const next: SourceFile[] = [];
      for (const file of frontier) {
        for (const { target } of localValueImports(project, file)) {
          if (target.isEntry || target.useNode || seen.has(target)) continue;
          seen.add(target);
          next.push(target);
          found.push({ file: target, via: root });
        }
      }
      frontier = next;
    }
  }
  return found;
}

function reportFor(importer: DefaultRuntimeFile, imp: ValueImport, target: SourceFile): Report {
  const runs = importer.via
    ? `\`${importer.file.relPath}\` is bundled into default-runtime \`${importer.via.relPath}\``
    : `\`${importer.file.relPath}\` runs in the default Convex runtime`;
  const builtin = valueImports(target, isNodeBuiltin)[0]?.specifier;
  const fixIt =
    'Move the code both sides need into a module without `"use node"`, or call the Node action through `ctx.runAction` / ' +
    '`ctx.scheduler` instead of importing it. Type-only imports (`import type`) are fine.';
  return {
    file: importer.file,
    node: imp.literal,
    severity: builtin ? 'warning' : 'info',
    message: `${runs} but imports \`${target.relPath}\`, a "use node" module${builtin ? ` that needs \`${builtin}\`` : ''}`,
    detail: builtin
      ? `An import copies the module into the importer's bundle, so \`${target.relPath}\` is bundled for the default Convex runtime, ` +
        `which is not Node.js: its \`${builtin}\` import cannot be resolved there and the push fails. ${fixIt}`
      : 'An import copies the module into the importer\'s bundle, so this `"use node"` code is bundled for the default Convex ' +
        'runtime, which is not Node.js. It works only while everything that module imports also loads outside Node — the next ' +
        `Node-only import added to it breaks this file's push. ${fixIt}`,
  };
}
