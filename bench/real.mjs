#!/usr/bin/env node
// The real-app benchmark: convex-review's CLI against ESLint + @convex-dev/eslint-plugin and
// against TypeScript's parser alone, on checked-out public Convex apps (never committed: only
// their repository@commit list and the figures are).
//
//   npm run bench:real -- DIR...             (builds dist/, then runs this)
//   node bench/real.mjs [--dist DIR] [--before-dist DIR] [--runs 3] [--tools ours,eslint,parser] [--json FILE] DIR...
//
// The three tools read the same files: the source files of every Convex root of the app, found
// by the CLI's own root discovery (src/convex/model/roots.ts, bundled on the fly with esbuild).
// The CLI's `files` count is checked against that list. Each tool is a separate process, timed
// from spawn to exit (lib/measure.mjs: CPU user+sys, wall, peak RSS); medians of --runs runs;
// the order of the tools rotates from run to run, and so does the order of the apps.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measureNode } from './lib/measure.mjs';
import { machine } from './lib/machine.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH, '..');
const OUT = join(BENCH, '.out', 'real');
const ESLINT_BIN = join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PARSE_ONLY = join(BENCH, 'parse-only.mjs');

const TARGETS = { maxCpuVsParserTotal: 1.5, maxCpuVsParserLargest: 1.8, minEslintVsOursLargest: 4, minEslintVsOursTotal: 3, maxPeakVsParser: 2 };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dist: { type: 'string', default: join(REPO, 'dist') },
    // A second build run side by side with --dist (tool `before`): a before/after under the same load.
    'before-dist': { type: 'string' },
    runs: { type: 'string', default: '3' },
    tools: { type: 'string', default: 'ours,eslint,parser' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || positionals.length === 0) {
  console.log('usage: node bench/real.mjs [--dist DIR] [--runs 3] [--tools ours,eslint,parser] [--json FILE] APP_DIR...');
  process.exit(values.help ? 0 : 2);
}
const runs = Number(values.runs);
const tools = values.tools.split(',');
const apps = positionals.map((p) => resolve(p));
mkdirSync(OUT, { recursive: true });

// The CLI runs from a copy of --dist taken at start (one per run, so two runs side by side do
// not share one), so a rebuild mid-run cannot mix versions.
const DIST_COPY = join(OUT, `dist-${process.pid}`);
const CLI = join(DIST_COPY, 'cli.js');
if (tools.includes('ours')) {
  if (!existsSync(join(values.dist, 'cli.js'))) {
    console.error(`${join(values.dist, 'cli.js')} is missing: run \`npm run build\` first (\`npm run bench:real\` does).`);
    process.exit(2);
  }
  rmSync(DIST_COPY, { recursive: true, force: true });
  cpSync(values.dist, DIST_COPY, { recursive: true });
  process.on('exit', () => rmSync(DIST_COPY, { recursive: true, force: true }));
}
const BEFORE_COPY = join(OUT, `dist-before-${process.pid}`);
if (values['before-dist']) {
  if (!tools.includes('before')) tools.push('before');
  rmSync(BEFORE_COPY, { recursive: true, force: true });
  cpSync(values['before-dist'], BEFORE_COPY, { recursive: true });
  process.on('exit', () => rmSync(BEFORE_COPY, { recursive: true, force: true }));
}

