#!/usr/bin/env node
import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);
import {
  EFFORTS
} from "./chunks/chunk-E7J73F65.js";
import {
  CLAUDE_DEFAULTS,
  ConfigFileError,
  DEFAULT_MODEL,
  UsageError
} from "./chunks/chunk-XBMJBUDX.js";
import {
  SEVERITIES,
  THRESHOLDS,
  TOOL_NAME,
  TOOL_VERSION
} from "./chunks/chunk-5N34DG56.js";
import "./chunks/chunk-3WSUY3EJ.js";

// src/cli.ts
import nodeModule from "node:module";

// src/cli/args.ts
import { parseArgs } from "node:util";

// src/eval/options.ts
var EVAL_MODES = ["replay", "record", "live"];
var EVAL_FORMATS = ["text", "json", "markdown"];
var EVAL_SPLITS = ["all", "dev", "held-out"];
var EVAL_ONLY = ["mode", "dir", "case", "split", "from-fixtures", "sources", "repeat", "max-usd"];
function parseEvalOptions(values, rest) {
  if (rest.length > 0) throw new UsageError(`eval takes no PATH ('${rest[0]}'): it runs the cases under --dir (default: eval)`);
  const mode = values.mode ?? "replay";
  if (!EVAL_MODES.includes(mode)) throw new UsageError(`--mode: '${mode}' is not a mode; use one of ${EVAL_MODES.join(", ")}`);
  const format = values.format ?? "text";
  if (!EVAL_FORMATS.includes(format)) throw new UsageError(`--format: '${format}' is not a format of eval; use one of ${EVAL_FORMATS.join(", ")}`);
  const split = values.split ?? "all";
  if (!EVAL_SPLITS.includes(split)) throw new UsageError(`--split: '${split}' is not a split; use one of ${EVAL_SPLITS.join(", ")}`);
  const repeat = values.repeat ?? "1";
  if (!/^\d+$/.test(repeat) || Number(repeat) < 1 || Number(repeat) > 100) throw new UsageError(`--repeat: '${repeat}' is not a whole number from 1 to 100`);
  if (Number(repeat) > 1 && mode !== "live") throw new UsageError("--repeat measures the model's variance: use it with --mode live (a replay answers the same every time)");
  const maxUsd = values["max-usd"];
  if (maxUsd !== void 0 && (!/^\d+(\.\d+)?$/.test(maxUsd) || Number(maxUsd) <= 0)) throw new UsageError(`--max-usd: '${maxUsd}' is not a positive amount of dollars`);
  if (maxUsd !== void 0 && mode === "replay") throw new UsageError("--max-usd limits spending: use it with --mode record or live (a replay spends nothing)");
  if (values["from-fixtures"] && mode !== "record") throw new UsageError("--from-fixtures re-keys the hand-written fixtures: use it with --mode record");
  if (values["no-claude"] && mode !== "replay") throw new UsageError(`--no-claude runs the static rules only: there is nothing to ${mode}`);
  if (values["update-baseline"] && !values.baseline) throw new UsageError("--update-baseline writes the baseline: give its file with --baseline FILE");
  for (const flag of ["dir", "sources", "baseline", "model"]) {
    if (values[flag] !== void 0 && values[flag].trim() === "") throw new UsageError(`--${flag}: give a value`);
  }
  return {
    mode,
    dir: values.dir ?? "eval",
    only: values.case ?? [],
    split,
    claude: !values["no-claude"],
    fromFixtures: values["from-fixtures"] === true,
    ...values.sources !== void 0 ? { sources: values.sources } : {},
    repeat: Number(repeat),
    ...maxUsd !== void 0 ? { maxUsd: Number(maxUsd) } : {},
    model: values.model ?? DEFAULT_MODEL,
    format,
    ...values.baseline !== void 0 ? { baseline: values.baseline } : {},
    updateBaseline: values["update-baseline"] === true
  };
}

