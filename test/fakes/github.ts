/**
 * A strict loopback fake of the GitHub REST (and a sliver of GraphQL) API — exactly what
 * convex-review uses, with GitHub's shapes, status codes, headers and rules, so that a test that
 * passes against it proves something. Real HTTP (node:http on 127.0.0.1, random port): Octokit
 * (`getOctokit(token, { baseUrl: gh.url })`) talks to it like to api.github.com.
 *
 * Fixture trees are committed into a throwaway git repository (see github-git.ts): SHAs, trees,
 * blobs, patches and rename detection come from git, and commentable lines from the fake's own
 * hunk parser — nothing is imported from src/.
 *
 * Endpoints (anything else → 404 `{"message":"Not Found"}`):
 *   GET    /repos/{o}/{r}
 *   GET    /repos/{o}/{r}/pulls/{n}                (Accept: application/vnd.github.diff → raw diff)
 *   GET    /repos/{o}/{r}/pulls/{n}/files          paginated (30/100), Link, ≤ 3,000 files listed
 *   GET    /repos/{o}/{r}/pulls/{n}/commits        paginated
 *   GET    /repos/{o}/{r}/pulls/{n}/reviews        paginated
 *   POST   /repos/{o}/{r}/pulls/{n}/reviews        all-or-nothing anchor validation (see createReview)
 *   GET    /repos/{o}/{r}/pulls/{n}/reviews/{id}
 *   GET    /repos/{o}/{r}/pulls/{n}/comments       paginated review comments
 *   GET    /repos/{o}/{r}/issues/{n}/comments      paginated; `since`
 *   POST   /repos/{o}/{r}/issues/{n}/comments
 *   GET|PATCH|DELETE /repos/{o}/{r}/issues/comments/{id}   (PATCH/DELETE only by the author, else 403)
 *   GET    /repos/{o}/{r}/git/trees/{sha|ref}      `recursive` = any value
 *   GET    /repos/{o}/{r}/git/blobs/{sha}
 *   GET    /repos/{o}/{r}/tarball/{ref}            302, empty body, Location: the commit's archive on "codeload" below
 *   GET    /_codeload/{o}/{r}/legacy.tar.gz/{sha}?token=   codeload.github.com's stand-in on this server: the gzip tar
 *            `git archive --format=tar --prefix=<o>-<r>-<sha7>/ <sha> | gzip` (application/x-gzip). Not an API
 *            request: no Authorization needed (fetch drops it on GitHub's cross-origin redirect), the URL's
 *            token instead, as for a private repository (valid 5 minutes), no rate-limit headers or count.
 *            Route string for count()/failNext: CODELOAD_ROUTE.
 *   GET    /repos/{o}/{r}/contents/{path}?ref=     file (base64; > 1 MiB → encoding "none") or dir listing
 *   GET    /repos/{o}/{r}/compare/{base}...{head}  files capped at 300 (page 1 only)
 *   GET    /repos/{o}/{r}/commits/{ref}
 *   GET    /repos/{o}/{r}/collaborators/{username}/permission   `permission` (admin|write|read|none; maintain → write,
 *            triage → read) and `role_name` from `collaborators`; any other user the fake knows has read (the
 *            repository is public); an unknown login → 404. A token that may not ask (TokenSpec.readsPermissions)
 *            → 403 "Resource not accessible by integration"; a user token without push → 403 "Must have push access …"
 *   DELETE /repos/{o}/{r}/pulls/{n}/reviews/{id}   pending reviews only (else 422)
 *   GET    /user                                   403 for installation (ghs_) tokens
 *   GET    /rate_limit
 *   POST   /graphql                                see handleGraphql: reviewThreads query, (un)resolveReviewThread
 * Also `/repositories/{id}/…` (the form GitHub puts in Link headers) for every `/repos/{o}/{r}/…` route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { GitStore, parseHunks, ZERO_SHA, type DiffFile, type FixtureTree, type ParsedPatch, type Side, type TreeEntry } from './github-git.js';

export type { FixtureFile, FixtureTree } from './github-git.js';

/** The route strings the repository archive is logged under (`count`, `failNext({ route })`). */
export const TARBALL_ROUTE = 'GET /repos/{owner}/{repo}/tarball/{ref}';
export const CODELOAD_ROUTE = 'GET /_codeload/{owner}/{repo}/legacy.tar.gz/{ref}';

// ---------------------------------------------------------------------------------------------
// Public types

export interface FakePullInput {
  number: number;
  base: FixtureTree;
  head: FixtureTree;
  title?: string;
  body?: string | null;
  draft?: boolean;
  state?: 'open' | 'closed';
  /** Login of the PR author (default "octocat"). */
  author?: string;
  authorAssociation?: string;
  labels?: string[];
  /** Base branch (default: the repo's default branch, "main"). */
  baseRef?: string;
  /** Head branch (default "feature-<n>"). */
  headRef?: string;
  /** A PR from a fork: true → "<author>/<repo>", or the fork's full name. Its head branch is then
   * not a branch of the base repository (only `refs/pull/<n>/head` and the SHA resolve). */
  fork?: boolean | string;
}

export type Access = 'read' | 'write';
export interface TokenSpec {
  access: Access;
  /** Whose identity the token carries. `ghs_…` (installation) tokens default to `botLogin`. */
  login?: string;
  /**
   * Whether the token may ask `collaborators/{u}/permission`. Default: yes, but for a user token
   * with read access (GitHub wants push access to the repository). `false`: an installation token
   * gets 403 "Resource not accessible by integration" (an app or a GITHUB_TOKEN without the
   * permission), a user token 403 "Must have push access to view collaborator permission.".
   */
  readsPermissions?: boolean;
}

/** A repository role: built-in, or a custom role with the built-in one it is based on. */
export type CollaboratorRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | { name: string; base: 'admin' | 'maintain' | 'write' | 'triage' | 'read' };

export interface GitHubFakeOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  pulls?: FakePullInput[];
  /** Default: DEFAULT_TOKENS. An installation token is one starting with `ghs_`. */
  tokens?: Record<string, Access | TokenSpec>;
  /** Login behind `ghs_` tokens (default "github-actions[bot]"). */
  botLogin?: string;
  /** A file's `patch` is omitted when longer than this many bytes (default 100,000). */
  maxPatchBytes?: number;
  /** pulls/{n}/files lists at most this many files (GitHub: 3,000). */
  maxListedFiles?: number;
  /** compare lists at most this many files (GitHub: 300). */
  maxCompareFiles?: number;
  /** A recursive tree with more entries is cut and `truncated: true` (GitHub: 100,000). */
  maxTreeEntries?: number;
  /** contents API: larger files come back with `encoding: "none"`, empty content (GitHub: 1 MiB). */
  contentsMaxBytes?: number;
  /** x-ratelimit-limit per token (default 5,000). */
  rateLimit?: number;
  /** GitHub's content-creation secondary limit: more successful creating requests (POST reviews /
   * issue comments) per token within 60 s get a secondary rate limit (default 80; 0 = off). */
  maxCreationsPerMinute?: number;
  /**
   * Repository roles by login (from any source: repository, team, organization), as
   * `collaborators/{u}/permission` reports them. Other users the fake knows (PR authors, token
   * identities, comment authors) have `read`; a login it does not know is no user (404).
   */
  collaborators?: Record<string, CollaboratorRole>;
}

/** Tokens known when `tokens` is not given. */
export const DEFAULT_TOKENS = {
  /** The default GITHUB_TOKEN with write access (installation token). */
  write: 'ghs_write',
  /** GITHUB_TOKEN on a fork PR: read-only. */
  read: 'ghs_read',
  /** A personal access token with write access (login "maintainer"). */
  pat: 'ghp_pat',
} as const;

export interface RequestMatcher {
  method?: string;
  /** Exact pathname, or a RegExp tested against it (the `/repos/{o}/{r}/…` form). */
  path?: string | RegExp;
  /** Octokit-style route, e.g. "POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews". */
  route?: string;
}

export interface FaultRule extends RequestMatcher {
  /** Default 502. */
  status?: number;
  /** Apply the write first, then answer with `status` (the duplicate-write trap). Such a rule
   * fires on the first matching request that succeeds. */
  afterApplying?: boolean;
  /** Answer with `status` at once, and apply the write this many ms later (GitHub's late write
   * after a 5xx: the review appears only after the client has seen the error). */
  landsAfterMs?: number;

  /** How many matching requests fail (default 1). */
  times?: number;
  /** The answer's JSON body. On CODELOAD_ROUTE: a Buffer is sent as the archive's bytes (with
   * `status: 200`, a damaged archive), anything else as text. */
  body?: unknown;
}

export interface RateLimitRule extends RequestMatcher {
  kind: 'primary' | 'secondary';
  /** 403 (default) or 429 — GitHub uses both. */
  status?: 403 | 429;
  /** secondary: the `retry-after` header in seconds (default 1). */
  retryAfter?: number;
  /** primary: `x-ratelimit-reset` = now + this many seconds (default 1). */
  resetIn?: number;
  times?: number;
}

export interface LoggedRequest {
  method: string;
  /** Pathname as requested. */
  path: string;
  /** Octokit-style route, or null when nothing matched (a 404). */
  route: string | null;
  query: Record<string, string>;
  /** Parsed JSON request body (undefined when none). */
  body: unknown;
  status: number;
  token?: string;
  /** Epoch milliseconds when the request arrived. */
  time: number;
  /** Set when the answer was injected by failNext / rateLimitNext. */
  injected?: 'fault' | 'fault-after-applying' | 'primary-rate-limit' | 'secondary-rate-limit';
}

