/**
 * Which static rules speak to each of Claude's categories (each rule names them: `concerns` in its
 * meta). No longer used to drop Claude's comments — a comment repeats a static finding only when
 * it says so (`restates`, see anchor.ts), so a distinct problem on the lines of a related rule's
 * finding is kept. The e2e test of the Claude pass reads it to pick categories.
 */
import { ALL_RULES } from '../convex/rules/index.js';
import { CATEGORIES, type Category } from '../core/categories.js';

export const CONCERNS: Readonly<Record<Category, readonly string[]>> = concernsByCategory();

function concernsByCategory(): Record<Category, string[]> {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, [] as string[]])) as Record<Category, string[]>;
  for (const rule of ALL_RULES) for (const category of rule.concerns) byCategory[category].push(rule.id);
  return byCategory;
}
