import { collectCalls, describeTable } from '../semantics/collects.js';
import { collectedUses, countOnlyReads } from '../semantics/collected-uses.js';
import { documentsNeeded } from '../semantics/length-bounds.js';
import { BEST_PRACTICES, type Rule } from '../engine/rule.js';

const AGGREGATE_URL = 'https://www.convex.dev/components/aggregate';

/**
 * `(await q.collect()).length`: every document read just to count them. Info: on round 5's
 * held-out apps (docs/precision.md) it measured 10 TP / 2 FP at warning (83%, below the 90% a
 * warning needs here) — the ranges it counted held a row or two by nature.
 */
export const collectForCount: Rule = {
  id: 'collect-for-count',
  title: 'Collect used only to count',
  description: 'A collected query result whose only use is its `.length`.',
  severity: 'info',
  docsUrl: `${BEST_PRACTICES}#only-use-collect-with-a-small-number-of-results`,
  category: 'performance',
  concerns: ['performance'],
  *check(project) {
    for (const file of project.files) {
      for (const { chain, step } of collectCalls(project, file)) {
        const reads = countOnlyReads(collectedUses(project, file, step.call));
        if (!reads) continue;
        const table = describeTable(chain);
        // Report at the first `.length` read when it is in this file, else (a helper's caller
        // elsewhere counts) at the collect itself.
        const local = reads.filter((r) => r.getSourceFile() === file.ast).sort((a, b) => a.pos - b.pos);
        const node = local[0]?.name ?? step.nameNode;
        const needed = documentsNeeded(reads);
        if (needed === '1') {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} only checks whether a document exists: use \`.first()\``,
            detail:
              'Collecting reads every matching document, and the read set makes the function re-run whenever any of them changes. ' +
              '`(await query.first()) !== null` reads one document and answers the same question.',
          };
        } else if (needed !== undefined) {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} only checks whether there are at least ${needed} documents: use \`.take(${needed})\``,
            detail:
              'Collecting reads every matching document only to compare their number with a limit. ' +
              `\`(await query.take(${needed})).length\` reads at most ${needed} documents and answers the same question, ` +
              'and the function no longer re-runs whenever any document past them changes.',
          };
        } else {
          yield {
            file,
            node,
            message: `\`.collect()\` on ${table} loads every document only to count them`,
            detail:
              'Counting by collecting reads every matching document, so it slows down as the table grows, fails past the ' +
              'per-transaction read limits, and re-runs the function whenever any of those documents changes. ' +
              `Keep the count instead: the [Aggregate component](${AGGREGATE_URL}) counts (and sums, ranks) in O(log n), ` +
              'or keep a counter document updated by the mutations that insert and delete (the Sharded Counter component ' +
              'spreads a hot counter over shards).',
          };
        }
      }
    }
  },
};
