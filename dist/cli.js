#!/usr/bin/env node
import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  ConfigFileError,
  RULE_IDS,
  THRESHOLDS,
  UsageError,
  analyzeFiles,
  countBySeverity,
  enclosingConvexFolder,
  findConvexRoots,
  isSourcePath,
  isUnder,
  meetsThreshold,
  parseRuleSettings
} from "./chunks/chunk-BRSRJY5W.js";

// src/cli/main.ts
import { performance } from "node:perf_hooks";

// package.json
var package_default = {
  name: "convex-review",
  version: "0.1.0",
  description: "A GitHub Action and CLI that reviews Convex backends: precise static checks plus a Claude review, posted as inline PR comments.",
  type: "module",
  license: "MIT",
  private: true,
  bin: {
    "convex-review": "dist/cli.js"
  },
  engines: {
    node: ">=20"
  },
  scripts: {
    build: "node scripts/build.mjs",
    test: "vitest run",
    typecheck: "tsc --noEmit",
    lint: "eslint .",
    example: "node dist/cli.js check examples/chat-app --fail-on never",
    "bench:static": "npm run build && node bench/static.mjs"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@actions/github": "^9.1.1",
    "@anthropic-ai/sdk": "~1.12.0",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    bottleneck: "^2.19.5",
    "parse-diff": "^0.12.0",
    picomatch: "^4.0.7",
    "ts-morph": "^28.0.0"
  },
  devDependencies: {
    "@convex-dev/eslint-plugin": "^5.0.0",
    "@eslint/js": "^9.39.5",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    esbuild: "^0.28.2",
    eslint: "^9.39.5",
    typescript: "~5.9.3",
    "typescript-eslint": "^8.73.0",
    vitest: "~4.1.12"
  }
};

// src/version.ts
var TOOL_NAME = "convex-review";
var TOOL_VERSION = package_default.version;

// src/cli/args.ts
import { parseArgs } from "node:util";
var FORMATS = ["text", "json"];
var HELP = `Usage: convex-review check [PATH...] [options]

Checks the Convex code under PATH (default: .) with convex-review's static rules.
Convex roots are found under PATH (convex.json is honoured; several roots are fine).

Options:
  --format text|json            output format (default: text)
  --fail-on error|warning|info|never
                                exit 1 when a finding is at or above this severity (default: error)
  --rule ID=off|error|warning|info
                                turn a rule off or change its severity (repeatable)
  -h, --help                    show this help
  -v, --version                 show the version

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;
function parseCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        "fail-on": { type: "string" },
        rule: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" }
      }
    });
  } catch (error) {
    throw new UsageError(`${error.message.replace(/\.$/, "")}. Run 'convex-review --help' for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help" };
  if (values.version) return { name: "version" };
  const [command, ...rest] = positionals;
  if (command === void 0) throw new UsageError(`a command is required: check. Run 'convex-review --help' for usage.`);
  if (command === "help") return { name: "help" };
  if (command !== "check") throw new UsageError(`unknown command '${command}'; the commands are: check`);
  const format = values.format ?? "text";
  if (!FORMATS.includes(format)) throw new UsageError(`--format: '${format}' is not a format; use one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] ?? "error";
  if (!THRESHOLDS.includes(failOn)) throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${THRESHOLDS.join(", ")}`);
  return { name: "check", paths: rest.length > 0 ? rest : ["."], format, failOn, rules: values.rule ?? [] };
}

