/** The SARIF file of a run (the step outputs and the job summary are in the light step-outputs.ts). */
import type { Finding } from '../core/finding.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { RULE_HELP } from '../report/rule-help.js';
import { toSarif } from '../report/sarif.js';
import { TOOL_VERSION } from '../version.js';
import { writeSarifLog } from './sarif-file.js';

/** `sarif-file`, relative to the workspace: the findings for github/codeql-action/upload-sarif, each rule with its doc page. */
export function writeSarifFile(path: string, findings: readonly Finding[], workspace: string): string {
  return writeSarifLog(path, toSarif(findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES, help: RULE_HELP }), workspace);
}
