#!/usr/bin/env node
// Seeded generator of realistic Convex projects for the benchmarks.
//
//   node bench/generate.mjs --files 1000 --seed 1 --out bench/.out/p1000
//
// Same seed and file count → byte-identical output. `generateProject` (write to disk) and
// `buildProject` (in memory) are exported for the scale benchmarks.
import { mkdir, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { buildTables, plantRedundantIndexes, renderSchema, MAX_TABLES } from './lib/tables.mjs';
import { CLEAN_FUNCTION_KINDS, FUNCTION_TEMPLATES, MODULE_PROBLEM_KINDS, functionName } from './lib/templates.mjs';
import { MODEL_EXTRA_KINDS, MODEL_PROBLEM_KINDS, modelNames, renderModelHelper, renderNodeFunction } from './lib/modules.mjs';
import {
  renderAuth, renderBuilders, renderCrons, renderGeneratedApi, renderGeneratedDataModel,
  renderGeneratedServer, renderHttp, renderPackageJson,
} from './lib/fixed.mjs';

/** Every kind of planted problem, in report order. */
export const PROBLEM_KINDS = [
  'filter-on-query', 'unawaited-insert', 'api-in-scheduler', 'query-without-args',
  'old-function-syntax', 'collect-without-index', 'date-now-in-query', 'redundant-index',
];

/** Files every project has under convex/ (the first "use node" module is counted separately). */
const FIXED_FILES = 8;
export const MIN_FILES = 12;
const MIN_LINES = 50;
const MAX_LINES = 300;
const MANIFEST = 'bench-manifest.json';

/** @typedef {import('./lib/tables.mjs').Table} Table */
/** @typedef {{ file: string, line: number, kind: string }} PlantedProblem */
/**
 * @typedef {{
 *   files: Map<string, string>,
 *   problems: PlantedProblem[],
 *   counts: Record<string, number>,
 *   tables: number,
 *   lines: number,
 * }} BuiltProject
 */

/** Line count target for one module: 50–300, skewed towards ~100. */
const lineTarget = (rng) => MIN_LINES + Math.floor((MAX_LINES - MIN_LINES) * Math.min(rng.next(), rng.next()));

/** 0 problems in ~10% of files, 2 in ~10%, else 1. */
const problemCount = (rng) => {
  const r = rng.next();
  return r < 0.1 ? 0 : r < 0.9 ? 1 : 2;
};

const plantOrder = (rng, kinds, count) => Array.from({ length: count }, () => rng.pick(kinds));

/**
 * Builds a project in memory: repository-relative paths (`convex/…`, `package.json`) → text.
 * @param {{ files: number, seed?: number }} options
 * @returns {BuiltProject}
 */
export function buildProject({ files, seed = 1 }) {
  if (!Number.isInteger(files) || files < MIN_FILES) throw new Error(`files must be an integer ≥ ${MIN_FILES}`);
  const rng = new Rng(seed);

  // ---- tables and module plan -------------------------------------------------------
  const tableCount = Math.max(8, Math.min(MAX_TABLES, Math.round(6 + files / 50)));
  const tables = buildTables(rng.fork('tables'), tableCount);
  const redundant = plantRedundantIndexes(rng.fork('indexes'), tables, Math.max(1, Math.round(tableCount / 8)));
  const dataTables = tables.slice(1); // users is only read through lib/auth

  const rest = files - FIXED_FILES;
  const nNode = Math.max(1, Math.round(rest * 0.06));
  const nModel = Math.max(1, Math.round(rest * 0.22));
  const nFunc = rest - nNode - nModel;

  /** Cycles through tables in a shuffled order so every table gets modules early. */
  const tableCycle = (label) => {
    const order = rng.fork(label).shuffle(dataTables);
    let i = 0;
    return () => order[i++ % order.length];
  };

  const FEATURES = ['queries', 'mutations', 'admin', 'sync', 'search', 'stats', 'feed', 'export', 'imports', 'alerts',
    'billing', 'workflow', 'audit', 'digest', 'triage', 'sharing', 'archive', 'history', 'settings', 'activity'];
  const TOPICS = ['core', 'access', 'reads', 'writes', 'stats', 'lifecycle', 'lookup', 'format'];
  const uniquePath = (taken, make) => {
    for (let k = 0; ; k++) {
      const p = make(k);
      if (!taken.has(p)) { taken.add(p); return p; }
    }
  };
  const takenPaths = new Set();

  // Model modules first: function modules import from them.
  const nextModelTable = tableCycle('model-tables');
  /** @type {{ path: string, table: Table, specs: { kind: string, pinned?: boolean, planted?: boolean }[] }[]} */
  const models = [];
  /** @type {Map<Table, string>} the model module (import path from a depth-1 module) per table */
  const modelFor = new Map();
  for (let i = 0; i < nModel; i++) {
    const table = nextModelTable();
    const fr = rng.fork(`model-plan:${i}`);
    const path = uniquePath(takenPaths, (k) => `convex/model/${table.name}/${TOPICS[(i + k) % TOPICS.length]}${k >= TOPICS.length ? Math.floor(k / TOPICS.length) : ''}.ts`);
    if (!modelFor.has(table)) modelFor.set(table, path);
    const specs = ['get', 'assert', 'summarize', 'insert'].map((kind) => ({ kind, pinned: true }));
    models.push({ path, table, specs, rng: fr });
  }

  const nextFuncTable = tableCycle('func-tables');
  /** @type {{ path: string, api: string, table: Table, specs: any[], rng: Rng }[]} */
  const funcs = [];
  const seenTable = new Set();
  for (let i = 0; i < nFunc; i++) {
    const table = nextFuncTable();
    const fr = rng.fork(`func-plan:${i}`);
    const path = uniquePath(takenPaths, (k) => `convex/${table.name}/${FEATURES[(i + k) % FEATURES.length]}${Math.floor((i + k) / FEATURES.length) || ''}.ts`);
    const taken = new Set();
    const specs = [];
    const add = (kind, extra = {}) => specs.push({ kind, name: functionName(kind, table, taken), table, ...extra });
    if (!seenTable.has(table)) {
      seenTable.add(table);
      for (const k of ['internalGet', 'internalTouch', 'internalSweep', 'remove']) add(k, { pinned: true });
    }
    const target = lineTarget(fr);
    const count = Math.max(2, Math.round((target - 12) / 14)) - specs.length;
    const eligible = CLEAN_FUNCTION_KINDS.filter(([k]) =>
      (k !== 'listByParent' || table.parentIndex) && (k !== 'search' || table.search) &&
      (!k.startsWith('helper') || modelFor.has(table)));
    for (let j = 0; j < count; j++) add(fr.weighted(eligible));
    const pinnedCount = specs.filter((s) => s.pinned).length;
    for (const kind of plantOrder(fr, MODULE_PROBLEM_KINDS, problemCount(fr))) {
      const at = fr.int(pinnedCount, specs.length);
      specs.splice(at, 0, { kind, name: functionName(kind, table, taken), table, planted: true });
    }
    funcs.push({ path, api: path.slice('convex/'.length, -3), table, specs, rng: fr, target });
  }

  const nextNodeTable = tableCycle('node-tables');
  const nodes = [];
  for (let i = 0; i < nNode; i++) {
    const table = nextNodeTable();
    const fr = rng.fork(`node-plan:${i}`);
    const path = uniquePath(takenPaths, (k) => `convex/node/${table.name}${i + k === 0 ? '' : i + k}.ts`);
    const taken = new Set();
    const name = (base) => {
      let n = base;
      for (let k = 2; taken.has(n); k++) n = `${base}${k}`;
      taken.add(n);
      return n;
    };
    const specs = [{ kind: 'nodeSync', name: name(`sync${table.Sing}ToWarehouse`), pinned: true }];
    const count = Math.max(2, Math.round((lineTarget(fr) - 10) / 12));
    for (let j = 1; j < count; j++) {
      const kind = fr.pick(['nodeSync', 'nodeDigest', 'nodeVerify']);
      specs.push({ kind, name: name({ nodeSync: `push${table.Sing}Snapshot`, nodeDigest: `digest${table.Sing}Payload`, nodeVerify: `verify${table.Sing}Signature` }[kind]) });
    }
    for (const kind of plantOrder(fr, ['api-in-scheduler'], fr.chance(0.9) ? 1 : 0)) {
      specs.splice(fr.int(1, specs.length), 0, { kind, name: name(`retry${table.Sing}Export`), planted: true });
    }
    nodes.push({ path, api: path.slice('convex/'.length, -3), table, specs, rng: fr });
  }

  // ---- reference registry -----------------------------------------------------------
  const targets = { get: new Map(), byId: new Map(), sweep: [], publicById: new Map() };
  const push = (map, table, t) => { if (!map.has(table)) map.set(table, []); map.get(table).push(t); };
  for (const m of funcs) {
    for (const s of m.specs) {
      const t = { module: m.api, fn: s.name, table: m.table.name };
      if (s.kind === 'internalGet') push(targets.get, m.table, t);
      if (s.kind === 'internalTouch') push(targets.byId, m.table, t);
      if (s.kind === 'internalSweep') targets.sweep.push(t);
      if (s.kind === 'remove' && s.pinned) push(targets.publicById, m.table, t);
    }
  }
  for (const m of nodes) for (const s of m.specs) if (s.kind === 'nodeSync') push(targets.byId, m.table, { module: m.api, fn: s.name, table: m.table.name });
  const anyPublic = [...targets.publicById.values()].flat();

  // ---- rendering --------------------------------------------------------------------
  /** @type {Map<string, string>} */
  const out = new Map();
  /** @type {PlantedProblem[]} */
  const problems = [];

  const schema = renderSchema(tables);
  out.set('convex/schema.ts', schema.text);
  for (const p of schema.planted) problems.push({ file: 'convex/schema.ts', ...p });
  if (schema.planted.length !== redundant) throw new Error('internal: redundant index count');

  for (const m of funcs) renderFunctionModule(m, out, problems, { targets, anyPublic, modelFor });
  for (const m of models) renderModelModule(m, out, problems);
  for (const m of nodes) renderNodeModule(m, out, problems, { targets, anyPublic });

  out.set('convex/_generated/server.ts', renderGeneratedServer());
  out.set('convex/_generated/api.ts', renderGeneratedApi(funcs.length + models.length + nodes.length + 4));
  out.set('convex/_generated/dataModel.ts', renderGeneratedDataModel(tables));
  out.set('convex/lib/auth.ts', renderAuth());
  out.set('convex/lib/builders.ts', renderBuilders());
  out.set('convex/crons.ts', renderCrons(targets.sweep));
  out.set('convex/http.ts', renderHttp([...targets.byId.values()].map((list) => list[0]).filter((t) => !t.module.startsWith('node/')).slice(0, 8)));
  out.set('package.json', renderPackageJson(seed, files));

  const convexFiles = [...out.keys()].filter((p) => p.startsWith('convex/'));
  if (convexFiles.length !== files) throw new Error(`internal: generated ${convexFiles.length} files, wanted ${files}`);

  const counts = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, 0]));
  for (const p of problems) counts[p.kind]++;
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const lines = convexFiles.reduce((n, p) => n + out.get(p).split('\n').length - 1, 0);
  return { files: out, problems, counts, tables: tables.length, lines };
}

