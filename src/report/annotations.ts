/** At most 10 workflow annotations, most severe first (GitHub shows 10 per type per step). */
import { compareFindings, type Finding } from '../core/finding.js';

export const MAX_ANNOTATIONS = 10;

export interface AnnotationSink {
  error(message: string, props: AnnotationProps): void;
  warning(message: string, props: AnnotationProps): void;
  notice(message: string, props: AnnotationProps): void;
}

export interface AnnotationProps {
  title: string;
  file: string;
  startLine: number;
  endLine: number;
}

export function annotate(findings: readonly Finding[], sink: AnnotationSink): number {
  const top = [...findings].sort(compareFindings).slice(0, MAX_ANNOTATIONS);
  for (const f of top) {
    const props = { title: `convex-review: ${f.ruleId}`, file: f.path, startLine: f.line, endLine: f.endLine };
    if (f.severity === 'error') sink.error(f.message, props);
    else if (f.severity === 'warning') sink.warning(f.message, props);
    else sink.notice(f.message, props);
  }
  return top.length;
}
