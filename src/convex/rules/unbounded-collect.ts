import { collectCalls, describeTable, type CollectCall } from '../semantics/collects.js';
import { classifyCollect } from '../semantics/collect-reads.js';
import type { PartlyUsed } from '../semantics/partly-used.js';
import type { ConvexProject } from '../semantics/project.js';
import { BEST_PRACTICES, type Report, type Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

/**
 * `.collect()` on a db query: every matching document in one read, with no limit. Info: measured on
 * real apps (docs/precision.md) its whole-table reports fell short of the 90% precision a warning
 * needs here (tables that stay small, test-only clears); `--rule unbounded-collect=warning` raises it.
 */
export const unboundedCollect: Rule = {
  id: 'unbounded-collect',
  title: 'Unbounded collect',
  description: 'A database query read with `.collect()`, which loads every matching document at once.',
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#only-use-collect-with-a-small-number-of-results`,
  category: 'performance',
  concerns: ['performance', 'data-model'],
  eslintEquivalent: 'no-collect-in-query',
  *check(project) {
    for (const file of project.files) {
      for (const collect of collectCalls(project, file)) {
        const found = report(project, file, collect);
        if (found) yield found;
      }
    }
  },
};

/**
 * The scans and the part-only reads. An index range a public query returns whole is
 * unpaginated-list-endpoint's (opt-in): it measured 45% precision (docs/precision.md).
 */
function report(project: ConvexProject, file: SourceFile, collect: CollectCall): Report | undefined {
  const read = classifyCollect(project, file, collect);
  if (read?.kind !== 'scan' && read?.kind !== 'part') return undefined;
  const table = describeTable(collect.chain);
  const node = collect.step.nameNode;
  if (read.kind === 'part') return { file, node, severity: 'info', ...partMessage(table, read.part) };
  const { scan, quiet } = read;
  return {
    file,
    node,
    severity: 'info',
    message:
      scan.kind === 'no-index'
        ? `\`.collect()\` on ${table} has no index: it reads the whole table`
        : scan.kind === 'open-range'
          ? `\`.collect()\` on ${table} uses index ${scan.index ? `"${scan.index}" ` : ''}with a one-sided range: it reads every document past the bound`
          : `\`.collect()\` on ${table} uses index ${scan.index ? `"${scan.index}" ` : ''}without a range: it reads the whole table`,
    detail:
      '`.collect()` loads every matching document in one transaction. With no index range Convex reads every document ' +
      'of the table, so the function slows down as the table grows and fails once it passes the per-transaction read limits. ' +
      'Bound it: `.take(n)` when only the first n matter, `.paginate(paginationOpts)` for lists the client pages through, ' +
      'or `.withIndex(…)` with a range so only the relevant documents are read.' +
      (quiet ? `\n\nThis looks like ${quiet}, which runs rarely and may read whole tables on purpose.` : ''),
  };
}

const PART_DETAIL =
  '`.collect()` reads every matching document, and the function re-runs whenever any of them changes, ' +
  'though only part of the result is used.';

/** The message and fix for a collect of which only a part is used. */
function partMessage(table: string, part: PartlyUsed): { message: string; detail: string } {
  switch (part.kind) {
    case 'first':
      return {
        message: `\`.collect()\` on ${table} loads every document but only the first is used: use \`.first()\``,
        detail: `${PART_DETAIL} \`.first()\` reads the same document (in the same order) and nothing else.`,
      };
    case 'take':
      return {
        message: `\`.collect()\` on ${table} loads every document but only the first ${part.count} are used: use \`.take(${part.count})\``,
        detail: `${PART_DETAIL} \`.take(${part.count})\` reads the same documents (in the same order) and nothing else.`,
      };
    case 'take-last':
      return {
        message: `\`.collect()\` on ${table} loads every document but only the last ${part.count} are used: use \`.order("${part.order}").take(${part.count})\``,
        detail: `${PART_DETAIL} \`.order("${part.order}").take(${part.count})\` reads only those documents; it returns them in the opposite order, so reverse them if the order matters.`,
      };
    case 'page':
      return {
        message: `\`.collect()\` on ${table} loads every document but only one page is used: use \`.paginate(paginationOpts)\``,
        detail: `${PART_DETAIL} Slicing a page by offset still reads the whole range on every call; \`.paginate(paginationOpts)\` reads one page and gives the client a cursor for the next.`,
      };
    case 'scan':
      return {
        message: `\`.collect()\` on ${table} loads every document but the ordered scan stops at the first match: iterate the query with \`for await\``,
        detail: `${PART_DETAIL} \`for await (const doc of query) { … break; }\` reads documents in the same order and stops reading where the loop stops.`,
      };
  }
}
