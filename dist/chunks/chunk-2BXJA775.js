import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  RULE_IDS
} from "./chunk-J4TE5HMB.js";
import {
  UsageError
} from "./chunk-XBMJBUDX.js";
import {
  compareFindings,
  ruleDocsUrl
} from "./chunk-5N34DG56.js";
import {
  __glob
} from "./chunk-3WSUY3EJ.js";

// src/core/rule-settings.ts
var SETTINGS = ["off", "error", "warning", "info"];
function parseRuleSettings(entries, validIds, source) {
  const settings = /* @__PURE__ */ new Map();
  for (const raw of entries.flatMap((e) => e.split(/[,\n]/)).map((e) => e.trim()).filter(Boolean)) {
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(raw);
    if (!match) throw new UsageError(`${source}: '${raw}' is not ID=SETTING (e.g. unbounded-collect=off); SETTING is one of ${SETTINGS.join(", ")}`);
    const [, id, value] = match;
    if (!validIds.includes(id)) {
      throw new UsageError(`${source}: unknown rule id '${id}'. Valid ids: ${[...validIds].sort().join(", ")}`);
    }
    if (!SETTINGS.includes(value)) {
      throw new UsageError(`${source}: '${value}' is not a setting for ${id}; use one of ${SETTINGS.join(", ")}`);
    }
    settings.set(id, value);
  }
  return settings;
}

// import("../../docs/rules/**/*.md") in src/report/rule-help.ts
var globImport_docs_rules_md = __glob({
  "../../docs/rules/README.md": () => import("./README-AOFI3IHU.js"),
  "../../docs/rules/aggregate-not-synced.md": () => import("./aggregate-not-synced-274VN75Q.js"),
  "../../docs/rules/client-called-action-writes.md": () => import("./client-called-action-writes-4EXRESPI.js"),
  "../../docs/rules/collect-for-count.md": () => import("./collect-for-count-56SDDL2K.js"),
  "../../docs/rules/component-not-installed.md": () => import("./component-not-installed-GC2CJTDN.js"),
  "../../docs/rules/date-now-in-query.md": () => import("./date-now-in-query-YFPK3TOE.js"),
  "../../docs/rules/db-in-action.md": () => import("./db-in-action-XNPSDW2B.js"),
  "../../docs/rules/direct-function-ref.md": () => import("./direct-function-ref-5UDNAGOB.js"),
  "../../docs/rules/explicit-table-name.md": () => import("./explicit-table-name-4SMUICJW.js"),
  "../../docs/rules/fetch-outside-action.md": () => import("./fetch-outside-action-65AXPWKJ.js"),
  "../../docs/rules/filter-served-by-index.md": () => import("./filter-served-by-index-RBMZIJ2Q.js"),
  "../../docs/rules/floating-convex-promise.md": () => import("./floating-convex-promise-KBXBR3EC.js"),
  "../../docs/rules/import-wrong-runtime.md": () => import("./import-wrong-runtime-VUZEKYMN.js"),
  "../../docs/rules/internal-ref-for-server-calls.md": () => import("./internal-ref-for-server-calls-X4WXKDYQ.js"),
  "../../docs/rules/invalid-suppression.md": () => import("./invalid-suppression-3I5H6A2K.js"),
  "../../docs/rules/missing-auth-config.md": () => import("./missing-auth-config-BCUGKI4F.js"),
  "../../docs/rules/no-filter-on-db-query.md": () => import("./no-filter-on-db-query-U5S23J6S.js"),
  "../../docs/rules/no-old-function-syntax.md": () => import("./no-old-function-syntax-I5N3B7YG.js"),
  "../../docs/rules/no-process-env.md": () => import("./no-process-env-G6LOLMDP.js"),
  "../../docs/rules/node-import-without-use-node.md": () => import("./node-import-without-use-node-KBOJHSTU.js"),
  "../../docs/rules/paginate-without-validator.md": () => import("./paginate-without-validator-QGG6BZFL.js"),
  "../../docs/rules/parse-error.md": () => import("./parse-error-E27KHYDL.js"),
  "../../docs/rules/public-function-auth-check.md": () => import("./public-function-auth-check-N5MYD3VX.js"),
  "../../docs/rules/redundant-index.md": () => import("./redundant-index-VL4C33UF.js"),
  "../../docs/rules/require-args-validator.md": () => import("./require-args-validator-4S5NP6OA.js"),
  "../../docs/rules/run-in-query-or-mutation.md": () => import("./run-in-query-or-mutation-ALPLYG5Q.js"),
  "../../docs/rules/schema-import-cycle.md": () => import("./schema-import-cycle-AIHNHZMG.js"),
  "../../docs/rules/sequential-run-in-action.md": () => import("./sequential-run-in-action-T6YJFAF2.js"),
  "../../docs/rules/spoofable-identity-arg.md": () => import("./spoofable-identity-arg-TSPFVVEB.js"),
  "../../docs/rules/top-of-hour-cron.md": () => import("./top-of-hour-cron-UKQQP2SX.js"),
  "../../docs/rules/unbounded-collect.md": () => import("./unbounded-collect-AZXAMSUX.js"),
  "../../docs/rules/unexported-convex-function.md": () => import("./unexported-convex-function-YNMBABK3.js"),
  "../../docs/rules/unknown-index.md": () => import("./unknown-index-JAM2CELE.js"),
  "../../docs/rules/unknown-table.md": () => import("./unknown-table-Y7MLRZHV.js"),
  "../../docs/rules/unnecessary-run-action.md": () => import("./unnecessary-run-action-BCSA33X7.js"),
  "../../docs/rules/unpaginated-list-endpoint.md": () => import("./unpaginated-list-endpoint-OEJ2GIBC.js"),
  "../../docs/rules/use-node-only-actions.md": () => import("./use-node-only-actions-5UH6G5VR.js"),
  "../../docs/rules/vector-search-outside-action.md": () => import("./vector-search-outside-action-DL3OJUGJ.js"),
  "../../docs/rules/workflow-nondeterminism.md": () => import("./workflow-nondeterminism-UC2CA3B4.js")
});

