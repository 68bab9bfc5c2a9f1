/**
 * `convex-review review` through the bundle, on real git repositories made here: refs, the
 * working tree, renames, exit codes, the JSON envelope, and Claude through the Anthropic fake.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { reply, startAnthropicFake, type AnthropicFake, type FakeCall } from '../fakes/anthropic.js';
import { tmpRepo, GIT_ENV } from '../support/tmp-repo.js';

const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;


/** The environment without anything that would reach a real API or colour the output. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...extra };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY']) if (!(name in extra)) delete env[name];
  return env;
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: cleanEnv(), encoding: 'utf8' }).trim();
}

function write(repo: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
}

function commit(repo: string, message: string): string {
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--message', message);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A git repository whose first commit, on `branch`, holds `files`. */
function gitRepo(files: Record<string, string>, branch = 'main'): string {
  const repo = tmpRepo({});
  git(repo, 'init', '--quiet');
  git(repo, 'symbolic-ref', 'HEAD', `refs/heads/${branch}`);
  write(repo, files);
  commit(repo, 'base');
  return repo;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawned asynchronously: the Anthropic fake answers from this process while the CLI runs. */
function review(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'review', ...args], { cwd, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function reviewJson(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  const run = await review(cwd, ['--format', 'json', ...args], env);
  expect(run.stderr).toBe('');
  return { ...run, out: JSON.parse(run.stdout) };
}

const PACKAGE = JSON.stringify({ dependencies: { convex: '^1.31.0' } });
const SCHEMA = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ body: v.string() }) });
`;
const NOTES = `import { query } from "./_generated/server";
import { v } from "convex/values";

