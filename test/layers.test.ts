/**
 * The layers of eslint.config.js hold: planted imports, linted in memory as if they sat in a
 * folder of src/ (nothing is written to disk), are refused or allowed by `no-restricted-imports`.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The `no-restricted-imports` messages for `code` linted as `filePath` (relative to the repository root). */
async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2).map((m) => m.message);
}

describe('the pure core never does IO nor reaches GitHub, the Anthropic client or a front end', () => {
  const refused: [string, string, RegExp][] = [
    ["import * as core from '@actions/core';\ncore.info('x');\n", 'src/plan/planted.ts', /Actions runtime/],
    ["import { context } from '@actions/github';\nvoid context;\n", 'src/diff/planted.ts', /Actions runtime/],
    ["import Anthropic from '@anthropic-ai/sdk';\nvoid Anthropic;\n", 'src/ai/planted.ts', /Anthropic client/],
    ["import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", 'src/review/planted.ts', /never does IO/],
    ["import { readFileSync } from 'fs';\nvoid readFileSync;\n", 'src/core/planted.ts', /never does IO/],
    ["import { readFile } from 'node:fs/promises';\nvoid readFile;\n", 'src/change/planted.ts', /never does IO/],
    ["import { execFile } from 'child_process';\nvoid execFile;\n", 'src/report/planted.ts', /never does IO/],
    ["import { execFileSync } from 'node:child_process';\nvoid execFileSync;\n", 'src/convex/rules/planted.ts', /never does IO/],
    ["import { runClaudeReview } from '../ai/claude.js';\nvoid runClaudeReview;\n", 'src/review/planted.ts', /ai\/claude/],
    ["import type { ClaudeReport } from '../ai/claude.js';\nexport type R = ClaudeReport;\n", 'src/plan/planted.ts', /ai\/claude/],
    ["import { runClaudeReview } from './claude.js';\nvoid runClaudeReview;\n", 'src/ai/planted.ts', /\.\/claude/],
    ["import { readSnapshot } from '../github/snapshot.js';\nvoid readSnapshot;\n", 'src/review/planted.ts', /github\//],
    ["import { x } from '../../github/client.js';\nvoid x;\n", 'src/convex/semantics/planted.ts', /github\//],
    ["import { x } from '../action/outputs.js';\nvoid x;\n", 'src/plan/planted.ts', /front end/],
    ["import { x } from '../cli/format.js';\nvoid x;\n", 'src/report/planted.ts', /front end/],
    ["export { x } from '../cli/format.js';\n", 'src/core/planted.ts', /front end/],
    ["import { x } from '../main.js';\nvoid x;\n", 'src/review/planted.ts', /entry point/],
    // Tests in the pure core are held to the same bans: none needs the file system.
    ["import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", 'src/plan/planted.test.ts', /never does IO/],
  ];
  it.each(refused)('refuses %j in %s', async (code, filePath, why) => {
    const messages = await restricted(code, filePath);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(why);
  });

  const allowed: [string, string][] = [
    ["import { countBySeverity } from '../core/finding.js';\nvoid countBySeverity;\n", 'src/plan/planted.ts'],
    ["import { join } from 'node:path';\nimport { createHash } from 'node:crypto';\nvoid join, createHash;\n", 'src/core/planted.ts'],
    ["import { createRequire } from 'node:module';\nvoid createRequire;\n", 'src/convex/semantics/planted.ts'],
    ["import { buildPrompt } from './prompt.js';\nvoid buildPrompt;\n", 'src/ai/planted.ts'],
    ["import { x } from '../review/claude-port.js';\nvoid x;\n", 'src/plan/planted.ts'],
  ];
  it.each(allowed)('allows %j in %s', async (code, filePath) => {
    expect(await restricted(code, filePath)).toEqual([]);
  });

  it('leaves the modules around the core free to do IO and to call GitHub and Claude', async () => {
    const io = "import { readFileSync } from 'node:fs';\nimport * as core from '@actions/core';\nimport Anthropic from '@anthropic-ai/sdk';\nvoid readFileSync, core, Anthropic;\n";
    for (const filePath of ['src/ai/claude.ts', 'src/github/planted.ts', 'src/action/planted.ts', 'src/cli/planted.ts', 'src/main.ts']) {
      expect(await restricted(io, filePath), filePath).toEqual([]);
    }
  });
});

describe('inside src/convex, imports go one way: model ← semantics ← engine ← rules ← analyze', () => {
  const refused: [string, string][] = [
    ["import { ConvexProject } from '../semantics/project.js';\nvoid ConvexProject;\n", 'src/convex/model/planted.ts'],
    ["import { runRules } from '../engine/engine.js';\nvoid runRules;\n", 'src/convex/model/planted.ts'],
    ["import { ALL_RULES } from '../rules/index.js';\nvoid ALL_RULES;\n", 'src/convex/model/planted.ts'],
    ["import { analyze } from '../analyze.js';\nvoid analyze;\n", 'src/convex/model/planted.ts'],
    ["import { runRules } from '../engine/engine.js';\nvoid runRules;\n", 'src/convex/semantics/planted.ts'],
    ["import { ALL_RULES } from '../rules/index.js';\nvoid ALL_RULES;\n", 'src/convex/semantics/planted.ts'],
    ["import { analyze } from '../analyze.js';\nvoid analyze;\n", 'src/convex/semantics/planted.ts'],
    ["import { ALL_RULES } from '../rules/index.js';\nvoid ALL_RULES;\n", 'src/convex/engine/planted.ts'],
    ["import { analyze } from '../analyze.js';\nvoid analyze;\n", 'src/convex/engine/planted.ts'],
  ];
  it.each(refused)('refuses %j in %s', async (code, filePath) => {
    const messages = await restricted(code, filePath);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/sits below/);
  });

  const allowed: [string, string][] = [
    ["import { FileMap } from '../model/source-file.js';\nvoid FileMap;\n", 'src/convex/semantics/planted.ts'],
    ["import type { ConvexProject } from '../semantics/project.js';\nexport type P = ConvexProject;\n", 'src/convex/engine/planted.ts'],
    ["import { runRules } from '../engine/engine.js';\nimport { ConvexProject } from '../semantics/project.js';\nvoid runRules, ConvexProject;\n", 'src/convex/rules/planted.ts'],
    ["import { ALL_RULES } from './rules/index.js';\nvoid ALL_RULES;\n", 'src/convex/planted.ts'],
    // A test drives its layer through the ones above it, as test/support/convex.ts does.
    ["import { ALL_RULES } from '../rules/index.js';\nvoid ALL_RULES;\n", 'src/convex/model/planted.test.ts'],
  ];
  it.each(allowed)('allows %j in %s', async (code, filePath) => {
    expect(await restricted(code, filePath)).toEqual([]);
  });
});