// src/report/rule-help.ts
async function docPage(id) {
  try {
    return (await globImport_docs_rules_md(`../../docs/rules/${id}.md`)).default;
  } catch {
    return void 0;
  }
}
function absoluteLinks(markdown, pageUrl) {
  return markdown.replace(/\]\((?!https?:|mailto:|#)([^)\s]+)\)/g, (_, target) => `](${new URL(target, pageUrl).href})`);
}
var pages = await Promise.all(RULE_IDS.map(async (id) => [id, await docPage(id)]));
var RULE_HELP = new Map(pages.flatMap(([id, text]) => text === void 0 ? [] : [[id, absoluteLinks(text, ruleDocsUrl(id))]]));

// src/report/baseline.ts
var BASELINE_VERSION = 1;
var BASELINE_TOOL = "convex-review";
var FINGERPRINT = /^v1:[0-9a-f]{16}$/;
var TOP_LEVEL = ["version", "tool", "findings"];
var ENTRY_KEYS = ["fingerprint", "ruleId", "path", "line", "message"];
function parseBaseline(text, file) {
  const fail = (where, message) => {
    throw new UsageError(`${file}: ${where ? `${where}: ` : ""}${message}`);
  };
  let root;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return fail("", `not valid JSON (${error.message.replace(/\s+/g, " ")})`);
  }
  if (!isRecord(root)) return fail("", `not a ${BASELINE_TOOL} baseline: expected an object with version, tool and findings`);
  for (const key of Object.keys(root)) if (!TOP_LEVEL.includes(key)) fail(key, `unknown key; accepted keys: ${TOP_LEVEL.join(", ")}`);
  if (root.tool !== BASELINE_TOOL) fail("tool", `${JSON.stringify(root.tool ?? null)} is not ${JSON.stringify(BASELINE_TOOL)}: not a ${BASELINE_TOOL} baseline`);
  if (root.version !== BASELINE_VERSION) fail("version", `${JSON.stringify(root.version ?? null)} is not supported; use ${BASELINE_VERSION}`);
  if (!Array.isArray(root.findings)) return fail("findings", "must be a list of findings");
  const entries = root.findings.map((value, i) => {
    const at = `findings[${i}]`;
    if (!isRecord(value)) return fail(at, `must be an object with ${ENTRY_KEYS.join(", ")}`);
    for (const key of Object.keys(value)) if (!ENTRY_KEYS.includes(key)) fail(`${at}.${key}`, `unknown key; accepted keys: ${ENTRY_KEYS.join(", ")}`);
    const { fingerprint, ruleId, path, line, message } = value;
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)) fail(`${at}.fingerprint`, `${JSON.stringify(fingerprint ?? null)} is not a fingerprint v1 ('v1:' and 16 hex digits)`);
    for (const [key, v] of [["ruleId", ruleId], ["path", path], ["message", message]]) {
      if (typeof v !== "string") fail(`${at}.${key}`, "must be a string");
    }
    if (typeof line !== "number" || !Number.isInteger(line) || line < 1) fail(`${at}.line`, "must be a line number (1 or more)");
    return { fingerprint, ruleId, path, line, message };
  });
  return { entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}
