/** The CLI as users run it: the committed bundle, spawned with node. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

describe('node dist/cli.js', () => {
  it('is an executable script with a shebang', () => {
    expect(existsSync(CLI)).toBe(true);
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('checks the bundled example and finds its planted problems', () => {
    const run = spawnSync(process.execPath, [CLI, 'check', 'examples/chat-app/head', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    const rules = new Set(out.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['require-args-validator', 'no-old-function-syntax']) expect(rules).toContain(id);
    expect(run.status).toBe(1);
  });

  it('prints its version and help', () => {
    const version = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^convex-review \d+\.\d+\.\d+\n$/);
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('Usage: convex-review check [PATH...]');
    expect(help.status).toBe(0);
  });
});

/**
 * `entry` and every file it statically imports, transitively; with `lazy`, also what it may load
 * with `import()` (the chunks a command or a reviewed event loads).
 */
function staticGraph(entry: string, options: { lazy?: boolean } = {}): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.set(file, readFileSync(file, 'utf8'));
    // esbuild names each glob import in a `// import("…/*.md") in src/…` comment: not an import.
    const code = files.get(file)!.replace(/^\/\/ .*$/gm, '');
    for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|^import\s*"(\.{1,2}\/[^"]+)"/gm)) visit(join(dirname(file), m[1] ?? m[2]));
    if (options.lazy) for (const m of code.matchAll(/\bimport\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)) visit(join(dirname(file), m[1]));
  };
  visit(entry);
  return files;
}

const INDEX = new URL('../../dist/index.js', import.meta.url).pathname;
const rel = (file: string): string => file.slice(ROOT.length);

/** Error texts only @actions/core has (getInput, and its file commands): they survive minification. */
const ACTIONS_CORE_MARKERS = ['Input required and not supplied', 'Unable to find environment variable for file command'];

describe('the CLI bundle', () => {
  it('marks @actions/core reliably: the Action bundle carries every marker', () => {
    const core = readFileSync(new URL('../../node_modules/@actions/core/lib/core.js', import.meta.url), 'utf8') + readFileSync(new URL('../../node_modules/@actions/core/lib/file-command.js', import.meta.url), 'utf8');
    const action = [...staticGraph(new URL('../../dist/index.js', import.meta.url).pathname).values()].join('\n');
    for (const marker of ACTIONS_CORE_MARKERS) {
      expect(core).toContain(marker);
      expect(action).toContain(marker);
    }
  });

  // The CLI runs outside GitHub Actions: nothing it loads may reach @actions/core (it once did,
  // through src/github/snapshot.ts, before the change model moved to src/change/ — issue 12).
  it('does not carry @actions/core: dist/cli.js and every chunk it may load', () => {
    const graph = staticGraph(CLI, { lazy: true });
    expect(graph.size).toBeGreaterThan(1);
    const carriers = [...graph].filter(([, code]) => ACTIONS_CORE_MARKERS.some((marker) => code.includes(marker))).map(([file]) => file.slice(ROOT.length));
    expect(carriers, '@actions/core code in the CLI bundle').toEqual([]);
  });
});

/** Texts only TypeScript (a diagnostic key) and ts-morph (an error message) have: they survive minification. The bundle carries TypeScript only. */
const TYPESCRIPT_MARKERS = ['Identifier_expected_1003', 'Error replacing tree! Perhaps a syntax error was inserted'];
const carriesTypeScript = (code: string): boolean => TYPESCRIPT_MARKERS.some((marker) => code.includes(marker));

