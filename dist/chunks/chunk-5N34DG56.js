import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// package.json
var package_default = {
  name: "convex-review",
  version: "0.1.0",
  description: "A GitHub Action and CLI that reviews Convex backends: precise static checks plus a Claude review, posted as inline PR comments.",
  type: "module",
  license: "MIT",
  author: "The convex-review authors",
  repository: {
    type: "git",
    url: "git+https://github.com/convex-review/convex-review.git"
  },
  homepage: "https://github.com/convex-review/convex-review#readme",
  bugs: {
    url: "https://github.com/convex-review/convex-review/issues"
  },
  keywords: [
    "convex",
    "code-review",
    "static-analysis",
    "github-action",
    "cli",
    "claude"
  ],
  files: [
    "dist",
    "docs/rules",
    "schemas",
    "CHANGELOG.md"
  ],
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
    example: "node scripts/example.mjs",
    eval: "node dist/cli.js eval",
    "new-rule": "node scripts/new-rule.mjs",
    "bench:static": "npm run build && node bench/static.mjs",
    "bench:action": "npm run build && node bench/action.mjs",
    "bench:startup": "npm run build && node bench/startup.mjs",
    "bench:real": "npm run build && node bench/real.mjs"
  },
  devDependencies: {
    "@actions/core": "^3.0.1",
    "@actions/github": "^9.1.1",
    "@anthropic-ai/sdk": "~1.12.0",
    "@convex-dev/eslint-plugin": "^5.0.0",
    "@eslint/js": "^9.39.5",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    bottleneck: "^2.19.5",
    esbuild: "^0.28.2",
    eslint: "^9.39.5",
    "parse-diff": "^0.12.0",
    picomatch: "^4.0.7",
    "ts-morph": "^28.0.0",
    typescript: "~5.9.3",
    "typescript-eslint": "^8.73.0",
    vitest: "~4.1.12",
    yaml: "^2.9.1"
  }
};

// src/version.ts
var TOOL_NAME = "convex-review";
var TOOL_VERSION = package_default.version;
var REPOSITORY_URL = "https://github.com/convex-review/convex-review";
function ruleDocsUrl(id) {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}

// src/convex/model/paths.ts
import { posix } from "node:path";
function joinPath(...parts) {
  const joined = posix.join(...parts.filter((p) => p !== "" && p !== "."));
  return joined === "." ? "" : joined.replace(/\/$/, "");
}
function dirOf(path) {
  const dir = posix.dirname(path);
  return dir === "." ? "" : dir;
}
function baseOf(path) {
  return posix.basename(path);
}
function isUnder(path, dir) {
  return dir === "" || path === dir || path.startsWith(dir + "/");
}
function relativeTo(dir, path) {
  return dir === "" ? path : path.slice(dir.length + 1);
}
function stripExtension(path) {
  return path.replace(/\.[^/.]+$/, "");
}
var SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
function isSourcePath(path) {
  return !path.endsWith(".d.ts") && SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext));
}
function isTsconfigPath(path) {
  return /^tsconfig(\.[^/]*)?\.json$/.test(baseOf(path));
}

// src/core/finding.ts
var SEVERITIES = ["error", "warning", "info"];
var RANK = { error: 3, warning: 2, info: 1 };
function severityRank(severity) {
  return RANK[severity];
}
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
  joinPath,
  dirOf,
  baseOf,
  isUnder,
  relativeTo,
  stripExtension,
  SOURCE_EXTENSIONS,
  isSourcePath,
  isTsconfigPath,
  SEVERITIES,
  severityRank,
  THRESHOLDS,
  meetsThreshold,
  compareFindings,
  compareByLocation,
  countBySeverity,
  TOOL_NAME,
  TOOL_VERSION,
  ruleDocsUrl
};
