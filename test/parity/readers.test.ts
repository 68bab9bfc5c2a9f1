/**
 * One change read three ways — through the GitHub API (the fake), from a git repository, and
 * from a folder — gives the same files to the analysis and the same findings. This is what keeps
 * the Action and the CLI from drifting (they once disagreed on `no-process-env` because only one
 * of them read `_generated/server.d.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readChange } from '../../src/cli/change.js';
import { loadTree } from '../../src/cli/load.js';
import { DEFAULT_PROJECT_OPTIONS } from '../../src/convex/model/options.js';
import { createClient } from '../../src/github/client.js';
import { fetchPullRequest, fetchSnapshot } from '../../src/github/snapshot.js';
import { reviewChange, type ReviewSettings } from '../../src/review/review.js';
import { startGitHubFake, type GitHubFake } from '../fakes/github.js';
import { tmpRepo } from '../support/tmp-repo.js';

const TYPED_SERVER = `export declare const query: QueryBuilder<DataModel, "public">;
type Env = { readonly OPENAI_API_KEY: string };
export declare const env: Env;
`;

/** Every kind of file the selection treats specially, in a project whose functions live in `backend/convex`. */
const BASE: Record<string, string> = {
  'package.json': JSON.stringify({ dependencies: { convex: '^1.31.0' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@cvx/*': ['backend/convex/*'] } } }),
  'convex.json': JSON.stringify({ functions: 'backend/convex/' }),
  'backend/convex/_generated/server.d.ts': TYPED_SERVER,
  'backend/convex/_generated/api.d.ts': 'export declare const api: any;\nexport declare const internal: any;\n',
  'backend/convex/_generated/dataModel.d.ts': 'export type Id<T extends string> = string & { __table: T };\n',
  'backend/convex/schema.ts': `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
export default defineSchema({ notes: defineTable({ body: v.string(), owner: v.string() }).index("by_owner", ["owner"]) });
`,
  'backend/convex/lib/auth.ts': `import type { QueryCtx } from "@cvx/_generated/server";
export async function requireUser(ctx: QueryCtx) {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) throw new Error("signed out");
  return identity;
}
`,
  'backend/convex/notes.ts': `import { query } from "@cvx/_generated/server";
import { requireUser } from "@cvx/lib/auth";
export const mine = query({
  args: {},
  handler: async (ctx) => {
    const user = await requireUser(ctx);
    return await ctx.db.query("notes").withIndex("by_owner", (q) => q.eq("owner", user.subject)).take(20);
  },
});
`,
  'web/src/app.tsx': 'export const App = () => null;\n',
  'node_modules/convex/package.json': '{ "name": "convex" }\n',
};

const HEAD: Record<string, string> = {
  ...BASE,
  'backend/convex/notes.ts': `${BASE['backend/convex/notes.ts']}
export const all = query({
  handler: async (ctx) => {
    const key = process.env.OPENAI_API_KEY;
    return { key, notes: await ctx.db.query("notes").filter((q) => q.eq(q.field("owner"), "x")).collect() };
  },
});
`,
  'backend/convex/ai.ts': `import { action } from "@cvx/_generated/server";
export const ask = action({ args: {}, handler: async (ctx) => { await ctx.db.query("notes").first(); } });
`,
};

const SETTINGS: ReviewSettings = { rules: new Map(), project: DEFAULT_PROJECT_OPTIONS, paths: [], exclude: [], inlineMinSeverity: 'warning', maxComments: 30 };
const NO_CLAUDE = { skip: 'static only' };

let gh: GitHubFake | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim();
}

/** A git repository with BASE committed, then HEAD committed on top; the working tree holds HEAD. */
function gitRepoOfChange(): { root: string; base: string; head: string } {
  const root = tmpRepo(BASE);
  rmSync(join(root, '.git'), { recursive: true }); // tmpRepo's marker; a real repository replaces it
  git(root, 'init', '--quiet');
  git(root, 'add', '--all', '--force');
  git(root, 'commit', '--quiet', '-m', 'base');
  const base = git(root, 'rev-parse', 'HEAD');
  for (const [path, text] of Object.entries(HEAD)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  git(root, 'add', '--all', '--force');
  git(root, 'commit', '--quiet', '-m', 'head');
  return { root, base, head: git(root, 'rev-parse', 'HEAD') };
}

const sortedEntries = (files: ReadonlyMap<string, string>) => [...files].sort(([a], [b]) => (a < b ? -1 : 1));
const located = (findings: readonly { ruleId: string; path: string; line: number; fingerprint: string; message: string }[]) =>
  findings.map((f) => `${f.path}:${f.line} ${f.ruleId} ${f.fingerprint} ${f.message}`).sort();

describe('the three readers agree', () => {
  it('reads the same files and finds the same findings through GitHub, git and a folder', async () => {
    gh = await startGitHubFake({ owner: 'acme', repo: 'app', pulls: [{ number: 1, base: BASE, head: HEAD }] });
    const octokit = createClient({ token: 'ghs_write', baseUrl: gh.url, log: () => {} });
    const snapshot = await fetchSnapshot(octokit, 'acme', 'app', await fetchPullRequest(octokit, 'acme', 'app', 1));
    const fromGitHub = await reviewChange({ project: snapshot.project, target: { kind: 'change', changedFiles: snapshot.changedFiles }, settings: SETTINGS, claude: NO_CLAUDE });

    const repo = gitRepoOfChange();
    const change = await readChange(repo.root, repo.base, repo.head);
    const fromGit = await reviewChange({ project: change.project, target: { kind: 'change', changedFiles: change.changedFiles }, settings: SETTINGS, claude: NO_CLAUDE });

    const tree = await loadTree([repo.root], repo.root);
    const fromFolder = await reviewChange({ project: tree.project, target: { kind: 'files' }, settings: SETTINGS, claude: NO_CLAUDE });

    // The same files, byte for byte — `_generated/server.d.ts`, the tsconfig and the convex.json included; the frontend and node_modules not.
    const files = sortedEntries(snapshot.project.files);
    expect(files.map(([p]) => p)).toEqual([
      'backend/convex/_generated/api.d.ts',
      'backend/convex/_generated/dataModel.d.ts',
      'backend/convex/_generated/server.d.ts',
      'backend/convex/ai.ts',
      'backend/convex/lib/auth.ts',
      'backend/convex/notes.ts',
      'backend/convex/schema.ts',
      'convex.json',
      'package.json',
      'tsconfig.json',
    ]);
    expect(sortedEntries(change.project.files)).toEqual(files);
    expect(sortedEntries(tree.project.files)).toEqual(files);
    expect(change.project.roots).toEqual(snapshot.project.roots);
    expect(tree.project.roots).toEqual(snapshot.project.roots);

    // The same analysis, and the same review of the change.
    const all = located(fromGitHub.analysis.findings);
    expect(all.some((l) => l.includes('no-process-env'))).toBe(true);
    expect(all.some((l) => l.includes('db-in-action'))).toBe(true);
    expect(located(fromGit.analysis.findings)).toEqual(all);
    expect(located(fromFolder.findings)).toEqual(all);
    expect(fromGit.reviewedPaths).toEqual(fromGitHub.reviewedPaths);
    expect(fromGitHub.reviewedPaths.sort()).toEqual(['backend/convex/ai.ts', 'backend/convex/notes.ts']);
    expect(fromGit.plan.inline.map((c) => [c.path, c.line, c.finding.ruleId])).toEqual(fromGitHub.plan.inline.map((c) => [c.path, c.line, c.finding.ruleId]));
    expect(fromGit.plan.notInline.map((n) => [n.finding.fingerprint, n.reason])).toEqual(fromGitHub.plan.notInline.map((n) => [n.finding.fingerprint, n.reason]));
  });
});
