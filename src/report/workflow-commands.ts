/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), for the CLI's
 * `--format github` in a user's own workflow: one annotation per finding, as the Action makes
 * them (annotations.ts). Messages quote the reviewed code, so every value is escaped the way the
 * runner unescapes it: no finding can end its line early and start a command of its own.
 */
import { compareByLocation, type Finding } from '../core/finding.js';
import { annotationOf, type Annotation } from './annotations.js';

/** The message part: `%`, CR and LF escaped (the runner reads one command per line). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which end a value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand({ level, message, props }: Annotation): string {
  const properties: [string, string | number | undefined][] = [
    ['file', props.file],
    ['line', props.startLine],
    ['endLine', props.endLine],
    ['col', props.startColumn],
    ['title', props.title],
  ];
  const list = properties.filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  return `::${level} ${list.join(',')}::${escapeData(message)}`;
}

/** One command per finding, in file and line order; empty when there is none. */
export function workflowCommands(findings: readonly Finding[]): string {
  return [...findings]
    .sort(compareByLocation)
    .map((f) => `${workflowCommand(annotationOf(f))}\n`)
    .join('');
}
