/** Finding v1 — the one shape shared by the CLI's JSON, SARIF, the review plan and the summary. */
export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface Fix {
  line: number;
  endLine: number;
  replacement: string;
}

export interface Finding {
  ruleId: string;
  source: 'static' | 'claude';
  severity: Severity;
  /** Repository-root relative, POSIX separators. */
  path: string;
  line: number;
  endLine: number;
  column?: number;
  message: string;
  detail?: string;
  docsUrl?: string;
  fix?: Fix;
  fingerprint: string;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

/** A threshold: `never` is above every severity. */
export type Threshold = Severity | 'never';
export const THRESHOLDS: readonly Threshold[] = ['error', 'warning', 'info', 'never'];

export function meetsThreshold(severity: Severity, threshold: Threshold): boolean {
  return threshold !== 'never' && RANK[severity] >= RANK[threshold];
}

/** Most severe first, then by path and position, so every listing is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[b.severity] - RANK[a.severity] ||
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export function compareByLocation(a: Finding, b: Finding): number {
  return (
    a.path.localeCompare(b.path) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

export function countBySeverity(findings: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
