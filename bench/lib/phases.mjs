// A V8 .cpuprofile of `convex-review check` (node --cpu-prof) split by phase, the way the
// speed work reads it: start-up and module load, reading the files, TypeScript's parser, the
// project model and rules, garbage collection, the rest. Each sample goes to the first phase
// that matches (GC by its pseudo-frame; parse by `createSourceFile` on the stack, which the
// project model calls; rules by `runRulesKeyed`/`analyzeFiles`; reading by `loadTree`); samples
// before the first one under `loadTree` (or the analysis) are start-up.
//
//   node bench/lib/phases.mjs PROFILE.cpuprofile [--top 15]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PHASES = ['start-up / module load', 'reading files', 'TS parse', 'model + rules', 'GC', 'other'];

/** @param {string} file */
export function phasesOf(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The names on a node's stack, memoised per node. */
  const stacks = new Map();
  const stackOf = (id) => {
    let s = stacks.get(id);
    if (s) return s;
    const names = [];
    for (let at = id; at !== undefined; at = parent.get(at)) names.push(byId.get(at).callFrame.functionName);
    s = new Set(names);
    stacks.set(id, s);
    return s;
  };
  const ms = Object.fromEntries(PHASES.map((p) => [p, 0]));
  let started = false;
  let idle = 0;
  const selfByFn = new Map();
  const inclusiveRules = new Map();
  const selfByPhaseFn = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const us = profile.timeDeltas[i + 1] ?? 0; // a sample's time is the delta to the next one
    const name = byId.get(id).callFrame.functionName;
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    const stack = stackOf(id);
    if (!started && (stack.has('loadTree') || stack.has('analyzeFiles') || stack.has('runRulesKeyed'))) started = true;
    let phase;
    if (name === '(garbage collector)') phase = 'GC';
    else if (!started) phase = 'start-up / module load';
    else if (stack.has('createSourceFile')) phase = 'TS parse';
    else if (stack.has('runRulesKeyed') || stack.has('analyzeFiles')) phase = 'model + rules';
    else if (stack.has('loadTree')) phase = 'reading files';
    else phase = 'other';
    ms[phase] += us / 1000;
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\//, '')}:${f.lineNumber + 1}` : ''}`.trim();
    selfByFn.set(key, (selfByFn.get(key) ?? 0) + us / 1000);
    const pk = `${phase}\t${key}`;
    selfByPhaseFn.set(pk, (selfByPhaseFn.get(pk) ?? 0) + us / 1000);
    if (phase === 'model + rules') {
      for (const n of stack) if (n.startsWith('rule:') || /^(check|run|visit)$/.test(n)) inclusiveRules.set(n, (inclusiveRules.get(n) ?? 0) + us / 1000);
    }
  }
  const busy = Object.values(ms).reduce((a, b) => a + b, 0);
  return {
    busyMs: busy,
    idleMs: idle / 1000,
    phases: PHASES.map((p) => ({ phase: p, ms: ms[p], share: ms[p] / busy })),
    topByPhase: Object.fromEntries(PHASES.map((p) => [p, [...selfByPhaseFn].filter(([k]) => k.startsWith(`${p}\t`)).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, t]) => ({ name: k.split('\t')[1], ms: t }))])),
    top: [...selfByFn].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, t]) => ({ name, ms: t })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 15;
  const r = phasesOf(file, top);
  console.log(`| phase | ms | share |\n|---|--:|--:|`);
  for (const p of r.phases) console.log(`| ${p.phase} | ${p.ms.toFixed(0)} | ${(p.share * 100).toFixed(1)}% |`);
  console.log(`| **main thread busy** | ${r.busyMs.toFixed(0)} | 100% |`);
  console.log(`\ntop self times:`);
  for (const t of r.top) console.log(`  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  if (process.argv.includes('--by-phase')) {
    for (const [p, list] of Object.entries(r.topByPhase)) {
      console.log(`\n${p}:`);
      for (const t of list) console.log(`  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
    }
  }
}
