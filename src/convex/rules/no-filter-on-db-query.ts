import { ts } from '../../typescript.js';
import { memberName, memberObject, unwrap } from '../model/ast.js';
import { dbQueryChains, isIndexed, QUERY_TERMINALS, terminalOf, type ChainStep, type DbQueryChain } from '../semantics/db.js';
import type { ConvexProject } from '../semantics/project.js';
import { BEST_PRACTICES, type Report, type Rule, type TextEdit } from '../engine/rule.js';
import { isQueryableDbIndex, type IndexModel } from '../semantics/schema.js';
import type { SourceFile } from '../model/source-file.js';
import { predicateOf, type Equality, type Predicate } from '../semantics/filter-predicates.js';

/**
 * `.filter(cb)` on a `db.query("t")` chain: without an index Convex reads the whole table and drops
 * rows afterwards. Array `.filter` after a terminal (`collect`, `paginate`, …) and convex-helpers'
 * `filter(query, predicate)` are not query steps, so `dbQueryChains` never yields them.
 */
export const noFilterOnDbQuery: Rule = {
  id: 'no-filter-on-db-query',
  title: '`.filter` on a database query',
  description: 'A `.filter(…)` step on a `ctx.db.query(…)` chain, which reads every document it does not match instead of using an index.',
  severity: 'warning',
  docsUrl: `${BEST_PRACTICES}#avoid-filter-on-database-queries`,
  category: 'performance',
  concerns: ['performance', 'data-model'],
  fixable: true,
  dependsOn: /(^|\/)schema\.[jt]s$/,
  eslintEquivalent: 'no-filter-in-query',
  *check(project) {
    for (const file of project.files) {
      const seen = new Set<ts.CallExpression>();
      for (const found of filterSteps(project, file)) {
        if (seen.has(found.step.call)) continue;
        seen.add(found.step.call);
        const reported = report(project, file, found);
        if (reported) yield reported;
      }
    }
  },
};

interface FoundFilter {
  step: ChainStep;
  chain: DbQueryChain;
  /** Any chain through this step is unindexed and not paginated: a full table scan. */
  fullScan: boolean;
  /** Every chain through this step ends in `.paginate(…)`. */
  paginated: boolean;
  /** Every chain through this step ends in `.first()` (or every one in `.take(n)`): the read stops at the matches. */
  stopsEarly?: 'first' | 'take';
}

/**
 * Filter steps before the chain's terminal, one per call. A step shared by several uses of a
 * stored query (`const q = db.query("t").filter(…)`, then `q.collect()` and `q.paginate()`) counts
 * as a full scan when any use is one.
 */
function filterSteps(project: ConvexProject, file: SourceFile): FoundFilter[] {
  const byCall = new Map<ts.CallExpression, FoundFilter>();
  for (const chain of dbQueryChains(project, file)) {
    if (isSystemQuery(chain)) continue;
    const ends = terminalNames(chain);
    const paginated = ends.length > 0 && ends.every((n) => n === 'paginate');
    const stopsEarly = ends.length === 0 ? undefined : ends.every((n) => n === 'first') ? 'first' : ends.every((n) => n === 'take') ? 'take' : undefined;
    const fullScan = !isIndexed(chain) && !paginated;
    for (const step of stepsBeforeTerminal(chain)) {
      if (step.name !== 'filter' || step.call.arguments.length !== 1) continue;
      const known = byCall.get(step.call);
      if (known) {
        known.fullScan ||= fullScan;
        known.paginated &&= paginated;
        if (known.stopsEarly !== stopsEarly) known.stopsEarly = undefined;
      } else byCall.set(step.call, { step, chain, fullScan, paginated, stopsEarly });
    }
  }
  return [...byCall.values()];
}

/**
 * System tables (`db.system.query("_scheduled_functions")`, `"_storage"`) take no custom indexes:
 * a filter is the only way to query them by field.
 */
function isSystemQuery(chain: DbQueryChain): boolean {
  if (chain.table?.startsWith('_')) return true;
  const db = memberObject(unwrap(chain.queryCall.expression));
  return db !== undefined && memberName(unwrap(db)) === 'system';
}

