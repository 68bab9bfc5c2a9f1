import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  RULE_HELP,
  annotationOf,
  formatBaseline,
  parseBaseline,
  parseRuleSettings,
  staleEntries,
  updatedBaseline
} from "./chunk-2BXJA775.js";
import {
  unifiedDiff
} from "./chunk-F7WXXGCI.js";
import {
  CONFIG_PATH,
  EMPTY_CONFIG,
  parseConfig,
  reviewChange,
  withRuleOverrides
} from "./chunk-SLO35LOW.js";
import {
  ALL_RULES,
  RULE_IDS,
  paint,
  parseSource,
  plural
} from "./chunk-J4TE5HMB.js";
import {
  toSarif
} from "./chunk-G5KAKE4C.js";
import {
  FAIL_ON_DEFAULT,
  INLINE_MIN_SEVERITY,
  MAX_COMMENTS,
  UsageError
} from "./chunk-XBMJBUDX.js";
import {
  SEVERITIES,
  TOOL_NAME,
  TOOL_VERSION,
  compareByLocation,
  compareFindings,
  countBySeverity,
  meetsThreshold,
  ruleDocsUrl
} from "./chunk-5N34DG56.js";

// src/cli/format.ts
import { relative, join } from "node:path";

// src/report/workflow-commands.ts
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand({ level, message, props }) {
  const properties = [
    ["file", props.file],
    ["line", props.startLine],
    ["endLine", props.endLine],
    ["col", props.startColumn],
    ["title", props.title]
  ];
  const list = properties.filter(([, value]) => value !== void 0).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level} ${list.join(",")}::${escapeData(message)}`;
}
function workflowCommands(findings) {
  return [...findings].sort(compareByLocation).map((f) => `${workflowCommand(annotationOf(f))}
`).join("");
}

// src/cli/format.ts
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
  return JSON.stringify(toSarif(result.findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES, help: RULE_HELP }), null, 2) + "\n";
}
function formatGithub(result) {
  return workflowCommands(result.findings);
}
function formatCheck(format, result, seconds, style) {
  if (format === "json") return formatJson(result);
  if (format === "sarif") return formatSarif(result);
  if (format === "github") return formatGithub(result);
  return formatText(result, seconds, style);
}
function cwdRelativePaths(repoRoot, cwd) {
  return (repoPath) => relative(cwd, join(repoRoot, repoPath)) || ".";
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
      lines.push(`  ${paint2("dim", at)}  ${sev}  ${f.message}${fix}  ${paint2("dim", `${f.ruleId} ${ruleDocsUrl(f.ruleId)}`)}`);
    }
    lines.push("");
  }
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${plural(result.skipped.length, "file")}:`);
    for (const s of result.skipped) lines.push(`  ${style.displayPath(s.path)}  ${paint2("dim", s.reason)}`);
    lines.push("");
  }
  if (style.hidden) lines.push(style.hidden);
  const counts = countBySeverity(result.findings);
  const took = `${seconds.toFixed(2)}s`;
  const scope = `${plural(result.files, "file")} checked in ${took}`;
  if (result.findings.length === 0) {
    lines.push(paint2("green", style.hidden ? "\u2714 No problems shown" : "\u2714 No problems") + ` \xB7 ${scope}`);
  } else {
    const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), `${counts.info} info`];
    const headline = `\u2716 ${plural(result.findings.length, "problem")} (${parts.join(", ")})`;
    lines.push(paint2(counts.error > 0 ? "red" : counts.warning > 0 ? "yellow" : "cyan", paint2("bold", headline)) + ` \xB7 ${scope}`);
  }
  return lines.join("\n") + "\n";
}

