import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { classifyCollect } from '../semantics/collect-reads.js';
import { collectCalls, describeTable, type CollectCall } from '../semantics/collects.js';
import type { ConvexProject } from '../semantics/project.js';

/**
 * A public query returns an index range read with `.collect()` whole (as is, as an element-wise
 * copy, or through a helper): a list the client shows, with no limit. The index bounds the read,
 * so it only matters when the range can grow without limit, which the code does not say. Opt-in:
 * as part of unbounded-collect it measured 24 TP / 29 FP on held-out apps (docs/precision.md,
 * rounds 3 and 5) and caught none of the mined fixes (docs/recall.md). The exclusions are
 * unbounded-collect's (semantics/collect-reads.ts), so the two never report the same read.
 */
export const unpaginatedListEndpoint: Rule = {
  id: 'unpaginated-list-endpoint',
  title: 'Unpaginated list endpoint',
  description: 'A public query returns an index range read with `.collect()` whole, with no limit: a list the client could page through.',
  severity: 'info',
  // 45% on held-out apps (docs/precision.md): only for teams that ask for it.
  optIn: true,
  docsUrl: 'https://docs.convex.dev/database/pagination',
  category: 'performance',
  concerns: ['performance', 'data-model'],
  *check(project) {
    for (const file of project.files) {
      for (const collect of collectCalls(project, file)) {
        const found = report(project, file, collect);
        if (found) yield found;
      }
    }
  },
};

function report(project: ConvexProject, file: SourceFile, collect: CollectCall): Report | undefined {
  if (classifyCollect(project, file, collect)?.kind !== 'list-endpoint') return undefined;
  // The message is unbounded-collect's from before the split, so labels of these findings carry over.
  return {
    file,
    node: collect.step.nameNode,
    severity: 'info',
    message: `\`.collect()\` on ${describeTable(collect.chain)} loads every document in its index range, with no limit`,
    detail:
      'The index bounds what is read, so this is fine when the range stays small (one channel\'s messages, one user\'s ' +
      'settings). If it can grow without limit, the function slows down and eventually hits the read limits. ' +
      'Bound it: `.take(n)` when only the first n matter, `.paginate(paginationOpts)` for lists the client pages through.',
  };
}
