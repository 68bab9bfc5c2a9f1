// Precision sampling (docs/precision.md): runs the CLI over checked-out apps, one at a time, and
// draws a stratified sample of its findings with a fixed seed, to be labelled by hand.
//
//   node scripts/precision-sample.mjs [--seed 1] [--per-stratum 10] [--per-repo 4]
//        [--strata rule|rule+severity] [--json FILE] ID=DIR...
//
// ID names the tree in the output (e.g. `get-convex/agent@fd0b791…`); DIR is where it is checked
// out. A stratum is a rule (default) or a rule at one severity. From each stratum the sample takes
// `--per-stratum` findings (all of them when there are fewer), in a seeded shuffle of the
// stratum, skipping a finding once its tree already has `--per-repo` in that stratum. Output: one
// `ID:path:line rule severity message` line per sampled finding, a `#` header per stratum with
// its size. `--json FILE` also writes every finding (with its ID) for counting.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fnv1a, mulberry32 } from '../bench/lib/prng.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const options = { seed: 1, perStratum: 10, perRepo: 4, strata: 'rule', json: null, cli: join(root, 'dist', 'cli.js') };
const trees = [];

const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) fail(`${arg} needs a value`);
    return argv[++i];
  };
  if (arg === '--seed') options.seed = integer(arg, value());
  else if (arg === '--per-stratum') options.perStratum = integer(arg, value());
  else if (arg === '--per-repo') options.perRepo = integer(arg, value());
  else if (arg === '--strata') options.strata = oneOf(arg, value(), ['rule', 'rule+severity']);
  else if (arg === '--json') options.json = value();
  else if (arg === '--cli') options.cli = resolve(value());
  else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
  else {
    const eq = arg.indexOf('=');
    if (eq <= 0) fail(`expected ID=DIR, got ${arg}`);
    trees.push({ id: arg.slice(0, eq), dir: resolve(arg.slice(eq + 1)) });
  }
}
if (trees.length === 0) fail('no ID=DIR given');
if (!existsSync(options.cli)) fail(`${options.cli} is missing: run 'node scripts/build.mjs' first`);

// One tree at a time: the CLI already uses the machine's cores.
const findings = [];
for (const { id, dir } of trees) {
  const run = spawnSync(process.execPath, [options.cli, 'check', dir, '--format', 'json', '--fail-on', 'never'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) fail(`${id}: the CLI exited ${run.status}\n${run.stderr}`);
  const report = JSON.parse(run.stdout);
  for (const f of report.findings) findings.push({ repo: id, ...f });
  process.stderr.write(`${id}: ${report.files} files, ${report.findings.length} findings\n`);
}

const stratumOf = (f) => (options.strata === 'rule' ? f.ruleId : `${f.ruleId} ${f.severity}`);
const strata = new Map();
for (const f of findings) {
  const key = stratumOf(f);
  if (!strata.has(key)) strata.set(key, []);
  strata.get(key).push(f);
}

const out = [];
for (const key of [...strata.keys()].sort()) {
  // A canonical order first, so the shuffle depends on the seed and the findings only.
  const all = strata.get(key).sort(byLocation);
  const rng = mulberry32(fnv1a(`${options.seed}:${key}`));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const perRepo = new Map();
  const picked = [];
  for (const f of all) {
    if (picked.length >= options.perStratum) break;
    const n = perRepo.get(f.repo) ?? 0;
    if (n >= options.perRepo) continue;
    perRepo.set(f.repo, n + 1);
    picked.push(f);
  }
  picked.sort(byLocation);
  const severities = count(all.map((f) => f.severity));
  out.push(`# ${key}: ${picked.length} sampled of ${all.length} (${severities})`);
  for (const f of picked) out.push(`${f.repo}:${f.path}:${f.line} ${f.ruleId} ${f.severity} ${f.message}`);
}
process.stdout.write(`${out.join('\n')}\n`);

if (options.json) {
  writeFileSync(options.json, `${JSON.stringify({ options: { ...options, cli: undefined }, trees, findings }, null, 1)}\n`);
}

function byLocation(a, b) {
  return cmp(a.repo, b.repo) || cmp(a.path, b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || cmp(a.ruleId, b.ruleId);
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count(values) {
  const m = new Map();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].map(([k, n]) => `${n} ${k}`).join(', ');
}

function integer(flag, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) fail(`${flag} takes a whole number, got ${text}`);
  return n;
}

function oneOf(flag, text, allowed) {
  if (!allowed.includes(text)) fail(`${flag} takes ${allowed.join(' or ')}, got ${text}`);
  return text;
}

function fail(message) {
  process.stderr.write(`precision-sample: ${message}\n`);
  process.exit(2);
}
