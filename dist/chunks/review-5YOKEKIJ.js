import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  runClaudeReview
} from "./chunk-26EQZNLW.js";
import {
  chooseBaseline,
  cwdRelativePaths,
  fixIfAsked,
  localSettings,
  printFixReport,
  printedDryRun,
  reviewBaselineLines,
  tell,
  visibleReview,
  withBaseline,
  withFixes,
  writeBaseline
} from "./chunk-27EDB3LL.js";
import "./chunk-2BXJA775.js";
import "./chunk-F7WXXGCI.js";
import {
  failingFindings,
  parsePatch,
  readProjectFiles,
  renderInlineComment,
  renderSummaryText,
  reviewChange,
  reviewedFiles,
  withoutMarkers
} from "./chunk-SLO35LOW.js";
import {
  paint,
  plural,
  ruleTitle
} from "./chunk-J4TE5HMB.js";
import "./chunk-FHS2EPHH.js";
import "./chunk-G5KAKE4C.js";
import "./chunk-E7J73F65.js";
import {
  CLAUDE_DEFAULTS,
  UsageError
} from "./chunk-XBMJBUDX.js";
import {
  TOOL_NAME,
  TOOL_VERSION,
  compareByLocation,
  countBySeverity
} from "./chunk-5N34DG56.js";
import "./chunk-RXZKYWSX.js";
import "./chunk-3WSUY3EJ.js";

// src/cli/review.ts
import { realpathSync } from "node:fs";

