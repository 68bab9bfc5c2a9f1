/** The job summary of an audit (workflow_dispatch without a pull request). Pure. */
import { compareFindings, countBySeverity, type Finding, type SkippedFile } from '../core/finding.js';
import { plural } from '../core/text.js';
import { claudeSection, countByRule, findingLine, oneLine, ruleRow, type ClaudeSummary, type TitleOf } from './render.js';
import { codeSpan, sanitizeMarkdown, tableCell } from './sanitize.js';

/** GitHub shows at most 1 MiB of job summary; a full list past this many findings is cut. */
const MAX_LISTED = 1000;
const WORST_FILES = 10;

export interface AuditSummaryInput {
  sha: string;
  files: number;
  findings: readonly Finding[];
  skipped: readonly SkippedFile[];
  titleOf: TitleOf;
  claude: ClaudeSummary;
}

export function renderAuditSummary(input: AuditSummaryInput): string {
  const findings = input.findings.slice().sort(compareFindings);
  const counts = countBySeverity(findings);
  const lines = ['## convex-review audit', '', `Audited \`${input.sha.slice(0, 7)}\` · ${plural(input.files, 'file')} under the Convex functions folders · ${plural(findings.length, 'finding')}`, ''];
  if (findings.length === 0) {
    lines.push('✅ **No issues found.**');
  } else {
    lines.push(`**${plural(counts.error, 'error')} · ${plural(counts.warning, 'warning')} · ${counts.info} info**`, '', '### By rule', '', '| Rule | Findings |', '|---|--:|');
    for (const [ruleId, n] of countByRule(findings)) lines.push(ruleRow(ruleId, n, input.titleOf));
    lines.push('', `### Worst files`, '', '| File | errors | warnings | info |', '|---|--:|--:|--:|');
    for (const [path, c] of worstFiles(findings)) lines.push(`| ${tableCell(codeSpan(path))} | ${c.error} | ${c.warning} | ${c.info} |`);
  }
  if (input.skipped.length > 0) {
    lines.push('', `### Files not analyzed (${input.skipped.length})`, '');
    for (const s of input.skipped) lines.push(`- ${codeSpan(s.path)}: ${sanitizeMarkdown(oneLine(s.reason))}`);
  }
  lines.push('', ...claudeSection(input.claude));
  if (findings.length > 0) {
    lines.push('', '### All findings', '');
    for (const f of findings.slice(0, MAX_LISTED)) lines.push(findingLine(f));
    if (findings.length > MAX_LISTED) lines.push(`- … and ${findings.length - MAX_LISTED} more (the SARIF file and the outputs count them all)`);
  }
  return lines.join('\n') + '\n';
}

/** Files by errors, then warnings, then info. */
function worstFiles(findings: readonly Finding[]): [string, Record<'error' | 'warning' | 'info', number>][] {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  return [...byFile]
    .map(([path, fs]) => [path, countBySeverity(fs)] as [string, Record<'error' | 'warning' | 'info', number>])
    .sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning || b[1].info - a[1].info || a[0].localeCompare(b[0]))
    .slice(0, WORST_FILES);
}
