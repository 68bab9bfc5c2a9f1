/**
 * `convex-review rules`: every rule with its id, severity, category, whether it has a fix, and
 * its docs — a table for people, `--format json` for tools. The defaults only: the config file
 * and --rule change a rule for a run, not this list.
 */
import { ALL_RULES } from '../convex/rules/index.js';
import type { RuleMeta } from '../convex/engine/rule.js';
import { paint as painter, plural } from '../core/text.js';
import { ruleDocsUrl } from '../version.js';
import type { Command } from './args.js';
import type { CliIo } from './main.js';

export interface RuleRow {
  id: string;
  title: string;
  description: string;
  severity: RuleMeta['severity'];
  category: RuleMeta['category'];
  /** Some of its findings carry a certain fix (a suggestion in a pull request, `--fix` locally). */
  fixable: boolean;
  /** Off until a setting names it (`--rule ID=warning`, the config file). */
  optIn: boolean;
  /** Our page for the rule. */
  docs: string;
  /** The Convex documentation behind it. */
  convexDocs: string;
}

export function ruleRows(rules: readonly RuleMeta[] = ALL_RULES): RuleRow[] {
  return [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      category: r.category,
      fixable: r.fixable === true,
      optIn: r.optIn === true,
      docs: ruleDocsUrl(r.id),
      convexDocs: r.docsUrl,
    }));
}

export function formatRulesJson(rows: readonly RuleRow[]): string {
  return `${JSON.stringify({ version: 1, rules: rows }, null, 2)}\n`;
}

/** One row per rule, its docs link on the line below; a total at the end. */
export function formatRulesText(rows: readonly RuleRow[], color: boolean): string {
  const paint = painter(color);
  const severity = (r: RuleRow): string => (r.optIn ? `${r.severity} (opt-in)` : r.severity);
  const columns: [string, (r: RuleRow) => string][] = [
    ['RULE', (r) => r.id],
    ['SEVERITY', severity],
    ['CATEGORY', (r) => r.category],
    ['FIX', (r) => (r.fixable ? 'yes' : '')],
  ];
  const widths = columns.map(([head, cell]) => Math.max(head.length, ...rows.map((r) => cell(r).length)));
  const row = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const lines = [paint('bold', `${row(columns.map(([head]) => head))}  TITLE`)];
  for (const r of rows) {
    lines.push(`${row(columns.map(([, cell]) => cell(r)))}  ${r.title}`.trimEnd());
    lines.push(paint('dim', `${' '.repeat(widths[0] + 2)}${r.docs}`));
  }
  const fixable = rows.filter((r) => r.fixable).length;
  const optIn = rows.filter((r) => r.optIn).length;
  lines.push(
    '',
    `${plural(rows.length, 'rule')}, ${fixable} with a fix (--fix applies it)` +
      (optIn > 0 ? `; ${optIn} opt-in (off until a setting names it: --rule ID=SEVERITY or the config file's rules)` : '') +
      '.',
  );
  return `${lines.join('\n')}\n`;
}

export function runRules(command: Extract<Command, { name: 'rules' }>, io: CliIo): number {
  const rows = ruleRows();
  io.stdout(command.format === 'json' ? formatRulesJson(rows) : formatRulesText(rows, io.color));
  return 0;
}