// src/cli/args.ts
var FORMATS = ["text", "json", "sarif", "github"];
var REVIEW_FORMATS = ["text", "json"];
var RULES_FORMATS = ["text", "json"];
var DEFAULT_MAX_INPUT_TOKENS = CLAUDE_DEFAULTS.maxInputTokens;
var HELP = `Usage: convex-review check [PATH...] [options]
       convex-review review [--base REF] [--head REF] [options]
       convex-review rules [--format text|json]
       convex-review eval [--mode replay|record|live] [options]

check   Checks the Convex code under PATH (default: .) with convex-review's static rules.
        Convex roots are found under PATH (convex.json is honoured; several roots are fine).

review  Reviews a change in a git checkout as the GitHub Action would review its pull
        request: the static rules (findings on the changed Convex files), plus Claude when
        ANTHROPIC_API_KEY is set. Prints each inline comment, then the summary comment.

rules   Lists every rule: id, severity, category, whether it has a fix, and its docs.

eval    Measures the review on the labelled pull requests under eval/cases (docs/eval.md):
        recall, precision on labelled lines, inline comments per clean PR, Claude's costs.

Options of check and review:
  --format text|json|sarif|github
                                output format (default: text); json and sarif print
                                repo-root relative paths; github prints workflow commands
                                (annotations) for GitHub Actions (review: text or json)
  --fail-on error|warning|info|never
                                exit 1 when a static finding is at or above this severity
                                (default: the config file's fail-on, else error)
  --rule ID=off|error|warning|info
                                turn a rule off or change its severity (repeatable;
                                --rules, the Action's input name, works too)
  --fix                         apply every certain fix (the ones posted as suggestions) to
                                the files, re-run the rules, and report what is left
                                (review: only on the working tree)
  --fix-dry-run                 print the fixes as a diff; write nothing
  --baseline FILE               report only findings not recorded in FILE (adopt on an
                                existing app; default: the config file's baseline)
  --update-baseline             record the current findings in the baseline and exit 0
  --min-severity error|warning|info
                                hide findings below it (a line counts them); --quiet is
                                --min-severity warning
  --config FILE                 the config file (default: .github/convex-review.yml of the
                                repository)
  -h, --help                    show this help
  -v, --version                 show the version

Options of review:
  --base REF                    compare with the merge base of REF and the head (default:
                                the default branch: origin/HEAD, else main, else master)
  --head REF                    review the commit REF (default: the working tree, with
                                uncommitted and untracked files that are not ignored)
  --no-claude                   static rules only, even with ANTHROPIC_API_KEY set
  --model MODEL                 the Claude model (default: ${DEFAULT_MODEL})
  --max-input-tokens N          Claude input-token budget for the run (default: ${DEFAULT_MAX_INPUT_TOKENS})
  --effort LEVEL                how hard Claude thinks: ${EFFORTS.join(", ")} (default: ${CLAUDE_DEFAULTS.effort})
  --no-verify                   post Claude's comments without the verification request

Options of eval:
  --mode replay|record|live     replay (default): Claude's answers from eval/recordings,
                                offline; record: call the API and write the recordings;
                                live: call the API, write nothing
  --no-claude                   static rules only (replay)
  --case ID                     only this case (repeatable); --split dev|held-out|all
  --from-fixtures               with --mode record: re-key the hand-written fixtures'
                                recordings for the current request format (no API call)
  --sources DIR                 fetched sources of the fix-commit recipes
  --repeat N                    live: run N times (variance); --max-usd X: stop spending there
  --model MODEL                 the Claude model (default: ${DEFAULT_MODEL})
  --format text|json|markdown   report format (default: text)
  --baseline FILE               exit 1 on a regression beyond the margins against FILE;
                                with --update-baseline, write FILE instead
  --dir DIR                     the eval folder (default: eval)

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or config error, 3 internal error.
`;
var REVIEW_ONLY = ["base", "head", "model", "max-input-tokens", "no-claude", "effort", "no-verify"];
function parseCommand(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string" },
        "fail-on": { type: "string" },
        rule: { type: "string", multiple: true },
        base: { type: "string" },
        head: { type: "string" },
        model: { type: "string" },
        "max-input-tokens": { type: "string" },
        "no-claude": { type: "boolean" },
        effort: { type: "string" },
        "no-verify": { type: "boolean" },
        rules: { type: "string", multiple: true },
        fix: { type: "boolean" },
        "fix-dry-run": { type: "boolean" },
        "update-baseline": { type: "boolean" },
        "min-severity": { type: "string" },
        quiet: { type: "boolean" },
        config: { type: "string" },
        mode: { type: "string" },
        dir: { type: "string" },
        case: { type: "string", multiple: true },
        split: { type: "string" },
        "from-fixtures": { type: "boolean" },
        sources: { type: "string" },
        repeat: { type: "string" },
        "max-usd": { type: "string" },
        baseline: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" }
      }
    });
  } catch (error) {
    throw new UsageError(`${error.message.replace(/\.$/, "")}. Run 'convex-review --help' for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { name: "help" };
  if (values.version) return { name: "version" };
  const [command, ...rest] = positionals;
  if (command === void 0) throw new UsageError(`a command is required: check, review, rules or eval. Run 'convex-review --help' for usage.`);
  if (command === "help") return { name: "help" };
  if (command !== "check" && command !== "review" && command !== "eval" && command !== "rules") throw new UsageError(`unknown command '${command}'; the commands are: check, review, rules, eval`);
  if (command === "rules") {
    const other = Object.keys(values).find((flag) => flag !== "format");
    if (other) throw new UsageError(`--${other} is not an option of rules (it takes --format text|json)`);
    if (rest.length > 0) throw new UsageError(`rules takes no arguments ('${rest[0]}')`);
    const format2 = values.format ?? "text";
    if (!RULES_FORMATS.includes(format2)) throw new UsageError(`--format: '${format2}' is not a format of rules; use one of ${RULES_FORMATS.join(", ")}`);
    return { name: "rules", format: format2 };
  }
  if (command === "eval") {
    const misplaced = ["fail-on", "rule", "rules", "base", "head", "max-input-tokens", "effort", "no-verify", ...LINT_ONLY].find((flag) => values[flag] !== void 0);
    if (misplaced) throw new UsageError(`--${misplaced} is not an option of eval`);
    return { name: "eval", options: parseEvalOptions(values, rest) };
  }
  const evalOnly = EVAL_ONLY.find((flag) => values[flag] !== void 0);
  if (evalOnly) throw new UsageError(`--${evalOnly} is an option of eval, not of ${command}`);
  const failOn = values["fail-on"];
  if (failOn !== void 0 && !THRESHOLDS.includes(failOn)) throw new UsageError(`--fail-on: '${failOn}' is not a severity; use one of ${THRESHOLDS.join(", ")}`);
  const rules = [...values.rule ?? [], ...values.rules ?? []];
  const lint = lintOptions(values);
  if (command === "check") {
    const misplaced = REVIEW_ONLY.find((flag) => values[flag] !== void 0);
    if (misplaced) throw new UsageError(`--${misplaced} is an option of review, not of check`);
    const format2 = values.format ?? "text";
    if (!FORMATS.includes(format2)) throw new UsageError(`--format: '${format2}' is not a format; use one of ${FORMATS.join(", ")}`);
    return { name: "check", paths: rest.length > 0 ? rest : ["."], format: format2, ...failOn !== void 0 ? { failOn } : {}, rules, ...lint };
  }
  if (rest.length > 0) throw new UsageError(`review takes no PATH ('${rest[0]}'): it reviews the Convex files changed between --base and --head. To check a folder, use 'convex-review check ${rest[0]}'`);
  const format = values.format ?? "text";
  if (!REVIEW_FORMATS.includes(format)) throw new UsageError(`--format: '${format}' is not a format of review; use one of ${REVIEW_FORMATS.join(", ")}`);
  for (const flag of ["base", "head", "model"]) {
    if (values[flag] !== void 0 && values[flag].trim() === "") throw new UsageError(`--${flag}: give a value (${flag === "model" ? "a Claude model id" : "a branch, tag or commit"})`);
  }
  const maxInput = values["max-input-tokens"] ?? String(DEFAULT_MAX_INPUT_TOKENS);
  if (!/^\d+$/.test(maxInput) || Number(maxInput) > 1e7) throw new UsageError(`--max-input-tokens: '${maxInput}' is not a whole number from 0 to 10000000`);
  const effort = values.effort ?? CLAUDE_DEFAULTS.effort;
  if (!EFFORTS.includes(effort)) throw new UsageError(`--effort: '${effort}' is not an effort level; use one of ${EFFORTS.join(", ")}`);
  return {
    name: "review",
    ...values.base !== void 0 ? { base: values.base } : {},
    ...values.head !== void 0 ? { head: values.head } : {},
    format,
    ...failOn !== void 0 ? { failOn } : {},
    rules,
    claude: !values["no-claude"],
    model: values.model ?? DEFAULT_MODEL,
    maxInputTokens: Number(maxInput),
    effort,
    verify: !values["no-verify"],
    ...lint
  };
}
var LINT_ONLY = ["fix", "fix-dry-run", "min-severity", "quiet", "config"];
function lintOptions(values) {
  if (values.fix && values["fix-dry-run"]) throw new UsageError("--fix and --fix-dry-run: give one (--fix-dry-run prints what --fix would write)");
  if (values.quiet && values["min-severity"] !== void 0) throw new UsageError("--quiet is --min-severity warning: give one of them");
  const minSeverity = values.quiet ? "warning" : values["min-severity"] ?? "info";
  if (!SEVERITIES.includes(minSeverity)) throw new UsageError(`--min-severity: '${minSeverity}' is not a severity; use one of ${SEVERITIES.join(", ")}`);
  for (const flag of ["baseline", "config"]) {
    if (values[flag] !== void 0 && values[flag].trim() === "") throw new UsageError(`--${flag}: give a file`);
  }
  return {
    fix: values.fix === true,
    fixDryRun: values["fix-dry-run"] === true,
    ...values.baseline !== void 0 ? { baseline: values.baseline } : {},
    updateBaseline: values["update-baseline"] === true,
    minSeverity,
    ...values.config !== void 0 ? { config: values.config } : {}
  };
}

// src/cli/main.ts
var EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 };
async function runCli(argv, io) {
  try {
    return await runCommand(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigFileError) {
      io.stderr(`${TOOL_NAME}: ${error.message}
`);
      return EXIT.usage;
    }
    io.stderr(`${TOOL_NAME}: internal error: ${error.stack ?? String(error)}
`);
    return EXIT.internal;
  }
}
async function runCommand(argv, io) {
  const command = parseCommand(argv);
  if (command.name === "help") {
    io.stdout(HELP);
    return EXIT.ok;
  }
  if (command.name === "version") {
    io.stdout(`${TOOL_NAME} ${TOOL_VERSION}
`);
    return EXIT.ok;
  }
  if (command.name === "eval") {
    const { runEval } = await import("./chunks/command-FPLKLG4P.js");
    return runEval(command.options, io);
  }
  if (command.name === "rules") {
    const { runRules } = await import("./chunks/rules-GNGIQPLW.js");
    return runRules(command, io);
  }
  if (command.name === "review") {
    const { runReview } = await import("./chunks/review-5YOKEKIJ.js");
    return runReview(command, io);
  }
  const { runCheck } = await import("./chunks/check-B33HSFSR.js");
  return runCheck(command, io);
}

// src/cli.ts
nodeModule.enableCompileCache?.();
var closed = /* @__PURE__ */ new Set();
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    closed.add(stream);
  });
}
var writeTo = (stream) => (s) => {
  if (!closed.has(stream) && !stream.destroyed) stream.write(s);
};
var color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== "0" : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: writeTo(process.stdout),
  stderr: writeTo(process.stderr),
  color
});
