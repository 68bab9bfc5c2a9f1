import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  CATEGORIES,
  findEvidence,
  normalizedLines,
  parseReviewOutput,
  runClaudeReview
} from "./chunk-26EQZNLW.js";
import {
  unifiedHunks
} from "./chunk-F7WXXGCI.js";
import {
  CONFIG_PATH,
  EMPTY_CONFIG,
  analyzeFiles,
  parseConfig,
  parsePatch,
  readProjectFiles,
  reviewChange,
  wholeFileAdded
} from "./chunk-SLO35LOW.js";
import {
  ALL_RULES,
  RULE_IDS,
  parseSource
} from "./chunk-J4TE5HMB.js";
import "./chunk-FHS2EPHH.js";
import "./chunk-E7J73F65.js";
import {
  CLAUDE_DEFAULTS,
  INLINE_MIN_SEVERITY,
  MAX_COMMENTS,
  UsageError
} from "./chunk-XBMJBUDX.js";
import {
  SEVERITIES,
  severityRank
} from "./chunk-5N34DG56.js";
import "./chunk-RXZKYWSX.js";
import "./chunk-3WSUY3EJ.js";

// src/eval/command.ts
import { existsSync as existsSync2, readFileSync as readFileSync2, writeFileSync as writeFileSync2 } from "node:fs";
import { resolve } from "node:path";

// src/eval/types.ts
var CASE_KINDS = ["example", "mutation", "fix-commit", "clean"];
var SPLITS = ["dev", "held-out"];
var LABEL_KINDS = ["planted", "mutation", "fix"];

// src/eval/score.ts
function ratio(r) {
  return r.of === 0 ? null : r.hit / r.of;
}
function totalsOf(results) {
  const zero = () => ({ hit: 0, of: 0 });
  const t = {
    cases: results.length,
    expectations: 0,
    recall: zero(),
    inlineRecall: zero(),
    staticRecall: zero(),
    claudeRecall: zero(),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, zero()])),
    byLabel: Object.fromEntries(LABEL_KINDS.map((s) => [s, zero()])),
    byKind: Object.fromEntries(CASE_KINDS.map((s) => [s, zero()])),
    precisionLabelled: zero(),
    inline: 0,
    noise: 0,
    cleanCases: 0,
    inlinePerCleanPr: null,
    overBudget: 0,
    forbiddenHits: 0,
    suggestions: { offered: 0, applies: 0, parses: 0, ruleGone: 0, ruleChecked: 0 }
  };
  const add = (r, hit) => {
    r.of++;
    if (hit) r.hit++;
  };
  let cleanInline = 0;
  const claude = [];
  for (const r of results) {
    const claudeRan = typeof r.claude === "object";
    for (const e of r.expectations) {
      t.expectations++;
      add(t.recall, e.matched);
      add(t.inlineRecall, e.matchedInline);
      add(t.staticRecall, e.bySource.includes("static"));
      if (claudeRan) add(t.claudeRecall, e.bySource.includes("claude"));
      add(t.bySeverity[e.minSeverity], e.matched);
      add(t.byLabel[e.label], e.matched);
      add(t.byKind[r.kind], e.matched);
    }
    for (const c of r.comments) if (c.inline && c.labelled) add(t.precisionLabelled, c.matches.length > 0);
    t.inline += r.inline;
    t.noise += r.noise;
    if (r.kind === "clean") {
      t.cleanCases++;
      cleanInline += r.inline;
    }
    if (r.overBudget) t.overBudget++;
    t.forbiddenHits += r.forbiddenHits;
    for (const k of Object.keys(t.suggestions)) t.suggestions[k] += r.suggestions[k];
    claude.push(r.claude);
  }
  t.inlinePerCleanPr = t.cleanCases === 0 ? null : cleanInline / t.cleanCases;
  const ran = claude.filter((c) => typeof c === "object");
  const notRecorded = claude.filter((c) => c === "not recorded").length;
  if (ran.length > 0 || notRecorded > 0) t.claude = claudeTotals(ran, notRecorded);
  return t;
}
function claudeTotals(ran, notRecorded) {
  const sum = (f) => ran.reduce((n, c) => n + f(c), 0);
  const dropped = {};
  for (const c of ran) for (const [k, v] of Object.entries(c.dropped)) dropped[k] = (dropped[k] ?? 0) + v;
  const costs = ran.map((c) => c.costUsd);
  const anchors = { exact: 0, snapped: 0, demoted: 0, unknown: 0 };
  for (const c of ran) for (const k of Object.keys(anchors)) anchors[k] += c.anchors[k];
  const modelComments = sum((c) => c.modelComments);
  const findings = sum((c) => c.findings);
  return {
    cases: ran.length,
    notRecorded,
    answersFrom: [...new Set(ran.flatMap((c) => c.answers.map(describeSource)))].sort(),
    requests: sum((c) => c.requests),
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    cacheReadTokens: sum((c) => c.cacheReadTokens),
    cacheCreationTokens: sum((c) => c.cacheCreationTokens),
    ...costs.every((c) => c !== void 0) ? { costUsd: costs.reduce((n, c) => n + c, 0) } : {},
    latencyMs: sum((c) => c.latencyMs),
    refusals: sum((c) => c.refusals),
    failures: sum((c) => c.failures.length),
    modelComments,
    findings,
    lost: Math.max(0, modelComments - findings),
    dropped,
    suggestionsRemoved: sum((c) => c.suggestionsRemoved),
    anchors
  };
}
function describeSource(s) {
  if (s.kind === "api") return `the API (${s.model}, ${s.date})`;
  if (s.kind === "hand-written") return "a hand-written fixture (not a model)";
  return `a stand-in (${s.by}; not the API)`;
}

