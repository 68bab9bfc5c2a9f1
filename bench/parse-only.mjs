// Baseline (c) of the static benchmark: TypeScript's parser alone. Reads every source file
// under DIR and calls ts.createSourceFile on it — the same call, options and TypeScript build
// (the one ts-morph bundles) the CLI uses — keeping every AST alive, as the CLI's project model
// does. Prints {"files": N, "parseErrors": N, "statements": N} as JSON.
//
//   node bench/parse-only.mjs DIR
//   node bench/parse-only.mjs --list FILE   (the files named in FILE, one absolute path a line)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ts } from 'ts-morph';

const listed = process.argv[2] === '--list';
const root = process.argv[listed ? 3 : 2];
if (!root) {
  console.error('usage: node bench/parse-only.mjs DIR | --list FILE');
  process.exit(2);
}

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const kindFor = (p) => (p.endsWith('.tsx') ? ts.ScriptKind.TSX : p.endsWith('.jsx') ? ts.ScriptKind.JSX : /\.[mc]?js$/.test(p) ? ts.ScriptKind.JS : ts.ScriptKind.TS);

const paths = listed ? readFileSync(root, 'utf8').split('\n').filter(Boolean) : [];
if (!listed) (function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (SOURCE.test(e.name) && !e.name.startsWith('eslint.config.')) paths.push(p);
  }
})(root);

const asts = [];
let parseErrors = 0;
let statements = 0;
for (const p of paths.sort()) {
  const ast = ts.createSourceFile(p, readFileSync(p, 'utf8'), ts.ScriptTarget.Latest, true, kindFor(p));
  parseErrors += ast.parseDiagnostics?.length ?? 0;
  statements += ast.statements.length;
  asts.push(ast);
}
console.log(JSON.stringify({ files: asts.length, parseErrors, statements }));
