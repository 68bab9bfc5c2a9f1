import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  cwdRelativePaths,
  formatJson,
  formatSarif,
  formatText,
  readConfigFile
} from "./chunk-R3DCP45N.js";
import {
  parseRuleSettings
} from "./chunk-WRH46Y6M.js";
import {
  RULE_IDS,
  failingFindings,
  readProjectFiles,
  reviewChange,
  withRuleOverrides
} from "./chunk-CWX7WW2H.js";
import "./chunk-APLGXCR4.js";
import {
  INLINE_MIN_SEVERITY,
  MAX_COMMENTS,
  UsageError
} from "./chunk-KGU2PYGV.js";
import "./chunk-RAHNZH6E.js";

// src/cli/check.ts
import { performance } from "node:perf_hooks";

// src/cli/load.ts
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
var SKIP_DIRS = /* @__PURE__ */ new Set(["node_modules", ".git"]);
async function loadTree(paths, cwd) {
  const absolute = paths.map((p) => resolve(cwd, p));
  for (const [i, p] of absolute.entries()) {
    if (!existsSync(p)) throw new UsageError(`PATH '${paths[i]}' does not exist`);
  }
  const repoRoot = findRepoRoot(absolute[0]);
  const toRepo = (abs) => relative(repoRoot, abs).split(sep).join("/");
  const requested = absolute.map(toRepo);
  if (requested.some((r) => r.startsWith(".."))) {
    throw new UsageError(`all PATHs must be inside one repository (${repoRoot}); check them one repository at a time`);
  }
  const listing = [];
  for (const abs of listFiles(repoRoot)) listing.push({ path: toRepo(abs), size: statSync(abs).size });
  const project = await readProjectFiles(listing, async (wanted) => new Map(wanted.map((p) => [p, readFileSync(join(repoRoot, p))])), { within: requested });
  return { repoRoot, project, requested };
}
function findRepoRoot(start) {
  const startDir = statSync(start).isDirectory() ? start : dirname(start);
  for (let dir = startDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return startDir;
  }
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
  const config = withRuleOverrides(readConfigFile(tree.repoRoot, RULE_IDS), parseRuleSettings(command.rules, RULE_IDS, "--rule"));
  const within = (path) => tree.requested.some((r) => r === "" || path === r || path.startsWith(r + "/"));
  const review = await reviewChange({
    project: tree.project,
    target: { kind: "files", within },
    settings: { rules: config.rules, project: config.project, paths: [], exclude: config.ignore, inlineMinSeverity: INLINE_MIN_SEVERITY, maxComments: MAX_COMMENTS },
    claude: { skip: "check runs the static rules only" }
  });
  const result = { files: review.analysis.filesAnalyzed, skipped: review.skipped, findings: review.findings };
  if (review.analysis.roots.length === 0) {
    io.stderr(`No Convex functions directory found under ${command.paths.join(", ")} (looked for convex.json and convex/ folders).
`);
  }
  const seconds = (performance.now() - started) / 1e3;
  io.stdout(
    command.format === "json" ? formatJson(result) : command.format === "sarif" ? formatSarif(result) : formatText(result, seconds, { color: io.color, displayPath: cwdRelativePaths(tree.repoRoot, io.cwd) })
  );
  return failingFindings(review, command.failOn).length > 0 ? 1 : 0;
}
export {
  runCheck
};
