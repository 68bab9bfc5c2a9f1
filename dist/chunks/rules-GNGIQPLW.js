import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  ALL_RULES,
  paint,
  plural
} from "./chunk-J4TE5HMB.js";
import {
  ruleDocsUrl
} from "./chunk-5N34DG56.js";
import "./chunk-3WSUY3EJ.js";

// src/cli/rules.ts
function ruleRows(rules = ALL_RULES) {
  return [...rules].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    severity: r.severity,
    category: r.category,
    fixable: r.fixable === true,
    optIn: r.optIn === true,
    docs: ruleDocsUrl(r.id),
    convexDocs: r.docsUrl
  }));
}
function formatRulesJson(rows) {
  return `${JSON.stringify({ version: 1, rules: rows }, null, 2)}
`;
}
function formatRulesText(rows, color) {
  const paint2 = paint(color);
  const severity = (r) => r.optIn ? `${r.severity} (opt-in)` : r.severity;
  const columns = [
    ["RULE", (r) => r.id],
    ["SEVERITY", severity],
    ["CATEGORY", (r) => r.category],
    ["FIX", (r) => r.fixable ? "yes" : ""]
  ];
  const widths = columns.map(([head, cell]) => Math.max(head.length, ...rows.map((r) => cell(r).length)));
  const row = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  const lines = [paint2("bold", `${row(columns.map(([head]) => head))}  TITLE`)];
  for (const r of rows) {
    lines.push(`${row(columns.map(([, cell]) => cell(r)))}  ${r.title}`.trimEnd());
    lines.push(paint2("dim", `${" ".repeat(widths[0] + 2)}${r.docs}`));
  }
  const fixable = rows.filter((r) => r.fixable).length;
  const optIn = rows.filter((r) => r.optIn).length;
  lines.push(
    "",
    `${plural(rows.length, "rule")}, ${fixable} with a fix (--fix applies it)` + (optIn > 0 ? `; ${optIn} opt-in (off until a setting names it: --rule ID=SEVERITY or the config file's rules)` : "") + "."
  );
  return `${lines.join("\n")}
`;
}
function runRules(command, io) {
  const rows = ruleRows();
  io.stdout(command.format === "json" ? formatRulesJson(rows) : formatRulesText(rows, io.color));
  return 0;
}
export {
  formatRulesJson,
  formatRulesText,
  ruleRows,
  runRules
};