// src/cli/git.ts
import { execFile } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
var MAX_OUTPUT = 1024 * 1024 * 1024;
function git(cwd, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      ["--literal-pathspecs", "-c", "core.quotePath=false", ...args],
      { cwd, encoding: "buffer", maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0" } },
      (error, stdout, stderr) => {
        const code = error ? error.code : 0;
        if (error && typeof code !== "number") {
          reject(error.code === "ENOENT" ? new UsageError("git was not found on PATH: review needs git") : error);
          return;
        }
        resolve({ code, stdout, stderr: stderr.toString("utf8") });
      }
    );
    if (input !== void 0) child.stdin?.end(input);
  });
}
async function gitText(cwd, args) {
  const result = await git(cwd, args);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout.toString("utf8");
}
async function repoRootOf(cwd) {
  const result = await git(cwd, ["rev-parse", "--show-toplevel"]);
  const root = result.stdout.toString("utf8").trim();
  if (result.code !== 0 || !root) {
    const why = result.stderr.trim().split("\n")[0]?.replace(/^fatal: /, "") || "git rev-parse failed";
    throw new UsageError(`review needs a git checkout, and ${cwd} is not in one (${why}). To check a folder without git, use 'convex-review check PATH'`);
  }
  return root;
}
async function commitOf(root, ref) {
  if (ref.startsWith("-")) return void 0;
  const result = await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : void 0;
}
async function requireCommit(root, ref, flag) {
  const sha = await commitOf(root, ref);
  if (!sha) throw new UsageError(`${flag}: '${ref}' is not a commit in this repository (give a branch, tag or commit)`);
  return sha;
}
var DEFAULT_BRANCHES = ["origin/HEAD", "main", "master"];
async function defaultBranch(root) {
  const origin = await git(root, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]);
  const target = origin.stdout.toString("utf8").trim().replace(/^refs\/remotes\//, "");
  if (origin.code === 0 && target && await commitOf(root, target)) return target;
  for (const name of ["main", "master"]) if (await commitOf(root, name)) return name;
  throw new UsageError(`no default branch to compare with: tried ${DEFAULT_BRANCHES.join(", ")}, and none exists in this repository. Pass --base REF (a branch, tag or commit)`);
}
async function mergeBase(root, a, b) {
  const result = await git(root, ["merge-base", a, b]);
  const sha = result.stdout.toString("utf8").trim();
  return result.code === 0 && sha ? sha : void 0;
}
async function workingTreeMatches(root, commit) {
  const diff = await git(root, ["diff", "--quiet", "--no-ext-diff", "--no-textconv", commit, "--"]);
  if (diff.code !== 0) return false;
  return await gitText(root, ["ls-files", "-z", "--others", "--exclude-standard"]) === "";
}
var STATUS = { A: "added", M: "modified", D: "removed", R: "renamed", C: "copied", T: "changed", U: "modified" };
function parseNameStatus(output) {
  const fields = output.split("\0");
  const files = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const code = fields[i++];
    if (!code) continue;
    const status = STATUS[code[0]] ?? "modified";
    if (code[0] === "R" || code[0] === "C") {
      const previousPath = fields[i++];
      const path = fields[i++];
      files.push({ path, status, previousPath });
    } else {
      files.push({ path: fields[i++], status });
    }
  }
  return files;
}
function hunksOf(diff) {
  const at = diff.startsWith("@@") ? 0 : diff.indexOf("\n@@");
  if (at < 0) return void 0;
  return diff.slice(at === 0 ? 0 : at + 1).replace(/\n$/, "");
}
function addedFilePatch(content) {
  if (content.includes(0)) return void 0;
  const text = content.toString("utf8");
  if (text === "") return "";
  const lines = text.replace(/\n$/, "").split("\n");
  return [`@@ -0,0 +1${lines.length === 1 ? "" : `,${lines.length}`} @@`, ...lines.map((l) => `+${l}`), ...text.endsWith("\n") ? [] : ["\\ No newline at end of file"]].join("\n");
}
var DIFF_OPTIONS = ["--unified=3", "--find-renames", "--no-color", "--no-ext-diff", "--no-textconv", "--diff-algorithm=myers"];
async function changedFiles(root, base, head) {
  const listed = parseNameStatus(await gitText(root, ["diff", "--name-status", "-z", ...DIFF_OPTIONS, base, ...head ? [head] : [], "--"]));
  if (head) return { files: listed, untracked: /* @__PURE__ */ new Set() };
  const known = new Set(listed.map((f) => f.path));
  const untracked = (await gitText(root, ["ls-files", "-z", "--others", "--exclude-standard"])).split("\0").filter((p) => p && !known.has(p));
  const files = [...listed, ...untracked.map((path) => ({ path, status: "added" }))].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files, untracked: new Set(untracked) };
}
async function patchOf(root, base, head, file, untracked) {
  if (untracked) {
    const content = readWorkingFile(root, file.path);
    const hunks2 = content === void 0 ? void 0 : addedFilePatch(content);
    return hunks2 === void 0 ? void 0 : parsePatch(hunks2);
  }
  const paths = file.previousPath ? [file.previousPath, file.path] : [file.path];
  const diff = await gitText(root, ["diff", ...DIFF_OPTIONS, base, ...head ? [head] : [], "--", ...paths]);
  const hunks = hunksOf(diff);
  if (hunks === void 0 && /^Binary files .* differ$/m.test(diff)) return void 0;
  return parsePatch(hunks ?? "");
}
function parseLsTree(output) {
  const entries = [];
  for (const record of output.split("\0")) {
    const m = /^(\d+) (\w+) [0-9a-f]+ +(-|\d+)\t([\s\S]+)$/.exec(record);
    if (!m || m[2] !== "blob" || m[1] === "120000") continue;
    entries.push({ path: m[4], size: Number(m[3]) });
  }
  return entries;
}
async function listFiles(root, head) {
  if (head) return parseLsTree(await gitText(root, ["ls-tree", "-r", "-z", "-l", "--full-tree", head]));
  const paths = new Set((await gitText(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])).split("\0").filter(Boolean));
  const entries = [];
  for (const path of [...paths].sort()) {
    const stat = lstatSync(join(root, path), { throwIfNoEntry: false });
    if (stat?.isFile()) entries.push({ path, size: stat.size });
  }
  return entries;
}
async function readFiles(root, head, paths) {
  const out = /* @__PURE__ */ new Map();
  if (!head) {
    for (const path of paths) {
      const content = readWorkingFile(root, path);
      if (content !== void 0) out.set(path, content);
    }
    return out;
  }
  const batchable = paths.filter((p) => !p.includes("\n"));
  if (batchable.length === 0) return out;
  const result = await git(root, ["cat-file", "--batch"], batchable.map((p) => `${head}:${p}
`).join(""));
  if (result.code !== 0) throw new Error(`git cat-file --batch failed (exit ${result.code}): ${result.stderr.trim()}`);
  let at = 0;
  for (const path of batchable) {
    const eol = result.stdout.indexOf(10, at);
    const header = result.stdout.subarray(at, eol).toString("utf8");
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue;
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(path, result.stdout.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}
function readWorkingFile(root, path) {
  try {
    return readFileSync(join(root, path));
  } catch {
    return void 0;
  }
}

// src/cli/change.ts
var PATCH_CONCURRENCY = 8;
async function readChange(root, base, head) {
  const [entries, changes] = await Promise.all([listFiles(root, head), changedFiles(root, base, head)]);
  const project = await readProjectFiles(entries, (paths) => readFiles(root, head, paths));
  const inRoots = new Set(reviewedFiles(changes.files, project.roots, [], []).map((f) => f.path));
  const queue = changes.files.filter((f) => inRoots.has(f.path));
  const patched = /* @__PURE__ */ new Map();
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const patch = await patchOf(root, base, head, f, changes.untracked.has(f.path));
      patched.set(f.path, { ...f, ...patch ? { patch } : {} });
    }
  };
  await Promise.all(Array.from({ length: PATCH_CONCURRENCY }, worker));
  return { project, changedFiles: changes.files.map((f) => patched.get(f.path) ?? f) };
}

