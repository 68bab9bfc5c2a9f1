/**
 * Workflow annotations of findings: one per finding (`annotationOf`), shared by the Action (at
 * most 10, most severe first, through @actions/core) and the CLI's `--format github`.
 */
import { compareFindings, type Finding } from '../core/finding.js';

export const MAX_ANNOTATIONS = 10;

export interface AnnotationSink {
  error(message: string, props: AnnotationProps): void;
  warning(message: string, props: AnnotationProps): void;
  notice(message: string, props: AnnotationProps): void;
}

export interface AnnotationProps {
  title: string;
  /** Repository-root relative: GitHub resolves it against the workspace. */
  file: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
}

export type AnnotationLevel = keyof AnnotationSink;

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  props: AnnotationProps;
}

/** error → error, warning → warning, info → notice. */
export function annotationOf(f: Finding): Annotation {
  const level: AnnotationLevel = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props: AnnotationProps = { title: `convex-review: ${f.ruleId}`, file: f.path, startLine: f.line, endLine: f.endLine, ...(f.column !== undefined ? { startColumn: f.column } : {}) };
  return { level, message: f.message, props };
}

export function annotate(findings: readonly Finding[], sink: AnnotationSink): number {
  const top = [...findings].sort(compareFindings).slice(0, MAX_ANNOTATIONS);
  for (const f of top) {
    const { level, message, props } = annotationOf(f);
    sink[level](message, props);
  }
  return top.length;
}