/** `.then(rows => rows.filter(…))` after `collect()` works on an array, not on the query. */
function stepsBeforeTerminal(chain: DbQueryChain): ChainStep[] {
  const terminal = terminalOf(chain);
  return terminal ? chain.steps.slice(0, chain.steps.indexOf(terminal)) : chain.steps;
}

/**
 * How the query ends: its own terminal, or (when it is stored in a variable and ends elsewhere)
 * the terminals of every other use of that variable. Empty when no end is seen.
 */
function terminalNames(chain: DbQueryChain): string[] {
  const own = terminalOf(chain);
  if (own) return [own.name];
  return chain.siblingSteps.filter((s) => QUERY_TERMINALS.has(s.name)).map((s) => s.name);
}

function report(project: ConvexProject, file: SourceFile, found: FoundFilter): Report | undefined {
  const { step, chain, fullScan, paginated, stopsEarly } = found;
  const where = chain.table ? `"${chain.table}"` : 'a database query';
  const predicate = predicateOf(step.call);
  const indexed = isIndexed(chain);
  const base: Report = { file, node: step.nameNode, message: '', detail: '' };

  // Looking a document up by id needs no query at all.
  const byId = predicate?.equalities.find((e) => e.field === '_id');
  if (byId) {
    const id = byId.value.getText(file.ast);
    const others = predicate!.equalities.length > 1 || !predicate!.single;
    return {
      ...base,
      severity: fullScan ? 'warning' : 'info',
      message: `\`.filter\` on \`_id\` of ${where}: use \`ctx.db.get(id)\`, not a query`,
      detail:
        `A document is read by its id directly: \`ctx.db.get(${codeSpan(id)})\` reads that one document (or \`null\`), while ` +
        '`.filter` on `_id` walks the query until it finds it. No index is needed, and none can be defined on `_id`.' +
        (others ? ' Check the other conditions on the document `get` returns.' : ''),
    };
  }

  // An index suggestion only helps where no index is used yet.
  const index = indexed ? undefined : suggestedIndex(project, chain, predicate);
  if (paginated) {
    // Convex documents `.filter` as the right tool on a paginated query: filtering each page in
    // code instead makes pages short or empty. Only an index that fits is worth a word.
    if (!index) return undefined;
    return {
      ...base,
      severity: 'info',
      message: `\`.filter\` on paginated ${where} is fine; index "${index.index.name}" covers \`${index.field}\` — \`.withIndex\` reads only the matches`,
      detail:
        'Keeping `.filter` on a paginated query is what Convex recommends over filtering each page in code, and a page that ' +
        'comes back short (the read hit its limit before the page filled) is fine: `usePaginatedQuery` loads more. ' +
        `An index is still cheaper, since the filter reads and discards every non-matching row on the way. ${indexAdvice(index)}`,
      ...fixFor(file, chain, step, predicate, index),
    };
  }
  const reads = stopsEarly === 'first' ? 'reads rows until the first match' : 'reads rows until `.take(n)` has its matches';
  const tooFew = stopsEarly === 'first' ? 'none matches' : 'too few match';
  const stops = stopsEarly === 'first' ? '`.first()` has its match' : '`.take(n)` has its matches';
  if (!fullScan) {
    return {
      ...base,
      severity: 'info',
      message: stopsEarly
        ? `\`.filter\` after an index on ${where} ${reads} — the whole index range when ${tooFew}`
        : `\`.filter\` after an index on ${where} reads every row in the index range`,
      detail:
        'The index narrows the read, but the filter still runs on the documents in the range and discards the misses' +
        (stopsEarly ? ` until ${stops} (every one of them when ${tooFew}). ` : '. ') +
        'If the filter compares fields for equality, add them to the index (after the fields already used) and move the ' +
        'comparison into `.withIndex(…)`; otherwise filtering the result in TypeScript is as fast and easier to read.',
    };
  }
  const scans = stopsEarly ? `${reads} — the whole table when ${tooFew}` : 'scans the whole table';
  return {
    ...base,
    severity: 'warning',
    message: index
      ? `\`.filter\` on ${where} ${scans}; index "${index.index.name}" covers \`${index.field}\` — use \`.withIndex\``
      : `\`.filter\` on ${where} without an index ${scans}`,
    detail:
      (stopsEarly
        ? '`.filter` does not use an index: Convex reads the table in order and drops the documents the predicate rejects ' +
          `until ${stops}; when matches are rare or missing that is every document, so `
        : '`.filter` does not use an index: Convex reads every document of the table and then drops the ones the predicate ' +
          'rejects, so ') +
      'the query gets slower (and its read set, and with it conflicts and cache invalidation, larger) as the ' +
      'table grows, until it hits the read limits. ' +
      (index
        ? indexAdvice(index)
        : 'Define an index on the fields you compare and query it with `.withIndex(…)`. For conditions an index cannot ' +
          'express, filter an indexed (small) result in TypeScript instead: same cost, clearer code.'),
    ...fixFor(file, chain, step, predicate, index),
  };
}

