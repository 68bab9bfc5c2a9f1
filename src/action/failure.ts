/**
 * How a run that failed says so — light on purpose: `src/main.ts` imports it at start-up, so a
 * failure is reported without loading the analyser.
 */
import * as core from '@actions/core';
import { ConfigFileError } from '../convex/model/roots.js';
import { UsageError } from '../core/errors.js';
import { adviceFor, gitHubFailure } from '../github/errors.js';
import { setOutputs, writeJobSummary } from './step-outputs.js';

/**
 * A run that failed after its report (job summary, annotations, outputs, SARIF) was written:
 * only the reason is left to say. `failure` is what failed.
 */
export class ReportedFailure extends Error {
  override name = 'ReportedFailure';
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** The job summary of a run that stopped before it had findings to show: what failed, and what to do. */
function failureJobSummary(reason: string, advice: string): string {
  return ['## convex-review', '', `⚠️ **The review did not finish:** ${reason}.`, '', advice, ''].join('\n');
}

/**
 * A bad input or config file is the user's to fix: its message is enough. A GitHub request that
 * failed for good (after the retries and rate-limit waits it was allowed) is said in words, with
 * what to do; when it came before any report was written, the job summary says it too. Anything
 * else is ours: the stack goes to the log.
 */
export async function reportFailure(thrown: unknown): Promise<void> {
  const reported = thrown instanceof ReportedFailure;
  const error = reported ? thrown.failure : thrown;
  if (error instanceof UsageError || error instanceof ConfigFileError) {
    core.setFailed(`convex-review: ${error.message}`);
    return;
  }
  const github = gitHubFailure(error);
  if (github) {
    if (!reported) {
      setOutputs({});
      await writeJobSummary(failureJobSummary(github.reason, adviceFor(github)));
    }
    core.setFailed(`convex-review: ${github.reason}. ${adviceFor(github)}`);
    return;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  core.error(err.stack ?? err.message);
  core.setFailed(`convex-review: internal error: ${err.message}`);
}
