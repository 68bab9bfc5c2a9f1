// Preloaded into each measured process (`node --import …`): on exit, writes the process's
// own peak RSS (getrusage ru_maxrss, KiB on Linux) and CPU time to $BENCH_RSS_FILE as JSON.
// Exact, no sampling.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  delete process.env.BENCH_RSS_FILE; // not inherited by anything the tool spawns
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
    } catch {
      // Best effort: the /proc sampler in measure.mjs is the fallback.
    }
  });
}
