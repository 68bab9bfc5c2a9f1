import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  chooseBaseline,
  cwdRelativePaths,
  fixIfAsked,
  formatCheck,
  localSettings,
  newFindings,
  printFixReport,
  printedDryRun,
  tell,
  visibleFindings,
  withBaseline,
  withFixes,
  writeBaseline
} from "./chunk-27EDB3LL.js";
import "./chunk-2BXJA775.js";
import "./chunk-F7WXXGCI.js";
import {
  candidateFunctionDirs,
  failingFindings,
  globFilter,
  isProjectConfigPath,
  readProjectFiles,
  reviewChange
} from "./chunk-SLO35LOW.js";
import "./chunk-J4TE5HMB.js";
import "./chunk-G5KAKE4C.js";
import {
  UsageError
} from "./chunk-XBMJBUDX.js";
import {
  SOURCE_EXTENSIONS,
  TOOL_NAME,
  isSourcePath,
  isUnder,
  joinPath
} from "./chunk-5N34DG56.js";
import "./chunk-3WSUY3EJ.js";

// src/cli/check.ts
import { performance } from "node:perf_hooks";

// src/cli/load.ts
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

// src/change/nothing-to-check.ts
function whyNothingToCheck(requested, tree) {
  const { arg, path, isFile } = requested;
  if (tree.covered.some((p) => isUnder(p, path))) return void 0;
  if (isFile && !isSourcePath(path)) {
    return `PATH '${arg}' is not a file the rules read (TypeScript or JavaScript: ${SOURCE_EXTENSIONS.join(", ")}, not .d.ts)`;
  }
  const folders = tree.functionDirs.map((d) => `${d || "."}/`);
  if (folders.length === 0) return `PATH '${arg}': there is no Convex functions folder in this project (looked for convex.json and convex/ folders)`;
  const inside = tree.functionDirs.find((d) => isUnder(path, d));
  const holds = tree.functionDirs.filter((d) => isUnder(d, path));
  if (inside === void 0 && holds.length === 0) {
    return `PATH '${arg}' is outside the Convex functions folders (${folders.join(", ")}): check one of them, or a folder that holds one`;
  }
  if (inside !== void 0 && isUnder(path, joinPath(inside, "_generated"))) return `PATH '${arg}' is generated code (${inside}/_generated/ is not checked)`;
  const where = inside !== void 0 ? `${inside}/` : holds.map((d) => `${d || "."}/`).join(", ");
  return `PATH '${arg}' holds no TypeScript or JavaScript file of a Convex functions folder (${where}) that the config file does not ignore`;
}