// src/eval/baseline.ts
var MARGINS = {
  recall: { worse: "lower", by: 0.02, unit: "points" },
  inlineRecall: { worse: "lower", by: 0.02, unit: "points" },
  staticRecall: { worse: "lower", by: 0.02, unit: "points" },
  claudeRecall: { worse: "lower", by: 0.02, unit: "points" },
  precisionLabelled: { worse: "lower", by: 0.05, unit: "points" },
  inlinePerCleanPr: { worse: "higher", by: 0.5, unit: "count" },
  forbiddenHits: { worse: "higher", by: 0, unit: "count" },
  overBudget: { worse: "higher", by: 0, unit: "count" }
};
function metricsOf(t) {
  const r = (x) => x === null ? null : Math.round(x * 1e4) / 1e4;
  return {
    recall: r(ratio(t.recall)),
    inlineRecall: r(ratio(t.inlineRecall)),
    staticRecall: r(ratio(t.staticRecall)),
    claudeRecall: t.claude && t.claude.cases > 0 ? r(ratio(t.claudeRecall)) : null,
    precisionLabelled: r(ratio(t.precisionLabelled)),
    inlinePerCleanPr: r(t.inlinePerCleanPr),
    forbiddenHits: t.forbiddenHits,
    overBudget: t.overBudget
  };
}
function baselineOf(t, claude, cases) {
  return { format: 1, claude, metrics: metricsOf(t), cases };
}
function compareBaseline(baseline, current) {
  const regressions = [];
  const changes = [];
  for (const [key, margin] of Object.entries(MARGINS)) {
    const was = baseline.metrics[key];
    const now = current.metrics[key];
    if (was === null || now === null || was === void 0) continue;
    const delta = now - was;
    if (Math.abs(delta) < 1e-9) continue;
    const show = (v) => margin.unit === "points" ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 100) / 100);
    const by = margin.unit === "points" ? `${(delta * 100).toFixed(1)} points` : `${delta > 0 ? "+" : ""}${Math.round(delta * 100) / 100}`;
    const line = `${key}: ${show(was)} \u2192 ${show(now)} (${by}; margin ${margin.unit === "points" ? `${margin.by * 100} points` : margin.by})`;
    const worse = margin.worse === "lower" ? -delta : delta;
    if (worse > margin.by + 1e-9) regressions.push(line);
    else changes.push(line);
  }
  for (const [id, was] of Object.entries(baseline.cases)) {
    const now = current.cases[id];
    if (!now) continue;
    const lost = was.met.filter((e) => !now.met.includes(e));
    const gained = now.met.filter((e) => !was.met.includes(e));
    if (lost.length > 0) changes.push(`${id}: no longer met: ${lost.join(", ")}`);
    if (gained.length > 0) changes.push(`${id}: now met: ${gained.join(", ")}`);
    if (now.inline !== was.inline) changes.push(`${id}: inline comments ${was.inline} \u2192 ${now.inline}`);
  }
  if (baseline.claude !== current.claude) changes.unshift(`the baseline was made with ${baseline.claude}; this run with ${current.claude}`);
  return { regressions, changes };
}
function parseBaseline(text, file) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${error.message})`);
  }
  const b = value;
  if (typeof b !== "object" || b === null || b.format !== 1 || typeof b.metrics !== "object" || typeof b.cases !== "object") {
    throw new Error(`${file}: not an eval baseline (format 1, metrics, cases); write one with --update-baseline`);
  }
  return b;
}

// src/eval/cases.ts
var CaseError = class extends Error {
};
function parseCaseSpec(value, where) {
  const o = object(value, where);
  const id = string(o.id, `${where}: id`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new CaseError(`${where}: id '${id}' must be lower-case letters, digits and dashes`);
  const at = `case ${id}`;
  known(o, ["id", "kind", "split", "source", "tags", "pull_request", "trees", "mutation", "recipe", "expect", "forbid", "max_inline"], at);
  const kind = oneOf(o.kind, CASE_KINDS, `${at}: kind`);
  const split = oneOf(o.split, SPLITS, `${at}: split`);
  const spec = {
    id,
    kind,
    split,
    source: string(o.source, `${at}: source`),
    tags: o.tags === void 0 ? [] : array(o.tags, `${at}: tags`).map((t, i) => string(t, `${at}: tags[${i}]`)),
    expect: array(o.expect ?? [], `${at}: expect`).map((e, i) => expectation(e, `${at}: expect[${i}]`)),
    forbid: array(o.forbid ?? [], `${at}: forbid`).map((f, i) => forbid(f, `${at}: forbid[${i}]`)),
    maxInline: count(o.max_inline, `${at}: max_inline`)
  };
  if (o.pull_request !== void 0) {
    const pr = object(o.pull_request, `${at}: pull_request`);
    spec.pullRequest = { title: string(pr.title, `${at}: pull_request.title`), body: typeof pr.body === "string" ? pr.body : "" };
  }
  const sources = ["trees", "mutation", "recipe"].filter((k) => o[k] !== void 0);
  if (sources.length > 1) throw new CaseError(`${at}: give one of trees, mutation or recipe, not ${sources.join(" and ")}`);
  if (o.mutation !== void 0) {
    const m = object(o.mutation, `${at}: mutation`);
    spec.mutation = {
      app: string(m.app, `${at}: mutation.app`),
      edits: array(m.edits, `${at}: mutation.edits`).map((e, i) => edit(e, `${at}: mutation.edits[${i}]`)),
      reverse: m.reverse === true
    };
    if (spec.mutation.edits.length === 0) throw new CaseError(`${at}: mutation.edits is empty`);
  } else if (o.recipe !== void 0) {
    spec.recipe = recipe(o.recipe, `${at}: recipe`);
  } else {
    const t = o.trees === void 0 ? {} : object(o.trees, `${at}: trees`);
    spec.trees = { base: t.base === void 0 ? "base" : string(t.base, `${at}: trees.base`), head: t.head === void 0 ? "head" : string(t.head, `${at}: trees.head`) };
  }
  if (spec.kind === "fix-commit" && !spec.recipe) throw new CaseError(`${at}: a fix-commit case is a recipe (fetched code is never committed)`);
  if (spec.kind === "clean" && spec.expect.length > 0) throw new CaseError(`${at}: a clean case expects nothing`);
  const ids = /* @__PURE__ */ new Set();
  for (const e of spec.expect) {
    if (ids.has(e.id)) throw new CaseError(`${at}: expectation id '${e.id}' twice`);
    ids.add(e.id);
    if (e.lines === "mutation" && !spec.mutation) throw new CaseError(`${at}: expectation ${e.id}: lines "mutation" needs a mutation`);
  }
  return spec;
}
function expectation(value, at) {
  const o = object(value, at);
  known(o, ["id", "path", "lines", "function", "category", "min_severity", "words", "label"], at);
  const lines = o.lines === "mutation" ? "mutation" : o.lines === void 0 ? void 0 : range(o.lines, `${at}.lines`);
  const fn = o.function === void 0 ? void 0 : string(o.function, `${at}.function`);
  if (lines === void 0 && fn === void 0) throw new CaseError(`${at}: give lines or function (where the comment belongs)`);
  const categories = o.category === void 0 ? void 0 : (Array.isArray(o.category) ? o.category : [o.category]).map((c, i) => oneOf(c, CATEGORIES, `${at}.category[${i}]`));
  return {
    id: string(o.id, `${at}.id`),
    path: string(o.path, `${at}.path`),
    ...lines !== void 0 ? { lines } : {},
    ...fn !== void 0 ? { function: fn } : {},
    ...categories ? { category: categories } : {},
    minSeverity: oneOf(o.min_severity ?? "info", SEVERITIES, `${at}.min_severity`),
    words: array(o.words ?? [], `${at}.words`).map((w, i) => string(w, `${at}.words[${i}]`)),
    label: oneOf(o.label, LABEL_KINDS, `${at}.label`)
  };
}
function forbid(value, at) {
  const o = object(value, at);
  known(o, ["path", "lines", "why"], at);
  return { path: string(o.path, `${at}.path`), lines: range(o.lines, `${at}.lines`), why: string(o.why, `${at}.why`) };
}
function edit(value, at) {
  const o = object(value, at);
  known(o, ["file", "find", "replace"], at);
  const find = string(o.find, `${at}.find`);
  if (find === "") throw new CaseError(`${at}.find is empty`);
  return { file: string(o.file, `${at}.file`), find, replace: typeof o.replace === "string" ? o.replace : "" };
}
function recipe(value, at) {
  const o = object(value, at);
  known(o, ["repository", "fix_commit", "parent_commit", "paths", "note"], at);
  const sha = (v, field) => {
    const s = string(v, `${at}.${field}`);
    if (!/^[0-9a-f]{40}$/.test(s)) throw new CaseError(`${at}.${field}: '${s}' is not a full commit id (40 hex digits)`);
    return s;
  };
  const repository = string(o.repository, `${at}.repository`);
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new CaseError(`${at}.repository: '${repository}' is not owner/name`);
  return {
    repository,
    fixCommit: sha(o.fix_commit, "fix_commit"),
    parentCommit: sha(o.parent_commit, "parent_commit"),
    paths: array(o.paths, `${at}.paths`).map((p, i) => string(p, `${at}.paths[${i}]`)),
    ...typeof o.note === "string" ? { note: o.note } : {}
  };
}
function applyEdits(files, edits, at) {
  const out = new Map(files);
  let span;
  for (const [i, e] of edits.entries()) {
    const text = out.get(e.file);
    if (text === void 0) throw new CaseError(`${at}: edits[${i}]: no file ${e.file} in the app`);
    const first = text.indexOf(e.find);
    if (first < 0) throw new CaseError(`${at}: edits[${i}]: the text to find is not in ${e.file}`);
    if (text.indexOf(e.find, first + 1) >= 0) throw new CaseError(`${at}: edits[${i}]: the text to find occurs more than once in ${e.file}`);
    const next = text.slice(0, first) + e.replace + text.slice(first + e.find.length);
    out.set(e.file, next);
    if (i === 0) {
      const startLine = lineAt(next, first);
      const replaced = e.replace.replace(/\n$/, "");
      span = replaced === "" ? [Math.max(1, startLine - 1), startLine] : [startLine, startLine + replaced.split("\n").length - 1];
    }
  }
  return { files: out, span };
}
function lineAt(text, offset) {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
function buildCase(spec, base, head, mutationSpan) {
  const expect = spec.expect.map((e) => {
    if (e.lines !== "mutation") return e;
    if (!mutationSpan) throw new CaseError(`case ${spec.id}: expectation ${e.id}: lines "mutation" needs a mutation`);
    return { ...e, lines: mutationSpan };
  });
  for (const e of expect) if (!head.has(e.path)) throw new CaseError(`case ${spec.id}: expectation ${e.id}: no file ${e.path} in the head`);
  for (const f of spec.forbid) if (!head.has(f.path)) throw new CaseError(`case ${spec.id}: forbid: no file ${f.path} in the head`);
  return {
    id: spec.id,
    kind: spec.kind,
    split: spec.split,
    source: spec.source,
    tags: spec.tags,
    ...spec.pullRequest ? { pullRequest: spec.pullRequest } : {},
    expect,
    forbid: spec.forbid,
    maxInline: spec.maxInline,
    base,
    head
  };
}
function object(v, at) {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new CaseError(`${at} must be an object`);
  return v;
}
function array(v, at) {
  if (!Array.isArray(v)) throw new CaseError(`${at} must be an array`);
  return v;
}
function string(v, at) {
  if (typeof v !== "string" || v.trim() === "") throw new CaseError(`${at} must be a non-empty string`);
  return v;
}
function count(v, at) {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new CaseError(`${at} must be a whole number (0 or more)`);
  return v;
}
function range(v, at) {
  const ok = Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === "number" && Number.isInteger(n) && n > 0) && v[0] <= v[1];
  if (!ok) throw new CaseError(`${at} must be [first, last] head lines (1-based, first \u2264 last), or "mutation"`);
  return [v[0], v[1]];
}
function oneOf(v, allowed, at) {
  if (typeof v !== "string" || !allowed.includes(v)) throw new CaseError(`${at} must be one of ${allowed.join(", ")}`);
  return v;
}
function known(o, keys, at) {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new CaseError(`${at}: unknown field '${k}' (known: ${keys.join(", ")})`);
}

// src/eval/format.ts
function formatJson(report) {
  return `${JSON.stringify(report, null, 2)}
