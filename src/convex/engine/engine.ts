/**
 * Runs the rules over a project model and turns their reports into Finding v1: severity
 * settings, suppressions, parse errors, whole-line fixes and fingerprints.
 */
import { ts } from '../../typescript.js';
import type { Category } from '../../core/categories.js';
import { compareByLocation, type Finding, type Fix, type Severity } from '../../core/finding.js';
import { assignFingerprints, MODULE_SCOPE, normalizeCode, normalizeNodeCode, type FingerprintKey } from '../../core/fingerprint.js';
import { hasDefaultModifier, hasExportModifier } from '../model/ast.js';
import { developmentSeedingReason } from '../model/dev-seeding.js';
import { isToolGenerated } from '../model/generated-files.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule, RuleMeta, TextEdit } from './rule.js';
import { positionOf, type SourceFile } from '../model/source-file.js';
import { applyEdits, resolveLineFixes, type ResolvedFix } from './line-fixes.js';
import { eslintEquivalents, isSuppressed, parseEslintSuppressions, parseSuppressions } from './suppressions.js';

export type RuleSetting = Severity | 'off';
export type RuleSettings = ReadonlyMap<string, RuleSetting>;

export const PARSE_ERROR: RuleMeta = {
  id: 'parse-error',
  title: 'File does not parse',
  description: 'A file with syntax errors; no other rule runs on it.',
  severity: 'info',
  docsUrl: 'https://docs.convex.dev/functions',
  category: 'correctness',
  concerns: [],
};

export const INVALID_SUPPRESSION: RuleMeta = {
  id: 'invalid-suppression',
  title: 'Suppression comment names no known rule',
  description: 'A convex-review-disable comment whose rule ids are missing or unknown, so it silences nothing.',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/understanding/best-practices/',
  category: 'maintainability',
  concerns: [],
};

/** The engine's own rules, reported without a `check`. */
export const META_RULES: readonly RuleMeta[] = [PARSE_ERROR, INVALID_SUPPRESSION];

/** Ids a suppression may name besides the rules: `claude` silences the Claude review. */
export const EXTRA_SUPPRESSIBLE_IDS = ['claude'];

interface Located {
  meta: RuleMeta;
  file: SourceFile;
  node?: ts.Node;
  line: number;
  endLine: number;
  column: number;
  message: string;
  detail: string;
  severity: Severity;
  fix?: TextEdit;
  code: string;
}

/** Whether a rule runs under these settings: not set off, and an opt-in rule only when a setting names it. */
export function ruleRuns(rule: Pick<Rule, 'id' | 'optIn'>, settings: RuleSettings): boolean {
  const setting = settings.get(rule.id);
  return setting !== 'off' && !(rule.optIn && setting === undefined);
}

export function runRules(project: ConvexProject, rules: readonly Rule[], settings: RuleSettings): Finding[] {
  return runRulesKeyed(project, rules, settings).findings;
}

/** The findings of one project, each with the fingerprint key it was made from (for renames). */
export interface KeyedFindings {
  findings: Finding[];
  keys: ReadonlyMap<Finding, FingerprintKey>;
  /**
   * By the fingerprint of a finding whose fix merged others' edits on its lines: those findings
   * (they keep no fix of their own), which applying its fix fixes too. Beside Finding v1, not in it.
   */
  fixedAlong: ReadonlyMap<string, readonly Finding[]>;
}

