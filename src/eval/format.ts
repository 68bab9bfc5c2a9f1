/** The eval's report: a table per case and the totals, as terminal text, Markdown or JSON. Pure. */
import { SEVERITIES } from '../core/finding.js';
import type { Comparison } from './baseline.js';
import { ratio, type Ratio, type Totals } from './score.js';
import { CASE_KINDS, LABEL_KINDS, type CaseResult, type SkippedCase } from './types.js';

export interface EvalReport {
  /** The day the run was made (YYYY-MM-DD). */
  date: string;
  mode: string;
  /** Claude's part in words: off, or where its answers came from. */
  claude: string;
  cases: CaseResult[];
  skipped: SkippedCase[];
  totals: { all: Totals; dev: Totals; heldOut: Totals };
  /** live --repeat N: the totals of each repetition. */
  repeats?: Totals[];
  comparison?: Comparison;
  /** Lines to say after the tables (a stale recording, the baseline written…). */
  notes: string[];
}

type Table = { head: string[]; rows: string[][] };

export function formatJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatText(report: EvalReport): string {
  return render(report, textTable, (s) => `${s}\n${'-'.repeat(s.length)}`);
}

export function formatMarkdown(report: EvalReport): string {
  return render(report, markdownTable, (s) => `### ${s}`);
}

