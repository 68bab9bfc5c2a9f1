import { isTestFile } from '../model/test-files.js';
import { collectCalls, describeTable } from '../semantics/collects.js';
import { collectedUses } from '../semantics/collected-uses.js';
import { indexForFilter, type IndexForFilter } from '../semantics/index-for-filter.js';
import type { Rule } from '../engine/rule.js';

/**
 * A collected range whose only use is one JavaScript equality test on a field F
 * (`.filter((r) => r.F === v)`, `.find`, `.some`, `.map((r) => r.F).includes(v)`), where the schema
 * has an index of the range's own equality fields followed by F: `.eq("F", v)` on that index reads
 * only the matching documents. The result is followed through variables, branches, `Promise.all`
 * destructuring and project helpers (semantics/collected-uses.ts); test files are left alone.
 * Info: the documents read may be few (a per-parent range), and the rule cannot know how many.
 */
export const filterServedByIndex: Rule = {
  id: 'filter-served-by-index',
  title: 'Filter served by an index',
  description: 'A collected range whose only use is a JavaScript equality test on a field an index could match.',
  severity: 'info',
  docsUrl: 'https://docs.convex.dev/database/reading-data/indexes/',
  category: 'performance',
  concerns: ['performance', 'data-model'],
  dependsOn: /(^|\/)schema\.[jt]s$/,
  *check(project) {
    if (!project.schema) return;
    for (const file of project.files) {
      if (isTestFile(file)) continue;
      for (const { chain, step } of collectCalls(project, file)) {
        const found = indexForFilter(project.schema, chain, collectedUses(project, file, step.call));
        if (!found) continue;
        yield {
          file,
          node: step.nameNode,
          severity: 'info',
          message: `\`.collect()\` on ${describeTable(chain)} is only searched in JavaScript for ${found.field} === ${found.value}: use index "${found.index.name}" with \`.eq("${found.field}", ${found.value})\``,
          detail: detailOf(found),
        };
      }
    }
  },
};

function detailOf(found: IndexForFilter): string {
  const range = [...found.eqs.map((e) => `.eq("${e.field}", ${e.value})`), `.eq("${found.field}", ${found.value})`].join('');
  const terminal = found.method === 'filter' ? '.collect()' : found.method === 'find' ? '.first()' : '.first()) !== null';
  const query = `${found.method === 'some' || found.method === 'includes' ? '(await ' : ''}….withIndex("${found.index.name}", (q) => q${range})${terminal}`;
  return (
    'Every document of the range is read (and the function re-runs whenever any of them changes) only to keep the ones ' +
    `whose ${found.field} matches. The index "${found.index.name}" already orders the table by these fields, so the ` +
    `database can do the test and read only the matches: \`${query}\`.`
  );
}