export interface PullSnapshot {
  number: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  headRef: string;
  /** PR commits, oldest first. */
  commits: string[];
  /** Every changed file (not capped), with the fake's view of what may be commented on. */
  files: Array<DiffFile & { patchListed: boolean; right: number[]; left: number[] }>;
}

export interface PullState {
  /** The REST representation of GET pulls/{n}. */
  pull: Record<string, unknown>;
  /** REST representations, creation order, pending reviews included. */
  reviews: Array<Record<string, unknown>>;
  reviewComments: Array<Record<string, unknown>>;
  issueComments: Array<Record<string, unknown>>;
  threads: Array<{ id: string; path: string; isResolved: boolean; resolvedBy: string | null; commentIds: number[] }>;
}

export interface GitHubFake {
  readonly url: string;
  readonly owner: string;
  readonly repo: string;
  readonly repoId: number;
  /** Every request, in arrival order (live array). */
  readonly requests: LoggedRequest[];
  /** Internal errors of the fake itself (should stay empty). */
  readonly errors: Error[];
  /** Number of logged requests matching a route string or a matcher (+ optional status). */
  count(match: string | (RequestMatcher & { status?: number })): number;
  /** Content-creating requests (POST reviews / issue comments), every attempt, whatever the status. */
  creations(): LoggedRequest[];
  state(pull: number): PullState;
  snapshot(pull: number): Promise<PullSnapshot>;
  /** Lines a review comment may use on `side` of `path` at the PR head (or `commitId`). */
  commentableLines(pull: number, path: string, side?: Side, commitId?: string): Promise<number[]>;
  /** Pushes a new head commit with this whole tree. `force`: its parent is the PR base (old head
   * no longer in the PR). Returns the new head SHA. */
  push(pull: number, tree: FixtureTree, options?: { force?: boolean; message?: string }): Promise<string>;
  /**
   * GitHub's "Update branch": the base branch moves on to `baseTree`, then a merge commit of it
   * into the PR's head (with `mergedTree`, the merge result) becomes the new head. Returns the
   * new head SHA. The PR's own diff (against the new merge base) is unchanged by main's files.
   */
  updateBranch(pull: number, trees: { baseTree: FixtureTree; mergedTree: FixtureTree }): Promise<string>;
  updatePull(pull: number, patch: Partial<Pick<FakePullInput, 'title' | 'body' | 'draft' | 'labels' | 'state'>>): void;
  seedIssueComment(pull: number, c: { author: string; body: string; authorAssociation?: string }): Record<string, unknown>;
  /** Someone deletes an issue comment (a person removing the sticky summary). */
  deleteIssueComment(id: number): void;
  seedReview(pull: number, r: { author: string; body: string; state?: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING'; commitId?: string }): Record<string, unknown>;
  /** A review comment (with its own COMMENTED review unless `reviewId`); anchors are validated. */
  seedReviewComment(
    pull: number,
    c: { author: string; body: string; path: string; line: number; side?: Side; startLine?: number; startSide?: Side; commitId?: string; inReplyTo?: number; reviewId?: number },
  ): Promise<Record<string, unknown>>;
  failNext(rule?: FaultRule): void;
  /** Something else happens on GitHub's side as the next matching request arrives (a person
   * deletes the comment being edited); the request is then answered as usual. */
  meanwhileNext(rule: RequestMatcher & { run: () => void }): void;
  rateLimitNext(rule: RateLimitRule): void;
  clearFaults(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Internal records

interface UserRec {
  login: string;
  id: number;
  type: 'Bot' | 'User';
}

interface Identity {
  token: string;
  user: UserRec;
  access: Access;
  installation: boolean;
  readsPermissions: boolean;
}

interface PullRec {
  number: number;
  id: number;
  title: string;
  body: string | null;
  draft: boolean;
  state: 'open' | 'closed';
  author: UserRec;
  authorAssociation: string;
  labels: string[];
  baseRef: string;
  headRef: string;
  baseSha: string;
  headSha: string;
  commits: string[];
  headRepo: string;
  fork: boolean;
  createdAt: string;
  updatedAt: string;
}

interface ReviewRec {
  id: number;
  pull: number;
  user: UserRec;
  body: string;
  state: 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED' | 'PENDING';
  commitId: string;
  submittedAt?: string;
  association: string;
}

interface ReviewCommentRec {
  id: number;
  pull: number;
  reviewId: number;
  user: UserRec;
  association: string;
  body: string;
  path: string;
  line: number;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  position: number;
  commitId: string;
  diffHunk: string;
  inReplyToId?: number;
  threadId: string;
  createdAt: string;
  updatedAt: string;
}

interface IssueCommentRec {
  id: number;
  pull: number;
  user: UserRec;
  association: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

interface ThreadRec {
  id: string;
  pull: number;
  path: string;
  isResolved: boolean;
  resolvedBy: string | null;
  commentIds: number[];
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send as-is (text), instead of JSON. */
  text?: string;
  contentType?: string;
}

interface Ctx {
  method: string;
  url: URL;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  who: Identity;
  accept: string;
}

// ---------------------------------------------------------------------------------------------
// Constants and small helpers

const BODY_MAX = 65_536;
const DOCS = 'https://docs.github.com/rest';
const API_VERSIONS = new Set(['2022-11-28', '2026-03-10']);
const CREATE_ROUTES = new Set([
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
]);
const NOT_ACCESSIBLE = 'Resource not accessible by integration';

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
const notFound = (message = 'Not Found'): Reply => json(404, { message, documentation_url: DOCS, status: '404' });
const forbidden = (message = NOT_ACCESSIBLE): Reply => json(403, { message, documentation_url: DOCS, status: '403' });
const unprocessable = (errors: unknown[], message = 'Unprocessable Entity'): Reply =>
  json(422, { message, errors, documentation_url: DOCS, status: '422' });
const invalid = (detail: string): Reply => json(422, { message: `Invalid request.\n\n${detail}`, documentation_url: DOCS, status: '422' });
const tooLong = (resource: string): Reply =>
  json(422, {
    message: 'Validation Failed',
    errors: [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_MAX} characters)` }],
    documentation_url: DOCS,
    status: '422',
  });

/** Several validation messages joined the way GitHub (Rails) does: "A, B, and C". */
const sentence = (xs: string[]) => (xs.length <= 2 ? xs.join(' and ') : `${xs.slice(0, -1).join(', ')}, and ${xs[xs.length - 1]}`);
/** GitHub counts characters (code points), not UTF-16 units. */
const charLength = (s: string) => [...s].length;
const isoNow = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function userId(login: string): number {
  if (login === 'github-actions[bot]') return 41898282;
  let h = 7;
  for (const c of login) h = (h * 31 + c.charCodeAt(0)) % 90_000_000;
  return 10_000_000 + h;
}

function makeUser(login: string): UserRec {
  return { login, id: userId(login), type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

/** base64 wrapped at 60 columns with a trailing newline, like GitHub's blob and contents APIs. */
function base64Wrapped(buf: Buffer): string {
  const b64 = buf.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 60) out += b64.slice(i, i + 60) + '\n';
  return out;
}

function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kwDOfake${Buffer.from(String(id)).toString('base64url')}`;
}

function matches(rule: RequestMatcher, method: string, path: string, route: string | null): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.route && rule.route !== route) return false;
  if (typeof rule.path === 'string' && rule.path !== path) return false;
  if (rule.path instanceof RegExp && !rule.path.test(path)) return false;
  return true;
}

interface RouteDef {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  handler: (ctx: Ctx) => Promise<Reply> | Reply;
  write: boolean;
}

function route(method: string, template: string, handler: RouteDef['handler']): RouteDef {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    // `path`, `basehead` and `tree_sha` may hold slashes when a client does not encode them.
    return name === 'path' || name === 'basehead' || name === 'tree_sha' ? '(.*)' : '([^/]+)';
  });
  return { method, template, regex: new RegExp(`^${pattern}$`), names, handler, write: method !== 'GET' };
}

// ---------------------------------------------------------------------------------------------

export async function startGitHubFake(options: GitHubFakeOptions = {}): Promise<GitHubFake> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'app';
  const fullName = `${owner}/${repo}`;
  const repoId = 700_000_001;
  const defaultBranch = options.defaultBranch ?? 'main';
  const botLogin = options.botLogin ?? 'github-actions[bot]';
  const maxPatchBytes = options.maxPatchBytes ?? 100_000;
  const maxListedFiles = options.maxListedFiles ?? 3_000;
  const maxCompareFiles = options.maxCompareFiles ?? 300;
  const maxTreeEntries = options.maxTreeEntries ?? 100_000;
  const contentsMaxBytes = options.contentsMaxBytes ?? 1_048_576;
  const rateLimit = options.rateLimit ?? 5_000;
  const maxCreationsPerMinute = options.maxCreationsPerMinute ?? 80;
  const startEpoch = Math.floor(Date.now() / 1000);

  const tokenSpecs = options.tokens ?? { [DEFAULT_TOKENS.write]: 'write', [DEFAULT_TOKENS.read]: 'read', [DEFAULT_TOKENS.pat]: { access: 'write', login: 'maintainer' } };
  const identities = new Map<string, Identity>();
  for (const [token, spec] of Object.entries(tokenSpecs)) {
    const s: TokenSpec = typeof spec === 'string' ? { access: spec } : spec;
    const installation = token.startsWith('ghs_');
    const readsPermissions = s.readsPermissions ?? (installation || s.access === 'write');
    identities.set(token, { token, access: s.access, installation, readsPermissions, user: makeUser(s.login ?? (installation ? botLogin : 'pat-user')) });
  }

