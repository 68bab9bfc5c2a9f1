/**
 * The baseline file: the findings a team has accepted, by fingerprint, so that later runs show
 * only new ones (adopting the review on an existing app). Pure: text in, entries out.
 *
 * The format, chosen for review in a pull request:
 *
 *     {
 *       "version": 1,
 *       "tool": "convex-review",
 *       "findings": [
 *         {"fingerprint":"v1:…","ruleId":"…","path":"convex/a.ts","line":3,"message":"…"},
 *         …
 *       ]
 *     }
 *
 * - One finding per line, sorted by path, line, rule id, fingerprint, keys in that fixed order:
 *   recording a new finding or fixing an old one changes one line of the diff.
 * - Only the fingerprint (v1: line-independent, see src/core/fingerprint.ts) decides whether a
 *   finding is known; `ruleId`, `path`, `line` and `message` are there for the people reviewing
 *   the file. `line` is where the finding was when it was recorded: moving code does not make a
 *   finding new, it only makes that line stale until the next --update-baseline.
 * - Reading is strict: anything else fails with the file's name, the place and what is expected,
 *   since a baseline that silently matches nothing would show every finding again.
 */
import { UsageError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';

export const BASELINE_VERSION = 1;
export const BASELINE_TOOL = 'convex-review';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Repository-root relative, as in Finding v1. */
  path: string;
  line: number;
  message: string;
}

export interface Baseline {
  entries: BaselineEntry[];
  fingerprints: ReadonlySet<string>;
}

const FINGERPRINT = /^v1:[0-9a-f]{16}$/;
const TOP_LEVEL = ['version', 'tool', 'findings'];
const ENTRY_KEYS = ['fingerprint', 'ruleId', 'path', 'line', 'message'] as const;

/** Parses a baseline; every problem throws a UsageError that starts with `file`. */
export function parseBaseline(text: string, file: string): Baseline {
  const fail = (where: string, message: string): never => {
    throw new UsageError(`${file}: ${where ? `${where}: ` : ''}${message}`);
  };
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    // One line: the parser quotes the file's text, which may be anything.
    return fail('', `not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})`);
  }
  if (!isRecord(root)) return fail('', `not a ${BASELINE_TOOL} baseline: expected an object with version, tool and findings`);
  for (const key of Object.keys(root)) if (!TOP_LEVEL.includes(key)) fail(key, `unknown key; accepted keys: ${TOP_LEVEL.join(', ')}`);
  if (root.tool !== BASELINE_TOOL) fail('tool', `${JSON.stringify(root.tool ?? null)} is not ${JSON.stringify(BASELINE_TOOL)}: not a ${BASELINE_TOOL} baseline`);
  if (root.version !== BASELINE_VERSION) fail('version', `${JSON.stringify(root.version ?? null)} is not supported; use ${BASELINE_VERSION}`);
  if (!Array.isArray(root.findings)) return fail('findings', 'must be a list of findings');

  const entries = root.findings.map((value: unknown, i: number): BaselineEntry => {
    const at = `findings[${i}]`;
    if (!isRecord(value)) return fail(at, `must be an object with ${ENTRY_KEYS.join(', ')}`);
    for (const key of Object.keys(value)) if (!(ENTRY_KEYS as readonly string[]).includes(key)) fail(`${at}.${key}`, `unknown key; accepted keys: ${ENTRY_KEYS.join(', ')}`);
    const { fingerprint, ruleId, path, line, message } = value;
    if (typeof fingerprint !== 'string' || !FINGERPRINT.test(fingerprint)) fail(`${at}.fingerprint`, `${JSON.stringify(fingerprint ?? null)} is not a fingerprint v1 ('v1:' and 16 hex digits)`);
    for (const [key, v] of [['ruleId', ruleId], ['path', path], ['message', message]] as const) {
      if (typeof v !== 'string') fail(`${at}.${key}`, 'must be a string');
    }
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) fail(`${at}.line`, 'must be a line number (1 or more)');
    return { fingerprint, ruleId, path, line, message } as BaselineEntry;
  });
  return { entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}

/** The file's text: stable for the same findings, whatever order they came in. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = sortedUnique(entries);
  const lines = sorted.map((e, i) => `    ${JSON.stringify({ fingerprint: e.fingerprint, ruleId: e.ruleId, path: e.path, line: e.line, message: e.message })}${i < sorted.length - 1 ? ',' : ''}`);
  const findings = lines.length === 0 ? '[]' : `[\n${lines.join('\n')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "tool": ${JSON.stringify(BASELINE_TOOL)},\n  "findings": ${findings}\n}\n`;
}

export function entryOf(finding: Finding): BaselineEntry {
  return { fingerprint: finding.fingerprint, ruleId: finding.ruleId, path: finding.path, line: finding.line, message: finding.message };
}

/**
 * The baseline after a run that covered the paths `covers` accepts: this run's static findings
 * there, and the previous entries of every other path kept (a run on one folder, or on a change,
 * does not forget the rest of the app). Claude's findings are never recorded: they are not
 * deterministic, so a recorded one would rarely match again.
 */
export function updatedBaseline(previous: readonly BaselineEntry[], findings: readonly Finding[], covers: (path: string) => boolean): { entries: BaselineEntry[]; recorded: number; kept: number } {
  const recorded = sortedUnique(findings.filter((f) => f.source === 'static').map(entryOf));
  const entries = sortedUnique([...recorded, ...previous.filter((e) => !covers(e.path))]);
  return { entries, recorded: recorded.length, kept: entries.length - recorded.length };
}

/** Findings split into those not in the baseline (shown) and those it records (counted only). */
export function splitByBaseline<F extends Pick<Finding, 'fingerprint'>>(findings: readonly F[], fingerprints: ReadonlySet<string>): { fresh: F[]; known: F[] } {
  const fresh: F[] = [];
  const known: F[] = [];
  for (const f of findings) (fingerprints.has(f.fingerprint) ? known : fresh).push(f);
  return { fresh, known };
}

/** Entries of covered paths that no current finding matches: fixed (or changed) since they were recorded. */
export function staleEntries(baseline: Baseline, findings: readonly Pick<Finding, 'fingerprint'>[], covers: (path: string) => boolean): BaselineEntry[] {
  const current = new Set(findings.map((f) => f.fingerprint));
  return baseline.entries.filter((e) => covers(e.path) && !current.has(e.fingerprint));
}

function sortedUnique(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const e of entries) if (!byFingerprint.has(e.fingerprint)) byFingerprint.set(e.fingerprint, e);
  return [...byFingerprint.values()].sort(compareEntries);
}

/** By code point, not locale: the order must not depend on the machine that wrote the file. */
function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.path, b.path) || a.line - b.line || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
