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
    "bench:startup": "npm run build && node bench/startup.mjs"
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

export {
  TOOL_NAME,
  TOOL_VERSION,
  ruleDocsUrl
};
