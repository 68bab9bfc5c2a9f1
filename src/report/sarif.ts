/**
 * SARIF 2.1.0 for Finding v1: one writer for the CLI (`--format sarif`) and the Action.
 *
 * Pure: findings and rule metadata in, a SARIF log out; the same input always gives the same
 * output (rules sorted by id, results by location, keys in a fixed order).
 *
 * Choices:
 * - `rules` holds every registered rule plus every rule a result names that is not registered
 *   (Claude's `claude/<category>`), sorted by id; `ruleIndex` points into that list.
 * - A rule's `name` is its id in PascalCase (`require-args-validator` → `RequireArgsValidator`,
 *   `claude/data-model` → `ClaudeDataModel`): SARIF wants an identifier-like name there; the
 *   human title is `shortDescription`.
 * - A static rule's `helpUri` is our page for it (`docs/rules/<id>.md`, `ruleDocsUrl`); the
 *   Convex docs page behind it (the Finding's `docsUrl`) is linked from its `help` text.
 * - `help.markdown` is the rule's doc page when the caller passes it (`SarifOptions.help`; the
 *   hosts pass src/report/rule-help.ts): code scanning shows it beside each alert. Without it,
 *   the two links.
 * - `properties.tags`: `convex`, the rule's category, and `security` for security rules (code
 *   scanning files those under Security). `properties.precision` from docs/precision.md: `high`
 *   for warning and error rules (97–100% precise there), `medium` for info rules (~92%), `low`
 *   for opt-in rules (below the bar). Security rules carry `properties['security-severity']`
 *   (GitHub's 0–10 scale) by headline severity: error 7.5 (high), warning 5.0 (medium), info 2.0
 *   (low).
 * - Claude rule entries have no `helpUri`, `help` or `defaultConfiguration` (Claude picks each
 *   comment's severity, so there is no rule default); every result carries its own `level`;
 *   their tags are `claude` and the category.
 * - No `informationUri`: the project documents no public home page yet.
 * - `uri` is the repo-root relative POSIX path, each segment percent-encoded (a no-op for
 *   ordinary file names), against `%SRCROOT%`; `originalUriBaseIds` is left out so the log does
 *   not depend on where it was produced. Columns are TypeScript's, so `columnKind` is
 *   `utf16CodeUnits`.
 * - Fixes: a Finding's fix replaces whole lines `line..endLine` with `replacement` (the text of
 *   the new lines, without the final newline). A SARIF region given by lines only runs from
 *   column 1 of `startLine` to the end of `endLine`, its newline excluded — exactly the text the
 *   replacement stands for — so the fix becomes one replacement of that region. Left out: an
 *   empty replacement, which as a GitHub suggestion deletes the lines; doing that in SARIF means
 *   deleting the newline too, which needs the file's text to address. Known limit: Finding v1
 *   strips CRs from `replacement`, so in a CRLF file a multi-line fix inserts LF line breaks
 *   between its lines (the code is the same; the bytes differ).
 */
import type { Finding, Fix, Severity } from '../core/finding.js';
import type { RuleMeta } from '../convex/engine/rule.js';
import { ruleDocsUrl } from '../version.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_TOOL_NAME = 'convex-review';
/** The key of our fingerprint in `partialFingerprints` (fingerprint v1 of the contract). */
export const FINGERPRINT_KEY = 'convexReview/v1';
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  helpUri?: string;
  help?: SarifMessage;
  defaultConfiguration?: { level: SarifLevel };
  properties?: SarifRuleProperties;
}

export interface SarifRuleProperties {
  tags: string[];
  precision?: 'very-high' | 'high' | 'medium' | 'low';
  /** GitHub code scanning's severity of a security rule: a number from 0.0 to 10.0, as a string. */
  'security-severity'?: string;
}

export interface SarifArtifactLocation {
  uri: string;
  uriBaseId: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn?: number;
  endLine: number;
}

export interface SarifLocation {
  physicalLocation: { artifactLocation: SarifArtifactLocation; region: SarifRegion };
}

export interface SarifReplacement {
  deletedRegion: { startLine: number; endLine: number };
  insertedContent: { text: string };
}

export interface SarifFix {
  description: { text: string };
  artifactChanges: Array<{ artifactLocation: SarifArtifactLocation; replacements: SarifReplacement[] }>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  fixes?: SarifFix[];
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      rules: SarifReportingDescriptor[];
    };
  };
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifOptions {
  toolVersion: string;
  /** Every registered rule (ALL_RULES): each gets a `rules` entry, with or without results. */
  rules: readonly RuleMeta[];
  /** Rule id → its doc page (markdown) for `help.markdown`. */
  help?: ReadonlyMap<string, string>;
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL[severity];
}

