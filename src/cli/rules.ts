/** `convex-review rules`: every rule with its id, severity, category, whether it has a fix, and its docs. */
import { ALL_RULES } from '../convex/rules/index.js';
import { ruleDocsUrl } from '../version.js';
import type { Command } from './args.js';
import type { CliIo } from './main.js';

export function runRules(command: Extract<Command, { name: 'rules' }>, io: CliIo): number {
  const rows = ALL_RULES.map((r) => ({
    id: r.id,
    severity: r.severity,
    category: r.category,
    fixable: r.fixable === true,
    docs: ruleDocsUrl(r.id),
    title: r.title,
  }));
  if (command.format === 'json') {
    io.stdout(`${JSON.stringify({ version: 1, rules: rows }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.category.padEnd(15)}  ${r.fixable ? 'fix' : '   '}  ${r.title}\n${' '.repeat(width + 2)}${r.docs}\n`);
  return 0;
}