/** Joins rendered functions; returns the text and each planted problem's 1-based line. */
function assemble(header, blocks) {
  const lines = [...header];
  const planted = [];
  for (const b of blocks) {
    if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    if (b.plantedAt !== undefined) planted.push({ line: lines.length + b.plantedAt + 1, kind: b.kind });
    lines.push(...b.lines);
  }
  lines.push('');
  return { text: lines.join('\n'), planted, lineCount: lines.length - 1 };
}

/** Drops trailing unpinned, unplanted blocks until the file fits; pads short files. */
function fitToRange(blocks, measure, pad) {
  let result = measure(blocks);
  while (result.lineCount > MAX_LINES) {
    const idx = blocks.findLastIndex((b) => !b.pinned && b.plantedAt === undefined);
    if (idx < 0) break;
    blocks.splice(idx, 1);
    result = measure(blocks);
  }
  for (let i = 0; result.lineCount < MIN_LINES && i < 20; i++) {
    const extra = pad(i);
    if (!extra) break;
    blocks.push(extra);
    result = measure(blocks);
  }
  return result;
}

const SERVER_ORDER = ['action', 'internalAction', 'internalMutation', 'internalQuery', 'mutation', 'query'];

function renderFunctionModule(m, out, problems, { targets, anyPublic, modelFor }) {
  const { table, rng } = m;
  const uses = new Set();
  const modelPath = modelFor.get(table);
  const cx = {
    uses,
    rng,
    model: modelPath ? { names: modelNames(table) } : undefined,
    internalTargets: (t, kind) => {
      const list = (kind === 'get' ? targets.get : targets.byId).get(t);
      return list ? rng.pick(list) : undefined;
    },
    publicTarget: (t) => (targets.publicById.get(t) ? rng.pick(targets.publicById.get(t)) : anyPublic.length ? rng.pick(anyPublic) : undefined),
  };
  const render = (spec) => {
    const r = FUNCTION_TEMPLATES[spec.kind](spec, cx);
    if (!r) throw new Error(`internal: ${spec.kind} not renderable for ${table.name}`);
    return { ...r, kind: spec.kind, pinned: spec.pinned };
  };
  const blocks = m.specs.map(render);
  const taken = new Set(m.specs.map((s) => s.name));
  const padKinds = ['getOne', 'update', 'listMine', 'remove'];
  const measure = (bs) => assemble(functionModuleHeader(uses, modelPath, table), bs);
  const result = fitToRange(blocks, measure, (i) => render({ kind: padKinds[i % padKinds.length], name: functionName(padKinds[i % padKinds.length], table, taken), table }));
  // `uses` may have grown with the last render: rebuild with the final header.
  const final = measure(blocks);
  out.set(m.path, final.text);
  for (const p of final.planted) problems.push({ file: m.path, ...p });
  return result;
}

