/**
 * The committed baseline as the Action reads it: from the same commit as the config file (a pull
 * request's base), so a pull request cannot baseline away its own new findings.
 */
import { UsageError } from '../core/errors.js';
import { parseBaseline, type Baseline } from '../report/baseline.js';
import { statusOf, type Octokit } from './client.js';

/** The baseline at `ref`; a baseline the config file names but the commit lacks is an error, named. */
export async function fetchBaseline(octokit: Octokit, owner: string, repo: string, ref: string, path: string): Promise<Baseline> {
  const label = `baseline ${path} (at ${ref.slice(0, 7)})`;
  let data;
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref }));
  } catch (error) {
    if (statusOf(error) === 404) throw new UsageError(`${label}: no such file, though the config file names it; record it with 'convex-review check --update-baseline' and commit it`);
    throw error;
  }
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new UsageError(`${label}: not a file`);
  // The contents API leaves out files over 1 MiB (encoding "none").
  if (data.encoding !== 'base64') throw new UsageError(`${label}: too large to read through GitHub's contents API (over 1 MiB)`);
  return parseBaseline(Buffer.from(data.content, 'base64').toString('utf8'), `${path} (at ${ref.slice(0, 7)})`);
}
