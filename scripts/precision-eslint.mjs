// The ESLint side of the precision comparison (docs/precision.md): runs `@convex-dev/eslint-plugin`
// with all of its rules on, as a project using it would (ESLint 9 flat config, the TypeScript
// parser without type information, `**/convex/**/*.ts`, `_generated/` ignored), over checked-out
// apps, one at a time, and prints one JSON line per report: { repo, path, line, rule }.
//
//   node scripts/precision-eslint.mjs ID=DIR...
import { ESLint } from 'eslint';
import parser from '@typescript-eslint/parser';
import plugin from '@convex-dev/eslint-plugin';
import { relative, resolve } from 'node:path';

const trees = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf('=');
  if (eq <= 0) {
    process.stderr.write(`precision-eslint: expected ID=DIR, got ${arg}\n`);
    process.exit(2);
  }
  return { id: arg.slice(0, eq), dir: resolve(arg.slice(eq + 1)) };
});

const rules = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`@convex-dev/${name}`, 'error']));

for (const { id, dir } of trees) {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    errorOnUnmatchedPattern: false,
    overrideConfig: [
      { ignores: ['**/node_modules/**', '**/_generated/**', '**/dist/**'] },
      { files: ['**/convex/**/*.ts'], languageOptions: { parser }, plugins: { '@convex-dev': plugin }, rules },
    ],
  });
  const results = await eslint.lintFiles(['**/convex/**/*.ts']);
  let count = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (!message.ruleId) continue; // parse errors: our parse-error rule speaks for those
      count++;
      const path = relative(dir, result.filePath);
      process.stdout.write(`${JSON.stringify({ repo: id, path, line: message.line, rule: message.ruleId.replace('@convex-dev/', '') })}\n`);
    }
  }
  process.stderr.write(`${id}: ${results.length} files, ${count} reports\n`);
}