// src/cli/format.ts
import { relative, join } from "node:path";
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
function cwdRelativePaths(repoRoot, cwd) {
  return (repoPath) => relative(cwd, join(repoRoot, repoPath)) || ".";
}
var SGR = { reset: 0, bold: 1, dim: 2, red: 31, yellow: 33, cyan: 36, green: 32, underline: 4 };
function formatText(result, seconds, style) {
  const paint = (code, s) => style.color ? `\x1B[${SGR[code]}m${s}\x1B[0m` : s;
  const sevColor = { error: "red", warning: "yellow", info: "cyan" };
  const lines = [];
  const byFile = /* @__PURE__ */ new Map();
  for (const f of result.findings) byFile.set(f.path, [...byFile.get(f.path) ?? [], f]);
  for (const [path, findings] of byFile) {
    lines.push(paint("underline", style.displayPath(path)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column ?? 1}`.length));
    for (const f of findings) {
      const at = `${f.line}:${f.column ?? 1}`.padEnd(width);
      const sev = paint(sevColor[f.severity], f.severity.padEnd(7));
      const fix = f.fix ? paint("dim", " (fix available)") : "";
      lines.push(`  ${paint("dim", at)}  ${sev}  ${f.message}${fix}  ${paint("dim", f.ruleId)}`);
    }
    lines.push("");
  }
  if (result.skipped.length > 0) {
    lines.push(`Skipped ${plural(result.skipped.length, "file")}:`);
    for (const s of result.skipped) lines.push(`  ${style.displayPath(s.path)}  ${paint("dim", s.reason)}`);
    lines.push("");
  }
  const counts = countBySeverity(result.findings);
  const took = `${seconds.toFixed(2)}s`;
  const scope = `${plural(result.files, "file")} checked in ${took}`;
  if (result.findings.length === 0) {
    lines.push(paint("green", `\u2714 No problems`) + ` \xB7 ${scope}`);
  } else {
    const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), `${counts.info} info`];
    const headline = `\u2716 ${plural(result.findings.length, "problem")} (${parts.join(", ")})`;
    lines.push(paint(counts.error > 0 ? "red" : counts.warning > 0 ? "yellow" : "cyan", paint("bold", headline)) + ` \xB7 ${scope}`);
  }
  return lines.join("\n") + "\n";
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// src/cli/load.ts
import { existsSync, openSync, readFileSync, readSync, closeSync, readdirSync, statSync } from "node:fs";
import { dirname, join as join2, relative as relative2, resolve, sep } from "node:path";
var MAX_FILE_BYTES = 1024 * 1024;
var SKIP_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
function loadTree(paths, cwd) {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const repoRoot = findRepoRoot(absolute[0]);
  const toRepo = (abs) => relative2(repoRoot, abs).split(sep).join("/");
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith(".."))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listed = /* @__PURE__ */ new Set();
  const list = (repoPath) => {
    for (const file of listFiles(join2(repoRoot, repoPath))) listed.add(toRepo(file));
  };
  for (const r of requested) list(r);
  for (const r of requested) {
    for (let dir = r; ; dir = parentOf(dir)) {
      for (const name of ["convex.json", "package.json"]) {
        const candidate = dir === "" ? name : `${dir}/${name}`;
        if (existsSync(join2(repoRoot, candidate))) listed.add(candidate);
      }
      if (dir === "") break;
    }
  }
  const cache = /* @__PURE__ */ new Map();
  const readText = (p) => {
    if (!cache.has(p)) cache.set(p, safeRead(join2(repoRoot, p)));
    return cache.get(p);
  };
  for (const root of findConvexRoots({ paths: [...listed], read: readText })) {
    if (!requested.some((r) => isUnder(r, root.functionsDir) && r !== root.functionsDir)) continue;
    list(root.functionsDir);
  }
  for (const r of requested) {
    const folder = enclosingConvexFolder(r);
    if (folder !== void 0) list(folder);
  }
  const files = /* @__PURE__ */ new Map();
  const skipped = [];
  for (const p of [...listed].sort()) {
    const wanted = isSourcePath(p) || /(^|\/)(convex|package)\.json$/.test(p) || /\/_generated\/(api|server|dataModel)\.d\.ts$/.test(p);
    if (!wanted) continue;
    const abs = join2(repoRoot, p);
    const size = statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      skipped.push({ path: p, reason: `larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)` });
      continue;
    }
    const text = readText(p);
    if (text === void 0) skipped.push({ path: p, reason: "binary (contains NUL bytes)" });
    else files.set(p, text);
  }
  return { repoRoot, files, skipped, requested };
}
function findRepoRoot(start) {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join2(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return startDir;
  }
}
function parentOf(repoPath) {
  const i = repoPath.lastIndexOf("/");
  return i < 0 ? "" : repoPath.slice(0, i);
}
function* listFiles(abs) {
  const stat = statSync(abs, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield abs;
    return;
  }
  if (!stat.isDirectory()) return;
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const child = join2(abs, entry.name);
    if (entry.isDirectory()) yield* listFiles(child);
    else if (entry.isFile()) yield child;
  }
}
function safeRead(abs) {
  const fd = openSync(abs, "r");
  try {
    const head = Buffer.alloc(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    if (head.subarray(0, n).includes(0)) return void 0;
  } finally {
    closeSync(fd);
  }
  return readFileSync(abs, "utf8");
}

// src/cli/main.ts
var EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 };
function runCli(argv, io) {
  try {
    return runCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigFileError) {
      io.stderr(`${TOOL_NAME}: ${error.message}
`);
      return EXIT.usage;
    }
    io.stderr(`${TOOL_NAME}: internal error: ${error.stack ?? String(error)}
`);
    return EXIT.internal;
  }
}
function runCommand(argv, io) {
  const command = parseCommand(argv);
  if (command.name === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (command.name === "version") {
    io.stdout(`${TOOL_NAME} ${TOOL_VERSION}
`);
    return EXIT.ok;
  }
  const started = performance.now();
  const settings = parseRuleSettings(command.rules, RULE_IDS, "--rule");
  const tree = loadTree(command.paths, io.cwd);
  const requested = tree.requested;
  const include = (path) => requested.some((r) => r === "" || path === r || path.startsWith(r + "/"));
  const analysis = analyzeFiles(tree.files, { settings, include });
  const result = { files: analysis.filesAnalysed, skipped: tree.skipped.filter((s) => include(s.path)), findings: analysis.findings };
  if (analysis.roots.length === 0) {
    io.stderr(`No Convex functions directory found under ${command.paths.join(", ")} (looked for convex.json and convex/ folders).
`);
  }
  const seconds = (performance.now() - started) / 1e3;
  io.stdout(
    command.format === "json" ? formatJson(result) : formatText(result, seconds, { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) })
  );
  return result.findings.some((f) => f.source === "static" && meetsThreshold(f.severity, command.failOn)) ? EXIT.findings : EXIT.ok;
}

// src/cli.ts
var color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== "0" : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
process.exitCode = runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color
});
