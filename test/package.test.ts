/**
 * The npm package as users get it: `npm pack` of this repository, installed from the tarball into
 * an empty project with the registry out of reach (`--offline`: the package has no dependencies,
 * so nothing is fetched), then its `convex-review` bin run on a copy of the bundled example.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** npm's own variables (set when the tests run under `npm test`) must not steer the npm we spawn. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
Object.assign(env, { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' });

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const run = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
  return run;
}

/** The files of a bundle an entry loads, statically or lazily (existing or not). */
function bundleGraph(entry: string, files = new Set<string>()): Set<string> {
  if (files.has(entry)) return files;
  files.add(entry);
  if (!existsSync(entry)) return files;
  const imports = /(?:^import\s[^;]*?from\s*|^\}\s*from\s*|^import\s*|\bimport\(\s*)"(\.{1,2}\/[^"]+\.js)"/gm;
  for (const m of readFileSync(entry, 'utf8').matchAll(imports)) bundleGraph(join(dirname(entry), m[1]), files);
  return files;
}

/** Relative imports (static and lazy) of the installed bundle that name no file in it. */
function missingModules(dist: string): string[] {
  const files = bundleGraph(join(dist, 'index.js'), bundleGraph(join(dist, 'cli.js')));
  return [...files].filter((file) => !existsSync(file)).map((file) => file.slice(dist.length + 1));
}

/** Whether Node `version` (x.y.z) satisfies an engines range of the usual shapes (`>=18.17`, `18 || 20 || >=22`, `^20.9.0`). */
function nodeSatisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (w: number[]): number => v[0] - w[0] || v[1] - w[1] || v[2] - w[2];
  return range.split('||').some((alternative) =>
    alternative.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).every((comparator) => {
      const m = /^(>=|<=|>|<|\^|~|=)?\s*v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/.exec(comparator.trim());
      if (!m) throw new Error(`engines range not understood: ${range}`);
      const [, op = '', major, minor, patch] = m;
      const w = [Number(major), minor === undefined || minor === 'x' ? 0 : Number(minor), patch === undefined || patch === 'x' ? 0 : Number(patch)];
      if (op === '>=') return cmp(w) >= 0;
      if (op === '>') return cmp(w) > 0;
      if (op === '<=') return cmp(w) <= 0;
      if (op === '<') return cmp(w) < 0;
      if (op === '^') return v[0] === w[0] && cmp(w) >= 0;
      if (op === '~') return v[0] === w[0] && v[1] === w[1] && cmp(w) >= 0;
      return minor === undefined ? v[0] === w[0] : patch === undefined ? v[0] === w[0] && v[1] === w[1] : cmp(w) === 0;
    }),
  );
}

