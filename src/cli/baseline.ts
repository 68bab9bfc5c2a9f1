/**
 * `--baseline FILE` / `--update-baseline` of check and review, and the config file's `baseline:`:
 * which file, reading it, writing it, and the lines that say what the baseline hid. The format
 * and the comparison are pure (src/report/baseline.ts); this is the disk around them.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { plural } from '../core/text.js';
import { formatBaseline, parseBaseline, staleEntries, updatedBaseline, type Baseline } from '../report/baseline.js';
import type { Review, ReviewSettings } from '../review/review.js';
import type { CliIo } from './main.js';

export interface BaselineChoice {
  /** Absolute. */
  file: string;
  /** The file as the user named it (the flag's value, or the config file's repository-relative path). */
  label: string;
  /** --update-baseline: write the file instead of comparing. */
  update: boolean;
  /** The recorded findings; when updating, those of the previous file (none when it did not exist). */
  baseline: Baseline;
}

const EMPTY: Baseline = { entries: [], fingerprints: new Set() };

/**
 * The baseline of this run: --baseline (relative to the cwd) wins over the config file's
 * `baseline` (relative to the repository root); none of them, no baseline.
 */
export function chooseBaseline(options: { baseline?: string; updateBaseline: boolean }, configured: string | undefined, where: { cwd: string; repoRoot: string }): BaselineChoice | undefined {
  const named = options.baseline !== undefined ? { label: options.baseline, file: resolve(where.cwd, options.baseline) } : configured !== undefined ? { label: configured, file: resolve(where.repoRoot, configured) } : undefined;
  if (!named) {
    if (options.updateBaseline) throw new UsageError('--update-baseline writes the baseline: give its file with --baseline FILE (or set baseline: in the config file)');
    return undefined;
  }
  const exists = existsSync(named.file);
  if (exists && !statSync(named.file).isFile()) throw new UsageError(`baseline ${named.label}: not a file (looked at ${named.file})`);
  if (options.updateBaseline) {
    if (!exists) return { ...named, update: true, baseline: EMPTY };
    try {
      return { ...named, update: true, baseline: parseBaseline(readFileSync(named.file, 'utf8'), named.label) };
    } catch (error) {
      // A merge conflict in the file, say: it holds what other runs kept, so it is not overwritten blindly.
      if (error instanceof UsageError) throw new UsageError(`${error.message}. Fix it, or delete it to record the baseline anew`);
      throw error;
    }
  }
  if (!exists) throw new UsageError(`baseline ${named.label}: no such file (looked at ${named.file}); record one with --update-baseline`);
  return { ...named, update: false, baseline: parseBaseline(readFileSync(named.file, 'utf8'), named.label) };
}

/**
 * Writes this run's static findings to the baseline; the entries of paths the run did not cover
 * (`covers`) are kept. Returns the line that says what was recorded.
 */
export function writeBaseline(choice: BaselineChoice, findings: readonly Finding[], covers: (path: string) => boolean): string {
  const { entries, recorded, kept } = updatedBaseline(choice.baseline.entries, findings, covers);
  writeFileSync(choice.file, formatBaseline(entries));
  const others = kept > 0 ? ` (and kept ${plural(kept, 'finding')} of files this run did not check)` : '';
  return `Recorded ${plural(recorded, 'finding')} in the baseline ${choice.label}${others}.`;
}

/** What the baseline hid, and what it records that is gone: empty when there is nothing to say. */
export function baselineLines(choice: BaselineChoice, known: number, findings: readonly Finding[], covers: (path: string) => boolean, hidden: string): string[] {
  const lines: string[] = [];
  if (known > 0) lines.push(`${plural(known, 'finding')} in the baseline ${choice.label} ${hidden}.`);
  const stale = staleEntries(choice.baseline, findings, covers).length;
  if (stale > 0) lines.push(`${plural(stale, 'finding')} of the baseline ${stale === 1 ? 'is' : 'are'} no longer found (fixed or changed); --update-baseline drops ${stale === 1 ? 'it' : 'them'}.`);
  return lines;
}

/** The settings with the baseline's fingerprints, when comparing: the pipeline keeps them out of fail-on (and, for a change, out of the inline comments). */
export function withBaseline(settings: ReviewSettings, choice: BaselineChoice | undefined): ReviewSettings {
  return choice && !choice.update ? { ...settings, baseline: choice.baseline.fingerprints } : settings;
}

/** check's findings under the baseline: only the new ones are shown; the lines say what was hidden. */
export function newFindings(review: Review, choice: BaselineChoice | undefined): { findings: Finding[]; lines: string[] } {
  if (!choice) return { findings: review.findings, lines: [] };
  const findings = review.findings.filter((f) => !review.inBaseline(f));
  return { findings, lines: baselineLines(choice, review.findings.length - findings.length, review.findings, review.gates, 'not shown') };
}

/** Lines for people: after the text report on stdout, on stderr when stdout is JSON or SARIF. */
export function tell(io: CliIo, format: string, lines: readonly string[]): void {
  for (const line of lines) (format === 'text' ? io.stdout : io.stderr)(`${line}\n`);
}

/** review's lines under the baseline: its findings stay in the summary (as the Action places them), never inline. */
export function reviewBaselineLines(review: Review, choice: BaselineChoice | undefined): string[] {
  if (!choice) return [];
  const known = review.findings.filter((f) => review.inBaseline(f)).length;
  return baselineLines(choice, known, review.findings, review.gates, 'only in the summary, not inline');
}
