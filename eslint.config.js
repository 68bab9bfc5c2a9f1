import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers. The pure core (what a change is, the Convex analysis, the review plan, the pipeline,
// the reports, the prompt and output side of the Claude review) takes its data as arguments and
// returns values: IO, GitHub, the Anthropic client and the two front ends (action/, cli/) sit
// around it and call into it, never the other way round.
// In flat config a later block replaces an earlier block's options for the same rule, so each
// block below carries the full list for its files.
const PURE_CORE_BANS = [
  {
    regex: '^(node:)?(fs|child_process)(/.*)?$',
    message: 'The pure core never does IO: take the files or the command output as an argument, and let action/ or cli/ read them.',
  },
  {
    regex: '^@actions/',
    message: 'The pure core never talks to the Actions runtime: return the data, and let src/action (or main.ts) set outputs, read inputs and log.',
  },
  {
    regex: '^@octokit/',
    message: 'The pure core never talks to GitHub: take what github/ fetched as an argument, and return what to post.',
  },
  {
    regex: '^@anthropic-ai/',
    message: 'The pure core never builds or calls the Anthropic client: take Claude as an injected function, and leave the SDK to src/ai/claude.ts.',
  },
  {
    regex: '^\\.{1,2}/(.*/)?github/',
    message: 'The pure core never imports github/ (the API client, snapshots, publishing): take what it fetched as an argument.',
  },
  {
    regex: '^\\.{1,2}/(.*/)?ai/claude(\\.js)?$',
    message: 'The pure core never imports ai/claude (it builds the Anthropic client): take Claude as an injected function, and its types from a pure module.',
  },
  {
    regex: '^\\.{1,2}/(.*/)?(action|cli)/',
    message: 'The pure core never imports a front end (action/, cli/): they call the core, not the other way round.',
  },
  {
    regex: '^\\.{1,2}/(.*/)?(main|cli)(\\.js)?$',
    message: 'The pure core never imports an entry point (main.ts, cli.ts): they call the core, not the other way round.',
  },
];
// Inside src/ai, the client module is a sibling.
const AI_SIBLING_CLAUDE = {
  regex: '^\\./claude(\\.js)?$',
  message: 'The pure parts of src/ai never import ./claude (it builds the Anthropic client): take Claude as an injected function, and its types from a pure module.',
};
// Inside src/convex, one direction: model ← semantics ← engine ← rules ← analyze.
const above = (layer, higher) => ({
  regex: `^\\.{1,2}/(.*/)?(${higher.join('|')})/`,
  message: `src/convex/${layer} sits below ${higher.map((h) => `${h}/`).join(', ')} and analyze.ts: move the shared piece down into ${layer}/ (or below it) instead of importing upward.`,
});
const aboveAnalyze = (layer) => ({
  regex: '^\\.{1,2}/(.*/)?analyze(\\.js)?$',
  message: `src/convex/${layer} sits below analyze.ts: analyze calls the layers, not the other way round.`,
});
const CONVEX_LAYERS = {
  model: [above('model', ['semantics', 'engine', 'rules']), aboveAnalyze('model')],
  semantics: [above('semantics', ['engine', 'rules']), aboveAnalyze('semantics')],
  engine: [above('engine', ['rules']), aboveAnalyze('engine')],
};
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ caseSensitive: true, ...p })) }] });
const PURE_CORE = ['src/core/**', 'src/diff/**', 'src/fix/**', 'src/change/**', 'src/convex/**', 'src/plan/**', 'src/review/**', 'src/report/**'];
// ai/claude.ts builds the Anthropic client (and its test exercises it): not part of the pure core.
const AI_CLIENT = ['src/ai/claude.ts', 'src/ai/claude.test.ts'];

// src/eval is a front end like src/cli (its shell reads files and builds the Claude client); its
// scoring, labels, report and baseline modules are pure and held to the core's bans.
const EVAL_PURE = ['src/eval/{cases,diff,match,score,format,baseline,options,types}.ts'];

const layers = [
  { files: PURE_CORE, rules: restrict(PURE_CORE_BANS) },
  { files: EVAL_PURE, rules: restrict(PURE_CORE_BANS) },
  { files: ['src/ai/**'], ignores: AI_CLIENT, rules: restrict([...PURE_CORE_BANS, AI_SIBLING_CLAUDE]) },
  // The direction inside src/convex binds the shipped code; a test may drive its layer through
  // the ones above it (as test/support/convex.ts does), so tests keep only the pure-core bans.
  ...Object.entries(CONVEX_LAYERS).map(([layer, bans]) => ({
    files: [`src/convex/${layer}/**`],
    ignores: ['**/*.test.ts'],
    rules: restrict([...PURE_CORE_BANS, ...bans]),
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', 'bench/.out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...layers,
);
