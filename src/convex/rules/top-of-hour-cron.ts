import { isCronJobs } from '../semantics/crons.js';
import { ts } from '../../typescript.js';
import { findProperty, memberName, memberObject, unwrap } from '../model/ast.js';
import type { ConvexProject } from '../semantics/project.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';
import { isTestFile } from '../model/test-files.js';
import { convexAtLeast } from '../model/versions.js';

/** Cron methods whose schedule (second argument) takes `minuteUTC`. */
const MINUTE_METHODS = new Set(['hourly', 'daily', 'weekly', 'monthly']);
/** Since this version `minuteUTC` may be left out, and Convex picks a stable minute per job. */
const OPTIONAL_MINUTE_SINCE = [1, 43, 0] as const;

/**
 * A cron registered on a `cronJobs()` object (from `convex/server`, through aliases and imports)
 * that fires at minute 0: `minuteUTC: 0`, or a cron expression whose minute field is `0`.
 */
export const topOfHourCron: Rule = {
  id: 'top-of-hour-cron',
  title: 'Cron at the top of the hour',
  description: 'A cron job pinned to minute 0, the busiest minute of every hour.',
  severity: 'info',
  docsUrl: 'https://docs.convex.dev/scheduling/cron-jobs',
  category: 'reliability',
  concerns: ['reliability'],
  eslintEquivalent: 'no-top-of-hour-crons',
  *check(project) {
    const reported = new Set<ts.Node>();
    for (const file of project.files) {
      if (isTestFile(file)) continue;
      for (const call of project.index(file).calls) {
        const callee = unwrap(call.expression);
        const method = memberName(callee);
        const object = memberObject(callee);
        if (!method || !object || !(MINUTE_METHODS.has(method) || method === 'cron')) continue;
        if (!isCronJobs(project, file, object)) continue;
        const pinned = method === 'cron' ? zeroMinuteExpression(file, call.arguments[1]) : zeroMinuteProperty(file, call.arguments[1]);
        if (!pinned || reported.has(pinned)) continue;
        reported.add(pinned);
        yield reportFor(project, file, pinned, method, cronName(call));
      }
    }
  },
};

/** The `minuteUTC: 0` property of a schedule object (written inline or held in a module-scope const). */
function zeroMinuteProperty(file: SourceFile, arg: ts.Expression | undefined): ts.Node | undefined {
  const schedule = arg && constantInitializer(file, arg);
  if (!schedule || !ts.isObjectLiteralExpression(schedule)) return undefined;
  const prop = findProperty(schedule, 'minuteUTC');
  if (!prop) return undefined;
  const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
  const minute = value && constantInitializer(file, value);
  return minute && ts.isNumericLiteral(minute) && Number(minute.text) === 0 ? prop : undefined;
}

/** A cron expression (`"0 * * * *"`) whose minute field fires at minute 0; the reported node is the string. */
function zeroMinuteExpression(file: SourceFile, arg: ts.Expression | undefined): ts.Node | undefined {
  const literal = arg && constantInitializer(file, arg);
  if (!literal || !ts.isStringLiteralLike(literal)) return undefined;
  const fields = literal.text.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  return minuteFieldPinsZero(fields[0]) ? unwrap(arg) : undefined;
}

/**
 * A minute field with a `0` item, or a range / step anchored at 0 (`0-5`, `0/30`). `*` and `*\/15`
 * also hit minute 0 but are not pinned to it: nobody chose :00 there.
 */
export function minuteFieldPinsZero(field: string): boolean {
  return field.split(',').some((part) => /^0+([-/]|$)/.test(part));
}

/**
 * The expression a value stands for: itself, or for a name, the initializer of the module-scope
 * `const` it names in this file. Anything else (a `let`, a parameter, an import) is not followed.
 */
function constantInitializer(file: SourceFile, expr: ts.Expression): ts.Expression {
  const e = unwrap(expr);
  if (!ts.isIdentifier(e)) return e;
  const statement = file.ast.statements.find(
    (s): s is ts.VariableStatement =>
      ts.isVariableStatement(s) &&
      (s.declarationList.flags & ts.NodeFlags.Const) !== 0 &&
      s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === e.text),
  );
  const decl = statement?.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === e.text);
  return decl?.initializer ? unwrap(decl.initializer) : e;
}

function cronName(call: ts.CallExpression): string | undefined {
  const first = call.arguments[0] && unwrap(call.arguments[0]);
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

function reportFor(project: ConvexProject, file: SourceFile, node: ts.Node, method: string, name: string | undefined): Report {
  const job = name ? `Cron "${name}"` : 'This cron';
  const canOmit = convexAtLeast(project.convexVersion, OPTIONAL_MINUTE_SINCE);
  const spread =
    method === 'cron'
      ? 'Prefer `crons.hourly` / `crons.daily` without `minuteUTC` (convex ≥ 1.43) so Convex spreads the runs, `crons.interval` when the job need not follow the clock, or a minute like `17` in the expression.'
      : canOmit
        ? 'Leave `minuteUTC` out and Convex picks a stable minute for this job, or set an off-peak minute such as `17`.'
        : 'Set an off-peak minute such as `17` (from convex 1.43 on, leaving `minuteUTC` out lets Convex pick one).';
  return {
    file,
    node,
    message: `${job} runs at minute 0 (:00 UTC), the busiest minute of the hour`,
    detail:
      'The top of the hour is when most cron jobs, reports and client traffic fire at once, so a job pinned to :00 competes ' +
      `for capacity (and with other APIs it calls) at the busiest minute. ${spread} If it really must run at :00, suppress this.`,
  };
}
