import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  toSarif
} from "./chunk-WRH46Y6M.js";
import {
  ALL_RULES,
  CONFIG_PATH,
  EMPTY_CONFIG,
  paint,
  parseConfig,
  plural
} from "./chunk-CWX7WW2H.js";
import {
  TOOL_NAME,
  TOOL_VERSION
} from "./chunk-APLGXCR4.js";
import {
  countBySeverity
} from "./chunk-KGU2PYGV.js";

// src/config/load.ts
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
function readConfigFile(repoRoot, ruleIds) {
  const path = join(repoRoot, CONFIG_PATH);
  if (!existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(readFileSync(path, "utf8"), ruleIds);
}

// src/cli/format.ts
import { relative, join as join2 } from "node:path";
function formatJson(result) {
  const envelope = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    files: result.files,
    skipped: result.skipped,
    findings: result.findings
  };
  return JSON.stringify(envelope, null, 2) + "\n";
}
function formatSarif(result) {
  return JSON.stringify(toSarif(result.findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES }), null, 2) + "\n";
}
function cwdRelativePaths(repoRoot, cwd) {
  return (repoPath) => relative(cwd, join2(repoRoot, repoPath)) || ".";
}
function formatText(result, seconds, style) {
  const paint2 = paint(style.color);
  const sevColor = { error: "red", warning: "yellow", info: "cyan" };
  const lines = [];
  const byFile = /* @__PURE__ */ new Map();
  for (const f of result.findings) byFile.set(f.path, [...byFile.get(f.path) ?? [], f]);
  for (const [path, findings] of byFile) {
    lines.push(paint2("underline", style.displayPath(path)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column ?? 1}`.length));
    for (const f of findings) {
      const at = `${f.line}:${f.column ?? 1}`.padEnd(width);
      const sev = paint2(sevColor[f.severity], f.severity.padEnd(7));
      const fix = f.fix ? paint2("dim", " (fix available)") : "";
      lines.push(`  ${paint2("dim", at)}  ${sev}  ${f.message}${fix}  ${paint2("dim", f.ruleId)}`);
    }
    lines.push("");
  }
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${plural(result.skipped.length, "file")}:`);
    for (const s of result.skipped) lines.push(`  ${style.displayPath(s.path)}  ${paint2("dim", s.reason)}`);
    lines.push("");
  }
  const counts = countBySeverity(result.findings);
  const took = `${seconds.toFixed(2)}s`;
  const scope = `${plural(result.files, "file")} checked in ${took}`;
  if (result.findings.length === 0) {
    lines.push(paint2("green", `\u2714 No problems`) + ` \xB7 ${scope}`);
  } else {
    const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), `${counts.info} info`];
    const headline = `\u2716 ${plural(result.findings.length, "problem")} (${parts.join(", ")})`;
    lines.push(paint2(counts.error > 0 ? "red" : counts.warning > 0 ? "yellow" : "cyan", paint2("bold", headline)) + ` \xB7 ${scope}`);
  }
  return lines.join("\n") + "\n";
}

export {
  readConfigFile,
  formatJson,
  formatSarif,
  cwdRelativePaths,
  formatText
};
