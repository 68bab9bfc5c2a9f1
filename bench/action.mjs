#!/usr/bin/env node
// The action benchmark: `node dist/index.js`, as the runner starts it, on pull requests of
// 3, 30, 300 and 3,000 changed files, against the GitHub fake and the Anthropic fake.
//
//   npm run bench:action                      (builds dist/, then runs this)
//   node bench/action.mjs [--sizes 3,30,300,3000] [--claude off,on] [--delay-ms 2000]
//                         [--runs 3] [--big-runs 1] [--seed 1] [--github-latency-ms 0]
//                         [--cpu-prof DIR] [--json FILE]
//
// Each scenario is a first `pull_request` (opened) run on a fresh fake with no earlier comments.
// "off" runs without an Anthropic key (static review only: the action's own time); "on" gives a
// key, a MEMBER author (so the gate lets Claude run) and action.yml's defaults (claude-concurrency
// 3, max-input-tokens 200000), and the Anthropic fake answers every request after --delay-ms.
// The fakes run in this process (bundled from test/fakes/ by lib/fakes.mjs); the action is a
// child process, measured from spawn to exit (lib/measure.mjs: wall, CPU, peak RSS).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadFakes, serveKnownBlobsFromMemory } from './lib/fakes.mjs';
import { trackInFlight, watchServer } from './lib/inflight.mjs';
import { measureNode } from './lib/measure.mjs';
import { reviewingModel } from './lib/model.mjs';
import { buildPullRequest } from './lib/pull-request.mjs';
import { runnerEnv } from './lib/runner-env.mjs';
import { summarizeProfile } from './lib/cpu-profile.mjs';
import { machine } from './lib/machine.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH, '..');
const OUT = join(BENCH, '.out');
const ACTION_YML = join(REPO, 'action.yml');
// The action runs from a copy of dist/ taken at start, so a rebuild mid-run cannot mix versions.
const DIST_COPY = join(OUT, 'action-dist');
const INDEX = join(DIST_COPY, 'index.js');

/** The issue's targets. */
const TARGETS = {
  wallS300: 10, // 300 files, without model latency
  extraRequests: 5, // GitHub requests ≤ ⌈files/100⌉ + blobs + 5
  reviews: 1,
  summaryWrites: 1,
  peakMb3000: 1024,
  startS: 0.5,
  restPointsPerMinute: 900, // GitHub's documented secondary limit per REST endpoint
  concurrentRequests: 100, // GitHub's documented secondary limit
};

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '3,30,300,3000' },
    claude: { type: 'string', default: 'off,on' },
    'delay-ms': { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    'big-runs': { type: 'string', default: '1' },
    'start-runs': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    'github-latency-ms': { type: 'string', default: '0' },
    'cpu-prof': { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: node bench/action.mjs [--sizes 3,30,300,3000] [--claude off,on] [--delay-ms 2000] [--runs 3] [--big-runs 1] [--start-runs 5] [--seed 1] [--github-latency-ms 0] [--cpu-prof DIR] [--json FILE]');
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
const modes = values.claude.split(',');
const delayMs = Number(values['delay-ms']);
const seed = Number(values.seed);
const githubLatencyMs = Number(values['github-latency-ms']);
const runsFor = (files) => Number(files >= 3000 ? values['big-runs'] : values.runs);

// ---- setup ------------------------------------------------------------------------------------

if (!existsSync(join(REPO, 'dist', 'index.js'))) {
  console.log('dist/index.js is missing: building it (node scripts/build.mjs)');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}
mkdirSync(OUT, { recursive: true });
rmSync(DIST_COPY, { recursive: true, force: true });
cpSync(join(REPO, 'dist'), DIST_COPY, { recursive: true });

const { github, anthropic, git } = await loadFakes();
trackInFlight();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n) => n.toLocaleString('en-US');

// ---- bundle start-up ----------------------------------------------------------------------------

/** `node dist/index.js` on an event it skips (release; push is an audit): load, read inputs, decide, exit. */
async function startup(runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const runner = runnerEnv({ actionYml: ACTION_YML, apiUrl: 'http://127.0.0.1:9', eventName: 'release', event: { action: 'published' } });
    try {
      const m = await measureNode([INDEX], { cwd: runner.workspace, env: runner.env, stdoutFile: join(OUT, 'last-action-start.out') });
      if (m.exitCode !== 0) throw new Error(`start-up run failed (exit ${m.exitCode ?? m.signal}):\n${m.stderr}`);
      if (!/::notice::convex-review: the release event is not supported/.test(readFileSync(join(OUT, 'last-action-start.out'), 'utf8'))) {
        throw new Error('start-up run: the action did not skip the release event');
      }
      samples.push(m);
    } finally {
      runner.remove();
    }
  }
  return { wallS: median(samples.map((m) => m.wallMs)) / 1000, cpuS: median(samples.map((m) => m.cpuMs)) / 1000, peakMb: median(samples.map((m) => m.peakKiB)) / 1024, samples: samples.map((m) => m.wallMs / 1000) };
}

