/** Builds a project model from inline files and runs rules over it, for rule and model tests. */
import type { Finding } from '../../src/core/finding.js';
import { runRules, type RuleSettings } from '../../src/convex/engine/engine.js';
import type { ProjectOptions } from '../../src/convex/model/options.js';
import { ConvexProject } from '../../src/convex/semantics/project.js';
import type { Rule } from '../../src/convex/engine/rule.js';
import { findConvexRoots } from '../../src/convex/model/roots.js';

export type Files = Record<string, string>;

/** The project of the single Convex root in `files` (default functions dir `convex/`). */
export function projectOf(files: Files, options?: ProjectOptions): ConvexProject {
  const map = new Map(Object.entries(files));
  const roots = findConvexRoots({ paths: [...map.keys()], read: (p) => map.get(p) });
  const root = roots[0] ?? { projectDir: '', functionsDir: 'convex', isComponent: false };
  return new ConvexProject(root, map, undefined, options);
}

/** A rule's findings on `files`; `options` as the config file would give them. */
export function findingsOf(rule: Rule, files: Files, settings: RuleSettings = new Map(), options?: ProjectOptions): Finding[] {
  return runRules(projectOf(files, options), [rule], settings).filter((f) => f.ruleId === rule.id);
}

/** `path:line severity` strings: compact assertions that still pin the exact location. */
export function locations(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.path}:${f.line} ${f.severity}`);
}

/** Imports most Convex test files start with. */
export const SERVER_IMPORT = `import { query, mutation, action, internalQuery, internalMutation, internalAction, httpAction } from "./_generated/server";\nimport { v } from "convex/values";\n`;
