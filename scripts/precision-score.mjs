// Exhaustive precision (docs/precision.md, round 3): every finding of a build over held-out apps,
// scored against labels given to every finding of an earlier build.
//
//   node scripts/precision-score.mjs --findings all.json --labels labels.jsonl [--labels …]
//        [--unlabelled FILE]
//
// `all.json` is what `scripts/precision-sample.mjs --json` writes (every finding, with the ID of
// its tree, `owner/name@commit`). A label file has one JSON object a line: { repo: "owner/name",
// path, line, ruleId, label: "TP" | "FP" | "unsure", reason }. A finding and a label match on
// repository, path, line and rule: labels describe the code at a line, so they carry over to a
// later build whose message or severity changed. Findings no label matches are listed (and with
// `--unlabelled FILE` written as JSON lines to label); they are left out of the figures, which
// say how many there were.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

let options;
try {
  ({ values: options } = parseArgs({
    options: { findings: { type: 'string' }, labels: { type: 'string', multiple: true, default: [] }, unlabelled: { type: 'string' } },
  }));
} catch (error) {
  fail(`${error.message} (accepted: --findings FILE, --labels FILE, --unlabelled FILE)`);
}
if (!options.findings || options.labels.length === 0) fail('--findings FILE and at least one --labels FILE are required');

/** `owner/name@commit` and `owner/name` name the same repository. */
const repoOf = (id) => id.split('@')[0];
const keyOf = (repo, path, line, ruleId) => `${repoOf(repo)}\0${path}\0${line}\0${ruleId}`;

const labels = new Map();
for (const file of options.labels) {
  for (const [n, text] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (!text.trim()) continue;
    let label;
    try {
      label = JSON.parse(text);
    } catch {
      fail(`${file}:${n + 1} is not JSON`);
    }
    if (!['TP', 'FP', 'unsure'].includes(label.label)) fail(`${file}:${n + 1}: label must be TP, FP or unsure, got ${label.label}`);
    labels.set(keyOf(label.repo, label.path, label.line, label.ruleId), label);
  }
}

const { findings } = JSON.parse(readFileSync(options.findings, 'utf8'));
const strata = new Map();
const unlabelled = [];
for (const f of findings) {
  const label = labels.get(keyOf(f.repo, f.path, f.line, f.ruleId));
  if (!label) {
    unlabelled.push(f);
    continue;
  }
  const key = `${f.ruleId}\0${f.severity}`;
  if (!strata.has(key)) strata.set(key, { TP: 0, FP: 0, unsure: 0 });
  strata.get(key)[label.label]++;
}

const rows = ['| rule | severity | TP | FP | unsure | precision |', '|---|---|---|---|---|---|'];
const atWarning = { TP: 0, FP: 0, unsure: 0 };
const all = { TP: 0, FP: 0, unsure: 0 };
for (const key of [...strata.keys()].sort()) {
  const [rule, severity] = key.split('\0');
  const c = strata.get(key);
  rows.push(`| ${rule} | ${severity} | ${c.TP} | ${c.FP} | ${c.unsure} | ${precision(c)} |`);
  for (const total of severity === 'info' ? [all] : [all, atWarning]) {
    for (const k of ['TP', 'FP', 'unsure']) total[k] += c[k];
  }
}
rows.push(`| **all, warning + error** | | ${atWarning.TP} | ${atWarning.FP} | ${atWarning.unsure} | **${precision(atWarning)}** |`);
rows.push(`| **all severities** | | ${all.TP} | ${all.FP} | ${all.unsure} | **${precision(all)}** |`);
process.stdout.write(`${rows.join('\n')}\n\n${findings.length} findings, ${findings.length - unlabelled.length} labelled, ${unlabelled.length} unlabelled\n`);
for (const f of unlabelled) process.stdout.write(`unlabelled: ${f.repo}:${f.path}:${f.line} ${f.ruleId} ${f.severity} ${f.message}\n`);
if (options.unlabelled) {
  writeFileSync(options.unlabelled, unlabelled.map((f) => JSON.stringify({ repo: repoOf(f.repo), path: f.path, line: f.line, ruleId: f.ruleId, severity: f.severity, message: f.message })).join('\n') + (unlabelled.length ? '\n' : ''));
}

function precision({ TP, FP }) {
  return TP + FP === 0 ? 'n/a' : `${((100 * TP) / (TP + FP)).toFixed(1)}%`;
}

function fail(message) {
  process.stderr.write(`precision-score: ${message}\n`);
  process.exit(2);
}