export const get = query({
  args: { id: v.id("notes") },
  handler: async (ctx, { id }) => await ctx.db.get("notes", id),
});
`;
// Untouched, with a problem of its own: never part of a review that does not change it.
const LEGACY = `import { query } from "./_generated/server";
export const legacy = query(async (ctx) => 1);
`;
const BASE = { 'package.json': PACKAGE, 'convex/schema.ts': SCHEMA, 'convex/notes.ts': NOTES, 'convex/legacy.ts': LEGACY };

/** A public query without an args validator (an error) on the line after `NOTES`. */
const UNVALIDATED = `
export const all = query({
  handler: async (ctx, args) => await ctx.db.query("notes").take(args.n ?? 10),
});
`;
/** The old function syntax (a warning), nothing worse. */
const OLD_SYNTAX = `
export const count = query(async (ctx, args: {}) => (await ctx.db.query("notes").take(100)).length);
`;

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('convex-review review (text)', () => {
  it('compares with the merge base of main by default and prints the comments, the summary and a verdict', async () => {
    const repo = gitRepo(BASE);
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    write(repo, { 'convex/notes.ts': NOTES + UNVALIDATED });
    commit(repo, 'feature');
    // main moves on after the branch point: the review still compares with the merge base.
    git(repo, 'checkout', '--quiet', 'main');
    write(repo, { 'convex/other.ts': `import { query } from "./_generated/server";\nexport const x = query({ handler: async () => 1 });\n` });
    const mainTip = commit(repo, 'main moves');
    git(repo, 'checkout', '--quiet', 'feature');
    const mergeBaseSha = git(repo, 'merge-base', 'main', 'HEAD');
    expect(mergeBaseSha).not.toBe(mainTip);

    const run = await review(repo);
    const line = lineOf(NOTES + UNVALIDATED, 'export const all');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`against main (merge base ${mergeBaseSha.slice(0, 7)})`);
    expect(run.stdout).toContain(`── convex/notes.ts:${line} ──`);
    expect(run.stdout).toMatch(/🔴 \*\*error\*\* · `require-args-validator` · /);
    expect(run.stdout).not.toContain('<!--'); // no hidden markers
    expect(run.stdout).toContain('## convex-review');
    expect(run.stdout).not.toContain('convex/legacy.ts'); // untouched file
    expect(run.stdout).not.toContain('convex/other.ts'); // only on main, after the merge base
    expect(run.stdout).toContain('> No ANTHROPIC_API_KEY in the environment, so Claude did not review: static rules only.');
    const last = run.stdout.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^✖ \d+ findings? \(1 error, .*\) in 1 changed Convex file · 1 inline comment · fails --fail-on error/);
    expect(run.stdout).not.toContain('\x1b[');
    expect(run.code).toBe(1);
  });

  it('prefers the branch origin/HEAD points to', async () => {
    const repo = gitRepo(BASE, 'trunk');
    git(repo, 'update-ref', 'refs/remotes/origin/trunk', 'HEAD');
    git(repo, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    git(repo, 'branch', 'main'); // also present, but origin/HEAD wins
    write(repo, { 'convex/notes.ts': NOTES + OLD_SYNTAX });
    const { out, code } = await reviewJson(repo);
    expect(out.base.ref).toBe('origin/trunk');
    expect(out.head).toEqual({ ref: 'HEAD', sha: git(repo, 'rev-parse', 'HEAD'), workingTree: true });
    expect(code).toBe(0); // a warning, default --fail-on error
  });

  it('exits 2 naming what it tried when there is no default branch', async () => {
    const repo = gitRepo(BASE, 'develop');
    const run = await review(repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no default branch to compare with: tried origin/HEAD, main, master');
    expect(run.stderr).toContain('--base REF');
    expect(run.stdout).toBe('');
  });

  it('exits 2 with a clear message outside a git repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convex-review-nogit-'));
    try {
      write(dir, BASE);
      const run = await review(dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^convex-review: review needs a git checkout, and .* is not in one \(.*\)\. To check a folder without git, use 'convex-review check PATH'\n$/);
      expect(run.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--base', 'nope'], "--base: 'nope' is not a commit in this repository"],
    [['--head', 'nope'], "--head: 'nope' is not a commit in this repository"],
    [['--format', 'sarif'], "--format: 'sarif' is not a format of review; use one of text, json"],
    [['convex'], "review takes no PATH ('convex')"],
    [['--max-input-tokens', 'lots'], "--max-input-tokens: 'lots' is not a whole number"],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const repo = gitRepo(BASE);
    const run = await review(repo, args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('convex-review review --format json', () => {
  it('prints the envelope: refs, changed files, findings, inline comments and Claude', async () => {
    const repo = gitRepo({ ...BASE, 'scripts/seed.ts': 'export const seed = 1;\n' });
    const baseSha = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '--quiet', '-b', 'feature');
    // Outside the functions folder: listed, not reviewed, even with Convex-looking problems.
    write(repo, { 'convex/notes.ts': NOTES + UNVALIDATED, 'scripts/seed.ts': `import { query } from "../convex/_generated/server";\nexport const seed = query({ handler: async () => 1 });\n` });
    const headSha = commit(repo, 'feature');

    const { out, code } = await reviewJson(repo);
    expect(Object.keys(out)).toEqual(['version', 'tool', 'base', 'head', 'files', 'skipped', 'findings', 'inline', 'claude']);
    expect(out.version).toBe(1);
    expect(out.tool).toEqual({ name: 'convex-review', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(out.base).toEqual({ ref: 'main', sha: baseSha });
    // A clean working tree is reviewed as the commit it holds.
    expect(out.head).toEqual({ ref: 'HEAD', sha: headSha, workingTree: false });
    expect(out.files).toEqual([
      { path: 'convex/notes.ts', status: 'modified', reviewed: true },
      { path: 'scripts/seed.ts', status: 'modified', reviewed: false },
    ]);
    expect(out.skipped).toEqual([]);
    const findings = out.findings as Finding[];
    expect(new Set(findings.map((f) => f.path))).toEqual(new Set(['convex/notes.ts']));
    for (const f of findings) expect(f.fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
    const line = lineOf(NOTES + UNVALIDATED, 'export const all');
    const error = findings.find((f) => f.ruleId === 'require-args-validator')!;
    expect(out.inline).toEqual([
      {
        path: 'convex/notes.ts',
        line,
        fingerprint: error.fingerprint,
        ruleId: 'require-args-validator',
        source: 'static',
        severity: 'error',
        suggestion: false,
        body: expect.stringContaining('Public query has no `args` validator'),
      },
    ]);
    expect(out.inline[0].body).not.toContain('<!--');
    expect(out.claude).toEqual({ ran: false, reason: expect.stringContaining('No ANTHROPIC_API_KEY') });
    expect(code).toBe(1);
  });

  it('reviews --base..--head commits, ignoring later commits and the working tree', async () => {
    const repo = gitRepo(BASE);
    const c1 = git(repo, 'rev-parse', 'HEAD');
    write(repo, { 'convex/notes.ts': NOTES + OLD_SYNTAX });
    const c2 = commit(repo, 'old syntax');
    write(repo, { 'convex/late.ts': `import { query } from "./_generated/server";\nexport const late = query({ handler: async () => 1 });\n` });
    commit(repo, 'later');
    write(repo, { 'convex/notes.ts': NOTES + UNVALIDATED }); // uncommitted

    const { out, code } = await reviewJson(repo, ['--base', c1, '--head', c2]);
    expect(out.base).toEqual({ ref: c1, sha: c1 });
    expect(out.head).toEqual({ ref: c2, sha: c2, workingTree: false });
    expect(out.files).toEqual([{ path: 'convex/notes.ts', status: 'modified', reviewed: true }]);
    expect(out.inline.map((c: { ruleId: string; line: number }) => [c.ruleId, c.line])).toEqual([['no-old-function-syntax', lineOf(NOTES + OLD_SYNTAX, 'export const count')]]);
    expect(code).toBe(0);

    // --head alone: the default base. c2 is an ancestor of main, so it is its own merge base: nothing to review.
    const headOnly = await reviewJson(repo, ['--head', c2]);
    expect(headOnly.out.base).toEqual({ ref: 'main', sha: c2 });
    expect(headOnly.out.files).toEqual([]);
    expect(headOnly.out.claude).toEqual({ ran: false, reason: expect.stringContaining('No Convex file changed') });
    expect(headOnly.code).toBe(0);
  });

  it('reviews uncommitted and untracked files, not ignored ones', async () => {
    const repo = gitRepo({ ...BASE, '.gitignore': 'convex/generated-local.ts\n' });
    write(repo, {
      'convex/notes.ts': NOTES + OLD_SYNTAX, // modified, not staged
      'convex/fresh.ts': `import { query } from "./_generated/server";\n\nexport const fresh = query({ handler: async (ctx, args) => args.n ?? 1 });\n`, // untracked
      'convex/generated-local.ts': `import { query } from "./_generated/server";\nexport const ignored = query({ handler: async () => 1 });\n`, // ignored
    });
    const { out, code } = await reviewJson(repo);
    expect(out.head.workingTree).toBe(true);
    expect(out.files).toEqual([
      { path: 'convex/fresh.ts', status: 'added', reviewed: true },
      { path: 'convex/notes.ts', status: 'modified', reviewed: true },
    ]);
    expect(out.inline.map((c: { path: string; ruleId: string; line: number }) => [c.path, c.ruleId, c.line])).toEqual([
      ['convex/fresh.ts', 'require-args-validator', 3],
      ['convex/notes.ts', 'no-old-function-syntax', lineOf(NOTES + OLD_SYNTAX, 'export const count')],
    ]);
    expect(out.findings.some((f: Finding) => f.path === 'convex/generated-local.ts')).toBe(false);
    expect(code).toBe(1);
  });

  it('follows a rename: inline only on the lines it added, the rest in the summary', async () => {
    const old = `import { query } from "./_generated/server";\nexport const legacy = query(async (ctx) => 1);\nexport const a = 1;\nexport const b = 2;\nexport const c = 3;\n`;
    const repo = gitRepo({ ...BASE, 'convex/legacy.ts': old });
    git(repo, 'checkout', '--quiet', '-b', 'rename');
    git(repo, 'mv', 'convex/legacy.ts', 'convex/renamed.ts');
    write(repo, { 'convex/renamed.ts': old + 'export const added = query({ handler: async () => 1 });\n' });
    commit(repo, 'rename');
    const { out } = await reviewJson(repo);
    expect(out.files).toEqual([{ path: 'convex/renamed.ts', status: 'renamed', previousPath: 'convex/legacy.ts', reviewed: true }]);
    expect(out.inline.map((c: { ruleId: string; line: number }) => [c.ruleId, c.line])).toEqual([['require-args-validator', 6]]);
    // The old syntax on line 2 came with the rename: a finding, not an inline comment.
    expect(out.findings.map((f: Finding) => [f.ruleId, f.line])).toContainEqual(['no-old-function-syntax', 2]);
    const text = await review(repo);
    expect(text.stdout).toMatch(/`convex\/renamed\.ts:2` .*\(`no-old-function-syntax`; on a line this PR did not add\)/);
  });

  it('exits as --fail-on says, counting static findings on the changed files only', async () => {
    const repo = gitRepo(BASE);
    write(repo, { 'convex/notes.ts': NOTES + OLD_SYNTAX });
    expect((await review(repo)).code).toBe(0); // a warning; default error
    expect((await review(repo, ['--fail-on', 'warning'])).code).toBe(1);
    expect((await review(repo, ['--fail-on', 'warning', '--rule', 'no-old-function-syntax=off'])).code).toBe(0);
    expect((await review(repo, ['--fail-on', 'never', '--rule', 'no-old-function-syntax=error'])).code).toBe(0);
    // legacy.ts has the same warning but is untouched: it does not count.
    write(repo, { 'convex/notes.ts': NOTES });
    expect((await review(repo, ['--fail-on', 'info'])).code).toBe(0);
  });
});

describe('convex-review review with Claude (the Anthropic fake)', () => {
  let anthropic: AnthropicFake;
  beforeEach(async () => {
    anthropic = await startAnthropicFake({ fallback: commentOnAQuietLine });
  });
  afterEach(async () => {
    expect(anthropic.errors).toEqual([]);
    await anthropic.close();
  });

  /** One comment per file, on a commentable line no static finding covers. */
  function commentOnAQuietLine(call: FakeCall) {
    const batch = call.promptText.slice(call.promptText.lastIndexOf('<pr-data kind="changed-files">'));
    const comments = batch.split(/^## File: /m).slice(1).map((section) => {
      const path = section.slice(0, section.indexOf('\n'));
      const lines = /^### Commentable lines: (.*)$/m.exec(section)![1].split(', ').flatMap((r) => {
        const [start, end = start] = r.split('-').map(Number);
        return Array.from({ length: end - start + 1 }, (_, i) => start + i);
      });
      const statics = [...section.matchAll(/^- lines (\d+)-(\d+) /gm)].map((m) => [Number(m[1]), Number(m[2])]);
      const line = lines.find((l) => !statics.some(([s, e]) => s <= l && l <= e))!;
      // The evidence: the code of that line, as the numbered view shows it (`12+ code`).
      const evidence = new RegExp(`^ *${line}[+ ·] (.*)$`, 'm').exec(section)![1];
      return { path, line, severity: 'warning', category: 'security', title: 'Who may read this?', body: 'Anyone signed in can read every note.', evidence, confidence: 8, restates: null };
    });
    return reply.json({ comments, verdicts: [], summary: 'Checked who may read notes.' });
  }

  it('adds Claude comments and prints the usage line, with ANTHROPIC_BASE_URL honoured', async () => {
    const repo = gitRepo(BASE);
    write(repo, { 'convex/notes.ts': NOTES + OLD_SYNTAX });
    const env = { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: anthropic.url };
    const run = await review(repo, ['--no-verify'], env);
    const messages = () => anthropic.requests.filter((r) => r.path === '/v1/messages');
    expect(messages()).toHaveLength(1);
    expect((messages()[0].body as { output_config: { effort?: string } }).output_config.effort).toBe('medium');
    expect(run.stderr).toBe('convex-review: Claude (claude-sonnet-5-5) is reviewing 1 changed file…\n');
    expect(run.stdout).toContain('🟠 **warning** · Claude · security · **Who may read this?**');
    expect(run.stdout).toContain('### Claude (`claude-sonnet-5-5`)');
    expect(run.stdout).toMatch(/Reviewed 1 of 1 changed file in 1 request · tokens: [\d,]+ input, [\d,]+ cache write, [\d,]+ cache read, [\d,]+ output · ≈ \$\d+\.\d{4}/);
    expect(run.stdout).toContain('- Checked who may read notes.');
    expect(run.stdout.trimEnd().split('\n').pop()).toMatch(/ from the rules, 1 from Claude\) in 1 changed Convex file · 2 inline comments · passes --fail-on error$/);
    expect(run.code).toBe(0); // Claude's warnings never fail a run

    // With the verification (the default): the review, then the same conversation asked to verify.
    // Haiku 4.5 takes no effort parameter: none is sent.
    const json = await reviewJson(repo, ['--model', 'claude-haiku-4-5', '--fail-on', 'warning'], env);
    const [review1, verification] = messages().slice(1);
    expect(messages()).toHaveLength(3);
    expect((review1.body as { model: string }).model).toBe('claude-haiku-4-5');
    expect((review1.body as { output_config: { effort?: string } }).output_config.effort).toBeUndefined();
    expect(JSON.stringify(verification.body)).toContain('candidate-comments');
    const usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    for (const r of [review1, verification]) for (const k of Object.keys(usage) as (keyof typeof usage)[]) usage[k] += r.usage![k];
    expect(json.out.claude).toMatchObject({
      ran: true,
      model: 'claude-haiku-4-5',
      requests: 2,
      reviewed: 1,
      candidates: 1,
      usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cacheCreationTokens: usage.cache_creation_input_tokens, cacheReadTokens: usage.cache_read_input_tokens },
      costUsd: expect.any(Number),
    });
    expect(json.out.inline.map((c: { source: string }) => c.source).sort()).toEqual(['claude', 'static']);
    expect(json.code).toBe(1); // the static warning, not Claude's
  });

  it('keeps to --max-input-tokens and --no-claude', async () => {
    const repo = gitRepo(BASE);
    write(repo, { 'convex/notes.ts': NOTES + OLD_SYNTAX });
    const env = { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: anthropic.url };
    const off = await reviewJson(repo, ['--no-claude'], env);
    expect(off.out.claude).toEqual({ ran: false, reason: 'Claude is off for this run (--no-claude): static rules only.' });
    const tight = await reviewJson(repo, ['--max-input-tokens', '100'], env);
    expect(tight.out.claude).toMatchObject({ ran: true, requests: 0, reviewed: 0, leftOut: [{ path: 'convex/notes.ts', reason: expect.any(String) }] });
    expect(anthropic.requests).toEqual([]);
  });

  it('rejects an unknown --effort, naming the accepted levels', async () => {
    const repo = gitRepo(BASE);
    const run = await review(repo, ['--effort', 'extreme'], { ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: anthropic.url });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--effort: 'extreme' is not an effort level; use one of low, medium, high, xhigh, max");
    expect(anthropic.requests).toEqual([]);
  });
});

describe('npm run example', () => {
  it('reviews the bundled change and reaches every planted problem of examples/chat-app/head', () => {
    const env = cleanEnv();
    const example = spawnSync(process.execPath, ['scripts/example.mjs', '--format', 'json'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(example.status).toBe(0);
    expect(example.stderr).toContain('ANTHROPIC_API_KEY is not set: static rules only.');
    const out = JSON.parse(example.stdout);
    expect(out.base.ref).toBe('main');
    const check = spawnSync(process.execPath, [CLI, 'check', 'examples/chat-app/head', '--format', 'json'], { cwd: ROOT, env, encoding: 'utf8' });
    const planted = (JSON.parse(check.stdout).findings as Finding[]).map((f) => `${f.ruleId} ${f.path.replace('examples/chat-app/head/', '')}:${f.line}`);
    const reviewed = (out.findings as Finding[]).map((f) => `${f.ruleId} ${f.path}:${f.line}`);
    expect(planted.length).toBeGreaterThanOrEqual(15);
    expect(reviewed.sort()).toEqual(planted.sort());
    expect(out.inline.length).toBeGreaterThanOrEqual(15);

    const text = spawnSync(process.execPath, ['scripts/example.mjs'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(text.stdout).toContain('ANTHROPIC_API_KEY is not set: static rules only. Set it to add the Claude review.');
    expect(text.stdout).toContain('── convex/messages.ts:');
    expect(text.stdout.trimEnd().split('\n').pop()).toMatch(/^✖ \d+ findings .* · --fail-on never$/);
  });
});