export function runRulesKeyed(project: ConvexProject, rules: readonly Rule[], settings: RuleSettings): KeyedFindings {
  const validIds = new Set([...rules.map((r) => r.id), ...META_RULES.map((r) => r.id), ...EXTRA_SUPPRESSIBLE_IDS]);
  const located: Located[] = [];
  const settingOf = (meta: RuleMeta, severity: Severity): Severity | undefined => {
    const setting = settings.get(meta.id);
    return setting === 'off' ? undefined : (setting ?? severity);
  };

  for (const file of project.files) {
    if (file.parseErrors.length === 0) continue;
    const severity = settingOf(PARSE_ERROR, PARSE_ERROR.severity);
    const first = file.parseErrors[0];
    if (!severity) continue;
    located.push({
      meta: PARSE_ERROR,
      file,
      line: first.line,
      endLine: first.line,
      column: first.column,
      message: `File does not parse: ${first.message}${file.parseErrors.length > 1 ? ` (and ${file.parseErrors.length - 1} more)` : ''}`,
      detail: 'No other rule ran on this file. Fix the syntax error and the review covers it again.',
      severity,
      code: normalizeCode(file.text.split('\n')[first.line - 1] ?? ''),
    });
  }

  // A file a tool generated is read like any other (its schema, its functions), but its findings
  // are not reported: an edit there is undone by the next generation.
  const generated = memoByFile((file) => isToolGenerated(file.text));
  for (const rule of rules) {
    if (!ruleRuns(rule, settings)) continue;
    for (const report of rule.check(project)) {
      if (report.file.parseErrors.length > 0 || generated(report.file)) continue;
      const severity = settingOf(rule, report.severity ?? rule.severity);
      if (!severity) continue;
      located.push(lowerInDevelopmentSeeding(locate(rule, report, severity)));
    }
  }

  const ownSuppressions = memoByFile((file) => parseSuppressions(file.text));
  for (const file of project.files) {
    for (const s of ownSuppressions(file)) {
      const unknown = s.ruleIds.filter((id) => !validIds.has(id));
      if (s.ruleIds.length > 0 && unknown.length === 0) continue;
      const severity = settingOf(INVALID_SUPPRESSION, INVALID_SUPPRESSION.severity);
      if (!severity) continue;
      const line = file.text.split('\n')[s.line - 1] ?? '';
      located.push({
        meta: INVALID_SUPPRESSION,
        file,
        line: s.line,
        endLine: s.line,
        column: 1,
        message:
          s.ruleIds.length === 0
            ? 'Suppression comment names no rule id, so it silences nothing'
            : `Suppression comment names unknown rule id${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')}`,
        detail: `Name the rule to silence, e.g. \`// convex-review-disable-next-line no-filter-on-db-query -- reason\`. Valid ids: ${[...validIds].sort().map((id) => `\`${id}\``).join(', ')}.`,
        severity,
        code: normalizeCode(line),
      });
    }
  }

  // An `eslint-disable` of the equivalent `@convex-dev/*` rule counts as a suppression too.
  const equivalents = eslintEquivalents(rules);
  const eslintOf = memoByFile((file) => parseEslintSuppressions(file.text, equivalents));
  const kept = located.filter(
    (l) =>
      l.meta.id === INVALID_SUPPRESSION.id ||
      !(isSuppressed(ownSuppressions(l.file), l.meta.id, l.line) || isSuppressed(eslintOf(l.file), l.meta.id, l.line)),
  );
  kept.sort((a, b) => a.file.path.localeCompare(b.file.path) || a.line - b.line || a.column - b.column || a.meta.id.localeCompare(b.meta.id));
  const keys: FingerprintKey[] = kept.map((l) => ({
    ruleId: l.meta.id,
    path: l.file.path,
    functionName: l.node ? exportedFunctionName(project, l.file, l.node) : MODULE_SCOPE,
    code: l.code,
  }));
  const fingerprints = assignFingerprints(keys);
  // Fixes on shared lines are merged or dropped, so no suggestion undoes another's edit.
  const fixes = resolveLineFixes(kept);
  const keyOf = new Map<Finding, FingerprintKey>();
  const findingOf = new Map<Located, Finding>();
  const findings = kept
    .map((l, i) => {
      const finding = toFinding(l, fingerprints[i], fixes.get(l));
      keyOf.set(finding, keys[i]);
      findingOf.set(l, finding);
      return finding;
    })
    .sort(compareByLocation);
  const fixedAlong = new Map<string, Finding[]>();
  for (const [owner, fix] of fixes) {
    if (fix.alsoFixes.length > 0) fixedAlong.set(findingOf.get(owner)!.fingerprint, fix.alsoFixes.map((l) => findingOf.get(l)!));
  }
  return { findings, keys: keyOf, fixedAlong };
}

/**
 * The fingerprint the finding would have had at another path, for renamed files: earlier
 * comments made under the old path count as posted. Undefined for findings not made here.
 */
export function fingerprintAtPath(keyed: KeyedFindings, finding: Finding, path: string): string | undefined {
  const key = keyed.keys.get(finding);
  if (!key) return undefined;
  const sameTuple = (f: Finding): boolean => {
    const k = keyed.keys.get(f);
    return k !== undefined && k.ruleId === key.ruleId && k.path === key.path && k.functionName === key.functionName && k.code === key.code;
  };
  const occurrence = keyed.findings.filter(sameTuple).indexOf(finding);
  return occurrence < 0 ? undefined : assignFingerprints(Array.from({ length: occurrence + 1 }, () => ({ ...key, path })))[occurrence];
}

function locate(rule: Rule, report: Report, severity: Severity): Located {
  const { file, node } = report;
  const start = positionOf(file, node.getStart(file.ast));
  const end = positionOf(file, node.getEnd());
  return {
    meta: rule,
    file,
    node,
    line: start.line,
    endLine: Math.max(start.line, end.line),
    column: start.column,
    message: report.message,
    detail: report.detail,
    severity,
    fix: report.fix,
    code: normalizeNodeCode(node, file.ast),
  };
}

/**
 * The concerns that are costs at scale (slow reads, conflicts, retries, upkeep): inside development
 * seeding code (src/convex/model/dev-seeding.ts), which runs by hand against development data,
 * they cost nobody. Correctness findings (the seed would fail or write the wrong thing) and
 * security findings (seed code ships with the deployment; a public seed mutation is callable by
 * anyone) keep their severity.
 */
const LOWERED_IN_DEVELOPMENT_SEEDING: ReadonlySet<Category> = new Set(['performance', 'reliability', 'maintainability', 'data-model']);

/** A warning or error of those concerns inside development seeding code becomes info: still listed, never blocking. */
function lowerInDevelopmentSeeding(l: Located): Located {
  if (l.severity === 'info' || !LOWERED_IN_DEVELOPMENT_SEEDING.has(l.meta.category) || !l.node) return l;
  const reason = developmentSeedingReason(l.file, l.node);
  if (!reason) return l;
  return { ...l, severity: 'info', detail: `${l.detail}\n\nReported as info, not ${l.severity}: this is development seeding code (${reason}).` };
}

function toFinding(l: Located, fingerprint: string, fix: ResolvedFix<Located> | undefined): Finding {
  const merged = fix && fix.mergedFrom.length > 0 ? `\n\nThe suggestion also applies the fix of ${fix.mergedFrom.map((id) => `\`${id}\``).join(', ')} on the same lines.` : '';
  const detail = `${l.detail}${merged}\n\nTo silence this here, put \`// convex-review-disable-next-line ${l.meta.id} -- <why>\` on the line above.`;
  return {
    ruleId: l.meta.id,
    source: 'static',
    severity: l.severity,
    path: l.file.path,
    line: l.line,
    endLine: l.endLine,
    column: l.column,
    message: l.message,
    detail,
    docsUrl: l.meta.docsUrl,
    ...(fix ? { fix: wholeLineFix(l.file, fix.edits) } : {}),
    fingerprint,
  };
}

/**
 * Text edits (one, or several that do not overlap) widened to the whole lines they touch, as a
 * suggestion block replaces lines.
 */
export function wholeLineFix(file: SourceFile, edit: TextEdit | readonly TextEdit[]): Fix {
  const edits = Array.isArray(edit) ? (edit as readonly TextEdit[]) : [edit as TextEdit];
  const text = file.text;
  const start = Math.min(...edits.map((e) => e.start));
  const end = Math.max(...edits.map((e) => e.end));
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = text.indexOf('\n', end);
  const lineEnd = nextBreak === -1 ? text.length : nextBreak;
  const shifted = edits.map((e) => ({ ...e, start: e.start - lineStart, end: e.end - lineStart }));
  const replacement = applyEdits(text.slice(lineStart, lineEnd), shifted).replace(/\r(?=\n|$)/g, '');
  return {
    line: positionOf(file, lineStart).line,
    endLine: positionOf(file, lineEnd).line,
    replacement,
  };
}

/** The exported name of the top-level declaration holding `node`, or `<module>`. */
export function exportedFunctionName(project: ConvexProject, file: SourceFile, node: ts.Node): string {
  let top: ts.Node = node;
  while (top.parent && !ts.isSourceFile(top.parent)) top = top.parent;
  const scope = project.scope(file);
  if (ts.isExportAssignment(top)) return 'default';
  if (ts.isFunctionDeclaration(top) || ts.isClassDeclaration(top)) {
    if (hasExportModifier(top) && hasDefaultModifier(top)) return 'default';
    const name = top.name?.text;
    return (name && scope.exportedAs.get(name)?.[0]) ?? MODULE_SCOPE;
  }
  if (ts.isVariableStatement(top)) {
    for (const decl of top.declarationList.declarations) {
      if (ts.isIdentifier(decl.name) && decl.pos <= node.pos && node.end <= decl.end) {
        return scope.exportedAs.get(decl.name.text)?.[0] ?? MODULE_SCOPE;
      }
    }
  }
  return MODULE_SCOPE;
}

/** Parses each file's comments once per analysis. */
function memoByFile<T>(compute: (file: SourceFile) => T): (file: SourceFile) => T {
  const memo = new Map<SourceFile, T>();
  return (file) => {
    if (!memo.has(file)) memo.set(file, compute(file));
    return memo.get(file) as T;
  };
}