// src/cli/review-format.ts
function inlineBody(comment) {
  return withoutMarkers(renderInlineComment(comment, ruleTitle));
}
function headLabel(ctx) {
  return ctx.head.workingTree ? "working tree" : ctx.head.sha.slice(0, 7);
}
function summaryText(review, ctx) {
  return renderSummaryText({
    plan: review.plan,
    headSha: ctx.head.sha,
    headLabel: headLabel(ctx),
    reviewedFiles: review.changed.map((f) => f.path),
    skipped: ctx.skipped,
    notes: review.notes,
    postedInline: review.plan.inline.length,
    titleOf: ruleTitle,
    ...review.claudeSummary ? { claude: review.claudeSummary } : {}
  });
}
function formatReviewText(review, ctx, style) {
  const paint2 = paint(style.color);
  const head = ctx.head.workingTree ? `the working tree (on ${ctx.head.sha.slice(0, 7)})` : `${ctx.head.ref} (${ctx.head.sha.slice(0, 7)})`;
  const out = [
    paint2("bold", `${TOOL_NAME} review: ${head} against ${ctx.base.ref} (merge base ${ctx.base.sha.slice(0, 7)})`) + ` \xB7 ${plural(ctx.changed, "changed file")}, ${plural(review.changed.length, "Convex file")} reviewed`,
    ""
  ];
  for (const comment of byLocation(review.plan.inline)) {
    const lines = comment.startLine !== void 0 ? `${comment.startLine}-${comment.line}` : `${comment.line}`;
    out.push(paint2("cyan", `\u2500\u2500 ${style.displayPath(comment.path)}:${lines} \u2500\u2500`), "", inlineBody(comment), "");
  }
  out.push(paint2("cyan", "\u2500\u2500 summary comment \u2500\u2500"), "", summaryText(review, ctx), "", verdict(review, ctx, style.color));
  return out.join("\n") + "\n";
}
function verdict(review, ctx, color) {
  const paint2 = paint(color);
  const findings = review.plan.findings;
  const where = `${plural(review.changed.length, "changed Convex file")}`;
  const gate = ctx.failOn === "never" ? "--fail-on never" : ctx.failing.length > 0 ? `fails --fail-on ${ctx.failOn} (${plural(ctx.failing.length, "static finding")} at or above it)` : `passes --fail-on ${ctx.failOn}`;
  if (findings.length === 0) return paint2("green", `\u2714 No issues in ${where}`) + ` \xB7 ${gate}`;
  const counts = countBySeverity(findings);
  const fromClaude = findings.filter((f) => f.source === "claude").length;
  const origin = fromClaude > 0 ? `; ${findings.length - fromClaude} from the rules, ${fromClaude} from Claude` : "";
  const headline = `\u2716 ${plural(findings.length, "finding")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info${origin}) in ${where}`;
  const code = ctx.failing.length > 0 ? "red" : counts.error > 0 || counts.warning > 0 ? "yellow" : "cyan";
  return paint2(code, headline) + ` \xB7 ${plural(review.plan.inline.length, "inline comment")} \xB7 ${gate}`;
}
function formatReviewJson(review, ctx, changedFiles2) {
  const reviewed = new Set(review.changed.map((f) => f.path));
  const envelope = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    base: ctx.base,
    head: ctx.head,
    files: changedFiles2.map((f) => ({ path: f.path, status: f.status, ...f.previousPath ? { previousPath: f.previousPath } : {}, reviewed: reviewed.has(f.path) })),
    skipped: ctx.skipped,
    findings: review.plan.findings,
    inline: byLocation(review.plan.inline).map((c) => ({
      path: c.path,
      line: c.line,
      ...c.startLine !== void 0 ? { startLine: c.startLine } : {},
      fingerprint: c.finding.fingerprint,
      ruleId: c.finding.ruleId,
      source: c.finding.source,
      severity: c.finding.severity,
      suggestion: c.withSuggestion,
      body: inlineBody(c)
    })),
    claude: claudeJson(review.claudeSummary)
  };
  return JSON.stringify(envelope, null, 2) + "\n";
}
function claudeJson(summary) {
  if (!summary) return { ran: false, reason: "No Convex file changed, so there was nothing for Claude to review." };
  if (!summary.ran) return summary;
  return { ...summary, costUsd: summary.costUsd ?? null };
}
function byLocation(comments) {
  return [...comments].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.startLine ?? a.line) - (b.startLine ?? b.line) || compareByLocation(a.finding, b.finding));
}