/** Code shown inside a backtick span: one line, no backticks that would end it early. */
function codeSpan(code: string): string {
  const line = code.replace(/\s+/g, ' ');
  return line.length > 60 || line.includes('`') ? 'id' : line;
}

function indexAdvice({ index, field }: Suggestion): string {
  const fields = index.fields.map((f) => `"${f}"`).join(', ');
  return `The schema already has index "${index.name}" on [${fields}]: \`.withIndex("${index.name}", (q) => q.eq("${field}", …))\` reads only the matching rows.`;
}

// ── Index suggestion and the one certain fix ─────────────────────────────────────────────────

interface Suggestion {
  index: IndexModel;
  /** The index's first field, compared for equality in the filter. */
  field: string;
  equality: Equality;
}

/** A usable db index of the (literal) table whose first field the filter compares with `q.eq`. */
function suggestedIndex(project: ConvexProject, chain: DbQueryChain, predicate: Predicate | undefined): Suggestion | undefined {
  if (!chain.table || !predicate || predicate.equalities.length === 0) return undefined;
  const table = project.schema?.tables.get(chain.table);
  if (!table) return undefined;
  const usable = table.indexes.filter(isQueryableDbIndex);
  const candidates: Suggestion[] = [];
  for (const index of usable) {
    const equality = predicate.equalities.find((e) => e.field === index.fields[0]);
    if (equality) candidates.push({ index, field: equality.field, equality });
  }
  // Prefer the index whose leading fields the filter pins down most, then the narrowest one.
  const covered = (s: Suggestion): number => {
    let n = 0;
    while (n < s.index.fields.length && predicate.equalities.some((e) => e.field === s.index.fields[n])) n++;
    return n;
  };
  candidates.sort((a, b) => covered(b) - covered(a) || a.index.fields.length - b.index.fields.length);
  return candidates[0];
}

/**
 * `.filter((q) => q.eq(q.field("f"), X))` right after `db.query("t")`, with an index on exactly
 * ["f"], becomes `.withIndex("by_f", (q) => q.eq("f", X))`: the same rows in the same order
 * (`_creationTime` within equal `f`, as the unindexed query). An index with more fields would
 * reorder rows (by its next field), so it gets only the suggestion.
 */
function fixFor(file: SourceFile, chain: DbQueryChain, step: ChainStep, predicate: Predicate | undefined, suggestion: Suggestion | undefined): { fix?: TextEdit } {
  if (!suggestion || suggestion.index.fields.length !== 1 || !predicate?.single) return {};
  const object = memberObject(unwrap(step.call.expression));
  if (!object || unwrap(object) !== chain.queryCall) return {};
  const { param, equalities } = predicate;
  const { fieldLiteral, value } = equalities[0];
  const quote = fieldLiteral.getText(file.ast).charAt(0) === "'" ? "'" : '"';
  const name = `${quote}${suggestion.index.name}${quote}`;
  const field = `${quote}${suggestion.field}${quote}`;
  return {
    fix: {
      start: step.nameNode.getStart(file.ast),
      end: step.call.getEnd(),
      newText: `withIndex(${name}, (${param}) => ${param}.eq(${field}, ${value.getText(file.ast)}))`,
    },
  };
}