export function toSarif(findings: readonly Finding[], options: SarifOptions): SarifLog {
  const descriptors = new Map<string, SarifReportingDescriptor>();
  for (const rule of options.rules) {
    if (!descriptors.has(rule.id)) descriptors.set(rule.id, registeredRule(rule, options.help?.get(rule.id)));
  }
  for (const f of findings) {
    if (!descriptors.has(f.ruleId)) descriptors.set(f.ruleId, unregisteredRule(f));
  }
  const rules = [...descriptors.values()].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

  const results = [...findings].sort(compareForSarif).map((f) => toResult(f, ruleIndex.get(f.ruleId)!));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: SARIF_TOOL_NAME, version: options.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** `require-args-validator` → `RequireArgsValidator`; `claude/data-model` → `ClaudeDataModel`. */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function registeredRule(rule: RuleMeta, page: string | undefined): SarifReportingDescriptor {
  const links = help(rule.id, rule.docsUrl);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: ruleDocsUrl(rule.id),
    help: page === undefined ? links : { text: links.text, markdown: page },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: ruleProperties(rule),
  };
}

const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', info: '2.0' };

/** See the file comment: tags, precision, and security-severity for security rules. */
function ruleProperties(rule: RuleMeta): SarifRuleProperties {
  const security = rule.category === 'security';
  return {
    tags: ['convex', ...new Set([rule.category, ...(security ? ['security'] : [])])],
    precision: rule.optIn ? 'low' : rule.severity === 'info' ? 'medium' : 'high',
    ...(security ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
  };
}

const CLAUDE_PREFIX = 'claude/';

function unregisteredRule(f: Finding): SarifReportingDescriptor {
  if (f.ruleId.startsWith(CLAUDE_PREFIX)) {
    const category = f.ruleId.slice(CLAUDE_PREFIX.length);
    return { id: f.ruleId, name: ruleName(f.ruleId), shortDescription: { text: `Claude review: ${category}` }, properties: { tags: ['claude', category] } };
  }
  // A static rule missing from the registry should not happen; describe it by what the finding has.
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.ruleId },
    helpUri: ruleDocsUrl(f.ruleId),
    ...(f.docsUrl ? { help: help(f.ruleId, f.docsUrl) } : {}),
  };
}

/** Where to read more: our page for the rule, and the Convex docs page behind it. */
function help(id: string, docsUrl: string): SarifMessage {
  return {
    text: `Rule docs: ${ruleDocsUrl(id)}\nConvex docs: ${docsUrl}`,
    markdown: `[Rule docs](${ruleDocsUrl(id)}) · [Convex docs](${docsUrl})`,
  };
}

function toResult(f: Finding, ruleIndex: number): SarifResult {
  const artifactLocation = artifact(f.path);
  const region: SarifRegion =
    f.column !== undefined ? { startLine: f.line, startColumn: f.column, endLine: f.endLine } : { startLine: f.line, endLine: f.endLine };
  const message: SarifMessage = f.detail ? { text: f.message, markdown: `${f.message}\n\n${f.detail}` } : { text: f.message };
  const fix = f.fix ? toFix(f.fix, f.path) : undefined;
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f.severity),
    message,
    locations: [{ physicalLocation: { artifactLocation, region } }],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(fix ? { fixes: [fix] } : {}),
  };
}

/** See the file comment: whole lines, newline of the last one excluded; none for a deletion. */
function toFix(fix: Fix, path: string): SarifFix | undefined {
  if (fix.replacement === '') return undefined;
  const lines = fix.line === fix.endLine ? `line ${fix.line}` : `lines ${fix.line}-${fix.endLine}`;
  return {
    description: { text: `Replace ${lines}` },
    artifactChanges: [
      {
        artifactLocation: artifact(path),
        replacements: [{ deletedRegion: { startLine: fix.line, endLine: fix.endLine }, insertedContent: { text: fix.replacement } }],
      },
    ],
  };
}

function artifact(path: string): SarifArtifactLocation {
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** By location, then rule and fingerprint: code-unit comparisons, so no locale can reorder it. */
function compareForSarif(a: Finding, b: Finding): number {
  return (
    compareStrings(a.path, b.path) ||
    a.line - b.line ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.endLine - b.endLine ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.fingerprint, b.fingerprint) ||
    compareStrings(a.message, b.message)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
