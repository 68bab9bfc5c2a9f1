#!/usr/bin/env node
// The start-up benchmark: what a process that does (almost) nothing costs in CPU time.
//
//   npm run bench:startup                (builds dist/, then runs this)
//   node bench/startup.mjs [--runs 21] [--dist DIR] [--json FILE]
//
// --dist: measure another build's dist/ (e.g. an older commit's, for a before/after figure).
//
// Cases, each a fresh `node` process run from a copy of dist/ taken at start:
//   node -e 0                             the floor: Node itself
//   node dist/cli.js --version            must not load the analyser (TypeScript)
//   node dist/cli.js --help               likewise
//   node dist/index.js, a release event   the Action on an event it skips, with the runner's env
//   node dist/cli.js check <empty dir>    reference: loads the analyser (what the others avoid)
// Measured: user + system CPU time of the process (getrusage at exit, through lib/cpu-probe.cjs
// preloaded with -r in every case, the floor too) and wall time from spawn to exit. Each run
// goes through every case once, in an order rotated from run to run; each figure is the median.
// Target: --version and the skipped event at most 2× the CPU time of `node -e 0`.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine } from './lib/machine.mjs';
import { runnerEnv } from './lib/runner-env.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH, '..');
const OUT = join(BENCH, '.out');
const PROBE = join(BENCH, 'lib', 'cpu-probe.cjs');
const TARGET_RATIO = 2;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, dist: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean' } } });
if (values.help) {
  console.log('usage: node bench/startup.mjs [--runs 21] [--dist DIR] [--json FILE]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a whole number ≥ 1');
const SOURCE = resolve(values.dist ?? join(REPO, 'dist'));
if (!existsSync(join(SOURCE, 'cli.js')) || !existsSync(join(SOURCE, 'index.js'))) {
  console.error(`${SOURCE} is not built: run \`npm run build\` first (or \`npm run bench:startup\`)`);
  process.exit(2);
}

// A copy of dist/, so a rebuild during the run cannot mix versions.
mkdirSync(OUT, { recursive: true });
const DIST = join(OUT, 'startup-dist');
rmSync(DIST, { recursive: true, force: true });
cpSync(SOURCE, DIST, { recursive: true });
const empty = mkdtempSync(join(tmpdir(), 'convex-review-startup-empty-'));
const runner = runnerEnv({ actionYml: join(REPO, 'action.yml'), apiUrl: 'http://127.0.0.1:9', eventName: 'release', event: {} });

/** @type {{ name: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv, expect: RegExp, target: boolean }[]} */
const CASES = [
  { name: 'node -e 0', args: ['-e', '0'], expect: /^$/, target: false },
  { name: 'node dist/cli.js --version', args: [join(DIST, 'cli.js'), '--version'], expect: /^convex-review \d+\.\d+\.\d+\n$/, target: true },
  { name: 'node dist/cli.js --help', args: [join(DIST, 'cli.js'), '--help'], expect: /Usage: convex-review check/, target: false },
  {
    name: 'node dist/index.js (release: skipped)',
    args: [join(DIST, 'index.js')],
    cwd: runner.workspace,
    env: runner.env,
    expect: /::notice::convex-review: the release event is not supported/,
    target: true,
  },
  { name: 'node dist/cli.js check <empty> (loads TypeScript)', args: [join(DIST, 'cli.js'), 'check', empty], cwd: empty, expect: /^[\s\S]*$/, target: false },
];

/** One process: CPU (user + system) and wall milliseconds. */
function measure(c) {
  const cpuFile = join(OUT, `startup-cpu-${process.pid}.json`);
  rmSync(cpuFile, { force: true });
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-r', PROBE, ...c.args], {
      cwd: c.cwd ?? REPO,
      env: { ...(c.env ?? process.env), NODE_OPTIONS: '', BENCH_CPU_FILE: cpuFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (c.target && code !== 0) return reject(new Error(`${c.name} exited ${code}:\n${stderr}`));
      if (!c.expect.test(stdout)) return reject(new Error(`${c.name}: unexpected output:\n${stdout}\n${stderr}`));
      const u = JSON.parse(readFileSync(cpuFile, 'utf8'));
      rmSync(cpuFile, { force: true });
      resolvePromise({ cpuMs: (u.userUs + u.systemUs) / 1000, wallMs });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const info = machine();
console.log(`start-up: ${runs} runs, order rotated; ${info.nproc} cores, ${info.cpu}, Node ${info.node}, ${values.dist ? `the build in ${SOURCE}` : `commit ${info.commit}`}\n`);
const samples = CASES.map(() => ({ cpu: [], wall: [] }));
for (let run = 0; run < runs; run++) {
  for (let k = 0; k < CASES.length; k++) {
    const i = (run + k) % CASES.length;
    const m = await measure(CASES[i]);
    samples[i].cpu.push(m.cpuMs);
    samples[i].wall.push(m.wallMs);
  }
}
runner.remove();
rmSync(empty, { recursive: true, force: true });

const floor = median(samples[0].cpu);
const rows = CASES.map((c, i) => ({ name: c.name, cpuMs: median(samples[i].cpu), wallMs: median(samples[i].wall), ratio: median(samples[i].cpu) / floor, target: c.target }));
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${'case'.padEnd(width)}  cpu ms  wall ms  cpu ÷ node -e 0`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.cpuMs.toFixed(1).padStart(6)}  ${r.wallMs.toFixed(1).padStart(7)}  ${r.ratio.toFixed(2).padStart(6)}×`);
console.log('');
let met = true;
for (const r of rows.filter((x) => x.target)) {
  const ok = r.ratio <= TARGET_RATIO;
  met &&= ok;
  console.log(`${ok ? '✓' : '✗'} ${r.name}: ${r.ratio.toFixed(2)}× node -e 0 in CPU time (target ≤ ${TARGET_RATIO}×)`);
}
if (values.json) writeFileSync(values.json, JSON.stringify({ machine: info, runs, rows, samples: CASES.map((c, i) => ({ name: c.name, ...samples[i] })) }, null, 2) + '\n');
process.exitCode = met ? 0 : 1;