  const store = await GitStore.create();
  let url = '';
  const pulls = new Map<number, PullRec>();
  const branches = new Map<string, string>();
  const reviews: ReviewRec[] = [];
  const reviewComments: ReviewCommentRec[] = [];
  const issueComments: IssueCommentRec[] = [];
  const threads: ThreadRec[] = [];
  const requests: LoggedRequest[] = [];
  const errors: Error[] = [];
  const faults: Array<FaultRule & { left: number }> = [];
  const meanwhile: Array<RequestMatcher & { run: () => void }> = [];
  const lateWrites = new Set<ReturnType<typeof setTimeout>>();
  const limits: Array<RateLimitRule & { left: number }> = [];
  const used = new Map<string, number>();
  /** codeload tokens handed out in tarball redirects: token → commit and expiry (epoch ms). */
  const archiveTokens = new Map<string, { sha: string; expires: number }>();
  const archives = new Map<string, Promise<Buffer>>();
  let nextId = 1_000_001;
  const newId = () => nextId++;

  try {
    for (const p of options.pulls ?? []) {
      if (pulls.has(p.number)) throw new Error(`github fake: duplicate PR #${p.number}`);
      const baseRef = p.baseRef ?? defaultBranch;
      const baseSha = await store.commit(p.base, null, `base of #${p.number}`);
      const headSha = await store.commit(p.head, baseSha, `head of #${p.number}`);
      const author = makeUser(p.author ?? 'octocat');
      const fork = p.fork !== undefined && p.fork !== false;
      const headRepo = typeof p.fork === 'string' ? p.fork : fork ? `${author.login}/${repo}` : fullName;
      const now = isoNow();
      const rec: PullRec = {
        number: p.number,
        id: 900_000_000 + p.number,
        title: p.title ?? `PR #${p.number}`,
        body: p.body === undefined ? null : p.body,
        draft: p.draft ?? false,
        state: p.state ?? 'open',
        author,
        authorAssociation: p.authorAssociation ?? 'CONTRIBUTOR',
        labels: p.labels ?? [],
        baseRef,
        headRef: p.headRef ?? `feature-${p.number}`,
        baseSha,
        headSha,
        commits: [headSha],
        headRepo,
        fork,
        createdAt: now,
        updatedAt: now,
      };
      pulls.set(p.number, rec);
      if (!branches.has(baseRef)) branches.set(baseRef, baseSha);
      if (!fork) branches.set(rec.headRef, headSha);
    }
  } catch (e) {
    store.remove();
    throw e;
  }

  // --- helpers over state -------------------------------------------------------------------

  const api = (path: string) => `${url}${path}`;
  const repoApi = (path = '') => api(`/repos/${fullName}${path}`);
  const web = (path = '') => `https://github.com/${fullName}${path}`;

