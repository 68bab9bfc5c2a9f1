/** The check command's outputs: the JSON envelope of the contract, SARIF 2.1.0, workflow commands, and text for people. */
import { relative, join } from 'node:path';
import { countBySeverity, type Finding, type Severity, type SkippedFile } from '../core/finding.js';
import { ALL_RULES } from '../convex/rules/index.js';
import { paint as painter, plural, type SgrName } from '../core/text.js';
import { RULE_HELP } from '../report/rule-help.js';
import { toSarif } from '../report/sarif.js';
import { workflowCommands } from '../report/workflow-commands.js';
import { ruleDocsUrl, TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { Format } from './args.js';

export interface CheckResult {
  files: number;
  skipped: SkippedFile[];
  findings: Finding[];
}

export function formatJson(result: CheckResult): string {
  const envelope = {
    version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    files: result.files,
    skipped: result.skipped,
    findings: result.findings,
  };
  return JSON.stringify(envelope, null, 2) + '\n';
}

/** SARIF 2.1.0 with every registered rule; paths are repo-root relative, as in the JSON. */
export function formatSarif(result: CheckResult): string {
  return JSON.stringify(toSarif(result.findings, { toolVersion: TOOL_VERSION, rules: ALL_RULES, help: RULE_HELP }), null, 2) + '\n';
}

/** `--format github`: one GitHub Actions workflow command (an annotation) per finding, repo-root paths. */
export function formatGithub(result: CheckResult): string {
  return workflowCommands(result.findings);
}

/** check's stdout in `format`; `text` is the only one that takes the time and the style. */
export function formatCheck(format: Format, result: CheckResult, seconds: number, style: TextStyle): string {
  if (format === 'json') return formatJson(result);
  if (format === 'sarif') return formatSarif(result);
  if (format === 'github') return formatGithub(result);
  return formatText(result, seconds, style);
}

export interface TextStyle {
  color: boolean;
  /** Turns a repository-relative path into what the reader's terminal can open. */
  displayPath(repoPath: string): string;
  /** What --min-severity hid (`hiddenLine`), printed above the total. */
  hidden?: string;
}

export function cwdRelativePaths(repoRoot: string, cwd: string): (repoPath: string) => string {
  return (repoPath) => relative(cwd, join(repoRoot, repoPath)) || '.';
}

export function formatText(result: CheckResult, seconds: number, style: TextStyle): string {
  const paint = painter(style.color);
  const sevColor: Record<Severity, SgrName> = { error: 'red', warning: 'yellow', info: 'cyan' };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);

  for (const [path, findings] of byFile) {
    lines.push(paint('underline', style.displayPath(path)));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column ?? 1}`.length));
    for (const f of findings) {
      const at = `${f.line}:${f.column ?? 1}`.padEnd(width);
      const sev = paint(sevColor[f.severity], f.severity.padEnd(7));
      const fix = f.fix ? paint('dim', ' (fix available)') : '';
      lines.push(`  ${paint('dim', at)}  ${sev}  ${f.message}${fix}  ${paint('dim', `${f.ruleId} ${ruleDocsUrl(f.ruleId)}`)}`);
    }
    lines.push('');
  }

  if (result.skipped.length > 0) {
    lines.push(`Skipped ${plural(result.skipped.length, 'file')}:`);
    for (const s of result.skipped) lines.push(`  ${style.displayPath(s.path)}  ${paint('dim', s.reason)}`);
    lines.push('');
  }

  if (style.hidden) lines.push(style.hidden);
  const counts = countBySeverity(result.findings);
  const took = `${seconds.toFixed(2)}s`;
  const scope = `${plural(result.files, 'file')} checked in ${took}`;
  if (result.findings.length === 0) {
    lines.push(paint('green', style.hidden ? '✔ No problems shown' : '✔ No problems') + ` · ${scope}`);
  } else {
    const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), `${counts.info} info`];
    const headline = `✖ ${plural(result.findings.length, 'problem')} (${parts.join(', ')})`;
    lines.push(paint(counts.error > 0 ? 'red' : counts.warning > 0 ? 'yellow' : 'cyan', paint('bold', headline)) + ` · ${scope}`);
  }
  return lines.join('\n') + '\n';
}