function render(report: EvalReport, table: (t: Table) => string, heading: (s: string) => string): string {
  const out: string[] = [];
  out.push(`convex-review eval — ${report.date}, mode ${report.mode}; Claude: ${report.claude}`, '');
  out.push(heading('Cases'), table(caseTable(report.cases)), '');
  if (report.skipped.length > 0) {
    out.push(heading('Skipped'), table({ head: ['case', 'kind', 'split', 'why'], rows: report.skipped.map((s) => [s.id, s.kind, s.split, s.reason]) }), '');
  }
  out.push(heading('Totals'), table(totalsTable(report.totals)), '');
  const claude = claudeTable(report.totals);
  if (claude) out.push(heading(`Claude (answers from: ${report.totals.all.claude?.answersFrom.join('; ') || 'none'})`), table(claude), '');
  if (report.repeats && report.repeats.length > 1) out.push(heading(`Repeats (${report.repeats.length})`), table(repeatTable(report.repeats)), '');
  if (report.comparison) {
    const c = report.comparison;
    out.push(heading('Against the baseline'));
    if (c.regressions.length === 0) out.push('No regression beyond the margins.');
    for (const r of c.regressions) out.push(`REGRESSION ${r}`);
    for (const ch of c.changes) out.push(`  ${ch}`);
    out.push('');
  }
  for (const n of report.notes) out.push(n);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function caseTable(cases: readonly CaseResult[]): Table {
  return {
    head: ['case', 'kind', 'split', 'met', 'static', 'claude', 'inline', 'noise/budget', 'forbidden', 'claude answers'],
    rows: cases.map((c) => {
      const met = c.expectations.filter((e) => e.matched).length;
      const bySource = (s: 'static' | 'claude'): string => String(c.expectations.filter((e) => e.bySource.includes(s)).length);
      return [
        c.id,
        c.kind,
        c.split,
        `${met}/${c.expectations.length}`,
        bySource('static'),
        typeof c.claude === 'object' ? bySource('claude') : '-',
        String(c.inline),
        `${c.noise}/${c.maxInline}${c.overBudget ? ' OVER' : ''}`,
        String(c.forbiddenHits),
        typeof c.claude === 'object' ? `${c.claude.requests} req${c.claude.failures.length > 0 ? `, ${c.claude.failures.length} failed` : ''}` : c.claude,
      ];
    }),
  };
}

export function pct(r: Ratio): string {
  const v = ratio(r);
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}% (${r.hit}/${r.of})`;
}

function totalsTable(t: EvalReport['totals']): Table {
  const cols: [string, Totals][] = [
    ['all', t.all],
    ['dev', t.dev],
    ['held-out', t.heldOut],
  ];
  const row = (name: string, f: (x: Totals) => string): string[] => [name, ...cols.map(([, x]) => f(x))];
  const num = (v: number | null): string => (v === null ? 'n/a' : (Math.round(v * 100) / 100).toString());
  return {
    head: ['measure', ...cols.map(([n]) => n)],
    rows: [
      row('cases', (x) => String(x.cases)),
      row('expectations', (x) => String(x.expectations)),
      row('recall (inline or summary)', (x) => pct(x.recall)),
      row('recall, inline', (x) => pct(x.inlineRecall)),
      row('recall by static comments', (x) => pct(x.staticRecall)),
      row('recall by Claude comments', (x) => (x.claude && x.claude.cases > 0 ? pct(x.claudeRecall) : 'n/a')),
      ...SEVERITIES.map((s) => row(`recall, min severity ${s}`, (x) => pct(x.bySeverity[s]))),
      ...LABEL_KINDS.map((l) => row(`recall, ${l} labels`, (x) => pct(x.byLabel[l]))),
      ...CASE_KINDS.filter((k) => k !== 'clean').map((k) => row(`recall, ${k} cases`, (x) => pct(x.byKind[k]))),
      row('precision on labelled lines', (x) => pct(x.precisionLabelled)),
      row('inline comments', (x) => String(x.inline)),
      row('inline matching nothing', (x) => String(x.noise)),
      row('inline per clean PR', (x) => `${num(x.inlinePerCleanPr)} (${x.cleanCases} clean)`),
      row('cases over noise budget', (x) => String(x.overBudget)),
      row('comments on forbidden lines', (x) => String(x.forbiddenHits)),
      row('suggestions: apply/parse/offered', (x) => `${x.suggestions.applies}/${x.suggestions.parses}/${x.suggestions.offered}`),
      row('static suggestions: rule silent after', (x) => `${x.suggestions.ruleGone}/${x.suggestions.ruleChecked}`),
    ],
  };
}

function claudeTable(t: EvalReport['totals']): Table | undefined {
  if (!t.all.claude) return undefined;
  const cols: [string, Totals][] = [
    ['all', t.all],
    ['dev', t.dev],
    ['held-out', t.heldOut],
  ];
  const row = (name: string, f: (x: NonNullable<Totals['claude']>) => string): string[] => [name, ...cols.map(([, x]) => (x.claude ? f(x.claude) : '-'))];
  return {
    head: ['Claude', ...cols.map(([n]) => n)],
    rows: [
      row('cases run / not recorded', (c) => `${c.cases} / ${c.notRecorded}`),
      row('requests (failed)', (c) => `${c.requests} (${c.failures})`),
      row('refusals', (c) => String(c.refusals)),
      row('model comments → findings', (c) => `${c.modelComments} → ${c.findings} (lost ${c.lost})`),
      row('dropped, by reason', (c) => Object.entries(c.dropped).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'),
      row('anchors exact/snapped/demoted/unknown', (c) => `${c.anchors.exact}/${c.anchors.snapped}/${c.anchors.demoted}/${c.anchors.unknown}`),
      row('suggestions removed', (c) => String(c.suggestionsRemoved)),
      row('tokens in / out', (c) => `${c.inputTokens} / ${c.outputTokens}`),
      row('tokens cache read / write', (c) => `${c.cacheReadTokens} / ${c.cacheCreationTokens}`),
      row('cost', (c) => (c.costUsd === undefined ? 'unknown' : `$${c.costUsd.toFixed(4)}`)),
      row('latency (sum)', (c) => `${(c.latencyMs / 1000).toFixed(1)} s`),
    ],
  };
}

function repeatTable(repeats: readonly Totals[]): Table {
  const v = (r: Ratio): number => ratio(r) ?? 0;
  const stats = (xs: number[]): string => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    return `${(mean * 100).toFixed(1)}% (min ${(Math.min(...xs) * 100).toFixed(1)}, max ${(Math.max(...xs) * 100).toFixed(1)})`;
  };
  return {
    head: ['measure', 'mean (min, max)', ...repeats.map((_, i) => `#${i + 1}`)],
    rows: [
      ['recall', stats(repeats.map((r) => v(r.recall))), ...repeats.map((r) => pct(r.recall))],
      ['recall by Claude', stats(repeats.map((r) => v(r.claudeRecall))), ...repeats.map((r) => pct(r.claudeRecall))],
      ['inline per clean PR', '', ...repeats.map((r) => String(r.inlinePerCleanPr === null ? 'n/a' : Math.round(r.inlinePerCleanPr * 100) / 100))],
    ],
  };
}

function textTable(t: Table): string {
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(t.head), line(widths.map((w) => '-'.repeat(w))), ...t.rows.map(line)].join('\n');
}

function markdownTable(t: Table): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [`| ${t.head.map(cell).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