  const userJson = (u: UserRec) => ({
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'BOT' : 'U', u.id),
    type: u.type,
    site_admin: false,
    html_url: u.type === 'Bot' ? `https://github.com/apps/${u.login.replace(/\[bot\]$/, '')}` : `https://github.com/${u.login}`,
    url: api(`/users/${encodeURIComponent(u.login)}`),
  });

  function resolveCommit(ref: string): string | null {
    let r = ref;
    if (r.startsWith(`${owner}:`)) r = r.slice(owner.length + 1);
    const pullRef = /^(?:refs\/)?pull\/(\d+)\/head$/.exec(r);
    if (pullRef) return pulls.get(Number(pullRef[1]))?.headSha ?? null;
    r = r.replace(/^refs\/heads\//, '').replace(/^heads\//, '');
    if (branches.has(r)) return branches.get(r)!;
    if (store.commits.has(r)) return r;
    return store.commitByPrefix(r);
  }

  async function pullDiff(pull: PullRec, commitId = pull.headSha): Promise<DiffFile[]> {
    const base = (await store.mergeBase(pull.baseSha, commitId)) ?? pull.baseSha;
    return store.diff(base, commitId);
  }

  const listedPatch = (f: DiffFile) => f.patch !== undefined && Buffer.byteLength(f.patch) <= maxPatchBytes;

  function fileJson(f: DiffFile, headSha: string) {
    const out: Record<string, unknown> = {
      sha: f.status === 'removed' ? f.oldSha : f.newSha,
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      blob_url: web(`/blob/${headSha}/${f.filename}`),
      raw_url: web(`/raw/${headSha}/${f.filename}`),
      contents_url: repoApi(`/contents/${f.filename}?ref=${headSha}`),
    };
    if (listedPatch(f)) out.patch = f.patch;
    if (f.previousFilename !== undefined) out.previous_filename = f.previousFilename;
    return out;
  }

  function commitJson(sha: string) {
    const c = store.commits.get(sha)!;
    const date = new Date(c.time * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const person = { name: 'Fixture', email: 'fixture@example.invalid', date };
    return {
      sha,
      node_id: nodeId('C', sha),
      commit: { author: person, committer: person, message: c.message, tree: { sha: c.tree, url: repoApi(`/git/trees/${c.tree}`) }, comment_count: 0 },
      url: repoApi(`/commits/${sha}`),
      html_url: web(`/commit/${sha}`),
      author: null,
      committer: null,
      parents: c.parents.map((p) => ({ sha: p, url: repoApi(`/commits/${p}`), html_url: web(`/commit/${p}`) })),
    };
  }

  const repoJson = (name: string, fork: boolean) => ({
    id: name === fullName ? repoId : repoId + 1,
    node_id: nodeId('R', name),
    name: name.split('/')[1],
    full_name: name,
    owner: userJson(makeUser(name.split('/')[0])),
    private: false,
    fork,
    html_url: `https://github.com/${name}`,
    url: api(`/repos/${name}`),
    default_branch: defaultBranch,
  });

  async function pullJson(p: PullRec) {
    const files = await pullDiff(p);
    return {
      url: repoApi(`/pulls/${p.number}`),
      id: p.id,
      node_id: nodeId('PR', p.id),
      html_url: web(`/pull/${p.number}`),
      diff_url: web(`/pull/${p.number}.diff`),
      patch_url: web(`/pull/${p.number}.patch`),
      issue_url: repoApi(`/issues/${p.number}`),
      number: p.number,
      state: p.state,
      locked: false,
      title: p.title,
      user: userJson(p.author),
      body: p.body,
      labels: p.labels.map((name, i) => ({ id: 5_000_000 + i, node_id: nodeId('LA', name), url: repoApi(`/labels/${encodeURIComponent(name)}`), name, color: 'ededed', default: false, description: null })),
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      draft: p.draft,
      author_association: p.authorAssociation,
      head: { label: `${p.headRepo.split('/')[0]}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: userJson(makeUser(p.headRepo.split('/')[0])), repo: repoJson(p.headRepo, p.fork) },
      base: { label: `${owner}:${p.baseRef}`, ref: p.baseRef, sha: p.baseSha, user: userJson(makeUser(owner)), repo: repoJson(fullName, false) },
      merged: false,
      mergeable: null,
      comments: issueComments.filter((c) => c.pull === p.number).length,
      review_comments: reviewComments.filter((c) => c.pull === p.number && !isPending(c)).length,
      commits: p.commits.length,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    };
  }

  const reviewOf = (id: number) => reviews.find((r) => r.id === id);
  const isPending = (c: ReviewCommentRec) => reviewOf(c.reviewId)?.state === 'PENDING';

  const reviewJson = (r: ReviewRec) => ({
    id: r.id,
    node_id: nodeId('PRR', r.id),
    user: userJson(r.user),
    body: r.body,
    state: r.state,
    html_url: web(`/pull/${r.pull}#pullrequestreview-${r.id}`),
    pull_request_url: repoApi(`/pulls/${r.pull}`),
    author_association: r.association,
    ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
    commit_id: r.commitId,
    _links: { html: { href: web(`/pull/${r.pull}#pullrequestreview-${r.id}`) }, pull_request: { href: repoApi(`/pulls/${r.pull}`) } },
  });

  const reviewCommentJson = (c: ReviewCommentRec) => ({
    id: c.id,
    node_id: nodeId('PRRC', c.id),
    url: repoApi(`/pulls/comments/${c.id}`),
    pull_request_review_id: c.reviewId,
    diff_hunk: c.diffHunk,
    path: c.path,
    position: c.position,
    original_position: c.position,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: userJson(c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: web(`/pull/${c.pull}#discussion_r${c.id}`),
    pull_request_url: repoApi(`/pulls/${c.pull}`),
    author_association: c.association,
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startSide,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: 'line',
    ...(c.inReplyToId !== undefined ? { in_reply_to_id: c.inReplyToId } : {}),
  });

  const issueCommentJson = (c: IssueCommentRec) => ({
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: repoApi(`/issues/comments/${c.id}`),
    html_url: web(`/pull/${c.pull}#issuecomment-${c.id}`),
    issue_url: repoApi(`/issues/${c.pull}`),
    body: c.body,
    user: userJson(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: c.association,
    ...(c.user.type === 'Bot' ? { performed_via_github_app: { slug: c.user.login.replace(/\[bot\]$/, ''), name: 'GitHub Actions' } } : {}),
  });

  function associationOf(p: PullRec, u: UserRec): string {
    if (u.login === p.author.login) return p.authorAssociation;
    if (u.type === 'Bot') return 'NONE';
    return 'MEMBER';
  }

  // --- pagination ---------------------------------------------------------------------------

  function paginate<T>(ctx: Ctx, items: T[], defaultPer = 30, maxPer = 100): { page: T[]; headers: Record<string, string> } {
    const perRaw = Number(ctx.query.per_page);
    const per = Number.isInteger(perRaw) && perRaw > 0 ? Math.min(perRaw, maxPer) : defaultPer;
    const pageRaw = Number(ctx.query.page);
    const page = Number.isInteger(pageRaw) && pageRaw > 0 ? pageRaw : 1;
    const last = Math.max(1, Math.ceil(items.length / per));
    const link = (n: number) => {
      const q = new URLSearchParams(ctx.query);
      q.set('page', String(n));
      // GitHub's Link URLs use the repository id form.
      const path = ctx.path.replace(/^\/repos\/[^/]+\/[^/]+/, `/repositories/${repoId}`);
      return `<${url}${path}?${q.toString()}>`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`${link(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) rels.push(`${link(1)}; rel="first"`);
    return { page: items.slice((page - 1) * per, page * per), headers: rels.length ? { link: rels.join(', ') } : {} };
  }

  // --- anchors ------------------------------------------------------------------------------

  interface Anchor {
    path: string;
    line: number;
    side: Side;
    startLine: number | null;
    startSide: Side | null;
    position: number;
    diffHunk: string;
  }

  /** Resolves one review comment anchor against the diff at `commitId`; an error message or an anchor. */
  function resolveAnchor(files: DiffFile[], c: Record<string, unknown>): string | Anchor {
    const file = files.find((f) => f.filename === c.path);
    if (!file) return 'Path could not be resolved';
    if (!listedPatch(file) || !file.parsed) return "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank";
    const parsed: ParsedPatch = file.parsed;
    let side: Side;
    let line: number;
    let hunk: number;
    if (c.line !== undefined && c.line !== null) {
      side = (c.side as Side | undefined) ?? 'RIGHT';
      line = c.line as number;
      const h = (side === 'RIGHT' ? parsed.right : parsed.left).get(line);
      if (h === undefined) return 'Line could not be resolved';
      hunk = h;
    } else if (c.position !== undefined && c.position !== null) {
      const at = parsed.byPosition.get(c.position as number);
      if (!at) return 'Position could not be resolved';
      ({ side, line, hunk } = at);
    } else {
      return 'Line could not be resolved';
    }
    let startLine: number | null = null;
    let startSide: Side | null = null;
    if (c.start_line !== undefined && c.start_line !== null) {
      startLine = c.start_line as number;
      startSide = (c.start_side as Side | undefined) ?? side;
      const sh = (startSide === 'RIGHT' ? parsed.right : parsed.left).get(startLine);
      if (sh === undefined || sh !== hunk) return 'Pull request review thread start line must be part of the same hunk as the line.';
      if (startSide === side ? startLine >= line : startSide === 'RIGHT') return 'Pull request review thread start line must precede the end line.';
    }
    const position = parsed.positions.get(`${side}:${line}`)!;
    const header = parsed.hunks[hunk].headerIndex;
    return { path: file.filename, line, side, startLine, startSide, position, diffHunk: parsed.lines.slice(header, position + 1).join('\n') };
  }

  function checkCommentShape(c: unknown, i: number): string | null {
    if (typeof c !== 'object' || c === null) return `For 'items', ${JSON.stringify(c)} is not an object.`;
    const o = c as Record<string, unknown>;
    if (typeof o.path !== 'string') return `No subschema in "anyOf" matched.\n"path" wasn't supplied. (comments[${i}])`;
    if (typeof o.body !== 'string') return `No subschema in "anyOf" matched.\n"body" wasn't supplied. (comments[${i}])`;
    for (const k of ['line', 'start_line', 'position']) {
      if (o[k] !== undefined && o[k] !== null && !isInt(o[k])) return `For 'properties/${k}', ${JSON.stringify(o[k])} is not an integer.`;
    }
    for (const k of ['side', 'start_side']) {
      if (o[k] !== undefined && o[k] !== null && o[k] !== 'LEFT' && o[k] !== 'RIGHT') return `For 'properties/${k}', ${JSON.stringify(o[k])} is not one of ["LEFT", "RIGHT"].`;
    }
    return null;
  }

  // --- handlers -----------------------------------------------------------------------------

  const pullOf = (ctx: Ctx, key = 'pull_number') => pulls.get(Number(ctx.params[key])) ?? null;

  async function createReview(ctx: Ctx): Promise<Reply> {
    const p = pullOf(ctx);
    if (!p) return notFound();
    if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) return invalid('Body must be a JSON object.');
    const b = ctx.body as Record<string, unknown>;
    if (b.event !== undefined && !['APPROVE', 'REQUEST_CHANGES', 'COMMENT'].includes(b.event as string)) {
      return invalid(`For 'properties/event', ${JSON.stringify(b.event)} is not one of ["APPROVE", "REQUEST_CHANGES", "COMMENT"].`);
    }
    if (b.body !== undefined && b.body !== null && typeof b.body !== 'string') return invalid(`For 'properties/body', ${JSON.stringify(b.body)} is not a string.`);
    if (b.comments !== undefined && !Array.isArray(b.comments)) return invalid(`For 'properties/comments', ${JSON.stringify(b.comments)} is not an array.`);
    const comments = (b.comments as unknown[] | undefined) ?? [];
    for (const [i, c] of comments.entries()) {
      const bad = checkCommentShape(c, i);
      if (bad) return invalid(bad);
    }
    const commitId = b.commit_id === undefined || b.commit_id === null ? p.headSha : String(b.commit_id);
    if (!p.commits.includes(commitId)) return unprocessable([`No commit found for SHA: ${commitId}`]);
    const event = b.event as string | undefined;
    const body = (b.body as string | undefined) ?? '';
    if (event === 'APPROVE' && ctx.who.installation) return unprocessable(['GitHub Actions is not permitted to approve pull requests.']);
    if ((event === 'APPROVE' || event === 'REQUEST_CHANGES') && ctx.who.user.login === p.author.login) {
      return unprocessable([`Can not ${event === 'APPROVE' ? 'approve' : 'request changes on'} your own pull request`]);
    }
    if (charLength(body) > BODY_MAX) return tooLong('PullRequestReview');
    if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && body.trim() === '' && comments.length === 0) {
      return unprocessable([`Review Can not ${event === 'COMMENT' ? 'comment' : 'request changes'} without a body or line comments.`]);
    }
    // GitHub allows one pending review per user and pull request: while one exists, creating any
    // other review — pending or submitted — is refused (a cancelled run can leave one behind).
    if (reviews.some((r) => r.pull === p.number && r.state === 'PENDING' && r.user.login === ctx.who.user.login)) {
      return unprocessable(['User can only have one pending review per pull request']);
    }
    const files = await pullDiff(p, commitId);
    const problems = new Set<string>();
    const anchors: Anchor[] = [];
    for (const raw of comments as Array<Record<string, unknown>>) {
      if ((raw.body as string).trim() === '') problems.add("Body can't be blank");
      else if (charLength(raw.body as string) > BODY_MAX) problems.add(`Body is too long (maximum is ${BODY_MAX} characters)`);
      const a = resolveAnchor(files, raw);
      if (typeof a === 'string') problems.add(a);
      else anchors.push(a);
    }
    // All or nothing, and the message never says which comment was wrong.
    if (problems.size) return unprocessable([sentence([...problems])]);

    const now = isoNow();
    const review: ReviewRec = {
      id: newId(),
      pull: p.number,
      user: ctx.who.user,
      body,
      state: event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : event === 'COMMENT' ? 'COMMENTED' : 'PENDING',
      commitId,
      ...(event ? { submittedAt: now } : {}),
      association: associationOf(p, ctx.who.user),
    };
    reviews.push(review);
    anchors.forEach((a, i) => addReviewComment(p, review, a, (comments[i] as Record<string, unknown>).body as string, now));
    return json(200, reviewJson(review));
  }

  function addReviewComment(p: PullRec, review: ReviewRec, a: Anchor, body: string, now: string, inReplyTo?: ReviewCommentRec): ReviewCommentRec {
    let thread: ThreadRec;
    if (inReplyTo) {
      thread = threads.find((t) => t.id === inReplyTo.threadId)!;
    } else {
      thread = { id: nodeId('PRRT', newId()), pull: p.number, path: a.path, isResolved: false, resolvedBy: null, commentIds: [] };
      threads.push(thread);
    }
    const rec: ReviewCommentRec = {
      id: newId(),
      pull: p.number,
      reviewId: review.id,
      user: review.user,
      association: review.association,
      body,
      ...a,
      commitId: review.commitId,
      ...(inReplyTo ? { inReplyToId: inReplyTo.id } : {}),
      threadId: thread.id,
      createdAt: now,
      updatedAt: now,
    };
    thread.commentIds.push(rec.id);
    reviewComments.push(rec);
    return rec;
  }

  function issueCommentBody(ctx: Ctx): string | Reply {
    const b = ctx.body as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object' || b.body === undefined) return invalid('"body" wasn\'t supplied.');
    if (typeof b.body !== 'string') return invalid(`For 'properties/body', ${JSON.stringify(b.body)} is not a string.`);
    if (charLength(b.body) > BODY_MAX) {
      return json(422, {
        message: 'Validation Failed',
        errors: [{ resource: 'IssueComment', code: 'unprocessable', field: 'data', message: `Body is too long (maximum is ${BODY_MAX} characters)` }],
        documentation_url: DOCS,
        status: '422',
      });
    }
    if (b.body.trim() === '') {
      return json(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }], documentation_url: DOCS, status: '422' });
    }
    return b.body;
  }

  const sinceFilter = <T extends { updatedAt: string }>(ctx: Ctx, items: T[]) => {
    if (!ctx.query.since) return items;
    const since = Date.parse(ctx.query.since);
    return Number.isNaN(since) ? items : items.filter((c) => Date.parse(c.updatedAt) >= since);
  };

  async function gitTarget(ref: string): Promise<{ tree: string } | null> {
    const commit = resolveCommit(ref);
    if (commit) return { tree: store.commits.get(commit)!.tree };
    if ((await store.objectType(ref)) === 'tree') return { tree: ref };
    return null;
  }

  async function compare(ctx: Ctx): Promise<Reply> {
    const spec = ctx.params.basehead;
    const dots = spec.indexOf('...');
    if (dots < 0) return notFound();
    const baseName = spec.slice(0, dots);
    const headName = spec.slice(dots + 3);
    const base = resolveCommit(baseName);
    const head = resolveCommit(headName);
    if (!base || !head) return notFound();
    const mb = await store.mergeBase(base, head);
    if (!mb) return notFound(`No common ancestor between ${baseName} and ${headName}.`);
    const ahead = await store.revList(mb, head);
    const behind = await store.revList(mb, base);
    const status = ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
    const paged = ctx.query.per_page !== undefined || ctx.query.page !== undefined;
    let commits = ahead.slice(0, 250);
    let headers: Record<string, string> = {};
    if (paged) ({ page: commits, headers } = paginate(ctx, ahead, 250, 100));
    const firstPage = !paged || (Number(ctx.query.page) || 1) === 1;
    const files = firstPage ? (await store.diff(mb, head)).slice(0, maxCompareFiles).map((f) => fileJson(f, head)) : [];
    return json(
      200,
      {
        url: repoApi(`/compare/${spec}`),
        html_url: web(`/compare/${spec}`),
        permalink_url: web(`/compare/${owner}:${base}...${owner}:${head}`),
        diff_url: web(`/compare/${spec}.diff`),
        patch_url: web(`/compare/${spec}.patch`),
        base_commit: commitJson(base),
        merge_base_commit: commitJson(mb),
        status,
        ahead_by: ahead.length,
        behind_by: behind.length,
        total_commits: ahead.length,
        commits: commits.map(commitJson),
        files,
      },
      headers,
    );
  }

  async function contents(ctx: Ctx): Promise<Reply> {
    const ref = ctx.query.ref ?? defaultBranch;
    const commit = resolveCommit(ref);
    if (!commit) return notFound(`No commit found for the ref ${ref}`);
    const path = ctx.params.path.replace(/\/+$/, '');
    const entries = await store.treeEntries(store.commits.get(commit)!.tree);
    const entryJson = (e: TreeEntry) => {
      const type = e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : e.mode === '120000' ? 'symlink' : 'file';
      const self = repoApi(`/contents/${e.path}?ref=${ref}`);
      const git = repoApi(`/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`);
      const html = web(`/${e.type === 'tree' ? 'tree' : 'blob'}/${ref}/${e.path}`);
      return {
        name: e.path.split('/').pop()!,
        path: e.path,
        sha: e.sha,
        size: e.size ?? 0,
        url: self,
        html_url: html,
        git_url: git,
        download_url: type === 'file' ? `https://raw.githubusercontent.com/${fullName}/${ref}/${e.path}` : null,
        type,
        _links: { self, git, html },
      };
    };
    const listing = (dir: string) => entries.filter((e) => e.path.startsWith(dir ? `${dir}/` : '') && !e.path.slice(dir ? dir.length + 1 : 0).includes('/')).map(entryJson);
    if (path === '') return json(200, listing(''));
    const entry = entries.find((e) => e.path === path);
    if (!entry) return notFound();
    if (entry.type === 'tree') return json(200, listing(path));
    const blob = await store.readBlob(entry.sha);
    if (ctx.accept.includes('raw')) return { status: 200, text: blob.toString('utf8'), contentType: 'text/plain; charset=utf-8' };
    const big = blob.length > contentsMaxBytes;
    return json(200, { ...entryJson(entry), content: big ? '' : base64Wrapped(blob), encoding: big ? 'none' : 'base64' });
  }

  /** GitHub's legacy `permission` of a role: maintain reads as write, triage as read. */
  const LEGACY_PERMISSION = { admin: 'admin', maintain: 'write', write: 'write', triage: 'read', read: 'read' } as const;
  const ROLE_ORDER = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
  const collaborators = new Map(Object.entries(options.collaborators ?? {}).map(([login, role]) => [login.toLowerCase(), { login, role }]));

  /** Users the fake knows: collaborators, PR authors, token identities, comment and review authors. */
  function knownUser(login: string): UserRec | undefined {
    const lower = login.toLowerCase();
    const c = collaborators.get(lower);
    if (c) return makeUser(c.login);
    const users = [
      ...[...pulls.values()].map((p) => p.author),
      ...[...identities.values()].map((i) => i.user),
      ...issueComments.map((c) => c.user),
      ...reviews.map((r) => r.user),
      ...reviewComments.map((c) => c.user),
    ];
    return users.find((u) => u.login.toLowerCase() === lower);
  }

  function collaboratorPermission(ctx: Ctx): Reply {
    if (!ctx.who.readsPermissions) return ctx.who.installation ? forbidden() : forbidden('Must have push access to view collaborator permission.');
    const user = knownUser(ctx.params.username);
    if (!user) return notFound();
    const role = collaborators.get(user.login.toLowerCase())?.role ?? 'read';
    const base = typeof role === 'string' ? role : role.base;
    const roleName = typeof role === 'string' ? role : role.name;
    const rank = ROLE_ORDER.indexOf(base);
    const permissions = { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: true };
    return json(200, { permission: LEGACY_PERMISSION[base], role_name: roleName, user: { ...userJson(user), permissions, role_name: roleName } });
  }

  const routes: RouteDef[] = [
    route('GET', '/repos/{owner}/{repo}', () => json(200, repoJson(fullName, false))),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', async (ctx) => {
      const p = pullOf(ctx);
      if (!p) return notFound();
      if (ctx.accept.includes('diff')) {
        const base = (await store.mergeBase(p.baseSha, p.headSha)) ?? p.baseSha;
        const text = (await store.git(['diff', '--no-color', '--no-ext-diff', '-M', base, p.headSha])).toString('utf8');
        return { status: 200, text, contentType: 'application/vnd.github.diff; charset=utf-8' };
      }
      return json(200, await pullJson(p));
    }),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files', async (ctx) => {
      const p = pullOf(ctx);
      if (!p) return notFound();
      const files = (await pullDiff(p)).slice(0, maxListedFiles);
      const { page, headers } = paginate(ctx, files);
      return json(200, page.map((f) => fileJson(f, p.headSha)), headers);
    }),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/commits', (ctx) => {
      const p = pullOf(ctx);
      if (!p) return notFound();
      const { page, headers } = paginate(ctx, p.commits.slice(0, 250));
      return json(200, page.map(commitJson), headers);
    }),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (ctx) => {
      const p = pullOf(ctx);
      if (!p) return notFound();
      const visible = reviews.filter((r) => r.pull === p.number && (r.state !== 'PENDING' || r.user.login === ctx.who.user.login));
      const { page, headers } = paginate(ctx, visible);
      return json(200, page.map(reviewJson), headers);
    }),
    route('POST', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', createReview),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}', (ctx) => {
      const r = reviewOf(Number(ctx.params.review_id));
      if (!r || r.pull !== Number(ctx.params.pull_number) || (r.state === 'PENDING' && r.user.login !== ctx.who.user.login)) return notFound();
      return json(200, reviewJson(r));
    }),
    // A pending review can be deleted by its author; a submitted one cannot (422, as GitHub).
    route('DELETE', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}', (ctx) => {
      const r = reviewOf(Number(ctx.params.review_id));
      if (!r || r.pull !== Number(ctx.params.pull_number) || r.user.login !== ctx.who.user.login) return notFound();
      if (r.state !== 'PENDING') return unprocessable(['Can not delete a non-pending pull request review']);
      reviews.splice(reviews.indexOf(r), 1);
      // Its comments go, and with them the threads they started (as on GitHub: nothing of a deleted draft remains).
      const gone = new Set(reviewComments.filter((c) => c.reviewId === r.id).map((c) => c.id));
      for (let i = reviewComments.length - 1; i >= 0; i--) if (gone.has(reviewComments[i].id)) reviewComments.splice(i, 1);
      for (let i = threads.length - 1; i >= 0; i--) {
        threads[i].commentIds = threads[i].commentIds.filter((id) => !gone.has(id));
        if (threads[i].commentIds.length === 0) threads.splice(i, 1);
      }
      return json(200, reviewJson(r));
    }),
    route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/comments', (ctx) => {
      const p = pullOf(ctx);
      if (!p) return notFound();
      const items = sinceFilter(ctx, reviewComments.filter((c) => c.pull === p.number && !isPending(c)));
      const { page, headers } = paginate(ctx, items);
      return json(200, page.map(reviewCommentJson), headers);
    }),
    route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
      const p = pullOf(ctx, 'issue_number');
      if (!p) return notFound();
      const { page, headers } = paginate(ctx, sinceFilter(ctx, issueComments.filter((c) => c.pull === p.number)));
      return json(200, page.map(issueCommentJson), headers);
    }),
    route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
      const p = pullOf(ctx, 'issue_number');
      if (!p) return notFound();
      const body = issueCommentBody(ctx);
      if (typeof body !== 'string') return body;
      const now = isoNow();
      const rec: IssueCommentRec = { id: newId(), pull: p.number, user: ctx.who.user, association: associationOf(p, ctx.who.user), body, createdAt: now, updatedAt: now };
      issueComments.push(rec);
      return json(201, issueCommentJson(rec), { location: repoApi(`/issues/comments/${rec.id}`) });
    }),
    route('GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (ctx) => {
      const c = issueComments.find((x) => x.id === Number(ctx.params.comment_id));
      return c ? json(200, issueCommentJson(c)) : notFound();
    }),
    route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (ctx) => {
      const c = issueComments.find((x) => x.id === Number(ctx.params.comment_id));
      if (!c) return notFound();
      if (c.user.login !== ctx.who.user.login) return forbidden();
      const body = issueCommentBody(ctx);
      if (typeof body !== 'string') return body;
      c.body = body;
      c.updatedAt = isoNow();
      return json(200, issueCommentJson(c));
    }),
    route('DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (ctx) => {
      const i = issueComments.findIndex((x) => x.id === Number(ctx.params.comment_id));
      if (i < 0) return notFound();
      if (issueComments[i].user.login !== ctx.who.user.login) return forbidden();
      issueComments.splice(i, 1);
      return { status: 204 };
    }),
    route('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', async (ctx) => {
      const target = await gitTarget(ctx.params.tree_sha);
      if (!target) return notFound();
      let entries = await store.treeEntries(target.tree);
      if (ctx.query.recursive === undefined) entries = entries.filter((e) => !e.path.includes('/'));
      const truncated = entries.length > maxTreeEntries;
      return json(200, {
        sha: target.tree,
        url: repoApi(`/git/trees/${target.tree}`),
        tree: entries.slice(0, maxTreeEntries).map((e) => ({
          path: e.path,
          mode: e.mode,
          type: e.type,
          sha: e.sha,
          ...(e.size !== undefined ? { size: e.size } : {}),
          url: repoApi(`/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`),
        })),
        truncated,
      });
    }),
    route('GET', '/repos/{owner}/{repo}/git/blobs/{file_sha}', async (ctx) => {
      const sha = ctx.params.file_sha;
      if ((await store.objectType(sha)) !== 'blob') return notFound();
      const blob = await store.readBlob(sha);
      if (ctx.accept.includes('raw')) return { status: 200, text: blob.toString('utf8'), contentType: 'text/plain; charset=utf-8' };
      return json(200, { sha, node_id: nodeId('B', sha), size: blob.length, url: repoApi(`/git/blobs/${sha}`), content: base64Wrapped(blob), encoding: 'base64' });
    }),
    // GitHub answers with a redirect to codeload.github.com, which serves the archive.
    route('GET', '/repos/{owner}/{repo}/tarball/{ref}', (ctx) => {
      const sha = resolveCommit(ctx.params.ref);
      if (!sha) return notFound();
      const token = randomBytes(12).toString('hex');
      archiveTokens.set(token, { sha, expires: Date.now() + 5 * 60_000 });
      return { status: 302, text: '', headers: { location: `${url}/_codeload/${owner}/${repo}/legacy.tar.gz/${sha}?token=${token}` } };
    }),
    route('GET', '/repos/{owner}/{repo}/contents', (ctx) => contents({ ...ctx, params: { ...ctx.params, path: '' } })),
    route('GET', '/repos/{owner}/{repo}/contents/{path}', contents),
    route('GET', '/repos/{owner}/{repo}/compare/{basehead}', compare),
    route('GET', '/repos/{owner}/{repo}/commits/{ref}', async (ctx) => {
      const sha = resolveCommit(ctx.params.ref);
      if (!sha) return json(422, { message: `No commit found for SHA: ${ctx.params.ref}`, documentation_url: DOCS, status: '422' });
      const parent = store.commits.get(sha)!.parents[0] ?? null;
      const files = await store.diff(parent, sha);
      const additions = files.reduce((n, f) => n + f.additions, 0);
      const deletions = files.reduce((n, f) => n + f.deletions, 0);
      return json(200, { ...commitJson(sha), stats: { total: additions + deletions, additions, deletions }, files: files.slice(0, maxCompareFiles).map((f) => fileJson(f, sha)) });
    }),
    route('GET', '/repos/{owner}/{repo}/collaborators/{username}/permission', collaboratorPermission),
    // An installation token (GITHUB_TOKEN) may not ask who it is; a personal token may.
    route('GET', '/user', (ctx) => (ctx.who.installation ? forbidden() : json(200, userJson(ctx.who.user)))),
    route('GET', '/rate_limit', (ctx) => {
      const core = rateHeaders(ctx.who.token, 'core');
      const entry = { limit: Number(core['x-ratelimit-limit']), remaining: Number(core['x-ratelimit-remaining']), reset: Number(core['x-ratelimit-reset']), used: Number(core['x-ratelimit-used']) };
      return json(200, { resources: { core: entry }, rate: entry });
    }),
    route('POST', '/graphql', handleGraphql),
  ];

  // --- GraphQL ------------------------------------------------------------------------------

  /**
   * A minimal GraphQL responder — not a GraphQL engine. It recognises two operations by name and
   * answers with a fixed, full shape (extra fields are harmless to clients):
   *
   *   mutation($threadId: ID!) { resolveReviewThread(input: { threadId: $threadId }) { thread { id isResolved } } }
   *   (and unresolveReviewThread) — installation (`ghs_`) or read-only tokens: HTTP 200 with
   *   `errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }]`.
   *
   *   query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
   *     repository(owner: $owner, name: $name) { pullRequest(number: $number) {
   *       reviewThreads(first: 100, after: $cursor) {
   *         totalCount pageInfo { hasNextPage endCursor }
   *         nodes { id isResolved isOutdated path line
   *                 comments(first: 100) { totalCount nodes { id databaseId body path url author { login } } } } } } } }
   *
   * Arguments may be variables or literals. `first` is required on both connections and ≤ 100,
   * like GitHub. Anything else → 200 with an error of type "FAKE_UNSUPPORTED".
   */
  function handleGraphql(ctx: Ctx): Reply {
    const b = (ctx.body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
    if (typeof b.query !== 'string') return json(400, { message: 'A query attribute must be specified and must be a string.', documentation_url: DOCS });
    const query = b.query;
    const vars = b.variables ?? {};
    const args = (field: string): Record<string, unknown> | null => {
      const m = new RegExp(`\\b${field}\\s*\\(([^)]*)\\)`).exec(query);
      if (!m) return null;
      const out: Record<string, unknown> = {};
      for (const a of m[1].matchAll(/(\w+)\s*:\s*(\$\w+|"(?:[^"\\]|\\.)*"|-?\d+|true|false|null)/g)) {
        const v = a[2];
        out[a[1]] = v.startsWith('$') ? vars[v.slice(1)] : v.startsWith('"') ? JSON.parse(v) : v === 'true' ? true : v === 'false' ? false : v === 'null' ? null : Number(v);
      }
      return out;
    };
    const gqlError = (type: string, message: string, path: string[]) => ({ type, path, locations: [{ line: 1, column: 1 }], message });

    for (const op of ['unresolveReviewThread', 'resolveReviewThread'] as const) {
      if (!new RegExp(`\\b${op}\\s*\\(`).test(query)) continue;
      const a = args(op) ?? {};
      const threadId = (a.threadId ?? (a.input as Record<string, unknown> | undefined)?.threadId ?? (vars.input as Record<string, unknown> | undefined)?.threadId) as string | undefined;
      if (ctx.who.installation || ctx.who.access !== 'write') {
        return json(200, { data: { [op]: null }, errors: [{ ...gqlError('FORBIDDEN', NOT_ACCESSIBLE, [op]), extensions: { saml_failure: false } }] });
      }
      const t = threads.find((x) => x.id === threadId);
      if (!t) return json(200, { data: { [op]: null }, errors: [gqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${threadId}'`, [op])] });
      t.isResolved = op === 'resolveReviewThread';
      t.resolvedBy = t.isResolved ? ctx.who.user.login : null;
      return json(200, { data: { [op]: { thread: { id: t.id, isResolved: t.isResolved } } } });
    }

    if (/\breviewThreads\b/.test(query)) {
      const r = args('repository') ?? {};
      const pr = args('pullRequest') ?? {};
      const rt = args('reviewThreads') ?? {};
      const cm = args('comments') ?? {};
      for (const [conn, a] of [['reviewThreads', rt], ['comments', cm]] as const) {
        const first = (a.first ?? a.last) as number | undefined;
        if (first === undefined || first === null) {
          return json(200, { data: null, errors: [gqlError('MISSING_PAGINATION_BOUNDARIES', `You must provide a \`first\` or \`last\` value to properly paginate the \`${conn}\` connection.`, ['repository', 'pullRequest', conn])] });
        }
        if (first > 100) {
          return json(200, { data: null, errors: [gqlError('EXCESSIVE_PAGINATION', `Requesting ${first} records on the \`${conn}\` connection exceeds the \`first\` limit of 100 records.`, ['repository', 'pullRequest', conn])] });
        }
      }
      if (String(r.owner).toLowerCase() !== owner.toLowerCase() || String(r.name).toLowerCase() !== repo.toLowerCase()) {
        return json(200, { data: { repository: null }, errors: [gqlError('NOT_FOUND', `Could not resolve to a Repository with the name '${r.owner}/${r.name}'.`, ['repository'])] });
      }
      const p = pulls.get(Number(pr.number));
      if (!p) return json(200, { data: { repository: { pullRequest: null } }, errors: [gqlError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${pr.number}.`, ['repository', 'pullRequest'])] });
      const all = threads.filter((t) => t.pull === p.number && t.commentIds.some((id) => !isPending(reviewComments.find((c) => c.id === id)!)));
      const cursor = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64');
      const after = typeof rt.after === 'string' ? Number(Buffer.from(rt.after, 'base64').toString().split(':').pop()) + 1 : 0;
      const first = rt.first as number;
      const slice = all.slice(after, after + first);
      const nodes = slice.map((t) => {
        const cs = t.commentIds.map((id) => reviewComments.find((c) => c.id === id)!);
        const head = cs[0];
        return {
          id: t.id,
          isResolved: t.isResolved,
          isOutdated: head.commitId !== p.headSha,
          path: t.path,
          line: head.line,
          startLine: head.startLine,
          diffSide: head.side,
          resolvedBy: t.resolvedBy ? { login: t.resolvedBy } : null,
          comments: {
            totalCount: cs.length,
            pageInfo: { hasNextPage: cs.length > (cm.first as number), endCursor: cs.length ? cursor(Math.min(cs.length, cm.first as number) - 1) : null },
            nodes: cs.slice(0, cm.first as number).map((c) => ({
              id: nodeId('PRRC', c.id),
              databaseId: c.id,
              body: c.body,
              path: c.path,
              url: web(`/pull/${p.number}#discussion_r${c.id}`),
              createdAt: c.createdAt,
              author: { login: c.user.type === 'Bot' ? c.user.login.replace(/\[bot\]$/, '') : c.user.login },
            })),
          },
        };
      });
      return json(200, {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                totalCount: all.length,
                pageInfo: { hasNextPage: after + first < all.length, endCursor: slice.length ? cursor(after + slice.length - 1) : null, hasPreviousPage: after > 0, startCursor: slice.length ? cursor(after) : null },
                nodes,
              },
            },
          },
        },
      });
    }
    return json(200, { data: null, errors: [{ type: 'FAKE_UNSUPPORTED', message: 'github fake: unsupported GraphQL operation' }] });
  }

  // --- HTTP plumbing ------------------------------------------------------------------------

  function rateHeaders(token: string | undefined, resource: 'core' | 'graphql'): Record<string, string> {
    const key = `${token ?? 'anonymous'}:${resource}`;
    const limit = token ? rateLimit : 60;
    const n = used.get(key) ?? 0;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - n)),
      'x-ratelimit-reset': String(startEpoch + 3600),
      'x-ratelimit-used': String(n),
      'x-ratelimit-resource': resource,
    };
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function match(method: string, path: string): { def: RouteDef; params: Record<string, string> } | null {
    for (const def of routes) {
      if (def.method !== method) continue;
      const m = def.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      try {
        def.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      } catch {
        return null;
      }
      if ('owner' in params && (params.owner.toLowerCase() !== owner.toLowerCase() || params.repo.toLowerCase() !== repo.toLowerCase())) return null;
      return { def, params };
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const u = new URL(req.url ?? '/', url);
    const rawPath = u.pathname;
    const path = rawPath.replace(new RegExp(`^/repositories/${repoId}(?=/|$)`), `/repos/${fullName}`);
    const query = Object.fromEntries(u.searchParams);
    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = auth?.[1];
    const entry: LoggedRequest = { method, path: rawPath, route: null, query, body: undefined, status: 0, token, time };
    requests.push(entry);
    const bodyBuf = await readBody(req);

    const resource = path === '/graphql' ? 'graphql' : 'core';
    const send = (r: Reply) => {
      if (token && identities.has(token)) used.set(`${token}:${resource}`, (used.get(`${token}:${resource}`) ?? 0) + 1);
      const headers: Record<string, string> = {
        ...rateHeaders(token && identities.has(token) ? token : undefined, resource),
        'x-github-media-type': 'github.v3; format=json',
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': `FAKE:${requests.length}`,
        ...r.headers,
      };
      entry.status = r.status;
      if (r.status === 204) {
        res.writeHead(204, headers).end();
      } else if (r.text !== undefined) {
        res.writeHead(r.status, { ...headers, 'content-type': r.contentType ?? 'text/plain; charset=utf-8' }).end(r.text);
      } else {
        res.writeHead(r.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(r.body ?? null));
      }
    };

    if (rawPath.startsWith('/_codeload/')) return codeload(entry, rawPath, query, res);
    if (!auth) return send(json(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' }));
    const who = identities.get(token!);
    if (!who) return send(json(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' }));
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && !API_VERSIONS.has(String(version))) {
      return send(json(400, { message: `The requested API version '${version}' is not supported.`, documentation_url: DOCS, status: '400' }));
    }
    if (bodyBuf.length) {
      try {
        entry.body = JSON.parse(bodyBuf.toString('utf8'));
      } catch {
        return send(json(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' }));
      }
    }
    const found = match(method, path);
    if (!found) return send(notFound());
    entry.route = `${method} ${found.def.template}`;

    const secondary = (status: number, retryAfter: number) => {
      entry.injected = 'secondary-rate-limit';
      return send(
        json(
          status,
          { message: 'You have exceeded a secondary rate limit and have been temporarily blocked from content creation. Please retry your request again later. If you reach out to GitHub Support for help, please include the request ID FAKE.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: String(status) },
          { 'retry-after': String(retryAfter) },
        ),
      );
    };
    const limitIdx = limits.findIndex((l) => matches(l, method, path, entry.route));
    if (limitIdx >= 0) {
      const l = limits[limitIdx];
      if (--l.left <= 0) limits.splice(limitIdx, 1);
      if (l.kind === 'secondary') return secondary(l.status ?? 403, l.retryAfter ?? 1);
      entry.injected = 'primary-rate-limit';
      const reset = Math.floor(Date.now() / 1000) + (l.resetIn ?? 1);
      return send(
        json(
          l.status ?? 403,
          { message: `API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, please include the request ID FAKE and timestamp ${new Date().toISOString()}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit', status: String(l.status ?? 403) },
          { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-used': String(rateLimit), 'x-ratelimit-limit': String(rateLimit) },
        ),
      );
    }
    if (maxCreationsPerMinute > 0 && CREATE_ROUTES.has(entry.route)) {
      const recent = requests.filter((r) => r !== entry && r.token === token && r.route !== null && CREATE_ROUTES.has(r.route) && r.status < 300 && r.time > time - 60_000);
      if (recent.length >= maxCreationsPerMinute) return secondary(403, 60);
    }
    const hook = meanwhile.findIndex((m) => matches(m, method, path, entry.route));
    if (hook >= 0) meanwhile.splice(hook, 1)[0].run();
    const graphql = found.def.template === '/graphql';
    const isWrite = graphql ? /^\s*mutation\b/.test(String((entry.body as { query?: unknown } | undefined)?.query ?? '')) : found.def.write;
    const before = faults.findIndex((f) => !f.afterApplying && matches(f, method, path, entry.route));
    if (before >= 0) {
      const f = faults[before];
      if (--f.left <= 0) faults.splice(before, 1);
      entry.injected = 'fault';
      if (f.landsAfterMs !== undefined) {
        if (!isWrite || graphql) throw new Error(`github fake: landsAfterMs on ${entry.route}, which writes nothing`);
        // The write lands later only when it would have landed at once: same access check, and a
        // refusal is a bug of the test, not a silent no-op.
        if (who.access === 'write') {
          const late = { method, url: u, path, params: found.params, query, body: entry.body, who, accept: String(req.headers.accept ?? '') };
          const timer = setTimeout(() => {
            lateWrites.delete(timer);
            Promise.resolve(found.def.handler(late)).then(
              (reply) => {
                if (reply.status >= 300) errors.push(new Error(`github fake: the late write of ${entry.route} was refused (${reply.status})`));
              },
              (error: Error) => errors.push(error),
            );
          }, f.landsAfterMs);
          lateWrites.add(timer);
        }
      }
      return send(json(f.status ?? 502, f.body ?? { message: 'Server Error' }));
    }

    // GraphQL answers permission problems itself (HTTP 200 + errors), like GitHub.
    if (isWrite && !graphql && who.access !== 'write') return send(forbidden());

    const reply = await found.def.handler({ method, url: u, path, params: found.params, query, body: entry.body, who, accept: String(req.headers.accept ?? '') });
    if (reply.status < 300 && isWrite) {
      const after = faults.findIndex((f) => f.afterApplying && matches(f, method, path, entry.route));
      if (after >= 0) {
        const f = faults[after];
        if (--f.left <= 0) faults.splice(after, 1);
        entry.injected = 'fault-after-applying';
        return send(json(f.status ?? 502, f.body ?? { message: 'Server Error' }));
      }
    }
    return send(reply);
  }

  /** The gzip tar of a commit, as codeload serves it (`<owner>-<repo>-<sha7>/` prefix, git's pax header). */
  function archiveOf(sha: string): Promise<Buffer> {
    let p = archives.get(sha);
    if (!p) {
      p = store.git(['archive', '--format=tar', `--prefix=${owner}-${repo}-${sha.slice(0, 7)}/`, sha]).then((tar) => gzipSync(tar));
      archives.set(sha, p);
    }
    return p;
  }

  async function codeload(entry: LoggedRequest, rawPath: string, query: Record<string, string>, res: ServerResponse): Promise<void> {
    const sendText = (status: number, text: string) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    };
    const m = /^\/_codeload\/([^/]+)\/([^/]+)\/legacy\.tar\.gz\/([0-9a-f]{40})$/.exec(rawPath);
    if (!m || m[1] !== owner || m[2] !== repo) return sendText(404, '404: Not Found');
    entry.route = CODELOAD_ROUTE;
    const grant = archiveTokens.get(query.token ?? '');
    if (!grant || grant.sha !== m[3] || grant.expires < Date.now()) return sendText(404, '404: Not Found');
    const fault = faults.findIndex((f) => !f.afterApplying && matches(f, 'GET', rawPath, entry.route));
    if (fault >= 0) {
      const f = faults[fault];
      if (--f.left <= 0) faults.splice(fault, 1);
      entry.injected = 'fault';
      entry.status = f.status ?? 502;
      const body = f.body ?? '502: Bad Gateway';
      res.writeHead(entry.status, { 'content-type': Buffer.isBuffer(body) ? 'application/x-gzip' : 'text/plain; charset=utf-8' }).end(Buffer.isBuffer(body) ? body : String(body));
      return;
    }
    const gz = await archiveOf(m[3]);
    entry.status = 200;
    res
      .writeHead(200, {
        'content-type': 'application/x-gzip',
        'content-length': String(gz.length),
        'content-disposition': `attachment; filename=${owner}-${repo}-${m[3].slice(0, 7)}.tar.gz`,
        etag: `"${m[3]}"`,
      })
      .end(gz);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      errors.push(err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ message: `github fake internal error: ${err.message}` }));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // --- the handle -----------------------------------------------------------------------------

  const mustPull = (n: number) => {
    const p = pulls.get(n);
    if (!p) throw new Error(`github fake: no PR #${n}`);
    return p;
  };

  const fake: GitHubFake = {
    get url() {
      return url;
    },
    owner,
    repo,
    repoId,
    requests,
    errors,
    count(m) {
      if (typeof m === 'string') return requests.filter((r) => r.route === m).length;
      return requests.filter((r) => matches(m, r.method, r.path.replace(new RegExp(`^/repositories/${repoId}(?=/|$)`), `/repos/${fullName}`), r.route) && (m.status === undefined || r.status === m.status)).length;
    },
    creations() {
      return requests.filter((r) => r.route !== null && CREATE_ROUTES.has(r.route));
    },
    state(n) {
      const p = mustPull(n);
      const pull = { number: p.number, title: p.title, body: p.body, draft: p.draft, state: p.state, baseSha: p.baseSha, headSha: p.headSha, commits: [...p.commits], labels: [...p.labels], author: p.author.login };
      return {
        pull,
        reviews: reviews.filter((r) => r.pull === n).map(reviewJson),
        reviewComments: reviewComments.filter((c) => c.pull === n).map(reviewCommentJson),
        issueComments: issueComments.filter((c) => c.pull === n).map(issueCommentJson),
        threads: threads.filter((t) => t.pull === n).map((t) => ({ id: t.id, path: t.path, isResolved: t.isResolved, resolvedBy: t.resolvedBy, commentIds: [...t.commentIds] })),
      };
    },
    async snapshot(n) {
      const p = mustPull(n);
      const files = await pullDiff(p);
      return {
        number: n,
        baseSha: p.baseSha,
        headSha: p.headSha,
        baseRef: p.baseRef,
        headRef: p.headRef,
        commits: [...p.commits],
        files: files.map((f) => ({
          ...f,
          patchListed: listedPatch(f),
          right: listedPatch(f) && f.parsed ? [...f.parsed.right.keys()].sort((a, b) => a - b) : [],
          left: listedPatch(f) && f.parsed ? [...f.parsed.left.keys()].sort((a, b) => a - b) : [],
        })),
      };
    },
    async commentableLines(n, path, side = 'RIGHT', commitId) {
      const p = mustPull(n);
      const f = (await pullDiff(p, commitId ?? p.headSha)).find((x) => x.filename === path);
      if (!f || !f.parsed || !listedPatch(f)) return [];
      return [...(side === 'RIGHT' ? f.parsed.right : f.parsed.left).keys()].sort((a, b) => a - b);
    },
    async push(n, tree, opts = {}) {
      const p = mustPull(n);
      const sha = await store.commit(tree, opts.force ? p.baseSha : p.headSha, opts.message ?? `push to #${n}`);
      p.headSha = sha;
      p.commits = await store.revList(p.baseSha, sha);
      p.updatedAt = isoNow();
      if (!p.fork) branches.set(p.headRef, sha);
      return sha;
    },
    async updateBranch(n, trees) {
      const p = mustPull(n);
      const newBase = await store.commit(trees.baseTree, p.baseSha, `${p.baseRef} moves on`);
      p.baseSha = newBase;
      branches.set(p.baseRef, newBase);
      const merge = await store.commit(trees.mergedTree, p.headSha, `Merge branch '${p.baseRef}' into ${p.headRef}`, newBase);
      p.headSha = merge;
      p.commits = await store.revList(newBase, merge);
      p.updatedAt = isoNow();
      if (!p.fork) branches.set(p.headRef, merge);
      return merge;
    },
    updatePull(n, patch) {
      const p = mustPull(n);
      if (patch.title !== undefined) p.title = patch.title;
      if (patch.body !== undefined) p.body = patch.body;
      if (patch.draft !== undefined) p.draft = patch.draft;
      if (patch.labels !== undefined) p.labels = [...patch.labels];
      if (patch.state !== undefined) p.state = patch.state;
      p.updatedAt = isoNow();
    },
    seedIssueComment(n, c) {
      const p = mustPull(n);
      const user = makeUser(c.author);
      const now = isoNow();
      const rec: IssueCommentRec = { id: newId(), pull: n, user, association: c.authorAssociation ?? associationOf(p, user), body: c.body, createdAt: now, updatedAt: now };
      issueComments.push(rec);
      return issueCommentJson(rec);
    },
    deleteIssueComment(id) {
      const at = issueComments.findIndex((c) => c.id === id);
      if (at < 0) throw new Error(`github fake: no issue comment ${id}`);
      issueComments.splice(at, 1);
    },
    seedReview(n, r) {
      const p = mustPull(n);
      const user = makeUser(r.author);
      const state = r.state ?? 'COMMENTED';
      if (state === 'PENDING' && reviews.some((x) => x.pull === n && x.state === 'PENDING' && x.user.login === user.login)) {
        throw new Error(`github fake: ${user.login} already has a pending review on #${n} (GitHub allows one)`);
      }
      // A pending review was never submitted: it has no submitted_at, and only its author sees it.
      const rec: ReviewRec = { id: newId(), pull: n, user, body: r.body, state, commitId: r.commitId ?? p.headSha, ...(state === 'PENDING' ? {} : { submittedAt: isoNow() }), association: associationOf(p, user) };
      reviews.push(rec);
      return reviewJson(rec);
    },
    async seedReviewComment(n, c) {
      const p = mustPull(n);
      const parent = c.inReplyTo !== undefined ? reviewComments.find((x) => x.id === c.inReplyTo && x.pull === n) : undefined;
      if (c.inReplyTo !== undefined && !parent) throw new Error(`github fake: no review comment ${c.inReplyTo} on #${n}`);
      const commitId = c.commitId ?? parent?.commitId ?? p.headSha;
      const a = resolveAnchor(await pullDiff(p, commitId), { path: c.path, line: c.line, side: c.side, start_line: c.startLine, start_side: c.startSide });
      if (typeof a === 'string') throw new Error(`github fake: cannot seed a comment at ${c.path}:${c.line}: ${a}`);
      const user = makeUser(c.author);
      let review = c.reviewId !== undefined ? reviewOf(c.reviewId) : undefined;
      if (!review) {
        review = { id: newId(), pull: n, user, body: '', state: 'COMMENTED', commitId, submittedAt: isoNow(), association: associationOf(p, user) };
        reviews.push(review);
      }
      return reviewCommentJson(addReviewComment(p, { ...review, user, commitId }, a, c.body, isoNow(), parent));
    },
    failNext(rule = {}) {
      faults.push({ ...rule, left: rule.times ?? 1 });
    },
    rateLimitNext(rule) {
      limits.push({ ...rule, left: rule.times ?? 1 });
    },
    meanwhileNext(rule) {
      meanwhile.push(rule);
    },
    clearFaults() {
      faults.length = 0;
      meanwhile.length = 0;
      limits.length = 0;
    },
    async close() {
      for (const timer of lateWrites) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.remove();
    },
  };
  return fake;
}

/** Parses a Link header into rel → URL (for tests). */
export function parseLink(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of (header ?? '').matchAll(/<([^>]+)>;\s*rel="(\w+)"/g)) out[m[2]] = m[1];
  return out;
}

export { parseHunks, ZERO_SHA };