// src/cli/review.ts
async function runReview(command, io) {
  const env = io.env ?? process.env;
  if (command.head !== void 0 && (command.fix || command.fixDryRun)) {
    throw new UsageError(`${command.fix ? "--fix" : "--fix-dry-run"} fixes the files of the working tree, and --head ${command.head} reviews a commit, which has none to write: drop --head (check out ${command.head} first to fix it)`);
  }
  const root = await repoRootOf(io.cwd);
  const { config, settings, failOn } = localSettings(command, root, io.cwd);
  const baseline = chooseBaseline(command, config.baseline, { cwd: io.cwd, repoRoot: root });
  const headSha = command.head !== void 0 ? await requireCommit(root, command.head, "--head") : await commitOf(root, "HEAD");
  if (!headSha) throw new UsageError("HEAD has no commit yet: commit once before reviewing (review compares the working tree with a commit)");
  const baseRef = command.base ?? await defaultBranch(root);
  const baseTip = await requireCommit(root, baseRef, command.base !== void 0 ? "--base" : `the default branch (${baseRef})`);
  const baseSha = await mergeBase(root, baseTip, headSha);
  if (!baseSha) throw new UsageError(`--base: ${baseRef} and ${command.head ?? "HEAD"} have no common history (no merge base); pass --base REF`);
  const fixing = await fixIfAsked(command, async () => {
    const current = await readChange(root, baseSha, void 0);
    return { repoRoot: root, project: current.project, target: { kind: "change", changedFiles: current.changedFiles }, settings: withBaseline(settings, baseline) };
  });
  if (fixing && printedDryRun(fixing, command.format, io)) return failingFindings(fixing.review, failOn).length > 0 ? 1 : 0;
  const workingTree = command.head === void 0 && !await workingTreeMatches(root, headSha);
  const change = await readChange(root, baseSha, workingTree ? void 0 : headSha);
  const claude = baseline?.update ? { skip: "--update-baseline records the static findings only." } : claudeChoice(command, env, (n) => {
    if (command.format === "text") io.stderr(`${TOOL_NAME}: Claude (${command.model}) is reviewing ${plural(n, "changed file")}\u2026
`);
  });
  const review = await reviewChange({
    project: change.project,
    target: { kind: "change", changedFiles: change.changedFiles },
    settings: withBaseline(settings, baseline),
    claude
  });
  for (const failure of review.claudeReport?.failures ?? []) io.stderr(`${TOOL_NAME}: Claude: ${failure}
`);
  if (baseline?.update) {
    tell(io, command.format, [writeBaseline(baseline, review.findings, review.gates)]);
    return 0;
  }
  const failing = failingFindings(review, failOn);
  const ctx = {
    base: { ref: baseRef, sha: baseSha },
    head: { ref: command.head ?? "HEAD", sha: headSha, workingTree },
    changed: change.changedFiles.length,
    skipped: change.project.skipped,
    failOn,
    failing
  };
  const visible = visibleReview(review, command.minSeverity, failing, failOn);
  const style = { color: io.color, displayPath: cwdRelativePaths(root, realCwd(io.cwd)) };
  if (fixing) printFixReport(fixing, command.format, io, style);
  io.stdout(
    withFixes(
      command.format === "json" ? formatReviewJson(visible.shown, ctx, change.changedFiles) : formatReviewText(visible.shown, ctx, style) + (visible.line ? `${visible.line}
` : ""),
      fixing,
      command.format
    )
  );
  tell(io, command.format, reviewBaselineLines(review, baseline));
  return failing.length > 0 ? 1 : 0;
}
function claudeChoice(command, env, starting) {
  if (!command.claude) return { skip: "Claude is off for this run (--no-claude): static rules only." };
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return { skip: "No ANTHROPIC_API_KEY in the environment, so Claude did not review: static rules only. Set it to add the Claude review." };
  return {
    run: (input) => {
      starting(input.files.length);
      return runClaudeReview(input, {
        apiKey,
        baseURL: env.ANTHROPIC_BASE_URL || void 0,
        model: command.model,
        maxInputTokens: command.maxInputTokens,
        maxOutputTokens: CLAUDE_DEFAULTS.maxOutputTokens,
        effort: command.effort,
        verify: command.verify,
        minScore: CLAUDE_DEFAULTS.minScore,
        concurrency: CLAUDE_DEFAULTS.concurrency,
        maxRetries: CLAUDE_DEFAULTS.maxRetries,
        timeoutSeconds: CLAUDE_DEFAULTS.timeoutSeconds
      });
    }
  };
}
function realCwd(cwd) {
  try {
    return realpathSync(cwd);
  } catch {
    return cwd;
  }
}
export {
  runReview
};
