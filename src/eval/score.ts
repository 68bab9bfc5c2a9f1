/** Case results → totals: recall by severity, label and case kind, precision on labelled lines, noise, Claude's costs. Pure. */
import { SEVERITIES, type Severity } from '../core/finding.js';
import { CASE_KINDS, LABEL_KINDS, type AnchorKind, type CaseKind, type CaseResult, type ClaudeCounts, type ClaudeStats, type LabelKind, type RecordingSource, type SuggestionStats } from './types.js';

export interface Ratio {
  hit: number;
  of: number;
}

export interface ClaudeTotals extends ClaudeCounts {
  /** Cases Claude took part in. */
  cases: number;
  /** Replay: cases with no recording (scored on their static comments). */
  notRecorded: number;
  /** Where the answers came from, in words (a hand-written fixture, the API with model and date…). */
  answersFrom: string[];
  failures: number;
  /** Model comments that did not become findings (dedup, anchoring, verification). */
  lost: number;
}

export interface Totals {
  cases: number;
  expectations: number;
  /** Met by a comment anywhere in the review (inline or summary). */
  recall: Ratio;
  inlineRecall: Ratio;
  /** Met by a static comment; by a Claude comment (over the cases Claude took part in). */
  staticRecall: Ratio;
  claudeRecall: Ratio;
  bySeverity: Record<Severity, Ratio>;
  byLabel: Record<LabelKind, Ratio>;
  byKind: Record<CaseKind, Ratio>;
  /** Inline comments on labelled lines that meet an expectation. */
  precisionLabelled: Ratio;
  inline: number;
  noise: number;
  cleanCases: number;
  /** Inline comments per clean PR (null without clean cases). */
  inlinePerCleanPr: number | null;
  overBudget: number;
  forbiddenHits: number;
  suggestions: SuggestionStats;
  claude?: ClaudeTotals;
}

export function ratio(r: Ratio): number | null {
  return r.of === 0 ? null : r.hit / r.of;
}

export function totalsOf(results: readonly CaseResult[]): Totals {
  const zero = (): Ratio => ({ hit: 0, of: 0 });
  const t: Totals = {
    cases: results.length,
    expectations: 0,
    recall: zero(),
    inlineRecall: zero(),
    staticRecall: zero(),
    claudeRecall: zero(),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, Ratio>,
    byLabel: Object.fromEntries(LABEL_KINDS.map((s) => [s, zero()])) as Record<LabelKind, Ratio>,
    byKind: Object.fromEntries(CASE_KINDS.map((s) => [s, zero()])) as Record<CaseKind, Ratio>,
    precisionLabelled: zero(),
    inline: 0,
    noise: 0,
    cleanCases: 0,
    inlinePerCleanPr: null,
    overBudget: 0,
    forbiddenHits: 0,
    suggestions: { offered: 0, applies: 0, parses: 0, ruleGone: 0, ruleChecked: 0 },
  };
  const add = (r: Ratio, hit: boolean): void => {
    r.of++;
    if (hit) r.hit++;
  };
  let cleanInline = 0;
  const claude: CaseResult['claude'][] = [];
  for (const r of results) {
    const claudeRan = typeof r.claude === 'object';
    for (const e of r.expectations) {
      t.expectations++;
      add(t.recall, e.matched);
      add(t.inlineRecall, e.matchedInline);
      add(t.staticRecall, e.bySource.includes('static'));
      if (claudeRan) add(t.claudeRecall, e.bySource.includes('claude'));
      add(t.bySeverity[e.minSeverity], e.matched);
      add(t.byLabel[e.label], e.matched);
      add(t.byKind[r.kind], e.matched);
    }
    for (const c of r.comments) if (c.inline && c.labelled) add(t.precisionLabelled, c.matches.length > 0);
    t.inline += r.inline;
    t.noise += r.noise;
    if (r.kind === 'clean') {
      t.cleanCases++;
      cleanInline += r.inline;
    }
    if (r.overBudget) t.overBudget++;
    t.forbiddenHits += r.forbiddenHits;
    for (const k of Object.keys(t.suggestions) as (keyof SuggestionStats)[]) t.suggestions[k] += r.suggestions[k];
    claude.push(r.claude);
  }
  t.inlinePerCleanPr = t.cleanCases === 0 ? null : cleanInline / t.cleanCases;
  const ran = claude.filter((c): c is ClaudeStats => typeof c === 'object');
  const notRecorded = claude.filter((c) => c === 'not recorded').length;
  if (ran.length > 0 || notRecorded > 0) t.claude = claudeTotals(ran, notRecorded);
  return t;
}

function claudeTotals(ran: readonly ClaudeStats[], notRecorded: number): ClaudeTotals {
  const sum = (f: (c: ClaudeStats) => number): number => ran.reduce((n, c) => n + f(c), 0);
  const dropped: Record<string, number> = {};
  for (const c of ran) for (const [k, v] of Object.entries(c.dropped)) dropped[k] = (dropped[k] ?? 0) + v;
  const costs = ran.map((c) => c.costUsd);
  const anchors: Record<AnchorKind, number> = { exact: 0, snapped: 0, demoted: 0, unknown: 0 };
  for (const c of ran) for (const k of Object.keys(anchors) as AnchorKind[]) anchors[k] += c.anchors[k];
  const modelComments = sum((c) => c.modelComments);
  const findings = sum((c) => c.findings);
  return {
    cases: ran.length,
    notRecorded,
    answersFrom: [...new Set(ran.flatMap((c) => c.answers.map(describeSource)))].sort(),
    requests: sum((c) => c.requests),
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    cacheReadTokens: sum((c) => c.cacheReadTokens),
    cacheCreationTokens: sum((c) => c.cacheCreationTokens),
    ...(costs.every((c) => c !== undefined) ? { costUsd: costs.reduce((n, c) => n + c!, 0) } : {}),
    latencyMs: sum((c) => c.latencyMs),
    refusals: sum((c) => c.refusals),
    failures: sum((c) => c.failures.length),
    modelComments,
    findings,
    lost: Math.max(0, modelComments - findings),
    dropped,
    suggestionsRemoved: sum((c) => c.suggestionsRemoved),
    anchors,
  };
}

export function describeSource(s: RecordingSource): string {
  if (s.kind === 'api') return `the API (${s.model}, ${s.date})`;
  if (s.kind === 'hand-written') return 'a hand-written fixture (not a model)';
  return `a stand-in (${s.by}; not the API)`;
}
