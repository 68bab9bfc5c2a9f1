#!/usr/bin/env node
// The static benchmark: convex-review's CLI against ESLint + @convex-dev/eslint-plugin and
// against TypeScript's parser alone, on the same generated projects.
//
//   npm run bench:static                     (builds dist/, then runs this)
//   node bench/static.mjs --sizes 100,1000,5000 --runs 3 --seed 1
//
// Each tool is a separate process, timed from spawn to exit (wall), with its CPU time and
// peak RSS (see lib/measure.mjs). Medians over --runs runs; tool order rotates between runs.
// A run during which other processes kept the machine busy is flagged. The figures and the
// findings per rule are also written to bench/.out/static-results.json.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.mjs';
import { measureNode } from './lib/measure.mjs';
import { machine } from './lib/machine.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(BENCH, '..');
const OUT = join(BENCH, '.out');
const DIST = join(REPO, 'dist');
// The CLI runs from a copy of dist/ taken at start, so a rebuild mid-run cannot mix versions.
const CLI = join(OUT, 'dist', 'cli.js');
const ESLINT_BIN = join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js');
const PARSE_ONLY = join(BENCH, 'parse-only.mjs');

const TARGETS = { minSpeedupVsEslint: 5, maxRatioVsParser: 2, maxPeakMbAt1000: 300, checkedSizes: [1000, 5000] };

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,5000' },
    runs: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    tools: { type: 'string', default: 'ours,eslint,parser' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: node bench/static.mjs [--sizes 100,1000,5000] [--runs 3] [--seed 1] [--tools ours,eslint,parser] [--json FILE]');
  process.exit(0);
}
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const seed = Number(values.seed);
const tools = values.tools.split(',');
if (tools.includes('ours')) {
  if (!existsSync(join(DIST, 'cli.js'))) {
    console.error(`${join(DIST, 'cli.js')} is missing: run \`npm run build\` first (\`npm run bench:static\` does).`);
    process.exit(2);
  }
  rmSync(join(OUT, 'dist'), { recursive: true, force: true });
  cpSync(DIST, join(OUT, 'dist'), { recursive: true });
}

/** A flat config with all 11 rules of the plugin on, no type information. */
function writeEslintConfig(dir) {
  const plugin = pathToFileURL(join(REPO, 'node_modules', '@convex-dev', 'eslint-plugin', 'dist', 'esm', 'index.js')).href;
  const parser = import.meta.resolve('@typescript-eslint/parser');
  writeFileSync(
    join(dir, 'eslint.config.mjs'),
    [
      '// Written by bench/static.mjs: every rule of @convex-dev/eslint-plugin, no type information.',
      `import convex from ${JSON.stringify(plugin)};`,
      `import tsParser from ${JSON.stringify(parser)};`,
      '',
      'export default [',
      '  {',
      '    files: ["convex/**/*.ts"],',
      '    languageOptions: { parser: tsParser, ecmaVersion: "latest", sourceType: "module" },',
      '    linterOptions: { reportUnusedDisableDirectives: "off" },',
      '    plugins: { "@convex-dev": convex },',
      '    rules: Object.fromEntries(Object.keys(convex.rules).map((rule) => [`@convex-dev/${rule}`, "error"])),',
      '  },',
      '];',
      '',
    ].join('\n'),
  );
}

/** How each tool is run and how its output is counted. */
const TOOLS = {
  ours: {
    label: 'convex-review',
    args: (dir) => [CLI, 'check', dir, '--format', 'json'],
    count(text) {
      const j = JSON.parse(text);
      return { total: j.findings.length, byRule: tally(j.findings.map((f) => f.ruleId)), files: j.files };
    },
  },
  eslint: {
    label: 'eslint+plugin',
    // Run from the project folder: with --config, ESLint 9 resolves `files` against the cwd.
    args: (dir, outFile) => [ESLINT_BIN, '--config', 'eslint.config.mjs', '--format', 'json', '--output-file', outFile, 'convex'],
    cwd: (dir) => dir,
    outputFile: true,
    count(text) {
      const j = JSON.parse(text);
      const msgs = j.flatMap((f) => f.messages);
      return { total: msgs.length, byRule: tally(msgs.map((m) => (m.ruleId ?? 'fatal').replace('@convex-dev/', ''))), files: j.length };
    },
  },
  parser: {
    label: 'ts parser only',
    args: (dir) => [PARSE_ONLY, join(dir, 'convex')],
    count(text) {
      const j = JSON.parse(text);
      return { total: j.parseErrors, byRule: {}, files: j.files };
    },
  },
};

