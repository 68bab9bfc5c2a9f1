import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// src/core/finding.ts
var SEVERITIES = ["error", "warning", "info"];
var RANK = { error: 3, warning: 2, info: 1 };
var THRESHOLDS = ["error", "warning", "info", "never"];
function meetsThreshold(severity, threshold) {
  return threshold !== "never" && RANK[severity] >= RANK[threshold];
}
function compareFindings(a, b) {
  return RANK[b.severity] - RANK[a.severity] || a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
function compareByLocation(a, b) {
  return a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId);
}
function countBySeverity(findings) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export {
  SEVERITIES,
  THRESHOLDS,
  meetsThreshold,
  compareFindings,
  compareByLocation,
  countBySeverity
};
