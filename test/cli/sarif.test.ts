/** `check --format sarif` through the bundle: a schema-valid log with the same findings as the JSON. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { validateSarif as validate } from '../support/sarif.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

function check(...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'check', 'examples/chat-app/head', ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('node dist/cli.js check --format sarif', () => {
  it('prints a schema-valid SARIF log with every JSON finding under the same fingerprint', () => {
    const sarifRun = check('--format', 'sarif', '--fail-on', 'never');
    expect(sarifRun.stderr).toBe('');
    expect(sarifRun.status).toBe(0);
    const log = JSON.parse(sarifRun.stdout) as SarifLog;
    const ok = validate(log);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);

    const jsonRun = check('--format', 'json', '--fail-on', 'never');
    const findings = JSON.parse(jsonRun.stdout).findings as Finding[];
    expect(findings.length).toBeGreaterThan(0);

    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('convex-review');
    expect(run.results).toHaveLength(findings.length);
    const level = { error: 'error', warning: 'warning', info: 'note' } as const;
    for (const f of findings) {
      const matches = run.results.filter((r) => r.partialFingerprints['convexReview/v1'] === f.fingerprint);
      expect(matches, f.fingerprint).toHaveLength(1);
      const [r] = matches;
      expect(r.ruleId).toBe(f.ruleId);
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(f.ruleId);
      expect(r.level).toBe(level[f.severity]);
      expect(r.message.text).toBe(f.message);
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      expect(decodeURIComponent(artifactLocation.uri)).toBe(f.path); // repo-root relative, as in the JSON
      expect(artifactLocation.uri.startsWith('examples/chat-app/')).toBe(true);
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect([region.startLine, region.endLine, region.startColumn]).toEqual([f.line, f.endLine, f.column]);
    }
  });

  it('keeps the exit codes: 1 on findings at or above the default --fail-on error', () => {
    const run = check('--format', 'sarif');
    expect(run.status).toBe(1);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it('is named in --help', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('--format text|json|sarif');
  });
});