// src/cli/load.ts
var SKIP_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
async function loadTree(paths, cwd) {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const { root: repoRoot, foundBy: rootFoundBy } = findProjectRoot(absolute[0]);
  const toRepo = (abs) => relative(repoRoot, abs).split(sep).join("/");
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith(".."))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listing = [];
  for (const abs of listFiles(repoRoot)) listing.push({ path: toRepo(abs), size: statSync(abs).size });
  const project = await readProjectFiles(listing, async (wanted) => new Map(wanted.map((p) => [p, readFileSync(join(repoRoot, p))])), { within: requested });
  const configs = new Map([...project.files].filter(([p]) => isProjectConfigPath(p)));
  return {
    repoRoot,
    rootFoundBy,
    project,
    requested,
    requestedPaths: requested.map((path, i) => ({ arg: paths[i], path, isFile: !statSync(absolute[i]).isDirectory() })),
    functionDirs: candidateFunctionDirs(
      listing.map((f) => f.path),
      configs
    )
  };
}
function findProjectRoot(start) {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  const ancestors = [];
  for (let dir = startDir; ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dirname(dir) === dir) break;
  }
  const git = ancestors.find((d) => existsSync(join(d, ".git")));
  if (git) return { root: git, foundBy: "the folder with .git" };
  const convexJson = ancestors.find((d) => existsSync(join(d, "convex.json")));
  if (convexJson) return { root: convexJson, foundBy: "no .git; the nearest folder with convex.json" };
  const packageJson = ancestors.find((d) => existsSync(join(d, "package.json")));
  if (packageJson) return { root: packageJson, foundBy: "no .git or convex.json; the nearest folder with package.json" };
  const convexFolder = ancestors.find((d) => basename(d) === "convex");
  if (convexFolder) return { root: dirname(convexFolder), foundBy: "no .git, convex.json or package.json; the folder above convex/" };
  return { root: startDir, foundBy: "no .git, convex.json or package.json; PATH's own folder" };
}
function requireFilesToCheck(tree, covered, ignored = () => false) {
  const facts = { functionDirs: tree.functionDirs, covered };
  const byConfig = tree.requestedPaths.filter((r) => r.isFile && ignored(r.path));
  const notes = byConfig.map((r) => `PATH '${r.arg}' is ignored by the config file (ignore / exclude); not checked`);
  const rest = tree.requestedPaths.filter((r) => !byConfig.includes(r));
  const reasons = rest.map((r) => whyNothingToCheck(r, facts));
  const empty = reasons.filter((r) => r !== void 0);
  if (empty.length < reasons.length || rest.length === 0) return [...notes, ...empty.map((r) => `${r}; not checked`)];
  const where = `project root ${tree.repoRoot} (${tree.rootFoundBy})`;
  throw new UsageError(`nothing to check. ${empty.join(". ")}. Looked in the ${where}.`);
}
function* listFiles(abs) {
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const child = join(abs, entry.name);
    if (entry.isDirectory()) yield* listFiles(child);
    else if (entry.isFile()) yield child;
  }
}

// src/cli/check.ts
async function runCheck(command, io) {
  const started = performance.now();
  const tree = await loadTree(command.paths, io.cwd);
  const { config, settings, failOn } = localSettings(command, tree.repoRoot, io.cwd);
  const baseline = chooseBaseline(command, config.baseline, { cwd: io.cwd, repoRoot: tree.repoRoot });
  const within = (path) => tree.requested.some((r) => r === "" || path === r || path.startsWith(r + "/"));
  const fixing = await fixIfAsked(command, async () => ({ repoRoot: tree.repoRoot, project: tree.project, target: { kind: "files", within }, settings: withBaseline(settings, baseline) }));
  const review = await reviewChange({
    project: fixing?.project ?? tree.project,
    target: { kind: "files", within },
    settings: withBaseline(settings, baseline),
    claude: { skip: "check runs the static rules only" }
  });
  const ignored = globFilter([], settings.exclude, () => true);
  for (const note of requireFilesToCheck(tree, [...review.reviewedPaths, ...review.skipped.map((s) => s.path)], (p) => !ignored(p))) io.stderr(`${TOOL_NAME}: ${note}
`);
  if (fixing && printedDryRun(fixing, command.format, io)) return failingFindings(review, failOn).length > 0 ? 1 : 0;
  if (baseline?.update) {
    tell(io, command.format, [writeBaseline(baseline, review.findings, review.gates)]);
    return 0;
  }
  const shown = newFindings(review, baseline);
  const failing = failingFindings(review, failOn);
  const visible = visibleFindings(shown.findings, command.minSeverity, failing, failOn);
  const result = { files: review.analysis.filesAnalyzed, skipped: review.skipped, findings: visible.shown };
  const seconds = (performance.now() - started) / 1e3;
  const style = { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) };
  if (fixing) printFixReport(fixing, command.format, io, style);
  io.stdout(withFixes(formatCheck(command.format, result, seconds, { ...style, ...visible.line ? { hidden: visible.line } : {} }), fixing, command.format));
  tell(io, command.format, shown.lines);
  return failing.length > 0 ? 1 : 0;
}
export {
  runCheck
};