`;
}
function formatText(report) {
  return render(report, textTable, (s) => `${s}
${"-".repeat(s.length)}`);
}
function formatMarkdown(report) {
  return render(report, markdownTable, (s) => `### ${s}`);
}
function render(report, table, heading) {
  const out = [];
  out.push(`convex-review eval \u2014 ${report.date}, mode ${report.mode}; Claude: ${report.claude}`, "");
  out.push(heading("Cases"), table(caseTable(report.cases)), "");
  if (report.skipped.length > 0) {
    out.push(heading("Skipped"), table({ head: ["case", "kind", "split", "why"], rows: report.skipped.map((s) => [s.id, s.kind, s.split, s.reason]) }), "");
  }
  out.push(heading("Totals"), table(totalsTable(report.totals)), "");
  const claude = claudeTable(report.totals);
  if (claude) out.push(heading(`Claude (answers from: ${report.totals.all.claude?.answersFrom.join("; ") || "none"})`), table(claude), "");
  if (report.repeats && report.repeats.length > 1) out.push(heading(`Repeats (${report.repeats.length})`), table(repeatTable(report.repeats)), "");
  if (report.comparison) {
    const c = report.comparison;
    out.push(heading("Against the baseline"));
    if (c.regressions.length === 0) out.push("No regression beyond the margins.");
    for (const r of c.regressions) out.push(`REGRESSION ${r}`);
    for (const ch of c.changes) out.push(`  ${ch}`);
    out.push("");
  }
  for (const n of report.notes) out.push(n);
  return `${out.join("\n").replace(/\n+$/, "")}
`;
}
function caseTable(cases) {
  return {
    head: ["case", "kind", "split", "met", "static", "claude", "inline", "noise/budget", "forbidden", "claude answers"],
    rows: cases.map((c) => {
      const met = c.expectations.filter((e) => e.matched).length;
      const bySource = (s) => String(c.expectations.filter((e) => e.bySource.includes(s)).length);
      return [
        c.id,
        c.kind,
        c.split,
        `${met}/${c.expectations.length}`,
        bySource("static"),
        typeof c.claude === "object" ? bySource("claude") : "-",
        String(c.inline),
        `${c.noise}/${c.maxInline}${c.overBudget ? " OVER" : ""}`,
        String(c.forbiddenHits),
        typeof c.claude === "object" ? `${c.claude.requests} req${c.claude.failures.length > 0 ? `, ${c.claude.failures.length} failed` : ""}` : c.claude
      ];
    })
  };
}
function pct(r) {
  const v = ratio(r);
  return v === null ? "n/a" : `${(v * 100).toFixed(1)}% (${r.hit}/${r.of})`;
}
function totalsTable(t) {
  const cols = [
    ["all", t.all],
    ["dev", t.dev],
    ["held-out", t.heldOut]
  ];
  const row = (name, f) => [name, ...cols.map(([, x]) => f(x))];
  const num = (v) => v === null ? "n/a" : (Math.round(v * 100) / 100).toString();
  return {
    head: ["measure", ...cols.map(([n]) => n)],
    rows: [
      row("cases", (x) => String(x.cases)),
      row("expectations", (x) => String(x.expectations)),
      row("recall (inline or summary)", (x) => pct(x.recall)),
      row("recall, inline", (x) => pct(x.inlineRecall)),
      row("recall by static comments", (x) => pct(x.staticRecall)),
      row("recall by Claude comments", (x) => x.claude && x.claude.cases > 0 ? pct(x.claudeRecall) : "n/a"),
      ...SEVERITIES.map((s) => row(`recall, min severity ${s}`, (x) => pct(x.bySeverity[s]))),
      ...LABEL_KINDS.map((l) => row(`recall, ${l} labels`, (x) => pct(x.byLabel[l]))),
      ...CASE_KINDS.filter((k) => k !== "clean").map((k) => row(`recall, ${k} cases`, (x) => pct(x.byKind[k]))),
      row("precision on labelled lines", (x) => pct(x.precisionLabelled)),
      row("inline comments", (x) => String(x.inline)),
      row("inline matching nothing", (x) => String(x.noise)),
      row("inline per clean PR", (x) => `${num(x.inlinePerCleanPr)} (${x.cleanCases} clean)`),
      row("cases over noise budget", (x) => String(x.overBudget)),
      row("comments on forbidden lines", (x) => String(x.forbiddenHits)),
      row("suggestions: apply/parse/offered", (x) => `${x.suggestions.applies}/${x.suggestions.parses}/${x.suggestions.offered}`),
      row("static suggestions: rule silent after", (x) => `${x.suggestions.ruleGone}/${x.suggestions.ruleChecked}`)
    ]
  };
}
function claudeTable(t) {
  if (!t.all.claude) return void 0;
  const cols = [
    ["all", t.all],
    ["dev", t.dev],
    ["held-out", t.heldOut]
  ];
  const row = (name, f) => [name, ...cols.map(([, x]) => x.claude ? f(x.claude) : "-")];
  return {
    head: ["Claude", ...cols.map(([n]) => n)],
    rows: [
      row("cases run / not recorded", (c) => `${c.cases} / ${c.notRecorded}`),
      row("requests (failed)", (c) => `${c.requests} (${c.failures})`),
      row("refusals", (c) => String(c.refusals)),
      row("model comments \u2192 findings", (c) => `${c.modelComments} \u2192 ${c.findings} (lost ${c.lost})`),
      row("dropped, by reason", (c) => Object.entries(c.dropped).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(", ") || "none"),
      row("anchors exact/snapped/demoted/unknown", (c) => `${c.anchors.exact}/${c.anchors.snapped}/${c.anchors.demoted}/${c.anchors.unknown}`),
      row("suggestions removed", (c) => String(c.suggestionsRemoved)),
      row("tokens in / out", (c) => `${c.inputTokens} / ${c.outputTokens}`),
      row("tokens cache read / write", (c) => `${c.cacheReadTokens} / ${c.cacheCreationTokens}`),
      row("cost", (c) => c.costUsd === void 0 ? "unknown" : `$${c.costUsd.toFixed(4)}`),
      row("latency (sum)", (c) => `${(c.latencyMs / 1e3).toFixed(1)} s`)
    ]
  };
}
function repeatTable(repeats) {
  const v = (r) => ratio(r) ?? 0;
  const stats = (xs) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `${(mean * 100).toFixed(1)}% (min ${(Math.min(...xs) * 100).toFixed(1)}, max ${(Math.max(...xs) * 100).toFixed(1)})`;
  };
  return {
    head: ["measure", "mean (min, max)", ...repeats.map((_, i) => `#${i + 1}`)],
    rows: [
      ["recall", stats(repeats.map((r) => v(r.recall))), ...repeats.map((r) => pct(r.recall))],
      ["recall by Claude", stats(repeats.map((r) => v(r.claudeRecall))), ...repeats.map((r) => pct(r.claudeRecall))],
      ["inline per clean PR", "", ...repeats.map((r) => String(r.inlinePerCleanPr === null ? "n/a" : Math.round(r.inlinePerCleanPr * 100) / 100))]
    ]
  };
}
function textTable(t) {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(t.head), line(widths.map((w) => "-".repeat(w))), ...t.rows.map(line)].join("\n");
}
function markdownTable(t) {
  const cell = (s) => s.replace(/\|/g, "\\|");
  return [`| ${t.head.map(cell).join(" | ")} |`, `|${t.head.map(() => "---").join("|")}|`, ...t.rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

// src/eval/recordings.ts
import { createHash } from "node:crypto";
var STALE = "stale recording \u2014 re-record with a key";
var Tap = class {
  constructor(caseId) {
    this.caseId = caseId;
  }
  caseId;
  stale = [];
  sources = [];
  answerTexts = [];
  recorded = [];
};
function requestKey(method, path, body) {
  let canonical = "";
  if (body) {
    try {
      canonical = canonicalJson(JSON.parse(body));
    } catch {
      canonical = body;
    }
  }
  return createHash("sha256").update(`${method.toUpperCase()} ${path}
${canonical}`).digest("hex").slice(0, 24);
}
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
async function readRequest(input, init) {
  const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
  const method = init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET");
  let body;
  if (typeof init?.body === "string") body = init.body;
  else if (init?.body != null) body = await new Response(init.body).text();
  else if (typeof input === "object" && "text" in input) body = await input.text();
  let parsed = {};
  try {
    parsed = body ? JSON.parse(body) : {};
  } catch {
  }
  return { method, path: url.pathname, body, key: requestKey(method, url.pathname, body), parsed };
}
function summarize(parsed) {
  const messages = Array.isArray(parsed.messages) ? parsed.messages : [];
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const text = lastUser === void 0 ? void 0 : typeof lastUser.content === "string" ? lastUser.content : lastUser.content.map((b) => b.text ?? "").join("\n");
  return {
    ...typeof parsed.model === "string" ? { model: parsed.model } : {},
    messages: messages.length,
    ...text !== void 0 ? { lastUserText: text.replace(/\s+/g, " ").trim().slice(0, 160) } : {}
  };
}
function describeRequest(r) {
  const s = summarize(r.parsed);
  return `${r.method} ${r.path} key ${r.key}${s.messages ? ` (${s.messages} message${s.messages === 1 ? "" : "s"})` : ""}`;
}
function replayFetch(recordings, tap) {
  return (async (input, init) => {
    const r = await readRequest(input, init);
    const hit = recordings.get(r.key);
    if (!hit) {
      tap.stale.push(describeRequest(r));
      return errorResponse(400, `${STALE} (${describeRequest(r)})`);
    }
    tap.sources.push(hit.source);
    return answer(hit.response, r.parsed.stream === true, tap);
  });
}
function apiFetch(inner, tap, keep, now = () => /* @__PURE__ */ new Date()) {
  return (async (input, init) => {
    const r = await readRequest(input, init);
    const res = await inner(input, init);
    if (!res.ok) return res;
    const text = await res.text();
    const streamed = (res.headers.get("content-type") ?? "").includes("text/event-stream");
    const response = streamed ? messageFromSse(text) : JSON.parse(text);
    const model = typeof response.model === "string" ? response.model : String(r.parsed.model ?? "unknown");
    const source = { kind: "api", model, date: now().toISOString().slice(0, 10) };
    tap.sources.push(source);
    noteText(response, tap);
    if (keep) tap.recorded.push({ format: 1, key: r.key, case: tap.caseId, endpoint: `${r.method} ${r.path}`, source, request: summarize(r.parsed), response });
    return new Response(text, { status: res.status, headers: res.headers });
  });
}
function fixtureFetch(fixture, tap) {
  let next = 0;
  return (async (input, init) => {
    const r = await readRequest(input, init);
    let response;
    if (r.path.endsWith("/count_tokens")) {
      response = { input_tokens: fixture.count_tokens };
    } else {
      const a = fixture.answers[next++];
      if (!a) {
        tap.stale.push(`${describeRequest(r)}: the fixture has ${fixture.answers.length} answer(s), this is request ${next}`);
        return errorResponse(400, `the fixture of ${tap.caseId} has no answer ${next}`);
      }
      response = fixtureMessage(a, String(r.parsed.model ?? "unknown"), next);
    }
    tap.sources.push(fixture.source);
    tap.recorded.push({ format: 1, key: r.key, case: tap.caseId, endpoint: `${r.method} ${r.path}`, source: fixture.source, request: summarize(r.parsed), response });
    return answer(response, r.parsed.stream === true, tap);
  });
}
function fixtureMessage(a, model, n) {
  const text = typeof a.text === "string" ? a.text : JSON.stringify(a.text);
  return {
    id: `msg_fixture_${n}`,
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text, citations: null }],
    stop_reason: a.stop_reason ?? "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: Math.ceil(text.length / 4), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...a.usage ?? {} }
  };
}
function noteText(response, tap) {
  if (!Array.isArray(response.content)) return;
  tap.answerTexts.push(response.content.flatMap((b) => b.type === "text" ? [b.text ?? ""] : []).join(""));
}
function answer(response, stream, tap) {
  noteText(response, tap);
  if (!stream) return new Response(JSON.stringify(response), { status: 200, headers: { "content-type": "application/json", "request-id": "req_replay" } });
  return new Response(sseOf(response), { status: 200, headers: { "content-type": "text/event-stream; charset=utf-8", "request-id": "req_replay" } });
}
function errorResponse(status, message) {
  return new Response(JSON.stringify({ type: "error", error: { type: "invalid_request_error", message } }), {
    status,
    headers: { "content-type": "application/json", "request-id": "req_replay", "x-should-retry": "false" }
  });
}
function sseOf(message) {
  const events = [];
  const sse = (type, data) => {
    events.push(`event: ${type}
data: ${JSON.stringify({ type, ...data })}

`);
  };
  const usage = message.usage ?? {};
  sse("message_start", { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  const blocks = Array.isArray(message.content) ? message.content : [];
  blocks.forEach((block, index) => {
    if (block.type === "text") {
      sse("content_block_start", { index, content_block: { type: "text", text: "", citations: null } });
      sse("content_block_delta", { index, delta: { type: "text_delta", text: block.text ?? "" } });
    } else if (block.type === "thinking") {
      sse("content_block_start", { index, content_block: { type: "thinking", thinking: "", signature: "" } });
      sse("content_block_delta", { index, delta: { type: "thinking_delta", thinking: block.thinking ?? "" } });
      sse("content_block_delta", { index, delta: { type: "signature_delta", signature: block.signature ?? "" } });
    } else {
      sse("content_block_start", { index, content_block: block });
    }
    sse("content_block_stop", { index });
  });
  sse("message_delta", { delta: { stop_reason: message.stop_reason ?? "end_turn", stop_sequence: message.stop_sequence ?? null }, usage });
  sse("message_stop", {});
  return events.join("");
}
function messageFromSse(text) {
  let message = {};
  const blocks = [];
  for (const chunk of text.split(/\r?\n\r?\n/)) {
    const data = chunk.split(/\r?\n/).filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
    if (!data) continue;
    const event = JSON.parse(data);
    const index = event.index;
    if (event.type === "message_start") message = { ...event.message };
    else if (event.type === "content_block_start") blocks[index] = { ...event.content_block };
    else if (event.type === "content_block_delta") {
      const d = event.delta;
      const b = blocks[index];
      if (d.type === "text_delta") b.text = `${b.text ?? ""}${d.text}`;
      else if (d.type === "thinking_delta") b.thinking = `${b.thinking ?? ""}${d.thinking}`;
      else if (d.type === "signature_delta") b.signature = d.signature;
      else if (d.type === "input_json_delta") b.partial_json = `${b.partial_json ?? ""}${d.partial_json}`;
    } else if (event.type === "message_delta") {
      const d = event.delta;
      message.stop_reason = d.stop_reason;
      message.stop_sequence = d.stop_sequence ?? null;
      message.usage = { ...message.usage ?? {}, ...event.usage ?? {} };
    }
  }
  return { ...message, content: blocks.filter(Boolean) };
}

// src/eval/diff.ts
function changedFilesOf(base, head) {
  const paths = [.../* @__PURE__ */ new Set([...base.keys(), ...head.keys()])].sort();
  const out = [];
  for (const path of paths) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after) continue;
    if (after === void 0) out.push({ path, status: "removed" });
    else if (before === void 0) out.push({ path, status: "added", patch: wholeFileAdded(after) });
    else out.push({ path, status: "modified", patch: parsePatch(unifiedHunks(before, after)) });
  }
  return out;
}

