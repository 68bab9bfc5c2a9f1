/** What a rule is and what it reports. Rules are pure: project model in, reports out. */
import type { ts } from 'ts-morph';
import type { Severity } from '../../core/finding.js';
import type { ConvexProject } from '../semantics/project.js';
import type { SourceFile } from '../model/source-file.js';

export interface RuleMeta {
  id: string;
  /** A short title for comment headers and SARIF. */
  title: string;
  /** One sentence: what the rule flags. */
  description: string;
  /** The headline severity (a rule may report some cases lower, as its docs say). */
  severity: Severity;
  docsUrl: string;
  /**
   * Off unless a setting names it (`--rule ID=info`, the `rules` input, the config file): for
   * rules whose measured precision on real code is below the bar (docs/precision.md).
   */
  optIn?: boolean;
}

/** A replacement of source text; the engine widens it to whole lines for a suggestion. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Report {
  file: SourceFile;
  /** The smallest node that names the problem: the finding's line and its fingerprint's code. */
  node: ts.Node;
  message: string;
  /** Markdown: why it matters and how to fix it. The engine adds the docs link and how to suppress. */
  detail: string;
  /** Defaults to the rule's severity. */
  severity?: Severity;
  /** Only when the rewrite is certainly right. */
  fix?: TextEdit;
}

export interface Rule extends RuleMeta {
  check(project: ConvexProject): Iterable<Report>;
}

export const BEST_PRACTICES = 'https://docs.convex.dev/understanding/best-practices/';
