#!/usr/bin/env node
import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  ALL_RULES,
  CLAUDE_DEFAULTS,
  CONFIG_PATH,
  ConfigFileError,
  DEFAULT_MODEL,
  EMPTY_CONFIG,
  RULE_IDS,
  THRESHOLDS,
  TOOL_NAME,
  TOOL_VERSION,
  UsageError,
  analyzeFiles,
  baseOf,
  compareByLocation,
  countBySeverity,
  dependsOnChange,
  dirOf,
  enclosingConvexFolder,
  findConvexRoots,
  functionsDirFromConvexJson,
  isSourcePath,
  isTsconfigPath,
  isUnder,
  joinPath,
  meetsThreshold,
  parseConfig,
  parsePatch,
  parseRuleSettings,
  planReview,
  renderInlineComment,
  renderSummaryText,
  require_picomatch,
  reviewFilesOf,
  reviewedFiles,
  ruleTitle,
  runClaudeReview,
  summarizeClaude,
  toSarif,
  withRuleOverrides,
  withoutMarkers
} from "./chunks/chunk-E44EDSSR.js";
import "./chunks/chunk-VVBYVW56.js";
import {
  __toESM
} from "./chunks/chunk-RAHNZH6E.js";

// src/cli/main.ts
var import_picomatch = __toESM(require_picomatch(), 1);
import { performance } from "node:perf_hooks";

