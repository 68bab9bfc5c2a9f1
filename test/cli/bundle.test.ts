/** The CLI as users run it: the committed bundle, spawned with node. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