function tally(ids) {
  const out = {};
  for (const id of ids) out[id] = (out[id] ?? 0) + 1;
  return out;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

mkdirSync(OUT, { recursive: true });
const info = machine();
console.log(`machine: ${info.nproc} cores, ${info.cpu}, node ${info.node}; convex-review at ${info.commit}; runs per cell: ${runs} (median)\n`);

const results = [];
for (const files of sizes) {
  const dir = join(OUT, `p${files}-s${seed}`);
  const gen = await generateProject({ files, seed, outDir: dir });
  writeEslintConfig(dir);
  console.log(`generated ${files} files (${gen.lines} lines, ${gen.plantedTotal} planted problems) in ${dir}`);
  const samples = Object.fromEntries(tools.map((t) => [t, []]));
  const counts = {};
  for (let r = 0; r < runs; r++) {
    const order = tools.map((_, i) => tools[(i + r) % tools.length]);
    for (const tool of order) {
      const spec = TOOLS[tool];
      const stdoutFile = join(OUT, `last-${tool}-${files}.out`);
      const resultFile = spec.outputFile ? join(OUT, `last-${tool}-${files}.json`) : stdoutFile;
      const m = await measureNode(spec.args(dir, resultFile), { cwd: spec.cwd ? spec.cwd(dir) : REPO, stdoutFile });
      if (m.signal || (m.exitCode !== 0 && m.exitCode !== 1)) {
        throw new Error(`${spec.label} failed on ${files} files (exit ${m.exitCode ?? m.signal}):\n${m.stderr}`);
      }
      counts[tool] = spec.count(readFileSync(resultFile, 'utf8'));
      samples[tool].push(m);
      const busy = m.otherCores !== undefined && m.otherCores > 0.25 ? `  (machine busy: other processes used ${m.otherCores.toFixed(2)} cores)` : '';
      process.stdout.write(`  run ${r + 1} ${spec.label.padEnd(15)} ${(m.wallMs / 1000).toFixed(2).padStart(7)} s wall ${((m.cpuMs ?? NaN) / 1000).toFixed(2).padStart(7)} s cpu ${(m.peakKiB / 1024).toFixed(0).padStart(5)} MB${busy}\n`);
    }
  }
  for (const tool of tools) {
    results.push({
      files,
      tool,
      wallS: median(samples[tool].map((m) => m.wallMs)) / 1000,
      cpuS: median(samples[tool].map((m) => m.cpuMs ?? NaN)) / 1000,
      otherCoresMax: Math.max(...samples[tool].map((m) => m.otherCores ?? 0)),
      peakMb: median(samples[tool].map((m) => m.peakKiB)) / 1024,
      findings: counts[tool],
      planted: gen.planted,
    });
  }
}

// ---- report -----------------------------------------------------------------------------
const cell = (files, tool) => results.find((r) => r.files === files && r.tool === tool);
const pad = (s, n) => String(s).padStart(n);
const rows = [];
rows.push(`| files | tool           | wall s | cpu s | peak MB | findings |`);
rows.push(`|------:|----------------|-------:|------:|--------:|---------:|`);
for (const r of results) {
  const f = r.tool === 'parser' ? `${r.findings.files} parsed` : r.findings.total;
  rows.push(`| ${pad(r.files, 5)} | ${TOOLS[r.tool].label.padEnd(14)} | ${pad(r.wallS.toFixed(2), 6)} | ${pad(r.cpuS.toFixed(2), 5)} | ${pad(r.peakMb.toFixed(0), 7)} | ${pad(f, 8)} |`);
}
console.log(`\n${rows.join('\n')}\n`);

const verdicts = [];
const vrows = ['| files | ESLint ÷ ours, wall (≥ 5×) | ours ÷ parser, wall (≤ 2×) | ours peak MB (≤ 300 @1000) |', '|------:|------:|------:|------:|'];
for (const files of sizes) {
  const ours = cell(files, 'ours');
  if (!ours) continue;
  const eslint = cell(files, 'eslint');
  const parser = cell(files, 'parser');
  const checked = TARGETS.checkedSizes.includes(files);
  const mark = (ok) => (checked ? (ok ? ' ✓' : ' ✗') : ' (report only)');
  const speedup = eslint ? eslint.wallS / ours.wallS : undefined;
  const ratio = parser ? ours.wallS / parser.wallS : undefined;
  const okSpeed = speedup === undefined || speedup >= TARGETS.minSpeedupVsEslint;
  const okParser = ratio === undefined || ratio <= TARGETS.maxRatioVsParser;
  const okMem = files !== 1000 || ours.peakMb <= TARGETS.maxPeakMbAt1000;
  if (checked) verdicts.push(okSpeed && okParser && okMem);
  // CPU-time ratios alongside: steadier than wall time when the machine is shared.
  const cpuSpeedup = eslint ? ` (cpu ${(eslint.cpuS / ours.cpuS).toFixed(1)}×)` : '';
  const cpuRatio = parser ? ` (cpu ${(ours.cpuS / parser.cpuS).toFixed(2)}×)` : '';
  vrows.push(
    `| ${pad(files, 5)} | ${speedup === undefined ? 'n/a' : `${speedup.toFixed(1)}×${mark(okSpeed)}${cpuSpeedup}`} | ${ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}×${mark(okParser)}${cpuRatio}`} | ${ours.peakMb.toFixed(0)}${files === 1000 ? mark(okMem) : ''} |`,
  );
}
console.log(vrows.join('\n'));

console.log('\nfindings by rule (sanity check that every tool analyzed the files):');
for (const files of sizes) {
  const planted = results.find((r) => r.files === files)?.planted;
  console.log(`  ${files} files, planted: ${JSON.stringify(planted)}`);
  for (const tool of tools.filter((t) => t !== 'parser')) {
    const c = cell(files, tool);
    if (c) console.log(`    ${TOOLS[tool].label}: ${c.findings.total} in ${c.findings.files} files ${JSON.stringify(c.findings.byRule)}`);
  }
  const p = cell(files, 'parser');
  if (p) console.log(`    ts parser only: ${p.findings.files} files parsed, ${p.findings.total} parse errors`);
}

const report = { machine: info, runs, seed, targets: TARGETS, results };
writeFileSync(values.json ?? join(OUT, 'static-results.json'), `${JSON.stringify(report, null, 2)}\n`);
if (verdicts.length) console.log(`\ntargets ${verdicts.every(Boolean) ? 'hold' : 'MISSED'} at ${TARGETS.checkedSizes.join(' and ')} files`);