function functionModuleHeader(uses, modelPath, table) {
  const header = [];
  if (uses.has('paginationOptsValidator')) header.push('import { paginationOptsValidator } from "convex/server";');
  const values = ['ConvexError', 'v'].filter((n) => uses.has(n));
  if (values.length) header.push(`import { ${values.join(', ')} } from "convex/values";`);
  const apis = ['api', 'internal'].filter((n) => uses.has(n));
  if (apis.length) header.push(`import { ${apis.join(', ')} } from "../_generated/api";`);
  const server = SERVER_ORDER.filter((n) => uses.has(n));
  if (server.length) header.push(`import { ${server.join(', ')} } from "../_generated/server";`);
  const auth = ['requireIdentity', 'requireUser'].filter((n) => uses.has(n));
  if (auth.length) header.push(`import { ${auth.join(', ')} } from "../lib/auth";`);
  const builders = ['authedMutation', 'authedQuery'].filter((n) => uses.has(n));
  if (builders.length) header.push(`import { ${builders.join(', ')} } from "../lib/builders";`);
  if (modelPath) {
    const names = Object.values(modelNames(table)).filter((n) => uses.has(n)).sort();
    if (names.length) header.push(`import { ${names.join(', ')} } from "../${modelPath.slice('convex/'.length, -3)}";`);
  }
  if (uses.has('DAY_MS')) header.push('', 'const DAY_MS = 24 * 60 * 60 * 1000;');
  header.push('');
  return header;
}

