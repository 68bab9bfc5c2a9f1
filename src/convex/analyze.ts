/** The static pass over a repository snapshot: roots → project models → rules → findings. Pure. */
import type { Finding } from '../core/finding.js';
import { fingerprintAtPath, runRulesKeyed, type KeyedFindings, type RuleSettings } from './engine/engine.js';
import type { Rule } from './engine/rule.js';
import type { ProjectOptions } from './model/options.js';
import { findConvexRoots, type ConvexRoot } from './model/roots.js';
import type { FileMap } from './model/source-file.js';
import { RULES } from './rules/index.js';
import { ConvexProject } from './semantics/project.js';

export interface AnalysisOptions {
  settings?: RuleSettings;
  rules?: readonly Rule[];
  /** Findings and file counts are limited to paths it accepts (the whole model is still built). */
  include?: (path: string) => boolean;
  /** What the config file says about the code (extra auth helpers, registrars, …). */
  project?: ProjectOptions;
  /** The roots when the reader already found them (src/change); found here otherwise. */
  roots?: readonly ConvexRoot[];
}

export interface Analysis {
  roots: ConvexRoot[];
  findings: Finding[];
  /** Source files analyzed within `include`. */
  filesAnalyzed: number;
  /** The fingerprint a finding of this analysis would have had at `path` (a renamed file's old path). */
  fingerprintAtPath(finding: Finding, path: string): string | undefined;
  /** The findings whose edits the finding's fix carries (merged on its lines): applying it fixes them too. */
  fixedAlong(finding: Finding): readonly Finding[];
}

export function analyzeFiles(files: FileMap, options: AnalysisOptions = {}): Analysis {
  const include = options.include ?? (() => true);
  const roots = options.roots ? [...options.roots] : findConvexRoots({ paths: [...files.keys()], read: (p) => files.get(p) });
  const findings: Finding[] = [];
  const perRoot: KeyedFindings[] = [];
  let filesAnalyzed = 0;
  for (const root of roots) {
    const project = new ConvexProject(root, files, undefined, options.project);
    filesAnalyzed += project.files.filter((f) => include(f.path)).length;
    const keyed = runRulesKeyed(project, options.rules ?? RULES, options.settings ?? new Map());
    perRoot.push(keyed);
    findings.push(...keyed.findings.filter((f) => include(f.path)));
  }
  return {
    roots,
    findings,
    filesAnalyzed,
    fingerprintAtPath: (finding, path) => perRoot.map((keyed) => fingerprintAtPath(keyed, finding, path)).find((fp) => fp !== undefined),
    fixedAlong: (finding) => perRoot.map((keyed) => keyed.fixedAlong.get(finding.fingerprint)).find((along) => along !== undefined) ?? [],
  };
}
