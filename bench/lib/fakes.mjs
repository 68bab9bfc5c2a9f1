// The test fakes (TypeScript, test/fakes/) for the benchmarks: bundled on the fly with esbuild
// (already a devDependency) into bench/.out/fakes/, then imported. Nothing is kept in sync by
// hand: every run bundles the fakes as they are in test/fakes/.
//
// One bundle holds both fakes and the GitHub fake's git store, so the class patched below is the
// one startGitHubFake uses.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPO = resolve(BENCH, '..');
const OUT = join(BENCH, '.out', 'fakes');

/**
 * @returns {Promise<{ github: any, anthropic: any, git: any }>} the modules test/fakes/github.ts,
 * test/fakes/anthropic.ts and test/fakes/github-git.ts
 */
export async function loadFakes() {
  const { build } = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  const fakes = join(REPO, 'test', 'fakes');
  const outfile = join(OUT, `fakes-${process.pid}.mjs`);
  await build({
    stdin: {
      contents: [
        `export * as github from ${JSON.stringify(join(fakes, 'github.ts'))};`,
        `export * as anthropic from ${JSON.stringify(join(fakes, 'anthropic.ts'))};`,
        `export * as git from ${JSON.stringify(join(fakes, 'github-git.ts'))};`,
      ].join('\n'),
      resolveDir: fakes,
      loader: 'ts',
      sourcefile: 'bench-fakes.ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/** git's blob id of `content`: sha1("blob <bytes>\0" + content). */
export function blobSha(content) {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * The GitHub fake answers GET git/blobs/{sha} with two `git` processes (`cat-file -t`, then
 * `cat-file blob`). At 3,000 blobs that is 6,000 processes in the benchmark's own process, on
 * the same 2 cores as the action, and it would be counted as the action's wall time. Blobs whose
 * content the benchmark knows are answered from memory instead; the fake's routing, validation,
 * headers and logging are unchanged. Unknown SHAs still go to git.
 * @param {any} GitStore the class from test/fakes/github-git.ts (same bundle as the fake)
 * @param {Iterable<string>} contents file contents of every tree given to the fake
 */
export function serveKnownBlobsFromMemory(GitStore, contents) {
  const blobs = new Map();
  for (const text of contents) blobs.set(blobSha(text), Buffer.from(text, 'utf8'));
  const { readBlob, objectType } = GitStore.prototype;
  GitStore.prototype.readBlob = function (sha) {
    const hit = blobs.get(sha);
    return hit ? Promise.resolve(hit) : readBlob.call(this, sha);
  };
  GitStore.prototype.objectType = function (sha) {
    return blobs.has(sha) ? Promise.resolve('blob') : objectType.call(this, sha);
  };
  return () => {
    GitStore.prototype.readBlob = readBlob;
    GitStore.prototype.objectType = objectType;
  };
}