// src/eval/match.ts
var LINE_SLACK = 2;
function scoreCase(c, comments) {
  const scored = comments.map(({ finding: f, inline: inline2, category }) => {
    const text = c.head.get(f.path);
    const fn = text === void 0 ? void 0 : enclosingFunction(text, f.line);
    const matches = c.expect.filter((e) => meets(e, f, category, fn)).map((e) => e.id);
    const near = c.expect.some((e) => e.path === f.path && isNear(e, f, fn));
    const forbidden = c.forbid.find((x) => x.path === f.path && overlaps([f.line, f.endLine], x.lines, 0));
    return {
      source: f.source,
      ruleId: f.ruleId,
      severity: f.severity,
      path: f.path,
      line: f.line,
      endLine: f.endLine,
      message: f.message,
      inline: inline2,
      matches,
      labelled: near || forbidden !== void 0,
      ...forbidden ? { forbidden: forbidden.why } : {}
    };
  });
  const expectations = c.expect.map((e) => {
    const by = scored.filter((s) => s.matches.includes(e.id));
    return {
      id: e.id,
      label: e.label,
      minSeverity: e.minSeverity,
      matched: by.length > 0,
      matchedInline: by.some((s) => s.inline),
      bySource: [...new Set(by.map((s) => s.source))].sort()
    };
  });
  const inline = scored.filter((s) => s.inline);
  const noise = inline.filter((s) => s.matches.length === 0).length;
  return {
    expectations,
    comments: scored,
    inline: inline.length,
    noise,
    overBudget: noise > c.maxInline,
    forbiddenHits: inline.filter((s) => s.forbidden !== void 0).length
  };
}
function meets(e, f, category, fn) {
  if (e.path !== f.path || !isNear(e, f, fn)) return false;
  if (severityRank(f.severity) < severityRank(e.minSeverity)) return false;
  if (e.category && (!category || !e.category.includes(category))) return false;
  const text = `${f.ruleId}
${f.message}
${f.detail ?? ""}`.toLowerCase();
  return e.words.every((w) => w.toLowerCase().split("|").some((alt) => alt !== "" && text.includes(alt)));
}
function isNear(e, f, fn) {
  if (e.lines && overlaps([f.line, f.endLine], e.lines, LINE_SLACK)) return true;
  return e.function !== void 0 && fn === e.function;
}
function overlaps(a, b, slack) {
  return a[0] <= b[1] + slack && b[0] <= a[1] + slack;
}
function enclosingFunction(text, line) {
  const lines = text.split("\n");
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const m = /^export\s+(?:default\s+)?(?:async\s+)?(?:const|let|function\*?|class)\s+([A-Za-z_$][\w$]*)/.exec(lines[i]);
    if (m) return m[1];
  }
  return void 0;
}

