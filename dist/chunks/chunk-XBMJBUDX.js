import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  baseOf,
  dirOf,
  isSourcePath,
  isUnder,
  joinPath
} from "./chunk-5N34DG56.js";

// src/core/errors.ts
var UsageError = class extends Error {
  name = "UsageError";
};

// src/core/defaults.ts
var DEFAULT_MODEL = "claude-sonnet-5-5";
var CLAUDE_DEFAULTS = { maxInputTokens: 2e5, maxOutputTokens: 32e3, effort: "medium", verify: true, minScore: 6, concurrency: 3, maxRetries: 4, timeoutSeconds: 300 };
var INLINE_MIN_SEVERITY = "warning";
var MAX_COMMENTS = 30;
var MAX_WAIT_SECONDS = 60;
var CLAUDE_FOR_DEFAULT = "members";
var FAIL_ON_DEFAULT = { cli: "error", action: "never" };

// src/convex/model/roots.ts
var ConfigFileError = class extends Error {
};
var CONVEX_IMPORT = /from\s+["'](?:\.{1,2}\/)+_generated\/server(?:\.js)?["']|from\s+["'][@~#$\w-]*(?:\/[\w.-]+)*\/_generated\/server(?:\.js)?["']|from\s+["']convex\/server["']/;
function functionsDirFromConvexJson(convexJsonPath, text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${convexJsonPath}: not valid JSON (${error.message})`);
  }
  const functions = parsed?.functions;
  if (functions === void 0) return joinPath(dirOf(convexJsonPath), "convex");
  if (typeof functions !== "string" || functions.trim() === "") {
    throw new ConfigFileError(`${convexJsonPath}: "functions" must be a folder path string, like "convex/" or "src/convex/"`);
  }
  return joinPath(dirOf(convexJsonPath), functions.replace(/^\.\//, ""));
}
function findConvexRoots(input) {
  const paths = input.paths.filter((p) => !p.split("/").includes("node_modules"));
  const roots = /* @__PURE__ */ new Map();
  for (const path of paths) {
    if (baseOf(path) !== "convex.json") continue;
    const text = input.read(path);
    if (text === void 0) continue;
    const functionsDir = functionsDirFromConvexJson(path, text);
    roots.set(functionsDir, { projectDir: dirOf(path), functionsDir, isComponent: false });
  }
  for (const path of paths) {
    if (baseOf(path) !== "convex.config.ts" && baseOf(path) !== "convex.config.js") continue;
    const text = input.read(path) ?? "";
    if (!/\bdefineComponent\s*\(/.test(text)) continue;
    const dir = dirOf(path);
    if (!roots.has(dir)) roots.set(dir, { projectDir: dir, functionsDir: dir, isComponent: true });
  }
  for (const dir of namedComponentDirs(paths, input.read)) {
    if (!roots.has(dir)) roots.set(dir, { projectDir: dir, functionsDir: dir, isComponent: true });
  }
  const candidates = /* @__PURE__ */ new Set();
  for (const path of paths) {
    const folder = enclosingConvexFolder(path);
    if (folder !== void 0) candidates.add(folder);
  }
  for (const dir of [...candidates].sort()) {
    if (roots.has(dir)) continue;
    const projectDir = dirOf(dir);
    if (paths.includes(joinPath(projectDir, "convex.json"))) continue;
    if ([...roots.values()].some((r) => !r.isComponent && isUnder(dir, r.functionsDir))) continue;
    if (!looksLikeConvexDir(dir, paths, input.read)) continue;
    roots.set(dir, { projectDir, functionsDir: dir, isComponent: false });
  }
  return [...roots.values()].sort((a, b) => a.functionsDir.localeCompare(b.functionsDir));
}
function enclosingConvexFolder(path) {
  const parts = path.split("/");
  const at = parts.lastIndexOf("convex", parts.length - 2);
  return at >= 0 ? parts.slice(0, at + 1).join("/") : void 0;
}
var RELATIVE_SERVER_IMPORT = /from\s+["']((?:\.\.?\/)+)_generated\/server(?:\.js)?["']/g;
function namedComponentDirs(paths, read) {
  const dirs = /* @__PURE__ */ new Set();
  for (const path of paths) {
    if (!isSourcePath(path) || !path.split("/").includes("component")) continue;
    for (const match of (read(path) ?? "").matchAll(RELATIVE_SERVER_IMPORT)) {
      const dir = joinPath(dirOf(path), match[1]);
      if (baseOf(dir) === "component" && isUnder(path, dir)) dirs.add(dir);
    }
  }
  return [...dirs].sort();
}
function looksLikeConvexDir(dir, paths, read) {
  const inside = paths.filter((p) => isUnder(p, dir));
  if (inside.includes(`${dir}/package.json`)) return false;
  if (inside.some((p) => p.startsWith(dir + "/_generated/") || p === `${dir}/schema.ts` || p === `${dir}/schema.js`)) return true;
  return inside.some((p) => isSourcePath(p) && CONVEX_IMPORT.test(read(p) ?? ""));
}

export {
  ConfigFileError,
  functionsDirFromConvexJson,
  findConvexRoots,
  enclosingConvexFolder,
  UsageError,
  DEFAULT_MODEL,
  CLAUDE_DEFAULTS,
  INLINE_MIN_SEVERITY,
  MAX_COMMENTS,
  MAX_WAIT_SECONDS,
  CLAUDE_FOR_DEFAULT,
  FAIL_ON_DEFAULT
};
