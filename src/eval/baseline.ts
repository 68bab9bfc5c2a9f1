/**
 * A committed baseline and the margins a change may move the numbers by: beyond them it is a
 * regression and `eval` exits 1. Pure.
 */
import { ratio, type Totals } from './score.js';

export interface BaselineMetrics {
  recall: number | null;
  inlineRecall: number | null;
  staticRecall: number | null;
  claudeRecall: number | null;
  precisionLabelled: number | null;
  inlinePerCleanPr: number | null;
  forbiddenHits: number;
  overBudget: number;
}

export interface Baseline {
  format: 1;
  /** How the numbers were made: Claude off, or where its answers came from. */
  claude: string;
  metrics: BaselineMetrics;
  /** Per case: the expectations met and the inline comments, to say which case moved. */
  cases: Record<string, { met: string[]; inline: number }>;
}

/** How far each number may move the wrong way before it counts as a regression. */
export const MARGINS: Record<keyof BaselineMetrics, { worse: 'lower' | 'higher'; by: number; unit: 'points' | 'count' }> = {
  recall: { worse: 'lower', by: 0.02, unit: 'points' },
  inlineRecall: { worse: 'lower', by: 0.02, unit: 'points' },
  staticRecall: { worse: 'lower', by: 0.02, unit: 'points' },
  claudeRecall: { worse: 'lower', by: 0.02, unit: 'points' },
  precisionLabelled: { worse: 'lower', by: 0.05, unit: 'points' },
  inlinePerCleanPr: { worse: 'higher', by: 0.5, unit: 'count' },
  forbiddenHits: { worse: 'higher', by: 0, unit: 'count' },
  overBudget: { worse: 'higher', by: 0, unit: 'count' },
};

export function metricsOf(t: Totals): BaselineMetrics {
  const r = (x: number | null): number | null => (x === null ? null : Math.round(x * 10_000) / 10_000);
  return {
    recall: r(ratio(t.recall)),
    inlineRecall: r(ratio(t.inlineRecall)),
    staticRecall: r(ratio(t.staticRecall)),
    claudeRecall: t.claude && t.claude.cases > 0 ? r(ratio(t.claudeRecall)) : null,
    precisionLabelled: r(ratio(t.precisionLabelled)),
    inlinePerCleanPr: r(t.inlinePerCleanPr),
    forbiddenHits: t.forbiddenHits,
    overBudget: t.overBudget,
  };
}

export function baselineOf(t: Totals, claude: string, cases: Baseline['cases']): Baseline {
  return { format: 1, claude, metrics: metricsOf(t), cases };
}

export interface Comparison {
  regressions: string[];
  changes: string[];
}

/** The current numbers against the baseline: beyond a margin the wrong way is a regression; any other move is a change. */
export function compareBaseline(baseline: Baseline, current: Baseline): Comparison {
  const regressions: string[] = [];
  const changes: string[] = [];
  for (const [key, margin] of Object.entries(MARGINS) as [keyof BaselineMetrics, (typeof MARGINS)[keyof BaselineMetrics]][]) {
    const was = baseline.metrics[key];
    const now = current.metrics[key];
    if (was === null || now === null || was === undefined) continue;
    const delta = now - was;
    if (Math.abs(delta) < 1e-9) continue;
    const show = (v: number): string => (margin.unit === 'points' ? `${(v * 100).toFixed(1)}%` : String(Math.round(v * 100) / 100));
    const by = margin.unit === 'points' ? `${(delta * 100).toFixed(1)} points` : `${delta > 0 ? '+' : ''}${Math.round(delta * 100) / 100}`;
    const line = `${key}: ${show(was)} → ${show(now)} (${by}; margin ${margin.unit === 'points' ? `${margin.by * 100} points` : margin.by})`;
    const worse = margin.worse === 'lower' ? -delta : delta;
    if (worse > margin.by + 1e-9) regressions.push(line);
    else changes.push(line);
  }
  for (const [id, was] of Object.entries(baseline.cases)) {
    const now = current.cases[id];
    if (!now) continue;
    const lost = was.met.filter((e) => !now.met.includes(e));
    const gained = now.met.filter((e) => !was.met.includes(e));
    if (lost.length > 0) changes.push(`${id}: no longer met: ${lost.join(', ')}`);
    if (gained.length > 0) changes.push(`${id}: now met: ${gained.join(', ')}`);
    if (now.inline !== was.inline) changes.push(`${id}: inline comments ${was.inline} → ${now.inline}`);
  }
  if (baseline.claude !== current.claude) changes.unshift(`the baseline was made with ${baseline.claude}; this run with ${current.claude}`);
  return { regressions, changes };
}

export function parseBaseline(text: string, file: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const b = value as Baseline;
  if (typeof b !== 'object' || b === null || b.format !== 1 || typeof b.metrics !== 'object' || typeof b.cases !== 'object') {
    throw new Error(`${file}: not an eval baseline (format 1, metrics, cases); write one with --update-baseline`);
  }
  return b;
}
