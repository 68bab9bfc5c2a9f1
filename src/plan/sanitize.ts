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

/** Splits text into code spans (`…`, ``…``) and the prose between them. */
function splitCodeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const span = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  let last = 0;
  for (const m of text.matchAll(span)) {
    if (m.index! > last) parts.push({ code: false, text: text.slice(last, m.index) });
    parts.push({ code: true, text: m[0] });
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
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
