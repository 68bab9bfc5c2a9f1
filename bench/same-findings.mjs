#!/usr/bin/env node
// Checks that a speed-up changed nothing a user sees: runs
// `node <dist>/cli.js check APP --format json --fail-on never` with two builds on each app and
// compares the outputs byte for byte. Exits 1 on the first difference it reports.
//
//   node bench/same-findings.mjs --before DIR --after DIR [--cache DIR] APP...
//
// --cache keeps the before build's outputs (one file per app folder name) for the next check.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { before: { type: 'string' }, after: { type: 'string' }, cache: { type: 'string' } } });
if (!values.before || !values.after || positionals.length === 0) {
  console.error('usage: node bench/same-findings.mjs --before DIST --after DIST APP...');
  process.exit(2);
}
const run = (dist, app) =>
  execFileSync(process.execPath, [join(resolve(dist), 'cli.js'), 'check', resolve(app), '--format', 'json', '--fail-on', 'never'], { maxBuffer: 1 << 30, encoding: 'utf8' });
let differ = 0;
for (const app of positionals) {
  const cached = values.cache ? join(values.cache, `${basename(resolve(app))}.json`) : undefined;
  const a = cached && existsSync(cached) ? readFileSync(cached, 'utf8') : run(values.before, app);
  if (cached && !existsSync(cached)) {
    mkdirSync(values.cache, { recursive: true });
    writeFileSync(cached, a);
  }
  const b = run(values.after, app);
  const same = a === b;
  if (!same) differ++;
  const n = JSON.parse(b).findings.length;
  console.log(`${same ? 'same     ' : 'DIFFERENT'} ${app} (${n} findings, ${b.length} bytes)`);
}
process.exit(differ ? 1 : 0);
