/**
 * `convex-review eval`: the cases run through the review, scored, reported; in replay the model's
 * answers come from recordings, in record from the API (kept), in live from the API (not kept).
 * The thin shell: files, the clock, the environment; everything it decides is in the modules it calls.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { baselineOf, compareBaseline, parseBaseline, type Baseline } from './baseline.js';
import { CaseError } from './cases.js';
import { formatJson, formatMarkdown, formatText, type EvalReport } from './format.js';
import type { EvalOptions } from './options.js';
import { apiFetch, fixtureFetch, replayFetch, STALE, Tap } from './recordings.js';
import { runCase, type CaseClaude } from './run.js';
import { totalsOf, type Totals } from './score.js';
import { loadCases, loadFixtures, loadRecordings, writeRecordings } from './store.js';
import type { CaseResult, EvalCase, SkippedCase } from './types.js';

export interface EvalIo {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  /** The HTTP client for record and live (default: global fetch). */
  fetch?: typeof fetch;
  /** Today, for the report and the recordings (default: the clock). */
  now?: () => Date;
}

const REPLAY_URL = 'https://api.anthropic.com';

/** 0: done, no regression; 1: a stale recording, or a regression beyond the margins. */
export async function runEval(options: EvalOptions, io: EvalIo): Promise<number> {
  const env = io.env ?? process.env;
  const now = io.now ?? (() => new Date());
  const dir = resolve(io.cwd, options.dir);
  let loaded;
  try {
    loaded = loadCases(dir, options.sources === undefined ? undefined : resolve(io.cwd, options.sources));
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  const unknown = options.only.filter((id) => !loaded.cases.some((c) => c.id === id) && !loaded.skipped.some((s) => s.id === id));
  if (unknown.length > 0) throw new UsageError(`--case: no case ${unknown.join(', ')} under ${dir}/cases`);
  const wanted = (c: { id: string; split: string }): boolean => (options.only.length === 0 || options.only.includes(c.id)) && (options.split === 'all' || c.split === options.split);
  let cases = loaded.cases.filter(wanted);
  const skipped: SkippedCase[] = loaded.skipped.filter(wanted);

  const apiKey = env.ANTHROPIC_API_KEY?.trim() ?? '';
  const needsKey = options.claude && (options.mode === 'live' || (options.mode === 'record' && !options.fromFixtures));
  if (needsKey && !apiKey) throw new UsageError(`--mode ${options.mode} calls the Anthropic API: set ANTHROPIC_API_KEY (or use --mode replay, which is offline)`);
  const recordings = loadRecordings(dir);
  const fixtures = loadFixtures(dir);
  if (options.fromFixtures) {
    cases = cases.filter((c) => fixtures.has(c.id));
    if (cases.length === 0) throw new UsageError(`--from-fixtures: no case with a fixture under ${dir}/fixtures`);
  }

  const stale: string[] = [];
  const notes: string[] = [];
  const runs: CaseResult[][] = [];
  let spent = 0;
  for (let round = 0; round < options.repeat; round++) {
    const results: CaseResult[] = [];
    for (const c of cases) {
      if (options.maxUsd !== undefined && spent >= options.maxUsd) {
        if (round === 0) skipped.push({ id: c.id, kind: c.kind, split: c.split, reason: `not run: --max-usd ${options.maxUsd} reached ($${spent.toFixed(4)} spent)` });
        continue;
      }
      const tap = new Tap(c.id);
      const result = await runCase(c, caseClaude(c, tap));
      results.push(result);
      if (typeof result.claude === 'object') spent += result.claude.costUsd ?? 0;
      for (const s of tap.stale) stale.push(`case ${c.id}: ${s}`);
      const keep = options.mode === 'record' && tap.stale.length === 0 && tap.recorded.length > 0;
      if (keep) writeRecordings(dir, c.id, tap.recorded);
      if (keep) notes.push(`Recorded ${tap.recorded.length} request(s) of ${c.id} in ${options.dir}/recordings/${c.id}/.`);
    }
    runs.push(results);
  }

  const results = runs[0];
  const totals = (rs: readonly CaseResult[]): EvalReport['totals'] => ({
    all: totalsOf(rs),
    dev: totalsOf(rs.filter((r) => r.split === 'dev')),
    heldOut: totalsOf(rs.filter((r) => r.split === 'held-out')),
  });
  const t = totals(results);
  const claude = claudeWords(options, t.all);
  const report: EvalReport = {
    date: now().toISOString().slice(0, 10),
    mode: options.fromFixtures ? 'record --from-fixtures' : options.mode,
    claude,
    cases: results,
    skipped,
    totals: t,
    ...(runs.length > 1 ? { repeats: runs.map((rs) => totalsOf(rs)) } : {}),
    notes,
  };

  let code = 0;
  if (options.baseline) {
    const file = resolve(io.cwd, options.baseline);
    const current = baselineOf(t.all, claude, Object.fromEntries(results.map((r) => [r.id, { met: r.expectations.filter((e) => e.matched).map((e) => e.id), inline: r.inline }])));
    if (options.updateBaseline) {
      writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
      notes.push(`Baseline written to ${options.baseline}.`);
    } else {
      if (!existsSync(file)) throw new UsageError(`--baseline: ${options.baseline} does not exist; write it with --update-baseline`);
      let baseline: Baseline;
      try {
        baseline = parseBaseline(readFileSync(file, 'utf8'), options.baseline);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      report.comparison = compareBaseline(baseline, current);
      if (report.comparison.regressions.length > 0) code = 1;
    }
  }
  if (stale.length > 0) {
    notes.push(`${STALE}: ${stale.length} request(s) had no recording (listed on stderr).`);
    code = 1;
  }
  io.stdout(options.format === 'json' ? formatJson(report) : options.format === 'markdown' ? formatMarkdown(report) : formatText(report));
  for (const s of stale) io.stderr(`convex-review: eval: ${STALE}: ${s}\n`);
  if (report.comparison && report.comparison.regressions.length > 0) io.stderr(`convex-review: eval: regression beyond the margins against ${options.baseline}: ${report.comparison.regressions.join('; ')}\n`);
  return code;

  function caseClaude(c: EvalCase, tap: Tap): CaseClaude {
    if (!options.claude) return { kind: 'off' };
    const base = { tap, model: options.model };
    if (options.mode === 'replay') {
      if (!recordings.cases.has(c.id)) return { kind: 'not recorded' };
      return { kind: 'run', ...base, fetch: replayFetch(recordings.byKey, tap), apiKey: 'replay-no-key', baseURL: REPLAY_URL, maxRetries: 0 };
    }
    if (options.fromFixtures) return { kind: 'run', ...base, fetch: fixtureFetch(fixtures.get(c.id)!, tap), apiKey: 'fixture-no-key', baseURL: REPLAY_URL, maxRetries: 0 };
    const inner = io.fetch ?? globalThis.fetch;
    return { kind: 'run', ...base, fetch: apiFetch(inner, tap, options.mode === 'record', now), apiKey, baseURL: env.ANTHROPIC_BASE_URL || 'https://api.anthropic.com', maxRetries: 4 };
  }
}

function claudeWords(options: EvalOptions, all: Totals): string {
  if (!options.claude) return 'off (static rules only)';
  const from = all.claude?.answersFrom ?? [];
  const ran = all.claude?.cases ?? 0;
  const missing = all.claude?.notRecorded ?? 0;
  const what = options.mode === 'replay' ? 'replayed recordings' : options.fromFixtures ? 'hand-written fixtures, re-recorded' : options.mode === 'record' ? 'the API, recorded' : 'the API, live';
  return `${what} on ${ran} case(s)${missing > 0 ? `, ${missing} not recorded (static only)` : ''}${from.length > 0 ? `; answers from ${from.join('; ')}` : ''}`;
}