function renderModelModule(m, out, problems) {
  const { table, rng } = m;
  const blocks = m.specs.map((s) => ({ ...renderModelHelper(table, s.kind), kind: s.kind, pinned: true }));
  const target = lineTarget(rng);
  let suffixN = 0;
  const extra = (kind) => renderModelHelper(table, kind, suffixN++ === 0 ? '' : String(suffixN), rng.chance(0.5));
  const measure = (bs) => assemble(modelHeader(), bs);
  for (let guard = 0; measure(blocks).lineCount < target && guard < 40; guard++) {
    const kind = rng.pick(MODEL_EXTRA_KINDS);
    const b = extra(kind);
    if (b) blocks.push({ ...b, kind });
  }
  for (const kind of plantOrder(rng, MODEL_PROBLEM_KINDS, problemCount(rng))) {
    blocks.splice(rng.int(4, blocks.length), 0, { ...extra(kind), kind });
  }
  fitToRange(blocks, measure, () => ({ ...extra('formatTitle'), kind: 'formatTitle' }));
  const final = measure(blocks);
  out.set(m.path, final.text);
  for (const p of final.planted) problems.push({ file: m.path, ...p });
}

function modelHeader() {
  return [
    'import { ConvexError } from "convex/values";',
    'import type { Doc, Id } from "../../_generated/dataModel";',
    'import type { MutationCtx, QueryCtx } from "../../_generated/server";',
    '',
  ];
}

