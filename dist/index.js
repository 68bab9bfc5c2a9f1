import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  getInput,
  info,
  notice,
  reportFailure,
  setOutputs,
  writeEmptySarif
} from "./chunks/chunk-T3T3PBLJ.js";
import "./chunks/chunk-FHS2EPHH.js";
import "./chunks/chunk-G5KAKE4C.js";
import {
  CLAUDE_FOR_DEFAULT
} from "./chunks/chunk-XBMJBUDX.js";
import "./chunks/chunk-5N34DG56.js";
import "./chunks/chunk-3WSUY3EJ.js";

// src/main.ts
import { readFileSync } from "node:fs";

// src/github/target.ts
var SUPPORTED_PR_ACTIONS = ["opened", "synchronize", "reopened", "ready_for_review"];
var AUDIT_EVENTS = ["push", "schedule", "workflow_dispatch"];
var NOT_A_LABEL = ["members", "everyone"];
function resolveTarget(ctx, prNumberInput, claudeFor = CLAUDE_FOR_DEFAULT) {
  const [owner, repo] = ctx.repository.split("/");
  if (!owner || !repo) return { kind: "skip", reason: `GITHUB_REPOSITORY is '${ctx.repository}', not owner/repo` };
  if (ctx.eventName === "pull_request" || ctx.eventName === "pull_request_target") {
    const action = ctx.payload.action ?? "";
    const reviewLabel = NOT_A_LABEL.includes(claudeFor) ? void 0 : claudeFor;
    let label;
    if (action === "labeled") {
      const added = ctx.payload.label?.name ?? "";
      if (!reviewLabel) {
        return { kind: "skip", reason: `nothing to review for ${ctx.eventName} 'labeled': claude-for is ${claudeFor}, not a label name, so adding a label asks for no review` };
      }
      if (added !== reviewLabel) {
        return { kind: "skip", reason: `the label '${added}' was added to the pull request; only adding '${reviewLabel}' (input claude-for) asks for a review` };
      }
      label = added;
    } else if (!SUPPORTED_PR_ACTIONS.includes(action)) {
      const labeled = reviewLabel ? `, and labeled with '${reviewLabel}'` : "";
      return { kind: "skip", reason: `nothing to review for ${ctx.eventName} '${action}' (reviews run on ${SUPPORTED_PR_ACTIONS.join(", ")}${labeled})` };
    }
    const number = ctx.payload.pull_request?.number;
    if (!number) return { kind: "skip", reason: `the ${ctx.eventName} event has no pull_request` };
    return { kind: "pr", owner, repo, prNumber: number, event: ctx.eventName, ...label ? { label } : {} };
  }
  if (ctx.eventName === "workflow_dispatch") {
    const fromPayload = Number(ctx.payload.inputs?.["pr-number"] ?? NaN);
    const prNumber = prNumberInput ?? (Number.isInteger(fromPayload) && fromPayload > 0 ? fromPayload : void 0);
    if (prNumber) return { kind: "pr", owner, repo, prNumber, event: ctx.eventName };
  }
  if (AUDIT_EVENTS.includes(ctx.eventName)) {
    if (ctx.eventName === "push" && ctx.payload.deleted === true) return { kind: "skip", reason: "the push deleted its branch: nothing to audit" };
    if (ctx.sha) return { kind: "audit", owner, repo, sha: ctx.sha, event: ctx.eventName };
    return { kind: "skip", reason: `${ctx.eventName} without ${ctx.eventName === "workflow_dispatch" ? "pr-number and without " : ""}GITHUB_SHA: nothing to review` };
  }
  return {
    kind: "skip",
    reason: `the ${ctx.eventName} event is not supported; convex-review runs on pull_request, pull_request_target, workflow_dispatch (a PR by pr-number, or an audit), push and schedule (audits)`
  };
}

// src/main.ts
async function run(env = process.env) {
  try {
    const target = resolveTarget(readEvent(env), positiveInteger(getInput("pr-number")), getInput("claude-for").trim() || CLAUDE_FOR_DEFAULT);
    if (target.kind === "skip") {
      notice(`convex-review: ${target.reason}`);
      setOutputs({});
      const sarifFile = getInput("sarif-file").trim();
      if (sarifFile) info(`convex-review: SARIF (no results: nothing reviewed) written to ${writeEmptySarif(sarifFile, env.GITHUB_WORKSPACE ?? process.cwd())}`);
      return;
    }
    const { runTarget } = await import("./chunks/run-REVMAOW4.js");
    await runTarget(target, env);
  } catch (error) {
    await reportFailure(error);
  }
}
function positiveInteger(value) {
  const text = value.trim();
  return /^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : void 0;
}
function readEvent(env) {
  const path = env.GITHUB_EVENT_PATH;
  const payload = path ? JSON.parse(readFileSync(path, "utf8")) : {};
  return { eventName: env.GITHUB_EVENT_NAME ?? "", payload, repository: env.GITHUB_REPOSITORY ?? "", sha: env.GITHUB_SHA || void 0 };
}

// src/index.ts
await run();