// Start-up: `--version`, `--help` and an event the Action skips must not make V8 compile the
// ~15 MB of TypeScript. What an entry imports statically is what node loads before it runs.
describe('start-up: the analyser is loaded lazily', () => {
  it('marks TypeScript reliably, and bundles TypeScript without ts-morph (scripts/build.mjs: only `ts` is used)', () => {
    const typescript = readFileSync(new URL('../../node_modules/@ts-morph/common/dist/typescript.js', import.meta.url), 'utf8');
    const tsMorph = readFileSync(new URL('../../node_modules/ts-morph/dist/ts-morph.js', import.meta.url), 'utf8');
    expect(typescript).toContain(TYPESCRIPT_MARKERS[0]);
    expect(tsMorph).toContain(TYPESCRIPT_MARKERS[1]);
    for (const entry of [CLI, INDEX]) {
      const all = [...staticGraph(entry, { lazy: true }).values()].join('\n');
      expect(all).toContain(TYPESCRIPT_MARKERS[0]);
      expect(all, "ts-morph's own code in the bundle").not.toContain(TYPESCRIPT_MARKERS[1]);
    }
  });

  it.each([
    ['dist/cli.js', CLI],
    ['dist/index.js', INDEX],
  ])('%s imports no TypeScript statically; it comes with an import()', (_name, entry) => {
    const eager = staticGraph(entry);
    const carriers = [...eager].filter(([, code]) => carriesTypeScript(code)).map(([file]) => rel(file));
    expect(carriers, 'TypeScript in what the entry loads before it runs').toEqual([]);
    expect([...eager.values()].reduce((n, code) => n + code.length, 0)).toBeLessThan(1_500_000);
  });

  it('keeps the dist contract: one build, both entries sharing the chunk that carries TypeScript', () => {
    const heavy = (entry: string) => [...staticGraph(entry, { lazy: true })].filter(([, code]) => carriesTypeScript(code)).map(([file]) => rel(file));
    const shared = heavy(CLI);
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatch(/^dist\/chunks\/chunk-[A-Z0-9]+\.js$/);
    expect(heavy(INDEX)).toEqual(shared);
  });

  it('answers --version and --help, and the Action skips an event, without loading the analyser', () => {
    // An import of the TypeScript chunk would fail: the CLI runs from a copy of dist/ without it.
    const copy = mkdtempSync(join(tmpdir(), 'convex-review-dist-'));
    try {
      cpSync(join(ROOT, 'dist'), copy, { recursive: true });
      const heavy = [...staticGraph(join(copy, 'cli.js'), { lazy: true })].filter(([, code]) => carriesTypeScript(code)).map(([file]) => file);
      expect(heavy).toHaveLength(1);
      rmSync(heavy[0]);
      const version = spawnSync(process.execPath, [join(copy, 'cli.js'), '--version'], { encoding: 'utf8' });
      expect(version.stdout).toMatch(/^convex-review \d+\.\d+\.\d+\n$/);
      expect(version.status).toBe(0);
      const help = spawnSync(process.execPath, [join(copy, 'cli.js'), '--help'], { encoding: 'utf8' });
      expect(help.stdout).toContain('Usage: convex-review check [PATH...]');
      const check = spawnSync(process.execPath, [join(copy, 'cli.js'), 'check', '.'], { cwd: copy, encoding: 'utf8' });
      expect(check.status, 'check needs the chunk that was removed').toBe(3);
      // The Action skips an event it does not review, and a label other than claude-for's, before it
      // needs the analyser, and writes the (empty) SARIF file without it.
      writeFileSync(join(copy, 'output.txt'), '');
      const skip = (eventName: string, event: object, inputs: Record<string, string> = {}) => {
        writeFileSync(join(copy, 'event.json'), JSON.stringify(event));
        const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: join(copy, 'event.json'), GITHUB_REPOSITORY: 'acme/app', GITHUB_OUTPUT: join(copy, 'output.txt') };
        for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
        return spawnSync(process.execPath, [join(copy, 'index.js')], { encoding: 'utf8', env });
      };
      const release = skip('release', {}, { 'sarif-file': join(copy, 'skipped.sarif') });
      expect(release.status, release.stdout + release.stderr).toBe(0);
      expect(release.stdout).toContain('::notice::convex-review: the release event is not supported');
      expect(JSON.parse(readFileSync(join(copy, 'skipped.sarif'), 'utf8')).runs[0].results).toEqual([]);
      const labeled = skip('pull_request_target', { action: 'labeled', label: { name: 'bug' }, pull_request: { number: 1 } }, { 'claude-for': 'ai-review' });
      expect(labeled.status, labeled.stdout + labeled.stderr).toBe(0);
      expect(labeled.stdout).toContain("::notice::convex-review: the label 'bug' was added to the pull request; only adding 'ai-review' (input claude-for) asks for a review");
      expect(readFileSync(join(copy, 'output.txt'), 'utf8')).toContain('findings<<');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
