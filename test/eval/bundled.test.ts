/**
 * CI's eval: `eval --mode replay` over every bundled case, offline, against the committed
 * baseline. A change to the Claude request format makes the hand-written fixtures' recordings
 * stale: re-key them with `eval --mode record --from-fixtures` (docs/eval.md).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { EvalReport } from '../../src/eval/format.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('the bundled eval cases', () => {
  it('replay offline with no stale recording and no regression against eval/baseline.json', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['eval', '--mode', 'replay', '--baseline', 'eval/baseline.json', '--format', 'json'], {
      cwd: ROOT,
      color: false,
      env: {},
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as EvalReport;
    expect(report.comparison?.regressions).toEqual([]);
    // At least 40 cases of our own, of the kinds the issue asks for, in both halves.
    const kinds = new Map<string, number>();
    for (const c of [...report.cases, ...report.skipped]) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    expect(report.cases.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['example', 'mutation', 'clean', 'fix-commit']) expect(kinds.get(kind) ?? 0).toBeGreaterThan(0);
    expect(report.totals.heldOut.cases).toBeGreaterThanOrEqual(15);
    // Recipes need fetched sources: skipped here, with the reason.
    for (const s of report.skipped) expect(s.reason).toMatch(/--sources|not fetched/);
    // The replayed answers are the hand-written fixtures, and the report says so.
    expect(report.totals.all.claude?.answersFrom).toEqual(['a hand-written fixture (not a model)']);
    expect(report.claude).toContain('hand-written');
  });
});
