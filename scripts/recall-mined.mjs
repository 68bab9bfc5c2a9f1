// Recall on mined fixes (docs/recall.md): for each labelled real fix, does the CLI, run on the tree
// just before the fix, report a finding of the right rule at the fixed place?
//
//   node scripts/recall-mined.mjs --cli PATH/cli.js [--labels docs/recall/mined-fixes.json]
//        [--trees /tmp/recall/trees] [--mirror DIR] [--json FILE] [--column TITLE]
//
// Each label's parent tree is read from `<trees>/<owner>+<name>@<parent12>`, exported beforehand
// with `git -C <repo> archive <parent> | tar -x -C <that dir>`. With `--mirror DIR` a missing tree
// is exported from `DIR/<owner>+<name>/repo` (the layout of the fetch tool's snapshots). The CLI
// runs once per tree (`check <tree> --format json --fail-on never`), one tree at a time.
//
// A label is caught when a finding has `ruleId` equal to its `kind` or one of its `alsoAccepted`
// ids, is in the same file, and its line is within ±3 of the label's line or inside its `span`.
// Output: a markdown table of recall per kind and in total, then the missed labels with the
// findings that were near them (to help say why the rule missed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * @typedef {object} Label
 * @property {number} id
 * @property {string} repo owner/name
 * @property {string} fixCommit
 * @property {string} parentCommit
 * @property {string} path relative to the repository root
 * @property {number} line in the parent commit
 * @property {string} kind the rule id that should catch it
 * @property {string[]} [alsoAccepted]
 * @property {[number, number]} [span] inclusive line range that also counts
 * @property {string} why
 *
 * @typedef {{ ruleId: string, severity: string, path: string, line: number, message: string }} Finding
 */

/** How far (in lines) a finding may sit from the labelled line and still count. */
const LINE_TOLERANCE = 3;
/** How far around a missed label to look for findings worth showing. */
const NEARBY = 10;

const root = fileURLToPath(new URL('..', import.meta.url));
const defaults = { labels: join(root, 'docs', 'recall', 'mined-fixes.json'), trees: '/tmp/recall/trees', column: 'recall' };
let parsed;
try {
  ({ values: parsed } = parseArgs({
    options: Object.fromEntries(['cli', 'labels', 'trees', 'mirror', 'json', 'column'].map((name) => [name, { type: 'string' }])),
  }));
} catch (error) {
  fail(error.message);
}
const options = { ...defaults, cli: '', mirror: '', json: '', ...parsed };
// Paths are taken relative to the current directory; the column is a label.
for (const key of ['cli', 'labels', 'trees', 'mirror', 'json']) if (options[key]) options[key] = resolve(options[key]);
if (!options.cli) fail('--cli PATH is required (the cli.js of the build to measure)');
if (!existsSync(options.cli)) fail(`${options.cli} does not exist`);

/** @type {Label[]} */
const labels = JSON.parse(readFileSync(options.labels, 'utf8')).labels;

/** @type {Map<string, Finding[]>} findings per tree directory, so each tree runs once */
const cache = new Map();
const results = labels.map((label) => {
  const findings = findingsFor(treeDir(label), label);
  const accepted = new Set([label.kind, ...(label.alsoAccepted ?? [])]);
  const inFile = findings.filter((f) => normalise(f.path) === label.path);
  const atLabel = inFile.filter((f) => accepted.has(f.ruleId) && isAtLabel(f.line, label));
  // Report the labelled rule when it fired, an accepted alternative only when it did not.
  const match = atLabel.find((f) => f.ruleId === label.kind) ?? atLabel[0];
  const nearby = inFile.filter((f) => Math.abs(f.line - label.line) <= NEARBY || isAtLabel(f.line, label));
  return { label, caught: Boolean(match), match, nearby };
});

process.stdout.write(`${report(results)}\n`);
if (options.json) {
  const out = results.map(({ label, caught, match, nearby }) => ({
    id: label.id,
    kind: label.kind,
    caught,
    match: match ? brief(match) : null,
    nearby: nearby.map(brief),
  }));
  writeFileSync(options.json, `${JSON.stringify(out, null, 1)}\n`);
}

/**
 * @param {number} line a finding's line
 * @param {Label} label
 */
