/**
 * The verification pass: Claude's candidate comments of a batch go back to it, in the same
 * conversation (so the cached prompt and the code are read again at a fraction of the price), to be
 * kept or dropped one by one with a score. The wrong comments a review bot posts share a pattern:
 * an objection that code nearby refutes, or a nit blamed on a change that has no effect; a second,
 * sceptical look catches most of them. Pure.
 */
import type { ModelComment, ModelVerdict } from './output.js';
import { escapeDelimiters } from './prompt.js';

/** The verification request's user turn: the candidates, numbered, and what to check. */
export function verificationMessage(comments: readonly ModelComment[]): string {
  const candidates = comments.map((c, id) =>
    [`[${id}] ${c.path}:${c.start_line && c.start_line !== c.line ? `${c.start_line}-` : ''}${c.line} · ${c.severity} · ${c.category} · ${oneLine(c.title)}`, `evidence: ${oneLine(c.evidence)}`, `body: ${oneLine(c.body)}`].join('\n'),
  );
  return [
    '<pr-data kind="candidate-comments">',
    escapeDelimiters(candidates.join('\n\n')),
    '</pr-data>',
    '',
    'Verify each candidate comment above against the code shown in this conversation, as a sceptical senior Convex reviewer would before it is posted. Drop a comment (keep: false) when:',
    '- code shown refutes it: a guard or helper that already checks, a caller the same change removes, a builder that authenticates;',
    '- it blames the change for something the change does not do, or the change has no effect on it;',
    '- it is about code the pull request does not touch, or restates a static finding already listed;',
    '- its evidence is not on the lines it names, or it is style, speculation or a request for tests or docs.',
    'Score each 0–10: how likely a Convex engineer would agree it is a real problem worth fixing in this pull request.',
    `Answer with the JSON object: "comments": [], "summary": "", and one entry in "verdicts" per candidate (id 0 to ${comments.length - 1}) with keep, score and a one-sentence reason.`,
  ].join('\n');
}

export interface Verified {
  kept: ModelComment[];
  /** What was dropped and why, one line each: `path:line title (score n: reason)`. */
  dropped: string[];
}

/**
 * The candidates the verdicts keep at `minScore` or above. A candidate without a verdict is kept
 * (a verdict list the model cut short must not silently lose comments); a verdict for no candidate
 * is ignored.
 */
export function applyVerdicts(comments: readonly ModelComment[], verdicts: readonly ModelVerdict[], minScore: number): Verified {
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  const kept: ModelComment[] = [];
  const dropped: string[] = [];
  comments.forEach((c, id) => {
    const verdict = byId.get(id);
    if (!verdict || (verdict.keep && verdict.score >= minScore)) kept.push(c);
    else dropped.push(`${c.path}:${c.line} ${oneLine(c.title)} (score ${verdict.score}${verdict.keep ? '' : ', dropped'}: ${oneLine(verdict.reason)})`);
  });
  return { kept, dropped };
}

/** Without a verification pass, the model's own confidence decides. */
export function applyConfidence(comments: readonly ModelComment[], minScore: number): Verified {
  const kept = comments.filter((c) => c.confidence >= minScore);
  const dropped = comments.filter((c) => c.confidence < minScore).map((c) => `${c.path}:${c.line} ${oneLine(c.title)} (confidence ${c.confidence})`);
  return { kept, dropped };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