// ---- one scenario -------------------------------------------------------------------------------

/** GitHub's points for its secondary limit: 1 for a GET (or a GraphQL query), 5 for a write. */
const points = (r) => (r.method === 'GET' || (r.path === '/graphql' && !/^\s*mutation\b/.test(String(r.body?.query ?? ''))) ? 1 : 5);

/** The most points one endpoint took in any 60 s window. */
function maxPointsPerMinute(requests) {
  const byRoute = new Map();
  for (const r of requests) {
    const key = r.route ?? `${r.method} ${r.path}`;
    if (!byRoute.has(key)) byRoute.set(key, []);
    byRoute.get(key).push(r);
  }
  let best = { route: '', points: 0 };
  for (const [route, rs] of byRoute) {
    let sum = 0;
    for (let i = 0, j = 0; i < rs.length; i++) {
      sum += points(rs[i]);
      while (rs[i].time - rs[j].time >= 60_000) sum -= points(rs[j++]);
      if (sum > best.points) best = { route, points: sum };
    }
  }
  return best;
}

function githubFigures(gh, listed) {
  const requests = gh.requests;
  const byEndpoint = {};
  for (const r of requests) {
    const key = (r.route ?? `${r.method} ${r.path}`).replace('/repos/{owner}/{repo}', '');
    byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
  }
  const is = (method, re) => (r) => r.method === method && re.test(r.path);
  const blobs = requests.filter(is('GET', /\/git\/blobs\//)).length;
  const ok = (r) => r.status < 300;
  const reviewPosts = requests.filter((r) => is('POST', /\/pulls\/\d+\/reviews$/)(r) && ok(r));
  const reviewsCreated = reviewPosts.filter((r) => r.body?.event).length; // without `event` a review stays pending (a probe)
  const summaryWrites = requests.filter((r) => (is('POST', /\/issues\/\d+\/comments$/)(r) || is('PATCH', /\/issues\/comments\/\d+$/)(r)) && ok(r)).length;
  const limited = requests.filter((r) => r.injected === 'secondary-rate-limit' || r.injected === 'primary-rate-limit' || r.status === 429).length;
  const allowed = Math.ceil(listed / 100) + blobs + TARGETS.extraRequests;
  return {
    total: requests.length,
    byEndpoint,
    blobs,
    allowed,
    creations: gh.creations().length,
    reviewsCreated,
    summaryWrites,
    rateLimited: limited,
    busiest: maxPointsPerMinute(requests),
  };
}

function claudeFigures(fake, concurrency) {
  const msgs = fake.requests.filter((r) => r.path.split('?')[0] === '/v1/messages');
  const usage = { input: 0, output: 0, cacheWrite: 0, cacheRead: 0 };
  for (const r of msgs) {
    if (!r.usage) continue;
    usage.input += r.usage.input_tokens;
    usage.output += r.usage.output_tokens;
    usage.cacheWrite += r.usage.cache_creation_input_tokens;
    usage.cacheRead += r.usage.cache_read_input_tokens;
  }
  if (msgs.length === 0) return { requests: 0, usage, maxInFlight: 0 };
  const [first, ...rest] = msgs;
  const spanS = (Math.max(...msgs.map((r) => r.endedAt ?? r.startedAt)) - first.startedAt) / 1000;
  const rounds = 1 + Math.ceil((msgs.length - 1) / concurrency);
  return {
    requests: msgs.length,
    failed: msgs.filter((r) => r.status !== 200).length,
    usage,
    maxInFlight: fake.maxInFlight,
    firstAlone: rest.every((r) => r.startedAt >= (first.endedAt ?? Infinity)),
    firstWrites: (first.usage?.cache_creation_input_tokens ?? 0) > 0,
    laterRead: rest.every((r) => (r.usage?.cache_read_input_tokens ?? 0) > 0),
    spanS,
    expectedS: (rounds * delayMs) / 1000,
  };
}

async function scenario(pr, files, mode, runIndex) {
  const restore = serveKnownBlobsFromMemory(git.GitStore, [...Object.values(pr.base), ...Object.values(pr.head)]);
  const gh = await github.startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: pr.base, head: pr.head, authorAssociation: 'MEMBER' }] });
  const ghInFlight = watchServer(gh.url, { latencyMs: githubLatencyMs });
  const model = mode === 'on' ? await anthropic.startAnthropicFake({ fallback: reviewingModel(anthropic.reply, delayMs) }) : undefined;
  const runner = runnerEnv({
    actionYml: ACTION_YML,
    apiUrl: gh.url,
    eventName: 'pull_request',
    event: { action: 'opened', number: 1, pull_request: { number: 1 } },
    inputs: mode === 'on' ? { 'anthropic-api-key': 'sk-bench' } : {},
    env: model ? { ANTHROPIC_BASE_URL: model.url } : {},
  });
  const stdoutFile = join(OUT, `last-action-${files}-${mode}.out`);
  const prof = values['cpu-prof'] ? resolve(values['cpu-prof'], `${files}-${mode}-${runIndex + 1}`) : undefined;
  try {
    const ownCpu = process.cpuUsage();
    const spawnedAt = Date.now();
    const m = await measureNode([...(prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []), INDEX], { cwd: runner.workspace, env: runner.env, stdoutFile });
    const fakesCpu = process.cpuUsage(ownCpu);
    const stdout = readFileSync(stdoutFile, 'utf8');
    if (m.signal || m.exitCode !== 0) throw new Error(`the action failed on ${files} files, claude ${mode} (exit ${m.exitCode ?? m.signal}):\n${m.stderr}\n${stdout.slice(-4000)}`);
    if (gh.errors.length || model?.errors.length) throw new Error(`a fake failed: ${[...gh.errors, ...(model?.errors ?? [])].map((e) => e.message).join('; ')}`);
    const { outputs } = runner.read();
    const listed = Math.min(files, 3000);
    const state = gh.state(1);
    const summary = String(state.issueComments[0]?.body ?? '');
    const t = (re, method = 'GET') => gh.requests.filter((r) => r.method === method && re.test(r.path)).map((r) => (r.time - spawnedAt) / 1000);
    const blobsAt = t(/\/git\/blobs\//);
    const listAt = t(/\/pulls\/\d+\/files$/);
    const timeline = {
      firstRequest: (gh.requests[0].time - spawnedAt) / 1000,
      lastListPage: listAt.length ? Math.max(...listAt) : undefined,
      lastBlob: blobsAt.length ? Math.max(...blobsAt) : undefined,
      reviewPost: Math.min(...t(/\/pulls\/\d+\/reviews$/, 'POST')),
      summaryPost: Math.min(...t(/\/issues\/\d+\/comments$/, 'POST')),
      exit: m.wallMs / 1000,
    };
    const findings = Number(outputs.findings ?? 0);
    const maxComments = 30;
    return {
      files,
      mode,
      wallS: m.wallMs / 1000,
      cpuS: m.cpuMs / 1000,
      fakesCpuS: (fakesCpu.user + fakesCpu.system) / 1e6,
      otherCores: m.otherCores,
      peakMb: m.peakKiB / 1024,
      github: { ...githubFigures(gh, listed), maxInFlight: ghInFlight.max },
      claude: model ? claudeFigures(model, 3) : undefined,
      outputs,
      timeline,
      summary: {
        chars: summary.length,
        namesNotInline: findings > maxComments ? summary.includes('### Not posted inline') : undefined,
        namesClaudeLeftOut: /Not reviewed by Claude \(\d+\)/.test(summary),
        claudeLeftOut: Number(/Not reviewed by Claude \((\d+)\)/.exec(summary)?.[1] ?? 0),
        capNote: summary.includes('its cap is 3,000'),
      },
      profile: prof,
    };
  } finally {
    ghInFlight.stop();
    runner.remove();
    await gh.close();
    await model?.close();
    restore();
  }
}

