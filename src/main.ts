/**
 * The action: the event → a target; a skipped event ends here, with a notice, empty outputs and
 * (when sarif-file is set) an empty SARIF run, before the analyser is loaded. Anything to review goes to src/action/run.ts (inputs, client,
 * a pull request's review or an audit), imported only then: it carries TypeScript, whose ~15 MB
 * take V8 most of a second to compile. This file wires those steps, nothing else.
 */
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { reportFailure } from './action/failure.js';
import { CLAUDE_FOR_DEFAULT } from './core/defaults.js';
import { writeEmptySarif } from './action/sarif-file.js';
import { setOutputs } from './action/step-outputs.js';
import { resolveTarget, type EventContext } from './github/target.js';

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    // Only what choosing the target needs is read here; run.ts reads and checks every input.
    const target = resolveTarget(readEvent(env), positiveInteger(core.getInput('pr-number')), core.getInput('claude-for').trim() || CLAUDE_FOR_DEFAULT);
    if (target.kind === 'skip') {
      core.notice(`convex-review: ${target.reason}`);
      setOutputs({});
      // An empty run, so an upload-sarif step with `if: always()` never fails on a missing file.
      const sarifFile = core.getInput('sarif-file').trim();
      if (sarifFile) core.info(`convex-review: SARIF (no results: nothing reviewed) written to ${writeEmptySarif(sarifFile, env.GITHUB_WORKSPACE ?? process.cwd())}`);
      return;
    }
    const { runTarget } = await import('./action/run.js');
    await runTarget(target, env);
  } catch (error) {
    await reportFailure(error);
  }
}

/** The pr-number input when it is one; a bad value is reported by the full input check in run.ts. */
function positiveInteger(value: string): number | undefined {
  const text = value.trim();
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined;
}

function readEvent(env: NodeJS.ProcessEnv): EventContext {
  const path = env.GITHUB_EVENT_PATH;
  const payload = path ? (JSON.parse(readFileSync(path, 'utf8')) as EventContext['payload']) : {};
  return { eventName: env.GITHUB_EVENT_NAME ?? '', payload, repository: env.GITHUB_REPOSITORY ?? '', sha: env.GITHUB_SHA || undefined };
}
