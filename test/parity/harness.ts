/**
 * Runs one rule of the official `@convex-dev/eslint-plugin` over inline files, the way a project
 * using its recommended config would: ESLint 9's `Linter` with a flat config, the
 * `@typescript-eslint/parser` and no type information (what most projects run), the rule on only
 * for `**\/convex/**\/*.ts`. Its findings come back as `path:line`, to set beside ours
 * (`locations(findingsOf(rule, files))` → `path:line severity`).
 */
import { Linter, type ESLint } from 'eslint';
import parser from '@typescript-eslint/parser';
import plugin from '@convex-dev/eslint-plugin';
import type { Files } from '../support/convex.js';

/** The plugin's recommended config applies its rules to these files only. */
const PLUGIN_FILES = '**/convex/**/*.ts';
const LINTED = /(^|\/)convex\/.*\.ts$/;
/** Where inline files pretend to live; the rules read paths (`_generated`, entry points), not the disk. */
const VIRTUAL_ROOT = '/virtual-repo';

export type PluginRuleId = keyof typeof plugin.rules;

export interface PluginRunOptions {
  /**
   * A directory that holds `files` on disk. Only `import-wrong-runtime` needs it: it reads the
   * imported file with `fs` to look for "use node".
   */
  root?: string;
  /** The rule's options, e.g. `{ ignoreUnusedArguments: true }`. */
  options?: unknown[];
}

/** `path:line` of each report of the plugin's `ruleId`, file by file in `files` order, then by position. */
export function pluginLines(ruleId: PluginRuleId, files: Files, { root = VIRTUAL_ROOT, options = [] }: PluginRunOptions = {}): string[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const config: Linter.Config[] = [
    {
      files: [PLUGIN_FILES],
      languageOptions: { parser },
      // The plugin's rules are typed with typescript-eslint's RuleModule, ESLint's with its own.
      plugins: { '@convex-dev': plugin as unknown as ESLint.Plugin },
      rules: { [`@convex-dev/${ruleId}`]: ['error', ...options] },
    },
  ];
  const lines: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!LINTED.test(path)) continue;
    for (const message of linter.verify(text, config, `${root}/${path}`)) {
      // A parse error or a config problem would otherwise read as "the plugin reports nothing".
      if (message.ruleId === null) throw new Error(`ESLint could not lint ${path}: ${message.message}`);
      lines.push(`${path}:${message.line}`);
    }
  }
  return lines;
}
