/** The config file from the working tree (the CLI): absent is fine, unreadable is an error. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { CONFIG_PATH, EMPTY_CONFIG, parseConfig, type ReviewConfig } from './file.js';

/**
 * `.github/convex-review.yml` of the repository, or `explicit` (`--config FILE`, relative to the
 * cwd) instead: a file named on purpose must exist.
 */
export function readConfigFile(repoRoot: string, ruleIds: readonly string[], explicit?: { path: string; cwd: string }): ReviewConfig {
  if (explicit) {
    const path = resolve(explicit.cwd, explicit.path);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--config: '${explicit.path}' is not a file (looked at ${path})`);
    return parseConfig(readFileSync(path, 'utf8'), ruleIds, explicit.path);
  }
  const path = join(repoRoot, CONFIG_PATH);
  if (!existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(readFileSync(path, 'utf8'), ruleIds);
}