/** The packages (paths under node_modules) whose code an entry of dist/ loads: esbuild marks each module's start. */
function bundledPackages(entry: string): string[] {
  const packages = new Set<string>();
  for (const file of bundleGraph(entry)) for (const m of readFileSync(file, 'utf8').matchAll(/^\/\/ ((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/gm)) packages.add(m[1].slice(0, -1));
  return [...packages].sort();
}

let work: string;
let project: string;
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'convex-review-package-'));
  project = join(work, 'project');
  // The tests' global setup has just built dist/. A build running at the same moment (another
  // vitest process) can swap dist/ under `npm pack`; a tarball whose bundle does not hang
  // together is packed again.
  for (let attempt = 1; ; attempt++) {
    rmSync(project, { recursive: true, force: true });
    mkdirSync(project);
    const pack = npm(['pack', '--pack-destination', work, '--json'], ROOT);
    packed = JSON.parse(pack.stdout)[0];
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-convex-review', private: true }));
    npm(['install', '--offline', '--no-audit', '--no-fund', join(work, packed.filename)], project);
    const missing = missingModules(join(project, 'node_modules/convex-review/dist'));
    if (missing.length === 0) break;
    if (attempt === 3) throw new Error(`the packed bundle is missing ${missing.join(', ')}`);
  }
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('Node versions', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const floor = `${/^>=\s*(\d+)/.exec(pkg.engines.node)![1]}.0.0`;
  const tooNew = (entry: string, node: string): string[] =>
    bundledPackages(join(ROOT, 'dist', entry)).flatMap((dir) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
      const range = manifest.engines?.node;
      return range && !nodeSatisfies(node, range) ? [`${manifest.name}@${manifest.version} needs node ${range}`] : [];
    });

  it('reads engines ranges as npm does, for the shapes our packages use', () => {
    expect(nodeSatisfies('20.0.0', '>=18.17')).toBe(true);
    expect(nodeSatisfies('20.0.0', '18 || 20 || >=22')).toBe(true);
    expect(nodeSatisfies('20.0.0', '>= 20')).toBe(true);
    expect(nodeSatisfies('20.0.0', '>=22')).toBe(false);
    expect(nodeSatisfies('20.0.0', '>=20.18.1')).toBe(false);
    expect(nodeSatisfies('21.0.0', '18 || 20 || >=22')).toBe(false);
    expect(nodeSatisfies('20.9.0', '^20.9.0 || >=22')).toBe(true);
  });

  it(`the CLI loads no bundled package that needs a Node newer than engines (${pkg.engines.node})`, () => {
    // TypeScript comes from @ts-morph/common (scripts/build.mjs bundles it without ts-morph's own code).
    expect(bundledPackages(join(ROOT, 'dist/cli.js'))).toContain('node_modules/@ts-morph/common');
    expect(tooNew('cli.js', floor)).toEqual([]);
  });

  it("the Action's bundled packages run on its runs.using Node (node24)", () => {
    expect(tooNew('index.js', '24.0.0')).toEqual([]);
  });
});

describe('the npm package', () => {
  it('ships the bundle, its licenses, the rule docs, the config schema and nothing of the sources', () => {
    const paths = packed.files.map((f) => f.path);
    for (const path of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/index.js', 'dist/licenses.txt', 'docs/rules/README.md', 'schemas/convex-review.schema.json']) expect(paths).toContain(path);
    expect(paths.filter((p) => !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|txt)|docs\/rules\/.+\.md|schemas\/.+\.json)$/.test(p))).toEqual([]);
    expect(readFileSync(join(project, 'node_modules/convex-review/dist/licenses.txt'), 'utf8')).toContain('@ts-morph/common@');
  });

  it('installs alone: no dependencies, a bin, engines', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/convex-review/package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ 'convex-review': 'dist/cli.js' });
    expect(manifest.engines.node).toMatch(/^>=\d+/);
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter((p) => p !== '')).toEqual(['node_modules/convex-review']);
  });

  // `npx convex-review check` as a project that installed the package runs it (npm exec → .bin).
  it('runs `npx convex-review check` on the example and reports its planted problems', () => {
    const app = join(work, 'app');
    cpSync(join(ROOT, 'examples/chat-app/head'), app, { recursive: true });
    mkdirSync(join(app, '.git')); // the repository root marker: paths are relative to it
    const run = spawnSync('npm', ['exec', '--offline', '--prefix', project, '--', 'convex-review', 'check', '--format', 'json'], { cwd: app, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    expect(out.tool.name).toBe('convex-review');
    const rules = new Set(out.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['require-args-validator', 'no-old-function-syntax', 'unknown-index', 'db-in-action']) expect(rules).toContain(id);
    expect(out.findings.every((f: { path: string }) => f.path.startsWith('convex/'))).toBe(true);
    expect(run.status).toBe(1); // --fail-on defaults to error
  });

  it('answers --version from node_modules/.bin', () => {
    const run = spawnSync(join(project, 'node_modules/.bin/convex-review'), ['--version'], { env, encoding: 'utf8' });
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(run.stdout).toBe(`convex-review ${version}\n`);
    expect(run.status).toBe(0);
  });
});