function isAtLabel(line, label) {
  if (Math.abs(line - label.line) <= LINE_TOLERANCE) return true;
  return Boolean(label.span && line >= label.span[0] && line <= label.span[1]);
}

/** @param {Label} label */
function treeDir(label) {
  return join(options.trees, `${label.repo.replace('/', '+')}@${label.parentCommit.slice(0, 12)}`);
}

/**
 * The CLI's findings for one exported tree, exporting it first when `--mirror` allows.
 * @param {string} dir
 * @param {Label} label
 * @returns {Finding[]}
 */
function findingsFor(dir, label) {
  const cached = cache.get(dir);
  if (cached) return cached;
  if (!existsSync(dir)) exportTree(dir, label);
  const run = spawnSync(process.execPath, [options.cli, 'check', dir, '--format', 'json', '--fail-on', 'never'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0) fail(`${dir}: the CLI exited ${run.status}\n${run.stderr}`);
  /** @type {Finding[]} */
  const findings = JSON.parse(run.stdout).findings;
  process.stderr.write(`${dir}: ${findings.length} findings\n`);
  cache.set(dir, findings);
  return findings;
}

/**
 * @param {string} dir
 * @param {Label} label
 */
function exportTree(dir, label) {
  const repo = options.mirror && join(options.mirror, label.repo.replace('/', '+'), 'repo');
  if (!repo || !existsSync(repo)) {
    fail(`${dir} is missing; export it with: git -C <repo> archive ${label.parentCommit} | tar -x -C ${dir}`);
  }
  mkdirSync(dir, { recursive: true });
  const archive = spawnSync('git', ['-C', repo, 'archive', label.parentCommit], { maxBuffer: 1024 * 1024 * 1024 });
  const untar = archive.status === 0 && spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  if (!untar || untar.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    fail(`could not export ${label.repo}@${label.parentCommit}: ${archive.stderr || (untar && untar.stderr)}`);
  }
}

/**
 * @param {{ label: Label, caught: boolean, match: Finding | undefined, nearby: Finding[] }[]} rows
 */
function report(rows) {
  /** @type {Map<string, { n: number, caught: number, loud: number }>} */
  const byKind = new Map();
  for (const { label, caught, match } of rows) {
    const k = byKind.get(label.kind) ?? { n: 0, caught: 0, loud: 0 };
    k.n += 1;
    if (caught) k.caught += 1;
    if (match && isLoud(match)) k.loud += 1;
    byKind.set(label.kind, k);
  }
  const total = rows.filter((r) => r.caught).length;
  const loud = rows.filter((r) => r.match && isLoud(r.match)).length;
  const lines = [`| kind | fixes | ${options.column} | of which at warning/error |`, '|---|---|---|---|'];
  for (const [kind, k] of [...byKind].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(`| \`${kind}\` | ${k.n} | ${k.caught}/${k.n} (${percent(k.caught, k.n)}) | ${k.loud}/${k.n} |`);
  }
  lines.push(`| **all** | ${rows.length} | **${total}/${rows.length} (${percent(total, rows.length)})** | ${loud}/${rows.length} (${percent(loud, rows.length)}) |`);
  const missed = rows.filter((r) => !r.caught);
  lines.push('', `Missed (${missed.length}):`, '');
  for (const { label, nearby } of missed) {
    const near = nearby.length ? nearby.map((f) => `${f.ruleId}@${f.line}`).join(', ') : 'none';
    lines.push(`- #${label.id} ${label.repo}@${label.parentCommit.slice(0, 12)}:${label.path}:${label.line} \`${label.kind}\` (nearby: ${near})`);
  }
  return lines.join('\n');
}

/**
 * A finding at warning or error, the severities a review shows as more than advice.
 * @param {Finding} f
 */
function isLoud(f) {
  return f.severity === 'warning' || f.severity === 'error';
}

/** @param {Finding} f */
function brief(f) {
  return { ruleId: f.ruleId, severity: f.severity, line: f.line, message: f.message };
}

/** @param {string} path a finding's path, relative to the tree */
function normalise(path) {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * @param {number} part
 * @param {number} whole
 */
function percent(part, whole) {
  return whole === 0 ? 'n/a' : `${Math.round((100 * part) / whole)}%`;
}

/** @param {string} message */
function fail(message) {
  process.stderr.write(`recall-mined: ${message}\n`);
  process.exit(2);
}
