/**
 * What a rule is and what it reports. Rules are pure: project model in, reports out. Everything
 * the rest of the system knows about a rule is in its meta, so a rule is one file; our docs page
 * for it is `docs/rules/<id>.md` (`ruleDocsUrl` in src/version.ts).
 */
import type { ts } from 'ts-morph';
import type { Category } from '../../core/categories.js';
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
  /** The Convex documentation page behind the rule (Finding v1 `docsUrl`). */
  docsUrl: string;
  /** What the rule's findings are about, as one of the review categories. */
  category: Category;
  /**
   * The Claude categories whose comments on the lines of one of its findings say the same thing
   * again: such a comment is dropped (src/ai/concerns.ts).
   */
  concerns: readonly Category[];
  /**
   * Changed paths that make its findings in files a change did not touch relevant (the schema
   * changed, so an untouched query's index may be gone): src/plan/dependents.ts.
   */
  dependsOn?: RegExp;
  /**
   * The `@convex-dev/eslint-plugin` rule (without the `@convex-dev/` prefix) that checks the
   * same thing: an `eslint-disable` of it silences ours too (src/convex/engine/suppressions.ts).
   */
  eslintEquivalent?: string;
  /** Some of its findings carry a certain fix (a suggestion, `--fix`). */
  fixable?: boolean;
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
