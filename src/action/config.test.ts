import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../config/file.js';
import { readActionConfig, withConfigFile } from './config.js';

const IDS = ['unbounded-collect', 'public-function-auth-check'];
const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('action inputs', () => {
  it('applies the defaults of action.yml', () => {
    const c = readActionConfig(inputs({ 'github-token': 't' }), IDS);
    expect(c).toMatchObject({ failOn: 'never', inlineMinSeverity: 'warning', maxComments: 30, skipDrafts: false, paths: [], exclude: [], model: 'claude-sonnet-5-5' });
    expect(c.prNumber).toBeUndefined();
    expect(c).toMatchObject({ incremental: true, claude: 'auto', claudeFor: 'members', maxInputTokens: 200_000, maxOutputTokens: 32_000, claudeEffort: 'medium', claudeVerify: true, claudeMinScore: 6, claudeConcurrency: 3, maxRetries: 4, claudeTimeoutSeconds: 300, maxWaitSeconds: 60 });
  });

  it('reads lists separated by newlines or commas, and rule settings', () => {
    const c = readActionConfig(inputs({ 'github-token': 't', paths: 'convex/**\n packages/*/convex/**', exclude: 'a.ts, b.ts', rules: 'unbounded-collect=off,\npublic-function-auth-check=warning' }), IDS);
    expect(c.paths).toEqual(['convex/**', 'packages/*/convex/**']);
    expect(c.exclude).toEqual(['a.ts', 'b.ts']);
    expect([...c.rules]).toEqual([['unbounded-collect', 'off'], ['public-function-auth-check', 'warning']]);
  });

  describe('under the config file', () => {
    const FILE = parseConfig('fail-on: error\ninline-min-severity: info\nmax-comments: 5\npaths: ["apps/*/convex/**"]\nexclude: ["convex/gen/**"]\nbaseline: .github/baseline.json\n', IDS);

    it('takes the file where an input is left at its action.yml default', () => {
      const c = withConfigFile(readActionConfig(inputs({ 'github-token': 't' }), IDS), FILE);
      expect(c).toMatchObject({ failOn: 'error', inlineMinSeverity: 'info', maxComments: 5, paths: ['apps/*/convex/**'], exclude: ['convex/gen/**'], baseline: '.github/baseline.json' });
    });

    it('an input wins when it differs from its default; an input equal to its default gives way to the file', () => {
      const given = { 'github-token': 't', 'fail-on': 'warning', 'inline-min-severity': 'error', 'max-comments': '10', paths: 'convex/**', exclude: 'a.ts' };
      expect(withConfigFile(readActionConfig(inputs(given), IDS), FILE)).toMatchObject({ failOn: 'warning', inlineMinSeverity: 'error', maxComments: 10, paths: ['convex/**'], exclude: ['a.ts', 'convex/gen/**'] });
      const atDefaults = { 'github-token': 't', 'fail-on': 'never', 'inline-min-severity': 'warning', 'max-comments': '30' };
      expect(withConfigFile(readActionConfig(inputs(atDefaults), IDS), FILE)).toMatchObject({ failOn: 'error', inlineMinSeverity: 'info', maxComments: 5 });
    });

    it('keeps the defaults when neither sets a value', () => {
      const c = withConfigFile(readActionConfig(inputs({ 'github-token': 't' }), IDS), parseConfig('', IDS));
      expect(c).toMatchObject({ failOn: 'never', inlineMinSeverity: 'warning', maxComments: 30, paths: [] });
      expect(c.baseline).toBeUndefined();
    });
  });

  it('takes the Anthropic key from the environment when the input is empty', () => {
    expect(readActionConfig(inputs({ 'github-token': 't' }), IDS, { ANTHROPIC_API_KEY: 'k' }).anthropicApiKey).toBe('k');
  });

  it.each([
    [{ 'fail-on': 'high' }, "input fail-on: 'high' is not accepted; use one of error, warning, info, never"],
    [{ 'inline-min-severity': 'never' }, "input inline-min-severity: 'never' is not accepted; use one of error, warning, info"],
    [{ 'max-comments': '-1' }, "input max-comments: '-1' is not a whole number from 0 to 1000"],
    [{ 'pr-number': 'abc' }, "input pr-number: 'abc' is not a whole number"],
    [{ 'skip-drafts': 'yes' }, "input skip-drafts: 'yes' is not a boolean; use true or false"],
    [{ rules: 'nope=off' }, "input rules: unknown rule id 'nope'. Valid ids: public-function-auth-check, unbounded-collect"],
    [{ 'github-token': ' ' }, 'input github-token is empty'],
    [{ claude: 'yes' }, "input claude: 'yes' is not accepted; use one of auto, on, off"],
    [{ 'max-output-tokens': '200000' }, "input max-output-tokens: '200000' is not a whole number from 1024 to 128000"],
    [{ 'claude-effort': 'extreme' }, "input claude-effort: 'extreme' is not accepted; use one of low, medium, high, xhigh, max"],
    [{ 'claude-verify': 'sometimes' }, "input claude-verify: 'sometimes' is not a boolean; use true or false"],
    [{ 'claude-min-score': '11' }, "input claude-min-score: '11' is not a whole number from 0 to 10"],
    [{ 'claude-concurrency': '0' }, "input claude-concurrency: '0' is not a whole number from 1 to 16"],
    [{ 'max-input-tokens': '1e6' }, "input max-input-tokens: '1e6' is not a whole number from 0 to 10000000"],
    [{ 'claude-timeout-seconds': '5' }, "input claude-timeout-seconds: '5' is not a whole number from 10 to 3600"],
    [{ 'max-retries': '11' }, "input max-retries: '11' is not a whole number from 0 to 10"],
    [{ 'max-wait-seconds': '1h' }, "input max-wait-seconds: '1h' is not a whole number from 0 to 21600"],
  ])('rejects %j naming the input and the accepted values', (values, message) => {
    expect(() => readActionConfig(inputs({ 'github-token': 't', ...values }), IDS)).toThrow(message);
  });

  it('declares every input it reads in action.yml', () => {
    const yml = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8');
    for (const name of ['github-token', 'anthropic-api-key', 'model', 'paths', 'exclude', 'fail-on', 'inline-min-severity', 'max-comments', 'pr-number', 'rules', 'skip-drafts', 'incremental', 'sarif-file',
      'claude', 'claude-for', 'max-input-tokens', 'max-output-tokens', 'claude-effort', 'claude-verify', 'claude-min-score', 'claude-concurrency', 'max-retries', 'claude-timeout-seconds', 'max-wait-seconds']) {
      expect(yml).toContain(`\n  ${name}:\n`);
    }
    for (const name of ['findings', 'errors', 'warnings', 'infos', 'inline-comments', 'reviewed-sha', 'review-url', 'summary-url',
      'input-tokens', 'output-tokens', 'cache-creation-tokens', 'cache-read-tokens', 'cost-usd', 'claude-comments']) {
      expect(yml).toContain(`\n  ${name}:\n`);
    }
  });
});