// src/eval/run.ts
var CATEGORY_OF = new Map(ALL_RULES.map((r) => [r.id, r.category]));
async function runCase(c, claude) {
  const project = await readProjectFiles(
    [...c.head.keys()].map((path) => ({ path })),
    async (paths) => new Map(paths.flatMap((p) => c.head.has(p) ? [[p, Buffer.from(c.head.get(p), "utf8")]] : []))
  );
  const configText = c.head.get(CONFIG_PATH);
  const config = configText === void 0 ? EMPTY_CONFIG : parseConfig(configText, RULE_IDS);
  let report;
  let latencyMs = 0;
  const choice = claude.kind === "run" ? {
    run: async (input) => {
      const started = performance.now();
      try {
        report = await runClaudeReview(input, claudeSettings(claude));
        return report;
      } finally {
        latencyMs = performance.now() - started;
      }
    }
  } : { skip: claude.kind === "off" ? "Claude is off for this eval run." : "No recording for this case." };
  const review = await reviewChange({
    project,
    target: { kind: "change", changedFiles: changedFilesOf(c.base, c.head), ...c.pullRequest ? { pullRequest: c.pullRequest } : {} },
    settings: { rules: config.rules, project: config.project, paths: [], exclude: config.ignore, inlineMinSeverity: INLINE_MIN_SEVERITY, maxComments: MAX_COMMENTS },
    claude: choice
  });
  const reviewed = [
    ...review.plan.inline.map((i) => ({ finding: i.finding, inline: true })),
    ...review.plan.notInline.map((n) => ({ finding: n.finding, inline: false }))
  ].map((r) => ({ ...r, category: categoryOf(r.finding) }));
  const score = scoreCase(c, reviewed);
  const modelComments = claude.kind === "run" ? modelCommentsOf(claude.tap.answerTexts) : [];
  for (const s of score.comments) {
    if (s.source !== "claude") continue;
    s.anchor = anchorKind(s, modelComments, c.head.get(s.path));
  }
  return {
    id: c.id,
    kind: c.kind,
    split: c.split,
    tags: c.tags,
    ...score,
    maxInline: c.maxInline,
    suggestions: suggestionStats(c, { settings: config.rules, project: config.project }, review.plan.inline.filter((i) => i.withSuggestion).map((i) => i.finding)),
    claude: claude.kind === "run" ? claudeStats(report, claude.tap, latencyMs, modelComments.length, score.comments.filter((s) => s.source === "claude").map((s) => s.anchor)) : claude.kind
  };
}
function claudeSettings(claude) {
  return {
    apiKey: claude.apiKey,
    baseURL: claude.baseURL,
    model: claude.model,
    maxInputTokens: CLAUDE_DEFAULTS.maxInputTokens,
    maxOutputTokens: CLAUDE_DEFAULTS.maxOutputTokens,
    effort: CLAUDE_DEFAULTS.effort,
    verify: CLAUDE_DEFAULTS.verify,
    minScore: CLAUDE_DEFAULTS.minScore,
    // One request at a time: the order of requests (and so of a fixture's answers) is fixed.
    concurrency: 1,
    maxRetries: claude.maxRetries,
    timeoutSeconds: CLAUDE_DEFAULTS.timeoutSeconds,
    fetch: claude.fetch
  };
}
function categoryOf(f) {
  return f.source === "claude" ? f.ruleId.slice("claude/".length) : CATEGORY_OF.get(f.ruleId);
}
function modelCommentsOf(texts) {
  return texts.flatMap((t) => {
    const parsed = parseReviewOutput(t);
    return parsed.ok ? parsed.review.comments : [];
  });
}
function anchorKind(s, comments, text) {
  if (!s.inline) return "demoted";
  const comment = comments.find((m) => m.path === s.path && m.title === s.message);
  if (!comment || text === void 0) return "unknown";
  const quoted = findEvidence(normalizedLines(text), comment.evidence, { start: Math.min(comment.start_line ?? comment.line, comment.line), end: comment.line });
  if (!quoted) return "unknown";
  return quoted.start === s.line && quoted.end === s.endLine ? "exact" : "snapped";
}
function claudeStats(report, tap, latencyMs, modelComments, anchors) {
  const count2 = (k) => anchors.filter((a) => a === k).length;
  return {
    answers: dedupeSources(tap.sources),
    requests: report?.requests ?? 0,
    inputTokens: report?.usage.inputTokens ?? 0,
    outputTokens: report?.usage.outputTokens ?? 0,
    cacheReadTokens: report?.usage.cacheReadTokens ?? 0,
    cacheCreationTokens: report?.usage.cacheCreationTokens ?? 0,
    ...report?.costUsd !== void 0 ? { costUsd: report.costUsd } : {},
    latencyMs: Math.round(latencyMs),
    refusals: report?.refusals ?? 0,
    failures: report?.failures ?? [],
    modelComments,
    findings: report?.findings.length ?? 0,
    dropped: { ...report?.dropped ?? {} },
    suggestionsRemoved: report?.suggestionsRemoved ?? 0,
    anchors: { exact: count2("exact"), snapped: count2("snapped"), demoted: count2("demoted"), unknown: count2("unknown") }
  };
}
function dedupeSources(sources) {
  const seen = /* @__PURE__ */ new Map();
  for (const s of sources) seen.set(JSON.stringify(s), s);
  return [...seen.values()];
}
function suggestionStats(c, options, withFix) {
  const stats = { offered: withFix.length, applies: 0, parses: 0, ruleGone: 0, ruleChecked: 0 };
  for (const f of withFix) {
    const text = c.head.get(f.path);
    const fix = f.fix;
    if (text === void 0) continue;
    const lines = text.split("\n");
    if (fix.line < 1 || fix.endLine > lines.length || fix.endLine < fix.line) continue;
    stats.applies++;
    const replacement = fix.replacement.split("\n");
    const changed = [...lines.slice(0, fix.line - 1), ...replacement, ...lines.slice(fix.endLine)].join("\n");
    if (parseErrors(f.path, changed) <= parseErrors(f.path, text)) stats.parses++;
    if (f.source !== "static") continue;
    stats.ruleChecked++;
    const files = new Map(c.head);
    files.set(f.path, changed);
    const after = analyzeFiles(files, options).findings;
    const range2 = [fix.line, fix.line + replacement.length - 1];
    if (!after.some((g) => g.ruleId === f.ruleId && g.path === f.path && overlaps([g.line, g.endLine], range2, 0))) stats.ruleGone++;
  }
  return stats;
}
function parseErrors(path, text) {
  return parseSource(path, text).parseErrors.length;
}

