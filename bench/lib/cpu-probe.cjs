// Preloaded into each measured process with `node -r` (CommonJS: it costs every process the same
// and, unlike an `--import` preload, does not start the ESM loader a bare `node -e 0` never
// needs): on exit, writes the process's own user + system CPU time (getrusage, microseconds) to
// $BENCH_CPU_FILE. Exact, no sampling.
'use strict';
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS preload on purpose (see above)
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_CPU_FILE;
if (file) {
  delete process.env.BENCH_CPU_FILE; // not inherited by anything the process spawns
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
}
