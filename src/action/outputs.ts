/** The SARIF file of a run (the step outputs and the job summary are in the light step-outputs.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Finding } from '../core/finding.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { toSarif } from '../report/sarif.js';
import { TOOL_VERSION } from '../version.js';

/** `sarif-file`, relative to the workspace: the findings for github/codeql-action/upload-sarif. */
export function writeSarifFile(path: string, findings: readonly Finding[], workspace: string): string {
  const target = resolve(workspace, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(toSarif(findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES }), null, 2) + '\n');
  return target;
}
