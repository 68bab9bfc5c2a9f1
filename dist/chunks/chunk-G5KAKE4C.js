import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  ruleDocsUrl
} from "./chunk-5N34DG56.js";

// src/report/sarif.ts
var SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
var SARIF_TOOL_NAME = "convex-review";
var FINGERPRINT_KEY = "convexReview/v1";
var SRCROOT = "%SRCROOT%";
var LEVEL = { error: "error", warning: "warning", info: "note" };
function sarifLevel(severity) {
  return LEVEL[severity];
}
function toSarif(findings, options) {
  const descriptors = /* @__PURE__ */ new Map();
  for (const rule of options.rules) {
    if (!descriptors.has(rule.id)) descriptors.set(rule.id, registeredRule(rule, options.help?.get(rule.id)));
  }
  for (const f of findings) {
    if (!descriptors.has(f.ruleId)) descriptors.set(f.ruleId, unregisteredRule(f));
  }
  const rules = [...descriptors.values()].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = [...findings].sort(compareForSarif).map((f) => toResult(f, ruleIndex.get(f.ruleId)));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: SARIF_TOOL_NAME, version: options.toolVersion, rules } },
        columnKind: "utf16CodeUnits",
        results
      }
    ]
  };
}
function ruleName(id) {
  return id.split(/[^A-Za-z0-9]+/).filter((part) => part.length > 0).map((part) => part[0].toUpperCase() + part.slice(1)).join("");
}
function registeredRule(rule, page) {
  const links = help(rule.id, rule.docsUrl);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: ruleDocsUrl(rule.id),
    help: page === void 0 ? links : { text: links.text, markdown: page },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: ruleProperties(rule)
  };
}
var SECURITY_SEVERITY = { error: "7.5", warning: "5.0", info: "2.0" };
function ruleProperties(rule) {
  const security = rule.category === "security";
  return {
    tags: ["convex", .../* @__PURE__ */ new Set([rule.category, ...security ? ["security"] : []])],
    precision: rule.optIn ? "low" : rule.severity === "info" ? "medium" : "high",
    ...security ? { "security-severity": SECURITY_SEVERITY[rule.severity] } : {}
  };
}
var CLAUDE_PREFIX = "claude/";
function unregisteredRule(f) {
  if (f.ruleId.startsWith(CLAUDE_PREFIX)) {
    const category = f.ruleId.slice(CLAUDE_PREFIX.length);
    return { id: f.ruleId, name: ruleName(f.ruleId), shortDescription: { text: `Claude review: ${category}` }, properties: { tags: ["claude", category] } };
  }
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.ruleId },
    helpUri: ruleDocsUrl(f.ruleId),
    ...f.docsUrl ? { help: help(f.ruleId, f.docsUrl) } : {}
  };
}
function help(id, docsUrl) {
  return {
    text: `Rule docs: ${ruleDocsUrl(id)}
Convex docs: ${docsUrl}`,
    markdown: `[Rule docs](${ruleDocsUrl(id)}) \xB7 [Convex docs](${docsUrl})`
  };
}
function toResult(f, ruleIndex) {
  const artifactLocation = artifact(f.path);
  const region = f.column !== void 0 ? { startLine: f.line, startColumn: f.column, endLine: f.endLine } : { startLine: f.line, endLine: f.endLine };
  const message = f.detail ? { text: f.message, markdown: `${f.message}

${f.detail}` } : { text: f.message };
  const fix = f.fix ? toFix(f.fix, f.path) : void 0;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message,
    locations: [{ physicalLocation: { artifactLocation, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...fix ? { fixes: [fix] } : {}
  };
}
function toFix(fix, path) {
  if (fix.replacement === "") return void 0;
  const lines = fix.line === fix.endLine ? `line ${fix.line}` : `lines ${fix.line}-${fix.endLine}`;
  return {
    description: { text: `Replace ${lines}` },
    artifactChanges: [
      {
        artifactLocation: artifact(path),
        replacements: [{ deletedRegion: { startLine: fix.line, endLine: fix.endLine }, insertedContent: { text: fix.replacement } }]
      }
    ]
  };
}
function artifact(path) {
  return { uri: path.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}
function compareForSarif(a, b) {
  return compareStrings(a.path, b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.endLine - b.endLine || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint) || compareStrings(a.message, b.message);
}
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export {
  toSarif
};
