/**
 * The action's pipeline. Until the pull-request issue lands, the action runs the static pass
 * over the workspace and reports to the log, so the bundle and its wiring are exercised.
 */
import * as core from '@actions/core';
import { analyzeFiles } from './convex/analyze.js';
import { loadTree } from './cli/load.js';
import { countBySeverity } from './cli/format.js';

export async function run(): Promise<void> {
  try {
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const tree = loadTree(['.'], workspace);
    const analysis = analyzeFiles(tree.files);
    const counts = countBySeverity(analysis.findings);
    core.info(`convex-review: ${analysis.findings.length} findings in ${analysis.filesAnalysed} files (pull-request review arrives with the action issue)`);
    core.setOutput('findings', String(analysis.findings.length));
    core.setOutput('errors', String(counts.error));
    core.setOutput('warnings', String(counts.warning));
    core.setOutput('infos', String(counts.info));
  } catch (error) {
    core.setFailed(`convex-review: ${(error as Error).message}`);
  }
}