// src/eval/store.ts
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
var SKIP_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
function loadCases(dir, sourcesDir) {
  const casesDir = join(dir, "cases");
  if (!existsSync(casesDir)) throw new CaseError(`no cases folder at ${casesDir}`);
  const cases = [];
  const skipped = [];
  for (const name of readdirSync(casesDir).sort()) {
    const file = join(casesDir, name, "case.json");
    if (!existsSync(file)) continue;
    const spec = parseCaseSpec(readJson(file), file);
    if (spec.id !== name) throw new CaseError(`${file}: id '${spec.id}' differs from its folder '${name}'`);
    const loaded = caseOf(spec, join(casesDir, name), dir, sourcesDir);
    if ("reason" in loaded) skipped.push({ id: spec.id, kind: spec.kind, split: spec.split, reason: loaded.reason });
    else cases.push(loaded);
  }
  return { cases, skipped };
}
function caseOf(spec, caseDir, evalDir, sourcesDir) {
  if (spec.trees) return buildCase(spec, readTree(join(caseDir, spec.trees.base)), readTree(join(caseDir, spec.trees.head)));
  if (spec.mutation) {
    const app = readTree(join(evalDir, "apps", spec.mutation.app));
    if (app.size === 0) throw new CaseError(`case ${spec.id}: no app eval/apps/${spec.mutation.app}`);
    const mutated = applyEdits(app, spec.mutation.edits, `case ${spec.id}`);
    return spec.mutation.reverse ? buildCase(spec, mutated.files, app) : buildCase(spec, app, mutated.files, mutated.span);
  }
  const recipe2 = spec.recipe;
  const folder = (commit) => join(sourcesDir ?? "", `${recipe2.repository.replace("/", "+")}@${commit}`);
  if (!sourcesDir) return { reason: `a recipe: its sources are not in the repository; fetch ${recipe2.repository} and pass --sources DIR (docs/eval.md)` };
  const missing = [recipe2.fixCommit, recipe2.parentCommit].filter((c) => !existsSync(folder(c)));
  if (missing.length > 0) return { reason: `sources not fetched: ${missing.map((c) => relative(process.cwd(), folder(c))).join(", ")}` };
  const pick = (commit) => {
    const out = /* @__PURE__ */ new Map();
    for (const p of recipe2.paths) {
      const file = join(folder(commit), p);
      if (existsSync(file)) out.set(p, readFileSync(file, "utf8"));
    }
    return out;
  };
  return buildCase(spec, pick(recipe2.fixCommit), pick(recipe2.parentCommit));
}
function readTree(root) {
  const out = /* @__PURE__ */ new Map();
  if (!existsSync(root)) return out;
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
      const child = join(abs, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.set(relative(root, child).split(sep).join("/"), readFileSync(child, "utf8"));
    }
  };
  walk(root);
  return out;
}
function loadRecordings(dir) {
  const byKey = /* @__PURE__ */ new Map();
  const cases = /* @__PURE__ */ new Set();
  const root = join(dir, "recordings");
  if (!existsSync(root)) return { byKey, cases };
  for (const caseId of readdirSync(root).sort()) {
    const caseDir = join(root, caseId);
    if (!statSync(caseDir).isDirectory()) continue;
    for (const name of readdirSync(caseDir).sort()) {
      if (!name.endsWith(".json")) continue;
      const r = readJson(join(caseDir, name));
      if (r.format !== 1 || typeof r.key !== "string" || typeof r.source !== "object") throw new CaseError(`${join(caseDir, name)}: not a recording (format 1, key, source, response)`);
      byKey.set(r.key, r);
      cases.add(caseId);
    }
  }
  return { byKey, cases };
}
function writeRecordings(dir, caseId, recordings) {
  const caseDir = join(dir, "recordings", caseId);
  rmSync(caseDir, { recursive: true, force: true });
  mkdirSync(caseDir, { recursive: true });
  for (const r of recordings) writeFileSync(join(caseDir, `${r.key}.json`), `${JSON.stringify(r, null, 2)}
`);
}
function loadFixtures(dir) {
  const out = /* @__PURE__ */ new Map();
  const root = join(dir, "fixtures");
  if (!existsSync(root)) return out;
  for (const name of readdirSync(root).sort()) {
    if (!name.endsWith(".json")) continue;
    const f = readJson(join(root, name));
    if (typeof f.case !== "string" || !Array.isArray(f.answers) || typeof f.source !== "object") throw new CaseError(`${join(root, name)}: not a fixture (case, source, count_tokens, answers)`);
    out.set(f.case, f);
  }
  return out;
}
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CaseError(`${file}: ${error.message}`);
  }
}

