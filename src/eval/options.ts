/** `convex-review eval`'s options, checked: every bad combination names itself. Pure. */
import { UsageError } from '../core/errors.js';
import { DEFAULT_MODEL } from '../core/defaults.js';

export const EVAL_MODES = ['replay', 'record', 'live'] as const;
export type EvalMode = (typeof EVAL_MODES)[number];
export const EVAL_FORMATS = ['text', 'json', 'markdown'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];
export const EVAL_SPLITS = ['all', 'dev', 'held-out'] as const;

export interface EvalOptions {
  mode: EvalMode;
  /** The eval folder: cases/, apps/, recordings/, fixtures/ (default: eval). */
  dir: string;
  /** Only these case ids (default: all). */
  only: string[];
  split: (typeof EVAL_SPLITS)[number];
  claude: boolean;
  /** record: answer from the hand-written fixtures instead of the API, re-keying their recordings. */
  fromFixtures: boolean;
  /** Where recipes' fetched sources are (`<owner>+<name>@<commit>/` folders). */
  sources?: string;
  repeat: number;
  maxUsd?: number;
  model: string;
  format: EvalFormat;
  baseline?: string;
  updateBaseline: boolean;
}

/** The flags only eval takes (check and review refuse them). */
/** Flags only eval takes (`--baseline` and `--update-baseline` are shared with check and review, with their own meaning there). */
export const EVAL_ONLY = ['mode', 'dir', 'case', 'split', 'from-fixtures', 'sources', 'repeat', 'max-usd'] as const;

export interface EvalValues {
  mode?: string;
  dir?: string;
  case?: string[];
  split?: string;
  'from-fixtures'?: boolean;
  sources?: string;
  repeat?: string;
  'max-usd'?: string;
  model?: string;
  format?: string;
  baseline?: string;
  'update-baseline'?: boolean;
  'no-claude'?: boolean;
}

export function parseEvalOptions(values: EvalValues, rest: readonly string[]): EvalOptions {
  if (rest.length > 0) throw new UsageError(`eval takes no PATH ('${rest[0]}'): it runs the cases under --dir (default: eval)`);
  const mode = values.mode ?? 'replay';
  if (!EVAL_MODES.includes(mode as EvalMode)) throw new UsageError(`--mode: '${mode}' is not a mode; use one of ${EVAL_MODES.join(', ')}`);
  const format = values.format ?? 'text';
  if (!EVAL_FORMATS.includes(format as EvalFormat)) throw new UsageError(`--format: '${format}' is not a format of eval; use one of ${EVAL_FORMATS.join(', ')}`);
  const split = values.split ?? 'all';
  if (!EVAL_SPLITS.includes(split as EvalOptions['split'])) throw new UsageError(`--split: '${split}' is not a split; use one of ${EVAL_SPLITS.join(', ')}`);
  const repeat = values.repeat ?? '1';
  if (!/^\d+$/.test(repeat) || Number(repeat) < 1 || Number(repeat) > 100) throw new UsageError(`--repeat: '${repeat}' is not a whole number from 1 to 100`);
  if (Number(repeat) > 1 && mode !== 'live') throw new UsageError('--repeat measures the model\'s variance: use it with --mode live (a replay answers the same every time)');
  const maxUsd = values['max-usd'];
  if (maxUsd !== undefined && (!/^\d+(\.\d+)?$/.test(maxUsd) || Number(maxUsd) <= 0)) throw new UsageError(`--max-usd: '${maxUsd}' is not a positive amount of dollars`);
  if (maxUsd !== undefined && mode === 'replay') throw new UsageError('--max-usd limits spending: use it with --mode record or live (a replay spends nothing)');
  if (values['from-fixtures'] && mode !== 'record') throw new UsageError('--from-fixtures re-keys the hand-written fixtures: use it with --mode record');
  if (values['no-claude'] && mode !== 'replay') throw new UsageError(`--no-claude runs the static rules only: there is nothing to ${mode}`);
  if (values['update-baseline'] && !values.baseline) throw new UsageError('--update-baseline writes the baseline: give its file with --baseline FILE');
  for (const flag of ['dir', 'sources', 'baseline', 'model'] as const) {
    if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag}: give a value`);
  }
  return {
    mode: mode as EvalMode,
    dir: values.dir ?? 'eval',
    only: values.case ?? [],
    split: split as EvalOptions['split'],
    claude: !values['no-claude'],
    fromFixtures: values['from-fixtures'] === true,
    ...(values.sources !== undefined ? { sources: values.sources } : {}),
    repeat: Number(repeat),
    ...(maxUsd !== undefined ? { maxUsd: Number(maxUsd) } : {}),
    model: values.model ?? DEFAULT_MODEL,
    format: format as EvalFormat,
    ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
    updateBaseline: values['update-baseline'] === true,
  };
}
