/**
 * The review categories: what a Claude comment is about, and the concern each static rule
 * speaks to. Pure and dependency-free, so the rule engine and the Claude review share the list
 * without either importing the other.
 */
export const CATEGORIES = ['correctness', 'security', 'performance', 'data-model', 'reliability', 'maintainability'] as const;
export type Category = (typeof CATEGORIES)[number];
