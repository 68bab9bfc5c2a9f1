// One deterministic, unminified ESM bundle for both entries (action and CLI),
// with the shared code split into a common chunk, and dist/licenses.txt: the licenses of the
// packages bundled into it.
//
//   node scripts/build.mjs              build dist/
//   node scripts/build.mjs --out DIR    build into DIR instead (dist/ untouched; release.mjs
//                                      compares it with dist/)
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// TypeScript (inside ts-morph) reads CommonJS globals that ESM does not define.
const banner = [
  "import { createRequire as __cr_createRequire } from 'node:module';",
  "import { fileURLToPath as __cr_fileURLToPath } from 'node:url';",
  "import { dirname as __cr_dirname } from 'node:path';",
  'const require = __cr_createRequire(import.meta.url);',
  'const __filename = __cr_fileURLToPath(import.meta.url);',
  'const __dirname = __cr_dirname(__filename);',
].join('\n');

// The code only needs `ts` from ts-morph (src/typescript.ts). Bundling ts-morph pulls in
// ts-morph itself and @ts-morph/common (minimatch, tinyglobby, …): ~4 MB of the 14 MB chunk
// that every run has to read, compile and initialise. In the bundle, `ts-morph` is this stub
// over the same TypeScript build that ts-morph re-exports (tests and types keep the package).
// A `require` (not an import) so esbuild adds no interop copy of TypeScript's ~2,000 exports.
const tsMorphAsTypeScript = {
  name: 'ts-morph-as-typescript',
  setup(b) {
    b.onResolve({ filter: /^ts-morph$/ }, () => ({ path: 'ts-morph', namespace: 'ts-morph-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'ts-morph-stub' }, () => ({
      contents: 'module.exports = { ts: require("@ts-morph/common/dist/typescript.js") };',
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
if (outIndex > 0 && !out) throw new Error('--out needs a directory');

// Built beside dist/ and swapped in with two renames, so a process running dist/ (a test, an
// example) never finds it half-written or missing for longer than that.
const staging = out ?? `dist.building-${process.pid}`;
const retired = `dist.old-${process.pid}`;
await rm(staging, { recursive: true, force: true });
const result = await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: banner },
  loader: { '.md': 'text' },
  logLevel: 'warning',
  metafile: true,
  plugins: [tsMorphAsTypeScript],
});
await writeFile(join(staging, 'licenses.txt'), licenses(result.metafile));
if (out) process.exit(0);

await rename('dist', retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, 'dist');
await rm(retired, { recursive: true, force: true });

/**
 * The licenses of every package with code in the bundle: the packages of the metafile's inputs
 * that put bytes in an output, each once as name@version with its declared license, its license
 * and notice files, and the copyright or licence comments of its bundled files (TypeScript, for
 * one, comes inside @ts-morph/common and says so only in such a comment). Sorted, so the build
 * stays reproducible.
 */
function licenses(metafile) {
  const used = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) used.add(input);
  }
  const packages = new Map();
  for (const input of [...used].sort()) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match) continue;
    const root = match[1];
    if (!packages.has(root)) packages.set(root, { root, files: [] });
    packages.get(root).files.push(input);
  }
  const entries = new Map();
  for (const { root, files } of packages.values()) {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const id = `${manifest.name}@${manifest.version}`;
    const entry = entries.get(id) ?? { id, name: manifest.name, version: manifest.version, license: licenseOf(manifest), texts: [], notices: new Set() };
    entries.set(id, entry);
    if (entry.texts.length === 0) {
      const names = readdirSync(root).filter((name) => /^(licen[cs]e|copying|notice)/i.test(name)).sort();
      entry.texts = names.map((name) => ({ name, text: normalise(readFileSync(join(root, name), 'utf8')) }));
    }
    for (const file of files) for (const comment of legalComments(readFileSync(file, 'utf8'))) entry.notices.add(comment);
  }
  const rule = '-'.repeat(80);
  const parts = ['Third-party software bundled in dist/ (convex-review is MIT, see LICENSE), by package:', 'name@version, the license its package.json declares, its license and notice files, and the', 'copyright and licence comments of its bundled code.', ''];
  for (const entry of [...entries.values()].sort((a, b) => compare(a.name, b.name) || compare(a.version, b.version))) {
    parts.push(rule, `${entry.id} (${entry.license})`, rule, '');
    if (entry.texts.length === 0) parts.push(`No license file in the package; its package.json declares ${entry.license}.`, '');
    for (const { name, text } of entry.texts) parts.push(...(entry.texts.length > 1 ? [`${name}:`, ''] : []), text, '');
    const notices = [...entry.notices].sort();
    if (notices.length > 0) parts.push('Notices in the bundled code:', '', ...notices.flatMap((notice) => [notice, '']));
  }
  return parts.join('\n').replace(/\n+$/, '\n');
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function licenseOf(manifest) {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license?.type) return manifest.license.type;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((l) => l.type ?? l).join(' OR ');
  return 'no license declared';
}

/** Block comments that carry a copyright or licence: `/*!` ones and those naming one. */
function legalComments(code) {
  const found = [];
  for (const [comment] of code.matchAll(/\/\*[\s\S]*?\*\//g)) {
    if (comment.length > 4000 || !(comment.startsWith('/*!') || /@license|@preserve/.test(comment))) continue;
    if (/copyright|licen[cs]e/i.test(comment)) found.push(normalise(comment));
  }
  return found;
}

function normalise(text) {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/^\n+|\n+$/g, '');
}