// src/core/visibility.ts
function isShown(severity, minSeverity) {
  return meetsThreshold(severity, minSeverity);
}
function splitBySeverity(items, minSeverity) {
  const shown = [];
  const hidden = [];
  for (const item of items) (isShown(item.severity, minSeverity) ? shown : hidden).push(item);
  return { shown, hidden };
}
function hiddenLine(hidden, minSeverity, failing) {
  if (hidden.length === 0) return void 0;
  const counts = countBySeverity(hidden);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => s === "info" ? `${counts[s]} info` : plural(counts[s], s));
  const line = `${plural(hidden.length, "finding")} below ${minSeverity} hidden (${parts.join(", ")}) by --min-severity ${minSeverity}`;
  if (failing.count === 0) return line;
  return `${line}; ${failing.count === 1 ? "1 of them is" : `${failing.count} of them are`} at or above --fail-on ${failing.failOn}, so the run fails`;
}

// src/plan/visible.ts
function planAtOrAbove(plan, minSeverity) {
  const shown = (f) => isShown(f.severity, minSeverity);
  return {
    ...plan,
    findings: plan.findings.filter(shown),
    inline: plan.inline.filter((c) => shown(c.finding)),
    alreadyPosted: plan.alreadyPosted.filter(shown),
    notInline: plan.notInline.filter((n) => shown(n.finding))
  };
}

// src/cli/min-severity.ts
function visibleFindings(findings, minSeverity, failing, failOn) {
  const { shown, hidden } = splitBySeverity(findings, minSeverity);
  return { shown, line: lineFor(hidden, minSeverity, failing, failOn) };
}
function visibleReview(review, minSeverity, failing, failOn) {
  if (minSeverity === "info") return { shown: review };
  const { shown, hidden } = splitBySeverity(review.plan.findings, minSeverity);
  return { shown: { ...review, findings: shown, plan: planAtOrAbove(review.plan, minSeverity) }, line: lineFor(hidden, minSeverity, failing, failOn) };
}
function lineFor(hidden, minSeverity, failing, failOn) {
  const failingHidden = failing.filter((f) => !isShown(f.severity, minSeverity)).length;
  return hiddenLine(hidden, minSeverity, { count: failingHidden, failOn });
}

