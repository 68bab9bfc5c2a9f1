/**
 * Text that came from code or from a model is rendered inert: no pings, no raw HTML, no forged
 * markers, no fenced block (so no `suggestion` of its own, and nothing left open to swallow what
 * follows), and code blocks that cannot be broken out of. What comes out never contains `<!--`, so
 * never the start of a convex-review marker, wherever it sits (the marker parsers read raw bodies).
 */
import { ANY_MARKER } from './markers.js';

/** `<!--` with a zero-width joiner inside: it reads the same but opens no comment and starts no marker. */
const INERT_COMMENT_OPEN = '<!\u200d--';

/**
 * Markdown prose: HTML escaped, `@mentions` defused and fences escaped outside code spans; inside
 * them GitHub shows text literally, so it is left as written but for `<!--`.
 */
export function sanitizeMarkdown(text: string): string {
  return splitCodeSpans(withoutForgedMarkers(text))
    .map(({ code, text: part }) => (code ? inertCode(part) : defuse(part)))
    .join('');
}

/**
 * Forged markers removed until none is left: removing one can join the pieces around it into
 * another (`<!-<!-- convex-review -->- convex-review:v1 fp=… -->`).
 */
export function withoutForgedMarkers(text: string): string {
  let out = text;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(ANY_MARKER, '');
  }
  return out;
}

/** Code shown as written, except that no `<!--` is left in it. */
function inertCode(code: string): string {
  return code.replace(/<!--/g, INERT_COMMENT_OPEN);
}

function defuse(prose: string): string {
  return (
    prose
      // Backticks left in prose have no partner on their line, but GitHub could pair one with a
      // backtick on a later line, turning our code span there into prose (raw HTML and all), and
      // a run of three opens a fence (a `suggestion` of its own, or a block that swallows what
      // follows). Escaped, they read the same and do neither; so does a run of three tildes.
      // Backslash escapes already there are kept as they are; a lone one at the end is doubled.
      .replace(/\\[\s\S]|\\$|`+|~{3,}/g, (t) => (t === '\\' ? '\\\\' : t.startsWith('\\') ? t : t.replace(/[`~]/g, '\\$&')))
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // A zero-width joiner after @ keeps the text readable but stops the mention.
      .replace(/@(?=[A-Za-z0-9_-])/g, '@\u200d')
  );
}

/**
 * Untrusted text (a path, a rule id, a model name) as one inline code span: on one line, fenced by
 * more backticks than it holds, so nothing in it is live and nothing breaks out. A plain path
 * comes out as `` `path` ``.
 */
export function codeSpan(text: string): string {
  const flat = inertCode(withoutForgedMarkers(text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')));
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Markdown for a table cell: a pipe, even in a code span, would end the cell. */
export function tableCell(markdown: string): string {
  return markdown.replace(/\|/g, '\\|');
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

/** A fenced block whose fence is longer than any backtick run inside it, with no `<!--` in it. */
export function fencedBlock(info: string, content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${inertCode(content)}\n${fence}`;
}

/** The start of a convex-review marker, however spaced or cased. */
const MARKER_START = /<!--\s*convex-review/i;

/**
 * Our suggestion block for a replacement (a static fix, or Claude's structured `suggestion` after
 * our anchoring checks): live, unless the replacement itself holds the start of a convex-review
 * marker — then it is shown as code, with that `<!--` made inert, and not offered to commit (a
 * suggestion must commit exactly what it shows).
 */
export function suggestionBlock(replacement: string): string {
  if (!MARKER_START.test(replacement)) return fencedBlock('suggestion', replacement);
  return `${fencedBlock('', replacement)}\n\nNot offered as a suggestion: the replacement contains text that looks like a convex-review marker.`;
}

/** Cuts text to a budget on a line boundary, saying so. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n\n… (truncated)';
  const cut = text.slice(0, Math.max(0, max - note.length));
  const atLine = cut.lastIndexOf('\n');
  return (atLine > max / 2 ? cut.slice(0, atLine) : cut) + note;
}
