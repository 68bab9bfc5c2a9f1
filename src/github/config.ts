/**
 * The config file as the Action reads it: from the base branch of a pull request (a PR cannot
 * loosen its own review), or from the audited commit.
 */
import { CONFIG_PATH, EMPTY_CONFIG, parseConfig, type ReviewConfig } from '../config/file.js';
import { statusOf, type Octokit } from './client.js';

export async function fetchConfig(octokit: Octokit, owner: string, repo: string, ref: string, ruleIds: readonly string[]): Promise<ReviewConfig> {
  let data;
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner, repo, path: CONFIG_PATH, ref }));
  } catch (error) {
    if (statusOf(error) === 404) return EMPTY_CONFIG;
    throw error;
  }
  if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return EMPTY_CONFIG;
  const text = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  return parseConfig(text, ruleIds, `${CONFIG_PATH} (at ${ref.slice(0, 7)})`);
}