// src/config/load.ts
import { existsSync, readFileSync, statSync } from "node:fs";
import { join as join2, resolve } from "node:path";
function readConfigFile(repoRoot, ruleIds, explicit) {
  if (explicit) {
    const path2 = resolve(explicit.cwd, explicit.path);
    if (!existsSync(path2) || !statSync(path2).isFile()) throw new UsageError(`--config: '${explicit.path}' is not a file (looked at ${path2})`);
    return parseConfig(readFileSync(path2, "utf8"), ruleIds, explicit.path);
  }
  const path = join2(repoRoot, CONFIG_PATH);
  if (!existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(readFileSync(path, "utf8"), ruleIds);
}

// src/cli/settings.ts
function localSettings(command, repoRoot, cwd) {
  const file = readConfigFile(repoRoot, RULE_IDS, command.config !== void 0 ? { path: command.config, cwd } : void 0);
  const config = withRuleOverrides(file, parseRuleSettings([...command.rules], RULE_IDS, "--rule"));
  return {
    config,
    settings: {
      rules: config.rules,
      project: config.project,
      paths: config.paths,
      exclude: config.ignore,
      inlineMinSeverity: config.inlineMinSeverity ?? INLINE_MIN_SEVERITY,
      maxComments: config.maxComments ?? MAX_COMMENTS
    },
    failOn: cliFailOn(command.failOn, config)
  };
}
function cliFailOn(flag, config) {
  return flag ?? config.failOn ?? FAIL_ON_DEFAULT.cli;
}

// src/cli/baseline.ts
import { existsSync as existsSync2, readFileSync as readFileSync2, statSync as statSync2, writeFileSync } from "node:fs";
import { resolve as resolve2 } from "node:path";
var EMPTY = { entries: [], fingerprints: /* @__PURE__ */ new Set() };
function chooseBaseline(options, configured, where) {
  const named = options.baseline !== void 0 ? { label: options.baseline, file: resolve2(where.cwd, options.baseline) } : configured !== void 0 ? { label: configured, file: resolve2(where.repoRoot, configured) } : void 0;
  if (!named) {
    if (options.updateBaseline) throw new UsageError("--update-baseline writes the baseline: give its file with --baseline FILE (or set baseline: in the config file)");
    return void 0;
  }
  const exists = existsSync2(named.file);
  if (exists && !statSync2(named.file).isFile()) throw new UsageError(`baseline ${named.label}: not a file (looked at ${named.file})`);
  if (options.updateBaseline) {
    if (!exists) return { ...named, update: true, baseline: EMPTY };
    try {
      return { ...named, update: true, baseline: parseBaseline(readFileSync2(named.file, "utf8"), named.label) };
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${error.message}. Fix it, or delete it to record the baseline anew`);
      throw error;
    }
  }
  if (!exists) throw new UsageError(`baseline ${named.label}: no such file (looked at ${named.file}); record one with --update-baseline`);
  return { ...named, update: false, baseline: parseBaseline(readFileSync2(named.file, "utf8"), named.label) };
}
function writeBaseline(choice, findings, covers) {
  const { entries, recorded, kept } = updatedBaseline(choice.baseline.entries, findings, covers);
  writeFileSync(choice.file, formatBaseline(entries));
  const others = kept > 0 ? ` (and kept ${plural(kept, "finding")} of files this run did not check)` : "";
  return `Recorded ${plural(recorded, "finding")} in the baseline ${choice.label}${others}.`;
}
function baselineLines(choice, known, findings, covers, hidden) {
  const lines = [];
  if (known > 0) lines.push(`${plural(known, "finding")} in the baseline ${choice.label} ${hidden}.`);
  const stale = staleEntries(choice.baseline, findings, covers).length;
  if (stale > 0) lines.push(`${plural(stale, "finding")} of the baseline ${stale === 1 ? "is" : "are"} no longer found (fixed or changed); --update-baseline drops ${stale === 1 ? "it" : "them"}.`);
  return lines;
}
function withBaseline(settings, choice) {
  return choice && !choice.update ? { ...settings, baseline: choice.baseline.fingerprints } : settings;
}
function newFindings(review, choice) {
  if (!choice) return { findings: review.findings, lines: [] };
  const findings = review.findings.filter((f) => !review.inBaseline(f));
  return { findings, lines: baselineLines(choice, review.findings.length - findings.length, review.findings, review.gates, "not shown") };
}
function tell(io, format, lines) {
  for (const line of lines) (format === "text" ? io.stdout : io.stderr)(`${line}
`);
}
function reviewBaselineLines(review, choice) {
  if (!choice) return [];
  const known = review.findings.filter((f) => review.inBaseline(f)).length;
  return baselineLines(choice, known, review.findings, review.gates, "only in the summary, not inline");
}

// src/cli/fix.ts
import { writeFileSync as writeFileSync2 } from "node:fs";
import { join as join3 } from "node:path";

// src/fix/apply.ts
function hasFix(finding) {
  return finding.fix !== void 0;
}
function applyFixes(path, text, findings) {
  const lines = text.split("\n");
  const lineCount = text.endsWith("\n") ? lines.length - 1 : lines.length;
  const skipped = [];
  const taken = [];
  for (const finding of findings.filter(hasFix).sort(compareFindings)) {
    const { line, endLine } = finding.fix;
    if (line < 1 || endLine < line || endLine > lineCount) skipped.push({ finding, reason: "outside the file" });
    else if (taken.some((t) => line <= t.fix.endLine && t.fix.line <= endLine)) skipped.push({ finding, reason: "overlaps another fix" });
    else if (withoutCr(lines.slice(line - 1, endLine)).join("\n") === finding.fix.replacement) skipped.push({ finding, reason: "changes nothing" });
    else taken.push(finding);
  }
  const parsedBefore = parses(path, text);
  const applied = [];
  for (const finding of [...taken].sort((a, b) => b.fix.line - a.fix.line)) {
    const candidate = replaceLines(lines, finding.fix);
    if (parsedBefore && !parses(path, candidate.join("\n"))) {
      skipped.push({ finding, reason: "would not parse" });
      continue;
    }
    lines.splice(0, lines.length, ...candidate);
    applied.push(finding);
  }
  applied.sort(compareFindings);
  skipped.sort((a, b) => compareFindings(a.finding, b.finding));
  return { text: lines.join("\n"), applied, skipped };
}
function replaceLines(lines, fix) {
  const eol = lines[fix.line - 1].endsWith("\r") ? "\r" : "";
  const replacement = fix.replacement.split("\n").map((l) => l + eol);
  return [...lines.slice(0, fix.line - 1), ...replacement, ...lines.slice(fix.endLine)];
}
function withoutCr(lines) {
  return lines.map((l) => l.replace(/\r$/, ""));
}
function parses(path, text) {
  return parseSource(path, text).parseErrors.length === 0;
}

// src/fix/passes.ts
var MAX_FIX_PASSES = 10;
async function fixUntilStable(input) {
  const current = new Map(input.files);
  const applied = [];
  const fixed = [];
  let result = input.first;
  let lastSkips = /* @__PURE__ */ new Map();
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const byPath = groupByPath(input.findingsOf(result).filter((f) => hasFix(f) && input.wanted(f)));
    lastSkips = /* @__PURE__ */ new Map();
    let changed = false;
    for (const [path, findings] of byPath) {
      const text = current.get(path);
      if (text === void 0) continue;
      const outcome = applyFixes(path, text, findings);
      for (const s of outcome.skipped) lastSkips.set(s.finding.fingerprint, s.reason);
      if (outcome.applied.length === 0) continue;
      current.set(path, outcome.text);
      applied.push(...outcome.applied);
      for (const by of outcome.applied) {
        fixed.push({ finding: by, by }, ...(input.fixedAlong?.(result, by) ?? []).map((finding) => ({ finding, by })));
      }
      changed = true;
    }
    if (!changed) break;
    passes++;
    result = await input.analyse(current);
  }
  const left = input.findingsOf(result).filter((f) => hasFix(f) && input.wanted(f)).map((finding) => ({ finding, reason: lastSkips.get(finding.fingerprint) ?? "still reported after the last pass" }));
  const files = [...current].filter(([path, after]) => input.files.get(path) !== after).map(([path, after]) => ({ path, before: input.files.get(path), after })).sort((a, b) => a.path.localeCompare(b.path));
  return { files, applied, fixed, left, result, passes };
}
function groupByPath(findings) {
  const byPath = /* @__PURE__ */ new Map();
  for (const f of findings) byPath.set(f.path, [...byPath.get(f.path) ?? [], f]);
  return byPath;
}

// src/cli/fix.ts
async function fixIfAsked(command, read) {
  const mode = command.fix ? "write" : command.fixDryRun ? "dry-run" : void 0;
  if (!mode) return void 0;
  const { repoRoot, project, target, settings } = await read();
  const claude = { skip: "--fix applies the static rules' fixes only" };
  const analyse = (files) => {
    const fixed2 = { ...project, files: new Map(files) };
    return target.kind === "change" ? reviewChange({ project: fixed2, target, settings, claude }) : reviewChange({ project: fixed2, target, settings, claude });
  };
  const first = await analyse(project.files);
  const outcome = await fixUntilStable({
    files: project.files,
    first,
    findingsOf: (review) => review.findings,
    wanted: (finding) => finding.source === "static" && first.gates(finding.path),
    analyse,
    fixedAlong: (review, finding) => review.analysis.fixedAlong(finding)
  });
  if (mode === "dry-run") return { mode, outcome, project, review: first };
  for (const file of outcome.files) writeFileSync2(join3(repoRoot, file.path), file.after);
  const fixed = new Map(project.files);
  for (const file of outcome.files) fixed.set(file.path, file.after);
  return { mode, outcome, project: { ...project, files: fixed }, review: outcome.result };
}
function printedDryRun(run, format, io) {
  if (run.mode !== "dry-run" || format !== "text") return false;
  io.stdout(fixDiff(run));
  io.stderr(dryRunSummary(run) + "\n");
  return true;
}
function printFixReport(run, format, io, style) {
  if (format === "json") return;
  if (format === "text") return io.stdout(fixReportText(run, style));
  io.stderr(run.mode === "dry-run" ? fixDiff(run) + dryRunSummary(run) + "\n" : fixReportText(run, { ...style, color: false }));
}
function withFixes(output, run, format) {
  if (!run || format !== "json") return output;
  return JSON.stringify({ ...JSON.parse(output), fixes: fixJson(run) }, null, 2) + "\n";
}
function fixDiff(run) {
  return run.outcome.files.map((f) => unifiedDiff(f.path, f.before, f.after)).join("");
}
function dryRunSummary(run) {
  const { applied, fixed, files, left } = run.outcome;
  if (applied.length === 0) return `No fix to apply${left.length > 0 ? ` (${plural(left.length, "fix", "fixes")} left: ${leftReasons(run)})` : ""}.`;
  const problems = fixed.length !== applied.length ? ` (${plural(fixed.length, "problem")})` : "";
  const leftNote = left.length > 0 ? `; ${plural(left.length, "fix", "fixes")} would be left (${leftReasons(run)})` : "";
  return `--fix would apply ${plural(applied.length, "fix", "fixes")}${problems} to ${plural(files.length, "file")}${leftNote}. Nothing was written.`;
}
function leftReasons(run) {
  const counts = /* @__PURE__ */ new Map();
  for (const l of run.outcome.left) counts.set(l.reason, (counts.get(l.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join(", ");
}
function fixReportText(run, style) {
  const paint2 = paint(style.color);
  const { fixed, files, left } = run.outcome;
  const lines = [];
  if (fixed.length === 0) lines.push("--fix: no fix to apply.");
  else lines.push(paint2("green", `\u2714 Fixed ${plural(fixed.length, "problem")} in ${plural(files.length, "file")}:`));
  for (const f of fixed.map((x) => x.finding).sort(compareByLocation)) lines.push(`  ${style.displayPath(f.path)}:${f.line}  ${f.message}  ${paint2("dim", f.ruleId)}`);
  if (left.length > 0) {
    lines.push(`Left ${plural(left.length, "fix", "fixes")} unapplied:`);
    for (const l of left) lines.push(`  ${style.displayPath(l.finding.path)}:${l.finding.line}  ${l.finding.message}  ${paint2("dim", `${l.finding.ruleId}; ${l.reason}`)}`);
  }
  return lines.join("\n") + "\n\n";
}
function fixJson(run) {
  const { fixed, files, left, passes } = run.outcome;
  const brief = (f) => ({ ruleId: f.ruleId, path: f.path, line: f.line, message: f.message, fingerprint: f.fingerprint, fix: f.fix });
  return {
    mode: run.mode,
    written: run.mode === "write" ? files.map((f) => f.path) : [],
    applied: fixed.map(({ finding, by }) => finding === by ? brief(finding) : { ...brief(finding), fixedBy: by.fingerprint }),
    left: left.map((l) => ({ ...brief(l.finding), reason: l.reason })),
    passes,
    ...run.mode === "dry-run" ? { diff: fixDiff(run) } : {}
  };
}

export {
  formatCheck,
  cwdRelativePaths,
  visibleFindings,
  visibleReview,
  localSettings,
  chooseBaseline,
  writeBaseline,
  withBaseline,
  newFindings,
  tell,
  reviewBaselineLines,
  fixIfAsked,
  printedDryRun,
  printFixReport,
  withFixes
};
