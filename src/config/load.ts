/** The config file from the working tree (the CLI): absent is fine, unreadable is an error. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_PATH, EMPTY_CONFIG, parseConfig, type ReviewConfig } from './file.js';

export function readConfigFile(repoRoot: string, ruleIds: readonly string[]): ReviewConfig {
  const path = join(repoRoot, CONFIG_PATH);
  if (!existsSync(path)) return EMPTY_CONFIG;
  return parseConfig(readFileSync(path, 'utf8'), ruleIds);
}