// ---- run --------------------------------------------------------------------------------------

const info = machine();
console.log(`machine: ${info.nproc} cores, ${info.cpu}, node ${info.node}; convex-review at ${info.commit}; fake model delay ${delayMs} ms; GitHub fake latency ${githubLatencyMs} ms\n`);

const start = await startup(Number(values['start-runs']));
console.log(`bundle start-up (release event, skipped): median ${start.wallS.toFixed(3)} s wall of ${start.samples.map((s) => s.toFixed(3)).join(', ')}; ${start.cpuS.toFixed(2)} s cpu; ${start.peakMb.toFixed(0)} MB\n`);

const results = [];
for (const files of sizes) {
  const t0 = Date.now();
  const pr = buildPullRequest({ files, seed });
  console.log(`${fmt(files)} changed files in a ${fmt(pr.repoFiles)}-file project (${fmt(pr.lines)} lines, ${fmt(pr.planted)} planted problems on added lines), built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const mode of modes) {
    const runs = [];
    for (let i = 0; i < runsFor(files); i++) {
      const r = await scenario(pr, files, mode, i);
      runs.push(r);
      const busy = r.otherCores !== undefined ? `, machine busy ${r.otherCores.toFixed(2)} cores besides the action (fakes: ${(r.fakesCpuS / r.wallS).toFixed(2)})` : '';
      console.log(`  claude ${mode.padEnd(3)} run ${i + 1}: ${r.wallS.toFixed(2)} s wall, ${r.cpuS.toFixed(2)} s cpu, ${r.peakMb.toFixed(0)} MB, ${r.github.total} GitHub requests${r.claude ? `, ${r.claude.requests} Claude requests` : ''}${busy}`);
    }
    const byWall = [...runs].sort((a, b) => a.wallS - b.wallS);
    const mid = byWall[(byWall.length - 1) >> 1];
    results.push({ ...mid, runs: runs.map((r) => ({ wallS: r.wallS, cpuS: r.cpuS, peakMb: r.peakMb, otherCores: r.otherCores })) });
  }
}

// ---- report -----------------------------------------------------------------------------------

const pad = (s, n) => String(s).padStart(n);
const rows = [
  '| files | claude | wall s | cpu s | peak MB | GitHub req. | blobs | allowed | writes | review / summary | secondary limit | max in flight (GH) | Claude req. | in flight | input | output | cache write | cache read |',
  '|------:|--------|-------:|------:|--------:|------:|------:|------:|------:|:------:|:------:|------:|------:|------:|------:|------:|------:|------:|',
];
for (const r of results) {
  const c = r.claude;
  rows.push(
    `| ${pad(fmt(r.files), 5)} | ${r.mode} | ${r.wallS.toFixed(2)} | ${r.cpuS.toFixed(2)} | ${r.peakMb.toFixed(0)} | ${r.github.total} | ${r.github.blobs} | ${r.github.allowed} | ${r.github.creations} | ${r.github.reviewsCreated} / ${r.github.summaryWrites} | ${r.github.rateLimited} | ${r.github.maxInFlight} | ` +
      (c ? `${c.requests} | ${c.maxInFlight} | ${fmt(c.usage.input)} | ${fmt(c.usage.output)} | ${fmt(c.usage.cacheWrite)} | ${fmt(c.usage.cacheRead)} |` : '– | – | – | – | – | – |'),
  );
}
console.log(`\n${rows.join('\n')}\n`);

console.log('GitHub requests by endpoint (median run of each scenario):');
for (const r of results) console.log(`  ${fmt(r.files)} ${r.mode}: ${Object.entries(r.github.byEndpoint).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
console.log('\ntimeline (s from spawn: first GitHub request, last file-list page, last blob request, review POST, summary POST, exit):');
for (const r of results) {
  const tl = r.timeline;
  console.log(`  ${fmt(r.files)} ${r.mode}: ${[tl.firstRequest, tl.lastListPage, tl.lastBlob, tl.reviewPost, tl.summaryPost, tl.exit].map((x) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2))).join(' → ')}`);
}

const verdicts = [];
const check = (label, ok, detail) => {
  verdicts.push(ok);
  console.log(`  ${ok ? '✓' : '✗'} ${label}: ${detail}`);
};
console.log('\ntargets:');
check('start-up ≤ 0.5 s', start.wallS <= TARGETS.startS, `${start.wallS.toFixed(3)} s (median of ${start.samples.length})`);
for (const r of results) {
  const at = `${fmt(r.files)} files, claude ${r.mode}`;
  const g = r.github;
  if (r.files === 300 && r.mode === 'off') check(`${at}: wall ≤ 10 s`, r.wallS <= TARGETS.wallS300, `${r.wallS.toFixed(2)} s`);
  check(`${at}: GitHub requests ≤ ⌈files/100⌉ + blobs + 5`, g.total <= g.allowed, `${g.total} ≤ ${g.allowed}`);
  check(`${at}: ≤ 1 review created, ≤ 1 summary write`, g.reviewsCreated <= 1 && g.summaryWrites <= 1, `${g.reviewsCreated} review, ${g.summaryWrites} summary write (${g.creations} content-creating requests)`);
  check(`${at}: no rate limit hit (fake)`, g.rateLimited === 0, `${g.rateLimited} rate-limited answers; at most ${g.maxInFlight} requests in flight (GitHub allows ${TARGETS.concurrentRequests})`);
  check(
    `${at}: ≤ ${TARGETS.restPointsPerMinute} points per minute on one REST endpoint (GitHub's documented secondary limit, not modelled by the fake)`,
    g.busiest.points <= TARGETS.restPointsPerMinute,
    `${g.busiest.points} on ${g.busiest.route}`,
  );
  if (r.files >= 3000) {
    check(`${at}: peak ≤ 1 GB`, r.peakMb <= TARGETS.peakMb3000, `${r.peakMb.toFixed(0)} MB`);
    const cut = [r.summary.namesNotInline === false ? 'findings past max-comments not listed' : '', r.mode === 'on' && !r.summary.namesClaudeLeftOut ? 'Claude left-out files not named' : ''].filter(Boolean);
    check(`${at}: the summary names what the budgets cut`, cut.length === 0, cut.length ? cut.join('; ') : `not-inline section${r.mode === 'on' ? `, ${fmt(r.summary.claudeLeftOut)} files left out of Claude named` : ''} (${fmt(r.summary.chars)} chars)`);
  }
  const c = r.claude;
  if (c && c.requests > 0) {
    check(`${at}: first Claude request alone, writes the cache; every later one reads it`, c.firstAlone && c.firstWrites && c.laterRead, `alone ${c.firstAlone}, writes ${c.firstWrites}, later read ${c.laterRead}`);
    check(`${at}: ≤ 3 Claude requests in flight`, c.maxInFlight <= 3, `${c.maxInFlight}`);
    check(
      `${at}: Claude time ≈ (1 + ⌈(batches − 1) / 3⌉) × delay`,
      c.spanS <= c.expectedS * 1.1 + 0.5,
      `${c.spanS.toFixed(2)} s for ${c.requests} requests vs ${c.expectedS.toFixed(2)} s`,
    );
  }
}

const report = { machine: info, delayMs, githubLatencyMs, seed, targets: TARGETS, startup: start, results };
writeFileSync(values.json ?? join(OUT, 'action-results.json'), `${JSON.stringify(report, null, 2)}\n`);
if (values['cpu-prof']) {
  console.log('\nCPU profiles (self time):');
  for (const r of results) {
    if (!r.profile || !existsSync(r.profile)) continue;
    const file = (await import('node:fs')).readdirSync(r.profile).find((f) => f.endsWith('.cpuprofile'));
    if (!file) continue;
    const p = summarizeProfile(join(r.profile, file));
    console.log(`  ${fmt(r.files)} ${r.mode}: ${(p.totalMs / 1000).toFixed(2)} s profiled, idle ${(p.idleMs / 1000).toFixed(2)} s, GC ${(p.gcMs / 1000).toFixed(2)} s, program ${(p.programMs / 1000).toFixed(2)} s`);
    for (const f of p.top) console.log(`      ${f.ms.toFixed(0).padStart(6)} ms  ${f.name}`);
  }
}
console.log(`\ntargets ${verdicts.every(Boolean) ? 'all hold' : 'MISSED (see ✗ above)'}`);