/** The CLI's root discovery and source-path test, bundled from src/ for this run. */
async function loadRootDiscovery() {
  const { build } = await import('esbuild');
  const outfile = join(OUT, `roots-${process.pid}.mjs`);
  const model = join(REPO, 'src', 'convex', 'model');
  await build({
    stdin: {
      contents: `export { findConvexRoots } from ${JSON.stringify(join(model, 'roots.ts'))};\nexport { isSourcePath, isUnder } from ${JSON.stringify(join(model, 'paths.ts'))};`,
      resolveDir: model,
      loader: 'ts',
      sourcefile: 'bench-roots.ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  const mod = await import(pathToFileURL(outfile).href);
  rmSync(outfile, { force: true });
  return mod;
}
const { findConvexRoots, isSourcePath, isUnder } = await loadRootDiscovery();

/** Every file of the app (no node_modules, no .git), app-relative with `/`. */
function listFiles(root) {
  const out = [];
  (function walk(dir) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
    }
  })(root);
  return out.sort();
}

/** The source files the CLI analyzes: those under a Convex root's functions folder. */
function convexSourceFiles(app) {
  const paths = listFiles(app);
  const read = (p) => {
    try {
      return readFileSync(join(app, p), 'utf8');
    } catch {
      return undefined;
    }
  };
  const roots = findConvexRoots({ paths, read });
  const files = paths.filter((p) => !p.includes('/node_modules/') && isSourcePath(p) && roots.some((r) => isUnder(p, r.functionsDir)));
  const lines = files.reduce((n, p) => n + (read(p) ?? '').split('\n').length, 0);
  return { roots, files, lines };
}

/** A flat config with all rules of the plugin on, no type information, for these files only. */
function writeEslintConfig(file) {
  const plugin = pathToFileURL(join(REPO, 'node_modules', '@convex-dev', 'eslint-plugin', 'dist', 'esm', 'index.js')).href;
  const parser = import.meta.resolve('@typescript-eslint/parser');
  writeFileSync(
    file,
    [
      '// Written by bench/real.mjs: every rule of @convex-dev/eslint-plugin, no type information.',
      `import convex from ${JSON.stringify(plugin)};`,
      `import tsParser from ${JSON.stringify(parser)};`,
      '',
      'export default [',
      '  {',
      '    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts", "**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"],',
      '    languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },',
      '    linterOptions: { reportUnusedDisableDirectives: "off" },',
      '    plugins: { "@convex-dev": convex },',
      '    rules: Object.fromEntries(Object.keys(convex.rules).map((rule) => [`@convex-dev/${rule}`, "error"])),',
      '  },',
      '];',
      '',
    ].join('\n'),
  );
}
const ESLINT_CONFIG = join(OUT, `eslint-${process.pid}.config.mjs`);
writeEslintConfig(ESLINT_CONFIG);

/** How each tool is run on one app and how its output is counted. */
const TOOLS = {
  ours: {
    label: 'convex-review',
    args: (app) => [CLI, 'check', app, '--format', 'json', '--fail-on', 'never'],
    count(text) {
      const j = JSON.parse(text);
      return { total: j.findings.length, files: j.files };
    },
  },
  before: {
    label: 'before (build)',
    args: (app) => [join(BEFORE_COPY, 'cli.js'), 'check', app, '--format', 'json', '--fail-on', 'never'],
    count(text) {
      const j = JSON.parse(text);
      return { total: j.findings.length, files: j.files };
    },
  },
  eslint: {
    label: 'eslint+plugin',
    // From the app's folder (ESLint 9 resolves `files` against the cwd), on the listed files only.
    args: (app, outFile, listFile) => [ESLINT_BIN, '--config', ESLINT_CONFIG, '--no-ignore', '--format', 'json', '--output-file', outFile, ...readFileSync(listFile, 'utf8').split('\n').filter(Boolean)],
    cwd: (app) => app,
    outputFile: true,
    count(text) {
      const j = JSON.parse(text);
      return { total: j.flatMap((f) => f.messages).length, files: j.length };
    },
  },
  parser: {
    label: 'ts parser only',
    args: (app, outFile, listFile) => [PARSE_ONLY, '--list', listFile],
    count(text) {
      const j = JSON.parse(text);
      return { total: j.parseErrors, files: j.files };
    },
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const name = (app) => basename(app);

const info = machine();
console.log(`machine: ${info.nproc} cores, ${info.cpu}, node ${info.node}; convex-review from ${values.dist} (checkout at ${info.commit}); runs: ${runs} (median)\n`);

const plan = apps.map((app) => {
  if (!statSync(app).isDirectory()) throw new Error(`${app} is not a folder`);
  const { roots, files, lines } = convexSourceFiles(app);
  const listFile = join(OUT, `${name(app)}-${process.pid}.files`);
  writeFileSync(listFile, `${files.map((f) => join(app, f)).join('\n')}\n`);
  console.log(`${name(app)}: ${roots.length} root(s), ${files.length} files, ${lines} lines`);
  return { app, listFile, files: files.length, lines, samples: Object.fromEntries(tools.map((t) => [t, []])), counts: {} };
});

for (let r = 0; r < runs; r++) {
  const order = tools.map((_, i) => tools[(i + r) % tools.length]);
  // Apps rotate too, so that a busy stretch of the shared machine does not land on one app.
  const appOrder = plan.map((_, i) => plan[(i + r) % plan.length]);
  for (const p of appOrder) {
    for (const tool of order) {
      const spec = TOOLS[tool];
      const stdoutFile = join(OUT, `last-${tool}-${name(p.app)}-${process.pid}.out`);
      const resultFile = spec.outputFile ? join(OUT, `last-${tool}-${name(p.app)}-${process.pid}.json`) : stdoutFile;
      if (p.files === 0 && tool !== 'ours' && tool !== 'before') continue;
      const m = await measureNode(spec.args(p.app, resultFile, p.listFile), { cwd: spec.cwd ? spec.cwd(p.app) : REPO, stdoutFile });
      if (m.signal || (m.exitCode !== 0 && m.exitCode !== 1)) {
        throw new Error(`${spec.label} failed on ${p.app} (exit ${m.exitCode ?? m.signal}):\n${m.stderr}`);
      }
      p.counts[tool] = spec.count(readFileSync(resultFile, 'utf8'));
      p.samples[tool].push(m);
      const busy = m.otherCores !== undefined && m.otherCores > 0.25 ? `  (busy: others used ${m.otherCores.toFixed(2)} cores)` : '';
      process.stdout.write(`  run ${r + 1} ${name(p.app).padEnd(40)} ${spec.label.padEnd(15)} ${(m.wallMs / 1000).toFixed(2).padStart(7)} s wall ${((m.cpuMs ?? NaN) / 1000).toFixed(2).padStart(7)} s cpu ${(m.peakKiB / 1024).toFixed(0).padStart(5)} MB${busy}\n`);
    }
  }
}

// ---- report -----------------------------------------------------------------------------
const results = plan.map((p) => ({
  app: name(p.app),
  files: p.files,
  lines: p.lines,
  tools: Object.fromEntries(
    tools
      .filter((t) => p.samples[t].length)
      .map((t) => [
        t,
        {
          cpuS: median(p.samples[t].map((m) => m.cpuMs ?? NaN)) / 1000,
          wallS: median(p.samples[t].map((m) => m.wallMs)) / 1000,
          peakMb: median(p.samples[t].map((m) => m.peakKiB)) / 1024,
          otherCoresMax: Math.max(...p.samples[t].map((m) => m.otherCores ?? 0)),
          findings: p.counts[t],
        },
      ]),
  ),
}));

const fmt = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
const ratio = (a, b) => (a === undefined || b === undefined || !a || !b ? undefined : a / b);
const rows = [
  '| app | files | lines | ours cpu s | ours wall s | ours MB | eslint cpu s | parser cpu s | parser MB | ours ÷ parser (cpu) | eslint ÷ ours (cpu) | ours ÷ parser (MB) | findings | files (CLI) |',
  '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
];
const sum = (t, k) => results.reduce((n, r) => n + (r.tools[t]?.[k] ?? 0), 0);
for (const r of [...results].sort((a, b) => a.files - b.files)) {
  const o = r.tools.ours;
  const e = r.tools.eslint;
  const p = r.tools.parser;
  const mismatch = o && o.findings.files !== r.files ? ' ≠' : '';
  rows.push(
    `| ${r.app} | ${r.files} | ${r.lines} | ${fmt(o?.cpuS)} | ${fmt(o?.wallS)} | ${fmt(o?.peakMb, 0)} | ${fmt(e?.cpuS)} | ${fmt(p?.cpuS)} | ${fmt(p?.peakMb, 0)} | ${fmt(ratio(o?.cpuS, p?.cpuS))}× | ${fmt(ratio(e?.cpuS, o?.cpuS))}× | ${fmt(ratio(o?.peakMb, p?.peakMb))}× | ${o?.findings.total ?? '–'} | ${o?.findings.files ?? '–'}${mismatch} |`,
  );
}
const total = { ours: sum('ours', 'cpuS'), eslint: sum('eslint', 'cpuS'), parser: sum('parser', 'cpuS') };
rows.push(
  `| **total** | ${results.reduce((n, r) => n + r.files, 0)} | ${results.reduce((n, r) => n + r.lines, 0)} | ${fmt(total.ours)} | ${fmt(sum('ours', 'wallS'))} | | ${fmt(total.eslint)} | ${fmt(total.parser)} | | ${fmt(ratio(total.ours, total.parser))}× | ${fmt(ratio(total.eslint, total.ours))}× | | | |`,
);
console.log(`\n${rows.join('\n')}\n`);

const largest = [...results].sort((a, b) => b.files - a.files)[0];
const checks = [];
const check = (label, value, ok) => checks.push(`${ok === undefined ? '·' : ok ? '✓' : '✗'} ${label}: ${value === undefined ? 'n/a' : `${value.toFixed(2)}×`}`);
const lo = largest.tools.ours;
const lp = largest.tools.parser;
const le = largest.tools.eslint;
const vsParserTotal = ratio(total.ours, total.parser);
const vsParserLargest = ratio(lo?.cpuS, lp?.cpuS);
const eslintTotal = ratio(total.eslint, total.ours);
const eslintLargest = ratio(le?.cpuS, lo?.cpuS);
const worstMem = Math.max(...results.map((r) => ratio(r.tools.ours?.peakMb, r.tools.parser?.peakMb) ?? 0));
check(`CPU ÷ parser, total (≤ ${TARGETS.maxCpuVsParserTotal}×)`, vsParserTotal, vsParserTotal === undefined ? undefined : vsParserTotal <= TARGETS.maxCpuVsParserTotal);
check(`CPU ÷ parser, largest app ${largest.app} (≤ ${TARGETS.maxCpuVsParserLargest}×)`, vsParserLargest, vsParserLargest === undefined ? undefined : vsParserLargest <= TARGETS.maxCpuVsParserLargest);
check(`ESLint CPU ÷ ours, total (≥ ${TARGETS.minEslintVsOursTotal}×)`, eslintTotal, eslintTotal === undefined ? undefined : eslintTotal >= TARGETS.minEslintVsOursTotal);
check(`ESLint CPU ÷ ours, largest app (≥ ${TARGETS.minEslintVsOursLargest}×)`, eslintLargest, eslintLargest === undefined ? undefined : eslintLargest >= TARGETS.minEslintVsOursLargest);
check(`peak MB ÷ parser's, worst app (≤ ${TARGETS.maxPeakVsParser}×)`, worstMem || undefined, worstMem ? worstMem <= TARGETS.maxPeakVsParser : undefined);
console.log(checks.join('\n'));

const report = { machine: info, dist: values.dist, runs, targets: TARGETS, results };
const jsonFile = values.json ?? join(OUT, 'real-results.json');
writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nresults: ${jsonFile}`);
