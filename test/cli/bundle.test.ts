/** The CLI as users run it: the committed bundle, spawned with node. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

/** `entry` and every file it statically imports, transitively (a lazy `import()` is not followed). */
function staticGraph(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const m of code.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|^import\s*"(\.{1,2}\/[^"]+)"/gm)) visit(join(dirname(file), m[1] ?? m[2]));
  };
  visit(entry);
  return files;
}

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
  it('does not carry @actions/core: dist/cli.js and the chunks it statically imports', () => {
    const graph = staticGraph(CLI);
    expect(graph.size).toBeGreaterThan(1);
    const carriers = [...graph].filter(([, code]) => ACTIONS_CORE_MARKERS.some((marker) => code.includes(marker))).map(([file]) => file.slice(ROOT.length));
    expect(carriers, '@actions/core code in the CLI bundle').toEqual([]);
  });
});