function formatBaseline(entries) {
  const sorted = sortedUnique(entries);
  const lines = sorted.map((e, i) => `    ${JSON.stringify({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path, line: e.line, message: e.message })}${i < sorted.length - 1 ? "," : ""}`);
  const findings = lines.length === 0 ? "[]" : `[
${lines.join("\n")}
  ]`;
  return `{
  "version": ${BASELINE_VERSION},
  "tool": ${JSON.stringify(BASELINE_TOOL)},
  "findings": ${findings}
}
`;
}
function entryOf(finding) {
  return { fingerprint: finding.fingerprint, ruleId: finding.ruleId, path: finding.path, line: finding.line, message: finding.message };
}
function updatedBaseline(previous, findings, covers) {
  const recorded = sortedUnique(findings.filter((f) => f.source === "static").map(entryOf));
  const entries = sortedUnique([...recorded, ...previous.filter((e) => !covers(e.path))]);
  return { entries, recorded: recorded.length, kept: entries.length - recorded.length };
}
function staleEntries(baseline, findings, covers) {
  const current = new Set(findings.map((f) => f.fingerprint));
  return baseline.entries.filter((e) => covers(e.path) && !current.has(e.fingerprint));
}
function sortedUnique(entries) {
  const byFingerprint = /* @__PURE__ */ new Map();
  for (const e of entries) if (!byFingerprint.has(e.fingerprint)) byFingerprint.set(e.fingerprint, e);
  return [...byFingerprint.values()].sort(compareEntries);
}
function compareEntries(a, b) {
  return cmp(a.path, b.path) || a.line - b.line || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}
function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// src/report/annotations.ts
var MAX_ANNOTATIONS = 10;
function annotationOf(f) {
  const level = f.severity === "error" ? "error" : f.severity === "warning" ? "warning" : "notice";
  const props = { title: `convex-review: ${f.ruleId}`, file: f.path, startLine: f.line, endLine: f.endLine, ...f.column !== void 0 ? { startColumn: f.column } : {} };
  return { level, message: f.message, props };
}
function annotate(findings, sink) {
  const top = [...findings].sort(compareFindings).slice(0, MAX_ANNOTATIONS);
  for (const f of top) {
    const { level, message, props } = annotationOf(f);
    sink[level](message, props);
  }
  return top.length;
}

export {
  parseRuleSettings,
  annotationOf,
  annotate,
  RULE_HELP,
  parseBaseline,
  formatBaseline,
  updatedBaseline,
  staleEntries
};