// src/config/load.ts
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
function readConfigFile(repoRoot, ruleIds) {
  const path = join(repoRoot, CONFIG_PATH);
  if (!existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(readFileSync(path, "utf8"), ruleIds);
}

// src/cli/args.ts
import { parseArgs } from "node:util";
var FORMATS = ["text", "json", "sarif"];
var REVIEW_FORMATS = ["text", "json"];
var DEFAULT_MAX_INPUT_TOKENS = CLAUDE_DEFAULTS.maxInputTokens;
var HELP = `Usage: convex-review check [PATH...] [options]
       convex-review review [--base REF] [--head REF] [options]

check   Checks the Convex code under PATH (default: .) with convex-review's static rules.
        Convex roots are found under PATH (convex.json is honoured; several roots are fine).

review  Reviews a change in a git checkout as the GitHub Action would review its pull
        request: the static rules (findings on the changed Convex files), plus Claude when
        ANTHROPIC_API_KEY is set. Prints each inline comment, then the summary comment.

Options:
  --format text|json|sarif      output format (default: text); json and sarif
                                print repo-root relative paths (review: text or json)
  --fail-on error|warning|info|never
                                exit 1 when a static finding is at or above this severity
                                (default: error)
  --rule ID=off|error|warning|info
                                turn a rule off or change its severity (repeatable)
  -h, --help                    show this help
  -v, --version                 show the version

Options of review:
  --base REF                    compare with the merge base of REF and the head (default:
                                the default branch: origin/HEAD, else main, else master)
  --head REF                    review the commit REF (default: the working tree, with
                                uncommitted and untracked files that are not ignored)
  --no-claude                   static rules only, even with ANTHROPIC_API_KEY set
  --model MODEL                 the Claude model (default: ${DEFAULT_MODEL})
  --max-input-tokens N          Claude input-token budget for the run (default: ${DEFAULT_MAX_INPUT_TOKENS})

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;
var REVIEW_ONLY = ["base", "head", "model", "max-input-tokens", "no-claude"];
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
        base: { type: "string" },
        head: { type: "string" },
        model: { type: "string" },
        "max-input-tokens": { type: "string" },
        "no-claude": { type: "boolean" },
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
  if (command === void 0) throw new UsageError(`a command is required: check or review. Run 'convex-review --help' for usage.`);
  if (command === "help") return { name: "help" };
  if (command !== "check" && command !== "review") throw new UsageError(`unknown command '${command}'; the commands are: check, review`);
  const failOn = values["fail-on"] ?? "error";
  if (!THRESHOLDS.includes(failOn)) throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${THRESHOLDS.join(", ")}`);
  const rules = values.rule ?? [];
  if (command === "check") {
    const misplaced = REVIEW_ONLY.find((flag) => values[flag] !== void 0);
    if (misplaced) throw new UsageError(`--${misplaced} is an option of review, not of check`);
    const format2 = values.format ?? "text";
    if (!FORMATS.includes(format2)) throw new UsageError(`--format: '${format2}' is not a format; use one of ${FORMATS.join(", ")}`);
    return { name: "check", paths: rest.length > 0 ? rest : ["."], format: format2, failOn, rules };
  }
  if (rest.length > 0) throw new UsageError(`review takes no PATH ('${rest[0]}'): it reviews the Convex files changed between --base and --head. To check a folder, use 'convex-review check ${rest[0]}'`);
  const format = values.format ?? "text";
  if (!REVIEW_FORMATS.includes(format)) throw new UsageError(`--format: '${format}' is not a format of review; use one of ${REVIEW_FORMATS.join(", ")}`);
  for (const flag of ["base", "head", "model"]) {
    if (values[flag] !== void 0 && values[flag].trim() === "") throw new UsageError(`--${flag}: give a value (${flag === "model" ? "a Claude model id" : "a branch, tag or commit"})`);
  }
  const maxInput = values["max-input-tokens"] ?? String(DEFAULT_MAX_INPUT_TOKENS);
  if (!/^\d+$/.test(maxInput) || Number(maxInput) > 1e7) throw new UsageError(`--max-input-tokens: '${maxInput}' is not a whole number from 0 to 10000000`);
  return {
    name: "review",
    ...values.base !== void 0 ? { base: values.base } : {},
    ...values.head !== void 0 ? { head: values.head } : {},
    format,
    failOn,
    rules,
    claude: !values["no-claude"],
    model: values.model ?? DEFAULT_MODEL,
    maxInputTokens: Number(maxInput)
  };
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
import { existsSync as existsSync2, openSync, readFileSync as readFileSync2, readSync, closeSync, readdirSync, statSync } from "node:fs";
import { dirname, join as join3, relative as relative2, resolve, sep } from "node:path";
var MAX_FILE_BYTES = 1024 * 1024;
var SKIP_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
function loadTree(paths, cwd) {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync2(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const repoRoot = findRepoRoot(absolute[0]);
  const toRepo = (abs) => relative2(repoRoot, abs).split(sep).join("/");
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith(".."))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listed = /* @__PURE__ */ new Set();
  const list = (repoPath) => {
    for (const file of listFiles(join3(repoRoot, repoPath))) listed.add(toRepo(file));
  };
  for (const r of requested) list(r);
  for (const r of requested) {
    for (let dir = r; ; dir = parentOf(dir)) {
      for (const name of ["convex.json", "package.json", ...tsconfigsIn(join3(repoRoot, dir))]) {
        const candidate = dir === "" ? name : `${dir}/${name}`;
        if (existsSync2(join3(repoRoot, candidate))) listed.add(candidate);
      }
      if (dir === "") break;
    }
  }
  const cache = /* @__PURE__ */ new Map();
  const readText = (p) => {
    if (!cache.has(p)) cache.set(p, safeRead(join3(repoRoot, p)));
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
    const wanted = isSourcePath(p) || /(^|\/)(convex|package)\.json$/.test(p) || isTsconfigPath(p) || /\/_generated\/(api|server|dataModel)\.d\.ts$/.test(p);
    if (!wanted) continue;
    const abs = join3(repoRoot, p);
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
function tsconfigsIn(absDir) {
  try {
    return readdirSync(absDir).filter(isTsconfigPath).sort();
  } catch {
    return [];
  }
}
function findRepoRoot(start) {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync2(join3(dir, ".git"))) return dir;
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
    const child = join3(abs, entry.name);
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
  return readFileSync2(abs, "utf8");
}

// src/cli/review.ts
import { realpathSync } from "node:fs";

// src/cli/git.ts
import { execFile } from "node:child_process";
import { lstatSync, readFileSync as readFileSync3 } from "node:fs";
import { join as join4 } from "node:path";
var MAX_OUTPUT = 1024 * 1024 * 1024;
function git(cwd, args, input) {
  return new Promise((resolve2, reject) => {
    const child = execFile(
      "git",
      ["--literal-pathspecs", "-c", "core.quotePath=false", ...args],
      { cwd, encoding: "buffer", maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0" } },
      (error, stdout, stderr) => {
        const code = error ? error.code : 0;
        if (error && typeof code !== "number") {
          reject(error.code === "ENOENT" ? new UsageError("git was not found on PATH: review needs git") : error);
          return;
        }
        resolve2({ code, stdout, stderr: stderr.toString("utf8") });
      }
    );
    if (input !== void 0) child.stdin?.end(input);
  });
}
async function gitText(cwd, args) {
  const result = await git(cwd, args);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout.toString("utf8");
}
async function repoRootOf(cwd) {
  const result = await git(cwd, ["rev-parse", "--show-toplevel"]);
  const root = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !root) {
    const why = result.stderr.trim().split("\n")[0]?.replace(/^fatal: /, "") || "git rev-parse failed";
    throw new UsageError(`review needs a git checkout, and ${cwd} is not in one (${why}). To check a folder without git, use 'convex-review check PATH'`);
  }
  return root;
}
async function commitOf(root, ref) {
  if (ref.startsWith("-")) return void 0;
  const result = await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : void 0;
}
async function requireCommit(root, ref, flag) {
  const sha = await commitOf(root, ref);
  if (!sha) throw new UsageError(`${flag}: '${ref}' is not a commit in this repository (give a branch, tag or commit)`);
  return sha;
}
var DEFAULT_BRANCHES = ["origin/HEAD", "main", "master"];
async function defaultBranch(root) {
  const origin = await git(root, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]);
  const target = origin.stdout.toString("utf8").trim().replace(/^refs\/remotes\//, "");
  if (origin.code === 0 && target && await commitOf(root, target)) return target;
  for (const name of ["main", "master"]) if (await commitOf(root, name)) return name;
  throw new UsageError(`no default branch to compare with: tried ${DEFAULT_BRANCHES.join(", ")}, and none exists in this repository. Pass --base REF (a branch, tag or commit)`);
}
async function mergeBase(root, a, b) {
  const result = await git(root, ["merge-base", a, b]);
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : void 0;
}
async function workingTreeMatches(root, commit) {
  const diff = await git(root, ["diff", "--quiet", "--no-ext-diff", "--no-textconv", commit, "--"]);
  if (diff.code !== 0) return false;
  return await gitText(root, ["ls-files", "-z", "--others", "--exclude-standard"]) === "";
}
var STATUS = { A: "added", M: "modified", D: "removed", R: "renamed", C: "copied", T: "changed", U: "modified" };
function parseNameStatus(output) {
  const fields = output.split("\0");
  const files = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const code = fields[i++];
    if (!code) continue;
    const status = STATUS[code[0]] ?? "modified";
    if (code[0] === "R" || code[0] === "C") {
      const previousPath = fields[i++];
      const path = fields[i++];
      files.push({ path, status, previousPath });
    } else {
      files.push({ path: fields[i++], status });
    }
  }
  return files;
}
function hunksOf(diff) {
  const at = diff.startsWith("@@") ? 0 : diff.indexOf("\n@@");
  if (at < 0) return void 0;
  return diff.slice(at === 0 ? 0 : at + 1).replace(/\n$/, "");
}
function addedFilePatch(content) {
  if (content.includes(0)) return void 0;
  const text = content.toString("utf8");
  if (text === "") return "";
  const lines = text.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1${lines.length === 1 ? "" : `,${lines.length}`} @@`, ...lines.map((l) => `+${l}`), ...text.endsWith("\n") ? [] : ["\\ No newline at end of file"]].join("\n");
}
var DIFF_OPTIONS = ["--unified=3", "--find-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--diff-algorithm=myers"];
async function changedFiles(root, base, head) {
  const listed = parseNameStatus(await gitText(root, ["diff", "--name-status", "-z", ...DIFF_OPTIONS, base, ...head ? [head] : [], "--"]));
  if (head) return { files: listed, untracked: /* @__PURE__ */ new Set() };
  const known = new Set(listed.map((f) => f.path));
  const untracked = (await gitText(root, ["ls-files", "-z", "--others", "--exclude-standard"])).split("\0").filter((p) => p && !known.has(p));
  const files = [...listed, ...untracked.map((path) => ({ path, status: "added" }))].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files, untracked: new Set(untracked) };
}
async function patchOf(root, base, head, file, untracked) {
  if (untracked) {
    const content = readWorkingFile(root, file.path);
    const hunks2 = content === void 0 ? void 0 : addedFilePatch(content);
    return hunks2 === void 0 ? void 0 : parsePatch(hunks2);
  }
  const paths = file.previousPath ? [file.previousPath, file.path] : [file.path];
  const diff = await gitText(root, ["diff", ...DIFF_OPTIONS, base, ...head ? [head] : [], "--", ...paths]);
  const hunks = hunksOf(diff);
  if (hunks === void 0 && /^Binary files .* differ$/m.test(diff)) return void 0;
  return parsePatch(hunks ?? "");
}
function parseLsTree(output) {
  const entries = [];
  for (const record of output.split("\0")) {
    const m = /^(\d+) (\w+) [0-9a-f]+ +(-|\d+)\t([\s\S]+)$/.exec(record);
    if (!m || m[2] !== "blob" || m[1] === "120000") continue;
    entries.push({ path: m[4], size: Number(m[3]) });
  }
  return entries;
}
async function listFiles2(root, head) {
  if (head) return parseLsTree(await gitText(root, ["ls-tree", "-r", "-z", "-l", "--full-tree", head]));
  const paths = new Set((await gitText(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0").filter(Boolean));
  const entries = [];
  for (const path of [...paths].sort()) {
    const stat = lstatSync(join4(root, path), { throwIfNoEntry: false });
    if (stat?.isFile()) entries.push({ path, size: stat.size });
  }
  return entries;
}
async function readFiles(root, head, paths) {
  const out = /* @__PURE__ */ new Map();
  if (!head) {
    for (const path of paths) {
      const content = readWorkingFile(root, path);
      if (content !== void 0) out.set(path, content);
    }
    return out;
  }
  const batchable = paths.filter((p) => !p.includes("\n"));
  if (batchable.length === 0) return out;
  const result = await git(root, ["cat-file", "--batch"], batchable.map((p) => `${head}:${p}
`).join(""));
  if (result.code !== 0) throw new Error(`git cat-file --batch failed (exit ${result.code}): ${result.stderr.trim()}`);
  let at = 0;
  for (const path of batchable) {
    const eol = result.stdout.indexOf(10, at);
    const header = result.stdout.subarray(at, eol).toString("utf8");
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(path, result.stdout.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}
function readWorkingFile(root, path) {
  try {
    return readFileSync3(join4(root, path));
  } catch {
    return void 0;
  }
}

// src/cli/change.ts
var PATCH_CONCURRENCY = 8;
async function readChange(root, base, head) {
  const [entries, changes] = await Promise.all([listFiles2(root, head), changedFiles(root, base, head)]);
  const { files, skipped } = await readAnalysisFiles(root, head, entries);
  const roots = findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  const inRoots = new Set(reviewedFiles(changes.files, roots, [], []).map((f) => f.path));
  const queue = changes.files.filter((f) => inRoots.has(f.path));
  const patched = /* @__PURE__ */ new Map();
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const patch = await patchOf(root, base, head, f, changes.untracked.has(f.path));
      patched.set(f.path, { ...f, ...patch ? { patch } : {} });
    }
  };
  await Promise.all(Array.from({ length: PATCH_CONCURRENCY }, worker));
  return { files, skipped, changedFiles: changes.files.map((f) => patched.get(f.path) ?? f) };
}
var notInDeps = (p) => !p.split("/").includes("node_modules");
var isConfig = (p) => baseOf(p) === "convex.json" || /^convex\.config\.[cm]?[jt]s$/.test(baseOf(p));
async function readAnalysisFiles(root, head, entries) {
  const files = /* @__PURE__ */ new Map();
  const skipped = [];
  const bySize = new Map(entries.map((e) => [e.path, e.size]));
  const read = async (paths2) => {
    const small = paths2.filter((p) => {
      const size = bySize.get(p) ?? 0;
      if (size <= MAX_FILE_BYTES) return true;
      skipped.push({ path: p, reason: `larger than 1 MB (${(size / 1024 / 1024).toFixed(1)} MB)` });
      return false;
    });
    for (const [path, content] of await readFiles(root, head, small)) {
      if (content.includes(0)) skipped.push({ path, reason: "binary (contains NUL bytes)" });
      else files.set(path, content.toString("utf8"));
    }
  };
  const paths = entries.map((e) => e.path).filter(notInDeps);
  await read(paths.filter(isConfig));
  const dirs = /* @__PURE__ */ new Set();
  for (const [path, text] of files) {
    if (baseOf(path) === "convex.json") {
      try {
        dirs.add(functionsDirFromConvexJson(path, text));
      } catch {
      }
    } else if (/\bdefineComponent\s*\(/.test(text)) dirs.add(dirOf(path));
  }
  for (const p of paths) {
    const folder = enclosingConvexFolder(p);
    if (folder !== void 0) dirs.add(folder);
  }
  const wanted = paths.filter((p) => !files.has(p) && [...dirs].some((d) => isUnder(p, d)) && (isSourcePath(p) || /\/_generated\/(api|server|dataModel)\.d\.ts$/.test(p)));
  const packageJsons = [...dirs].flatMap(ancestorsOf).map((d) => joinPath(d, "package.json")).filter((p) => bySize.has(p) && !files.has(p));
  const aboveRoots = new Set([...dirs].flatMap(ancestorsOf));
  const tsconfigs = paths.filter((p) => isTsconfigPath(p) && !files.has(p) && (aboveRoots.has(dirOf(p)) || [...dirs].some((d) => isUnder(p, d))));
  await read([.../* @__PURE__ */ new Set([...wanted, ...packageJsons, ...tsconfigs])]);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { files, skipped };
}
function ancestorsOf(dir) {
  const out = [];
  for (let d = dir; ; d = dirOf(d)) {
    out.push(d);
    if (d === "") return out;
  }
}

// src/cli/review-core.ts
var INLINE_MIN_SEVERITY = "warning";
var MAX_COMMENTS = 30;
async function reviewChange(input, claude) {
  const analysis = analyzeFiles(input.files, { settings: input.settings, project: input.project });
  const reviewed = reviewedFiles(input.changedFiles, analysis.roots, [], input.ignore ?? []);
  const changedPaths = input.changedFiles.map((f) => f.path);
  const isDependent = (ruleId) => dependsOnChange(ruleId, changedPaths);
  let claudeSummary;
  let claudeReport;
  if (reviewed.length > 0) {
    if ("skip" in claude) {
      claudeSummary = { ran: false, reason: claude.skip };
    } else {
      const files = reviewFilesOf(reviewed, input.files, analysis.findings);
      if (files.length === 0) {
        claudeSummary = { ran: false, reason: "No reviewed file has a diff Claude could comment on, so Claude did not run." };
      } else {
        claudeReport = await claude.run({ files, projectFiles: input.files, roots: analysis.roots });
        claudeSummary = summarizeClaude(claudeReport, files.length);
      }
    }
  }
  const plan = planReview({
    findings: [...analysis.findings, ...claudeReport?.findings ?? []],
    changedFiles: reviewed,
    isDependentFinding: (f) => isDependent(f.ruleId),
    posted: /* @__PURE__ */ new Set(),
    inlineMinSeverity: INLINE_MIN_SEVERITY,
    maxComments: MAX_COMMENTS
  });
  const notes = [];
  if (analysis.roots.length === 0) notes.push("No Convex functions folder found (looked for convex.json and convex/ folders).");
  else if (reviewed.length === 0) notes.push("This change touches no files under the Convex functions folders.");
  const withoutDiff = reviewed.filter((f) => !f.patch).map((f) => f.path);
  if (withoutDiff.length > 0) notes.push(`No diff from git (binary), so no inline comments on: ${withoutDiff.join(", ")}.`);
  return { reviewed, filesAnalysed: analysis.filesAnalysed, plan, claude: claudeSummary, claudeReport, notes };
}
function failingFindings(review, failOn) {
  const reviewed = new Set(review.reviewed.map((f) => f.path));
  return review.plan.findings.filter((f) => f.source === "static" && reviewed.has(f.path) && meetsThreshold(f.severity, failOn));
}

// src/cli/review-format.ts
function inlineBody(comment) {
  return withoutMarkers(renderInlineComment(comment, ruleTitle));
}
function headLabel(ctx) {
  return ctx.head.workingTree ? "working tree" : ctx.head.sha.slice(0, 7);
}
function summaryText(review, ctx) {
  return renderSummaryText({
    plan: review.plan,
    headSha: ctx.head.sha,
    headLabel: headLabel(ctx),
    reviewedFiles: review.reviewed.map((f) => f.path),
    skipped: ctx.skipped,
    notes: review.notes,
    postedInline: review.plan.inline.length,
    titleOf: ruleTitle,
    ...review.claude ? { claude: review.claude } : {}
  });
}
function formatReviewText(review, ctx, style) {
  const paint = (code, s) => style.color ? `\x1B[${code}m${s}\x1B[0m` : s;
  const head = ctx.head.workingTree ? `the working tree (on ${ctx.head.sha.slice(0, 7)})` : `${ctx.head.ref} (${ctx.head.sha.slice(0, 7)})`;
  const out = [
    paint(1, `${TOOL_NAME} review: ${head} against ${ctx.base.ref} (merge base ${ctx.base.sha.slice(0, 7)})`) + ` \xB7 ${plural2(ctx.changed, "changed file")}, ${plural2(review.reviewed.length, "Convex file")} reviewed`,
    ""
  ];
  for (const comment of byLocation(review.plan.inline)) {
    const lines = comment.startLine !== void 0 ? `${comment.startLine}-${comment.line}` : `${comment.line}`;
    out.push(paint(36, `\u2500\u2500 ${style.displayPath(comment.path)}:${lines} \u2500\u2500`), "", inlineBody(comment), "");
  }
  out.push(paint(36, "\u2500\u2500 summary comment \u2500\u2500"), "", summaryText(review, ctx), "", verdict(review, ctx, style.color));
  return out.join("\n") + "\n";
}
function verdict(review, ctx, color2) {
  const paint = (code2, s) => color2 ? `\x1B[${code2}m${s}\x1B[0m` : s;
  const findings = review.plan.findings;
  const where = `${plural2(review.reviewed.length, "changed Convex file")}`;
  const gate = ctx.failOn === "never" ? "--fail-on never" : ctx.failing.length > 0 ? `fails --fail-on ${ctx.failOn} (${plural2(ctx.failing.length, "static finding")} at or above it)` : `passes --fail-on ${ctx.failOn}`;
  if (findings.length === 0) return paint(32, `\u2714 No issues in ${where}`) + ` \xB7 ${gate}`;
  const counts = countBySeverity(findings);
  const fromClaude = findings.filter((f) => f.source === "claude").length;
  const origin = fromClaude > 0 ? `; ${findings.length - fromClaude} from the rules, ${fromClaude} from Claude` : "";
  const headline = `\u2716 ${plural2(findings.length, "finding")} (${plural2(counts.error, "error")}, ${plural2(counts.warning, "warning")}, ${counts.info} info${origin}) in ${where}`;
  const code = ctx.failing.length > 0 ? 31 : counts.error > 0 || counts.warning > 0 ? 33 : 36;
  return paint(code, headline) + ` \xB7 ${plural2(review.plan.inline.length, "inline comment")} \xB7 ${gate}`;
}
function formatReviewJson(review, ctx, changedFiles2) {
  const reviewed = new Set(review.reviewed.map((f) => f.path));
  const envelope = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    base: ctx.base,
    head: ctx.head,
    files: changedFiles2.map((f) => ({ path: f.path, status: f.status, ...f.previousPath ? { previousPath: f.previousPath } : {}, reviewed: reviewed.has(f.path) })),
    skipped: ctx.skipped,
    findings: review.plan.findings,
    inline: byLocation(review.plan.inline).map((c) => ({
      path: c.path,
      line: c.line,
      ...c.startLine !== void 0 ? { startLine: c.startLine } : {},
      fingerprint: c.finding.fingerprint,
      ruleId: c.finding.ruleId,
      source: c.finding.source,
      severity: c.finding.severity,
      suggestion: c.withSuggestion,
      body: inlineBody(c)
    })),
    claude: claudeJson(review.claude)
  };
  return JSON.stringify(envelope, null, 2) + "\n";
}
function claudeJson(summary) {
  if (!summary) return { ran: false, reason: "No Convex file changed, so there was nothing for Claude to review." };
  if (!summary.ran) return summary;
  return { ...summary, costUsd: summary.costUsd ?? null };
}
function byLocation(comments) {
  return [...comments].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.startLine ?? a.line) - (b.startLine ?? b.line) || compareByLocation(a.finding, b.finding));
}
function plural2(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// src/cli/review.ts
async function runReview(command, io) {
  const env = io.env ?? process.env;
  const root = await repoRootOf(io.cwd);
  const config = withRuleOverrides(readConfigFile(root, RULE_IDS), parseRuleSettings(command.rules, RULE_IDS, "--rule"));
  const headSha = command.head !== void 0 ? await requireCommit(root, command.head, "--head") : await commitOf(root, "HEAD");
  if (!headSha) throw new UsageError("HEAD has no commit yet: commit once before reviewing (review compares the working tree with a commit)");
  const baseRef = command.base ?? await defaultBranch(root);
  const baseTip = await requireCommit(root, baseRef, command.base !== void 0 ? "--base" : `the default branch (${baseRef})`);
  const baseSha = await mergeBase(root, baseTip, headSha);
  if (!baseSha) throw new UsageError(`--base: ${baseRef} and ${command.head ?? "HEAD"} have no common history (no merge base); pass --base REF`);
  const workingTree = command.head === void 0 && !await workingTreeMatches(root, headSha);
  const change = await readChange(root, baseSha, workingTree ? void 0 : headSha);
  const claude = claudeChoice(command, env, (n) => {
    if (command.format === "text") io.stderr(`${TOOL_NAME}: Claude (${command.model}) is reviewing ${n === 1 ? "1 changed file" : `${n} changed files`}\u2026
`);
  });
  const review = await reviewChange({ files: change.files, changedFiles: change.changedFiles, settings: config.rules, project: config.project, ignore: config.ignore }, claude);
  for (const failure of review.claudeReport?.failures ?? []) io.stderr(`${TOOL_NAME}: Claude: ${failure}
`);
  const failing = failingFindings(review, command.failOn);
  const ctx = {
    base: { ref: baseRef, sha: baseSha },
    head: { ref: command.head ?? "HEAD", sha: headSha, workingTree },
    changed: change.changedFiles.length,
    skipped: change.skipped,
    failOn: command.failOn,
    failing
  };
  io.stdout(
    command.format === "json" ? formatReviewJson(review, ctx, change.changedFiles) : formatReviewText(review, ctx, { color: io.color, displayPath: cwdRelativePaths(root, realCwd(io.cwd)) })
  );
  return failing.length > 0 ? 1 : 0;
}
function claudeChoice(command, env, starting) {
  if (!command.claude) return { skip: "Claude is off for this run (--no-claude): static rules only." };
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return { skip: "No ANTHROPIC_API_KEY in the environment, so Claude did not review: static rules only. Set it to add the Claude review." };
  return {
    run: (input) => {
      starting(input.files.length);
      return runClaudeReview(input, {
        apiKey,
        baseURL: env.ANTHROPIC_BASE_URL || void 0,
        model: command.model,
        maxInputTokens: command.maxInputTokens,
        maxOutputTokens: CLAUDE_DEFAULTS.maxOutputTokens,
        concurrency: CLAUDE_DEFAULTS.concurrency,
        maxRetries: CLAUDE_DEFAULTS.maxRetries,
        timeoutSeconds: CLAUDE_DEFAULTS.timeoutSeconds
      });
    }
  };
}
function realCwd(cwd) {
  try {
    return realpathSync(cwd);
  } catch {
    return cwd;
  }
}

// src/cli/main.ts
var EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 };
async function runCli(argv, io) {
  try {
    return await runCommand(argv, io);
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
async function runCommand(argv, io) {
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
  if (command.name === "review") return runReview(command, io);
  const started = performance.now();
  const tree = loadTree(command.paths, io.cwd);
  const config = withRuleOverrides(readConfigFile(tree.repoRoot, RULE_IDS), parseRuleSettings(command.rules, RULE_IDS, "--rule"));
  const requested = tree.requested;
  const ignored = config.ignore.length > 0 ? (0, import_picomatch.default)(config.ignore, { dot: true }) : () => false;
  const include = (path) => !ignored(path) && requested.some((r) => r === "" || path === r || path.startsWith(r + "/"));
  const analysis = analyzeFiles(tree.files, { settings: config.rules, project: config.project, include });
  const result = { files: analysis.filesAnalysed, skipped: tree.skipped.filter((s) => include(s.path)), findings: analysis.findings };
  if (analysis.roots.length === 0) {
    io.stderr(`No Convex functions directory found under ${command.paths.join(", ")} (looked for convex.json and convex/ folders).
`);
  }
  const seconds = (performance.now() - started) / 1e3;
  io.stdout(
    command.format === "json" ? formatJson(result) : command.format === "sarif" ? formatSarif(result) : formatText(result, seconds, { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) })
  );
  return result.findings.some((f) => f.source === "static" && meetsThreshold(f.severity, command.failOn)) ? EXIT.findings : EXIT.ok;
}

// src/cli.ts
var color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== "0" : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color
});
