/**
 * Writing the `sarif-file`. Light on purpose (no rules, no analyser): src/main.ts writes an empty
 * run here on a skipped event, so an `upload-sarif` step with `if: always()` always finds its file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { toSarif, type SarifLog } from '../report/sarif.js';
import { TOOL_VERSION } from '../version.js';

/** `path` is relative to the workspace; returns where the file went. */
export function writeSarifLog(path: string, log: SarifLog, workspace: string): string {
  const target = resolve(workspace, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, JSON.stringify(log, null, 2) + '\n');
  return target;
}

/** A valid SARIF log with one run and no results: nothing was reviewed. */
export function writeEmptySarif(path: string, workspace: string): string {
  return writeSarifLog(path, toSarif([], { toolVersion: TOOL_VERSION, rules: [] }), workspace);
}
