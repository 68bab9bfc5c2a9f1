// Whole-process wall time and peak memory of one Node.js process.
//
// Peak RSS comes from two sources and the larger wins:
//  - rss-probe.mjs, preloaded with --import, records getrusage(RUSAGE_SELF).ru_maxrss at exit
//    (exact; needs the process to exit normally, which all benchmarked tools do);
//  - sampling /proc/<pid>/status VmHWM (the kernel's own high-water mark) every 10 ms, as a
//    fallback that needs no cooperation from the process.
// No extra packages and no /usr/bin/time (often absent on CI images).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';

const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

function readHwmKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat, USER_HZ = 100). */
function machineCpu() {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = f.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = n[3] + n[4];
    return { busyS: (total - idle) / 100 };
  } catch {
    return undefined;
  }
}

/**
 * Runs `node <nodeArgs…>` and measures it. `otherCores` is how many cores' worth of CPU the
 * rest of the machine used meanwhile (machine busy time minus the process's own CPU time,
 * over the wall time): near 0 on a quiet machine; when it is high, wall times are inflated.
 * @param {string[]} nodeArgs script and its arguments
 * @param {{ cwd?: string, stdoutFile: string, timeoutMs?: number, env?: NodeJS.ProcessEnv }} options
 *   `env`: the child's whole environment (default: this process's)
 * @returns {Promise<{ wallMs: number, cpuMs: number | undefined, otherCores: number | undefined, peakKiB: number, exitCode: number | null, signal: string | null, stderr: string }>}
 */
export function measureNode(nodeArgs, { cwd, stdoutFile, timeoutMs = 30 * 60_000, env = process.env }) {
  const rssFile = join(tmpdir(), `bench-rss-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const out = openSync(stdoutFile, 'w');
  return new Promise((resolvePromise, reject) => {
    const cpuBefore = machineCpu();
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PROBE, ...nodeArgs], {
      cwd,
      stdio: ['ignore', out, 'pipe'],
      env: { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: '' },
    });
    let sampled = 0;
    const sampler = setInterval(() => {
      sampled = Math.max(sampled, readHwmKiB(child.pid));
    }, 10);
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearInterval(sampler);
      clearTimeout(timer);
      closeSync(out);
      reject(e);
    });
    child.on('exit', (exitCode, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(sampler);
      clearTimeout(timer);
      closeSync(out);
      let probed = { maxRssKiB: 0, cpuUs: undefined };
      try {
        probed = JSON.parse(readFileSync(rssFile, 'utf8'));
        rmSync(rssFile, { force: true });
      } catch {
        // no probe output: the process died before exiting normally
      }
      const cpuMs = probed.cpuUs === undefined ? undefined : probed.cpuUs / 1000;
      const cpuAfter = machineCpu();
      const otherCores = cpuBefore && cpuAfter && cpuMs !== undefined
        ? Math.max(0, (cpuAfter.busyS - cpuBefore.busyS - cpuMs / 1000) / (wallMs / 1000))
        : undefined;
      resolvePromise({ wallMs, cpuMs, otherCores, peakKiB: Math.max(probed.maxRssKiB, sampled), exitCode, signal, stderr });
    });
  });
}
