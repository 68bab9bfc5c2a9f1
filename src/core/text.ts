/** Text helpers every renderer shares: a count with its noun, and terminal colour (SGR codes). */

/** `1 file`, `2 files`; `pluralWord` for a noun that does not take an `s`. */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** The SGR (Select Graphic Rendition) codes the text outputs use. */
export const SGR = { reset: 0, bold: 1, dim: 2, underline: 4, red: 31, green: 32, yellow: 33, cyan: 36 } as const;

export type SgrName = keyof typeof SGR;

/** Wraps `text` in one SGR style, closed by a full reset. */
export type Styler = (style: SgrName, text: string) => string;

/** The styler of an output: SGR codes when `color`, the text unchanged otherwise. */
export function paint(color: boolean): Styler {
  return color ? (style, text) => `\x1b[${SGR[style]}m${text}\x1b[0m` : (_style, text) => text;
}
