// A V8 .cpuprofile (node --cpu-prof) reduced to what bounds a run: self time by function and by
// module (the bundle's chunks are one file, so "module" is the function's URL plus a guess of the
// package from the nearest banner-less name; good enough to tell TypeScript's parser from ours).
import { readFileSync } from 'node:fs';

/**
 * @param {string} file a .cpuprofile
 * @param {number} top how many functions to list
 */
export function summarizeProfile(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  const totalUs = profile.endTime - profile.startTime;
  const fns = new Map();
  for (const [id, us] of self) {
    const { callFrame: f } = byId.get(id);
    const where = f.url ? `${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const sorted = [...fns].sort((a, b) => b[1] - a[1]);
  const pick = (name) => sorted.filter(([k]) => k.startsWith(name)).reduce((n, [, us]) => n + us, 0);
  return {
    totalMs: totalUs / 1000,
    idleMs: pick('(idle)') / 1000,
    gcMs: pick('(garbage collector)') / 1000,
    programMs: pick('(program)') / 1000,
    top: sorted.filter(([k]) => !k.startsWith('(idle)')).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000 })),
  };
}
