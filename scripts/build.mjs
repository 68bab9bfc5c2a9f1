// One deterministic, unminified ESM bundle for both entries (action and CLI),
// with the shared code split into a common chunk.
import { build } from 'esbuild';
import { rename, rm } from 'node:fs/promises';

// TypeScript (inside ts-morph) reads CommonJS globals that ESM does not define.
const banner = [
  "import { createRequire as __cr_createRequire } from 'node:module';",
  "import { fileURLToPath as __cr_fileURLToPath } from 'node:url';",
  "import { dirname as __cr_dirname } from 'node:path';",
  'const require = __cr_createRequire(import.meta.url);',
  'const __filename = __cr_fileURLToPath(import.meta.url);',
  'const __dirname = __cr_dirname(__filename);',
].join('\n');

// Built beside dist/ and swapped in with two renames, so a process running dist/ (a test, an
// example) never finds it half-written or missing for longer than that.
const staging = `dist.building-${process.pid}`;
const retired = `dist.old-${process.pid}`;
await rm(staging, { recursive: true, force: true });
await build({
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
});

await rename('dist', retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(staging, 'dist');
await rm(retired, { recursive: true, force: true });
