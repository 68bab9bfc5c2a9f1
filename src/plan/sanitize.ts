/**
 * Text that came from code or from a model is rendered inert: no pings, no raw HTML, no forged
 * markers, and code blocks that cannot be broken out of.
 */
import { ANY_MARKER } from './markers.js';

/**
 * Markdown prose: HTML escaped and `@mentions` / `#refs` defused outside code spans (inside them
 * GitHub shows text literally, so it is left exactly as written).
 */
export function sanitizeMarkdown(text: string): string {
  const withoutMarkers = text.replace(ANY_MARKER, '');
  return splitCodeSpans(withoutMarkers)
    .map(({ code, text: part }) => (code ? part : defuse(part)))
    .join('');
}

function defuse(prose: string): string {
  return prose
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A zero-width joiner after @ keeps the text readable but stops the mention.
    .replace(/@(?=[A-Za-z0-9_-])/g, '@\u200d');
}

/**
 * Splits text into code spans and the prose between them, the way GitHub (CommonMark) finds
 * them: a backtick run opens a span only when not backslash-escaped, and closes at the next run of
 * exactly its length. Spans are kept to one line — a blank line, heading or HTML block start on a
 * later line would end the paragraph first — so nothing GitHub renders as HTML is taken for code.
 */
function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let prose = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\\') {
      i += 2; // an escaped character (a backtick too) is literal
      continue;
    }
    if (text[i] !== '`') {
      i++;
      continue;
    }
    const run = backtickRun(text, i);
    const close = closingRun(text, i + run, run);
    if (close === undefined) {
      i += run; // no closer: the run is literal text
      continue;
    }
    if (i > prose) parts.push({ code: false, text: text.slice(prose, i) });
    parts.push({ code: true, text: text.slice(i, close + run) });
    i = prose = close + run;
  }
  if (prose < text.length) parts.push({ code: false, text: text.slice(prose) });
  return parts;
}

function backtickRun(text: string, at: number): number {
  let end = at;
  while (text[end] === '`') end++;
  return end - at;
}

/** Where the next run of exactly `length` backticks starts, on this line. */
function closingRun(text: string, from: number, length: number): number | undefined {
  for (let k = from; k < text.length && text[k] !== '\n'; ) {
    if (text[k] !== '`') {
      k++;
      continue;
    }
    const run = backtickRun(text, k);
    if (run === length) return k;
    k += run;
  }
  return undefined;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fencedBlock(info: string, content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content.replace(ANY_MARKER, '')}\n${fence}`;
}

/** Cuts text to a budget on a line boundary, saying so. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n\n… (truncated)';
  const cut = text.slice(0, Math.max(0, max - note.length));
  const atLine = cut.lastIndexOf('\n');
  return (atLine > max / 2 ? cut.slice(0, atLine) : cut) + note;
}
