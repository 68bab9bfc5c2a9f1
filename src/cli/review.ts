/**
 * `convex-review review`: the change between two refs of a git checkout (default: the merge base
 * with the default branch → the working tree), reviewed as the action reviews a pull request.
 */
import { realpathSync } from 'node:fs';
import { runClaudeReview } from '../ai/claude.js';
import type { ClaudeInput } from '../ai/report.js';
import { UsageError } from '../core/errors.js';
import { plural } from '../core/text.js';
import { TOOL_NAME } from '../version.js';
import type { Command } from './args.js';
import { readChange } from './change.js';
import { cwdRelativePaths } from './format.js';
import { commitOf, defaultBranch, mergeBase, repoRootOf, requireCommit, workingTreeMatches } from './git.js';
import type { CliIo } from './main.js';
import { failingFindings, reviewChange, type ClaudeChoice } from '../review/review.js';
import { CLAUDE_DEFAULTS } from '../core/defaults.js';
import { formatReviewJson, formatReviewText, type ReviewContext } from './review-format.js';
import { visibleReview } from './min-severity.js';
import { localSettings } from './settings.js';
import { chooseBaseline, reviewBaselineLines, tell, withBaseline, writeBaseline } from './baseline.js';
import { fixIfAsked, printedDryRun, printFixReport, withFixes } from './fix.js';

type ReviewCommand = Extract<Command, { name: 'review' }>;


/** Returns the exit code: 1 when a static finding on the changed files is at or above --fail-on. */
export async function runReview(command: ReviewCommand, io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  if (command.head !== undefined && (command.fix || command.fixDryRun)) {
    throw new UsageError(`${command.fix ? '--fix' : '--fix-dry-run'} fixes the files of the working tree, and --head ${command.head} reviews a commit, which has none to write: drop --head (check out ${command.head} first to fix it)`);
  }
  const root = await repoRootOf(io.cwd);
  // The config file (or --config FILE), with the flags on top.
  const { config, settings, failOn } = localSettings(command, root, io.cwd);
  const baseline = chooseBaseline(command, config.baseline, { cwd: io.cwd, repoRoot: root });

  const headSha = command.head !== undefined ? await requireCommit(root, command.head, '--head') : await commitOf(root, 'HEAD');
  if (!headSha) throw new UsageError('HEAD has no commit yet: commit once before reviewing (review compares the working tree with a commit)');
  const baseRef = command.base ?? (await defaultBranch(root));
  const baseTip = await requireCommit(root, baseRef, command.base !== undefined ? '--base' : `the default branch (${baseRef})`);
  const baseSha = await mergeBase(root, baseTip, headSha);
  if (!baseSha) throw new UsageError(`--base: ${baseRef} and ${command.head ?? 'HEAD'} have no common history (no merge base); pass --base REF`);

  // --fix / --fix-dry-run (src/cli/fix.ts) on the working tree's change, before it is read for the review.
  const fixing = await fixIfAsked(command, async () => {
    const current = await readChange(root, baseSha, undefined);
    return { repoRoot: root, project: current.project, target: { kind: 'change', changedFiles: current.changedFiles }, settings: withBaseline(settings, baseline) };
  });
  if (fixing && printedDryRun(fixing, command.format, io)) return failingFindings(fixing.review, failOn).length > 0 ? 1 : 0;

  // A working tree that holds exactly HEAD is reviewed as the commit (same files, clearer output).
  const workingTree = command.head === undefined && !(await workingTreeMatches(root, headSha));
  const change = await readChange(root, baseSha, workingTree ? undefined : headSha);
  // The baseline records static findings only: recording it needs no Claude.
  const claude = baseline?.update
    ? { skip: '--update-baseline records the static findings only.' }
    : claudeChoice(command, env, (n) => {
        if (command.format === 'text') io.stderr(`${TOOL_NAME}: Claude (${command.model}) is reviewing ${plural(n, 'changed file')}…\n`);
      });
  const review = await reviewChange({
    project: change.project,
    target: { kind: 'change', changedFiles: change.changedFiles },
    settings: withBaseline(settings, baseline),
    claude,
  });
  for (const failure of review.claudeReport?.failures ?? []) io.stderr(`${TOOL_NAME}: Claude: ${failure}\n`);
  if (baseline?.update) {
    tell(io, command.format, [writeBaseline(baseline, review.findings, review.gates)]);
    return 0;
  }

  const failing = failingFindings(review, failOn);
  const ctx: ReviewContext = {
    base: { ref: baseRef, sha: baseSha },
    head: { ref: command.head ?? 'HEAD', sha: headSha, workingTree },
    changed: change.changedFiles.length,
    skipped: change.project.skipped,
    failOn,
    failing,
  };
  // --min-severity hides from the output only; hidden findings still count for --fail-on.
  const visible = visibleReview(review, command.minSeverity, failing, failOn);
  const style = { color: io.color, displayPath: cwdRelativePaths(root, realCwd(io.cwd)) };
  if (fixing) printFixReport(fixing, command.format, io, style);
  io.stdout(
    withFixes(
      command.format === 'json' ? formatReviewJson(visible.shown, ctx, change.changedFiles) : formatReviewText(visible.shown, ctx, style) + (visible.line ? `${visible.line}\n` : ''),
      fixing,
      command.format,
    ),
  );
  tell(io, command.format, reviewBaselineLines(review, baseline));
  return failing.length > 0 ? 1 : 0;
}

/** Locally the key is the user's own: no claude-for gate, only the key and --no-claude. */
function claudeChoice(command: ReviewCommand, env: NodeJS.ProcessEnv, starting: (files: number) => void): ClaudeChoice {
  if (!command.claude) return { skip: 'Claude is off for this run (--no-claude): static rules only.' };
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return { skip: 'No ANTHROPIC_API_KEY in the environment, so Claude did not review: static rules only. Set it to add the Claude review.' };
  return {
    run: (input: ClaudeInput) => {
      starting(input.files.length);
      return runClaudeReview(input, {
        apiKey,
        baseURL: env.ANTHROPIC_BASE_URL || undefined,
        model: command.model,
        maxInputTokens: command.maxInputTokens,
        maxOutputTokens: CLAUDE_DEFAULTS.maxOutputTokens,
        effort: command.effort,
        verify: command.verify,
        minScore: CLAUDE_DEFAULTS.minScore,
        concurrency: CLAUDE_DEFAULTS.concurrency,
        maxRetries: CLAUDE_DEFAULTS.maxRetries,
        timeoutSeconds: CLAUDE_DEFAULTS.timeoutSeconds,
      });
    },
  };
}

function realCwd(cwd: string): string {
  try {
    return realpathSync(cwd);
  } catch {
    return cwd;
  }
}