function renderNodeModule(m, out, problems, { targets, anyPublic }) {
  const { table, rng } = m;
  const uses = new Set();
  const refOf = (prefix, t) => (t ? `${prefix}.${t.module.replace(/\//g, '.')}.${t.fn}` : undefined);
  const render = (s) => {
    const gets = targets.get.get(table);
    const touches = (targets.byId.get(table) ?? []).filter((t) => !t.module.startsWith('node/'));
    const pub = targets.publicById.get(table) ?? anyPublic;
    const r = renderNodeFunction(table, s.kind, s.name, {
      get: gets && rng.chance(0.8) ? refOf('internal', rng.pick(gets)) : undefined,
      touch: touches.length && rng.chance(0.7) ? refOf('internal', rng.pick(touches)) : undefined,
      publicRef: pub.length ? refOf('api', rng.pick(pub)) : undefined,
    });
    if (s.kind === 'api-in-scheduler' && !pub.length) throw new Error('internal: no public target');
    for (const u of r.uses) uses.add(u);
    return { ...r, kind: s.kind, pinned: s.pinned };
  };
  const blocks = m.specs.map(render);
  let padN = 0;
  const measure = (bs) => assemble(nodeHeader(uses), bs);
  fitToRange(blocks, measure, () => render({ kind: 'nodeDigest', name: `digest${table.Sing}Extra${++padN}` }));
  const final = measure(blocks);
  out.set(m.path, final.text);
  for (const p of final.planted) problems.push({ file: m.path, ...p });
}

function nodeHeader(uses) {
  const crypto = ['createHash', 'createHmac', 'timingSafeEqual'].filter((n) => uses.has(n));
  const apis = ['api', 'internal'].filter((n) => uses.has(n));
  const server = SERVER_ORDER.filter((n) => uses.has(n));
  return [
    '"use node";',
    '',
    ...(crypto.length ? [`import { ${crypto.join(', ')} } from "node:crypto";`] : []),
    'import { v } from "convex/values";',
    ...(apis.length ? [`import { ${apis.join(', ')} } from "../_generated/api";`] : []),
    `import { ${server.join(', ')} } from "../_generated/server";`,
    ...(uses.has('requireIdentity') ? ['import { requireIdentity } from "../lib/auth";'] : []),
    '',
  ];
}

/**
 * Writes a generated project to `outDir` (replacing an earlier generated project there) and
 * returns the planted problem counts.
 * @param {{ files: number, seed?: number, outDir: string }} options
 */
export async function generateProject({ files, seed = 1, outDir }) {
  const built = buildProject({ files, seed });
  const dir = resolve(outDir);
  const exists = await stat(dir).then(() => true, () => false);
  if (exists) {
    const ours = await stat(join(dir, MANIFEST)).then(() => true, () => false);
    const empty = (await readdir(dir)).length === 0;
    if (!ours && !empty) throw new Error(`${dir} exists and was not written by bench/generate.mjs; refusing to overwrite`);
    await rm(join(dir, 'convex'), { recursive: true, force: true });
  }
  const dirs = new Set([...built.files.keys()].map((p) => dirname(join(dir, p))));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  for (const [p, text] of built.files) await writeFile(join(dir, p), text);
  const summary = {
    files, seed, tables: built.tables, lines: built.lines,
    planted: built.counts,
    plantedTotal: built.problems.length,
  };
  await writeFile(join(dir, MANIFEST), `${JSON.stringify({ ...summary, problems: built.problems }, null, 2)}\n`);
  return summary;
}

// ---- CLI ------------------------------------------------------------------------------
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      files: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: node bench/generate.mjs --files N [--seed S] [--out DIR]  (default DIR: bench/.out/p<N>-s<S>)');
    process.exit(0);
  }
  const files = Number(values.files);
  const seed = Number(values.seed);
  const outDir = values.out ?? join(dirname(fileURLToPath(import.meta.url)), '.out', `p${files}-s${seed}`);
  const summary = await generateProject({ files, seed, outDir });
  console.log(JSON.stringify({ outDir, ...summary }, null, 2));
}