// src/eval/command.ts
var REPLAY_URL = "https://api.anthropic.com";
async function runEval(options, io) {
  const env = io.env ?? process.env;
  const now = io.now ?? (() => /* @__PURE__ */ new Date());
  const dir = resolve(io.cwd, options.dir);
  let loaded;
  try {
    loaded = loadCases(dir, options.sources === void 0 ? void 0 : resolve(io.cwd, options.sources));
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    throw error;
  }
  const unknown = options.only.filter((id) => !loaded.cases.some((c) => c.id === id) && !loaded.skipped.some((s) => s.id === id));
  if (unknown.length > 0) throw new UsageError(`--case: no case ${unknown.join(", ")} under ${dir}/cases`);
  const wanted = (c) => (options.only.length === 0 || options.only.includes(c.id)) && (options.split === "all" || c.split === options.split);
  let cases = loaded.cases.filter(wanted);
  const skipped = loaded.skipped.filter(wanted);
  const apiKey = env.ANTHROPIC_API_KEY?.trim() ?? "";
  const needsKey = options.claude && (options.mode === "live" || options.mode === "record" && !options.fromFixtures);
  if (needsKey && !apiKey) throw new UsageError(`--mode ${options.mode} calls the Anthropic API: set ANTHROPIC_API_KEY (or use --mode replay, which is offline)`);
  const recordings = loadRecordings(dir);
  const fixtures = loadFixtures(dir);
  if (options.fromFixtures) {
    cases = cases.filter((c) => fixtures.has(c.id));
    if (cases.length === 0) throw new UsageError(`--from-fixtures: no case with a fixture under ${dir}/fixtures`);
  }
  const stale = [];
  const notes = [];
  const runs = [];
  let spent = 0;
  for (let round = 0; round < options.repeat; round++) {
    const results2 = [];
    for (const c of cases) {
      if (options.maxUsd !== void 0 && spent >= options.maxUsd) {
        if (round === 0) skipped.push({ id: c.id, kind: c.kind, split: c.split, reason: `not run: --max-usd ${options.maxUsd} reached ($${spent.toFixed(4)} spent)` });
        continue;
      }
      const tap = new Tap(c.id);
      const result = await runCase(c, caseClaude(c, tap));
      results2.push(result);
      if (typeof result.claude === "object") spent += result.claude.costUsd ?? 0;
      for (const s of tap.stale) stale.push(`case ${c.id}: ${s}`);
      const keep = options.mode === "record" && tap.stale.length === 0 && tap.recorded.length > 0;
      if (keep) writeRecordings(dir, c.id, tap.recorded);
      if (keep) notes.push(`Recorded ${tap.recorded.length} request(s) of ${c.id} in ${options.dir}/recordings/${c.id}/.`);
    }
    runs.push(results2);
  }
  const results = runs[0];
  const totals = (rs) => ({
    all: totalsOf(rs),
    dev: totalsOf(rs.filter((r) => r.split === "dev")),
    heldOut: totalsOf(rs.filter((r) => r.split === "held-out"))
  });
  const t = totals(results);
  const claude = claudeWords(options, t.all);
  const report = {
    date: now().toISOString().slice(0, 10),
    mode: options.fromFixtures ? "record --from-fixtures" : options.mode,
    claude,
    cases: results,
    skipped,
    totals: t,
    ...runs.length > 1 ? { repeats: runs.map((rs) => totalsOf(rs)) } : {},
    notes
  };
  let code = 0;
  if (options.baseline) {
    const file = resolve(io.cwd, options.baseline);
    const current = baselineOf(t.all, claude, Object.fromEntries(results.map((r) => [r.id, { met: r.expectations.filter((e) => e.matched).map((e) => e.id), inline: r.inline }])));
    if (options.updateBaseline) {
      writeFileSync2(file, `${JSON.stringify(current, null, 2)}
`);
      notes.push(`Baseline written to ${options.baseline}.`);
    } else {
      if (!existsSync2(file)) throw new UsageError(`--baseline: ${options.baseline} does not exist; write it with --update-baseline`);
      let baseline;
      try {
        baseline = parseBaseline(readFileSync2(file, "utf8"), options.baseline);
      } catch (error) {
        throw new UsageError(error.message);
      }
      report.comparison = compareBaseline(baseline, current);
      if (report.comparison.regressions.length > 0) code = 1;
    }
  }
  if (stale.length > 0) {
    notes.push(`${STALE}: ${stale.length} request(s) had no recording (listed on stderr).`);
    code = 1;
  }
  io.stdout(options.format === "json" ? formatJson(report) : options.format === "markdown" ? formatMarkdown(report) : formatText(report));
  for (const s of stale) io.stderr(`convex-review: eval: ${STALE}: ${s}
`);
  if (report.comparison && report.comparison.regressions.length > 0) io.stderr(`convex-review: eval: regression beyond the margins against ${options.baseline}: ${report.comparison.regressions.join("; ")}
`);
  return code;
  function caseClaude(c, tap) {
    if (!options.claude) return { kind: "off" };
    const base = { tap, model: options.model };
    if (options.mode === "replay") {
      if (!recordings.cases.has(c.id)) return { kind: "not recorded" };
      return { kind: "run", ...base, fetch: replayFetch(recordings.byKey, tap), apiKey: "replay-no-key", baseURL: REPLAY_URL, maxRetries: 0 };
    }
    if (options.fromFixtures) return { kind: "run", ...base, fetch: fixtureFetch(fixtures.get(c.id), tap), apiKey: "fixture-no-key", baseURL: REPLAY_URL, maxRetries: 0 };
    const inner = io.fetch ?? globalThis.fetch;
    return { kind: "run", ...base, fetch: apiFetch(inner, tap, options.mode === "record", now), apiKey, baseURL: env.ANTHROPIC_BASE_URL || "https://api.anthropic.com", maxRetries: 4 };
  }
}
function claudeWords(options, all) {
  if (!options.claude) return "off (static rules only)";
  const from = all.claude?.answersFrom ?? [];
  const ran = all.claude?.cases ?? 0;
  const missing = all.claude?.notRecorded ?? 0;
  const what = options.mode === "replay" ? "replayed recordings" : options.fromFixtures ? "hand-written fixtures, re-recorded" : options.mode === "record" ? "the API, recorded" : "the API, live";
  return `${what} on ${ran} case(s)${missing > 0 ? `, ${missing} not recorded (static only)` : ""}${from.length > 0 ? `; answers from ${from.join("; ")}` : ""}`;
}
export {
  runEval
};
