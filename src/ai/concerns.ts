/**
 * Which static rules already speak to each of Claude's categories: a Claude comment on the same
 * lines as a finding of one of these rules says the same thing twice, and is dropped. Each rule
 * names the categories it speaks to (`concerns` in its meta).
 */
import { ALL_RULES } from '../convex/rules/index.js';
import { CATEGORIES, type Category } from '../core/categories.js';

export const CONCERNS: Readonly<Record<Category, readonly string[]>> = concernsByCategory();

function concernsByCategory(): Record<Category, string[]> {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, [] as string[]])) as Record<Category, string[]>;
  for (const rule of ALL_RULES) for (const category of rule.concerns) byCategory[category].push(rule.id);
  return byCategory;
}
