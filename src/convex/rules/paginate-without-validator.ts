import { ts } from '../../typescript.js';
import { findProperty, isFunctionNode, memberName, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { propertyValue } from '../semantics/customizations.js';
import { bindingNames } from '../model/module-scope.js';
import type { ConvexProject } from '../semantics/project.js';
import { qualifiedName } from '../semantics/reached-from.js';
import { isTestFile } from '../model/test-files.js';
import type { Registration } from '../semantics/registrations.js';
import type { Report, Rule, TextEdit } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

const PAGINATION_VALIDATOR = 'paginationOptsValidator';
/** The fields `usePaginatedQuery` puts in pagination options. */
const CLIENT_FIELDS = ['numItems', 'cursor', 'id', 'endCursor'];
/** How many `const a = b` hops are followed from a validator to what it is. */
const ALIAS_DEPTH = 4;

/** An argument of the handler handed to `.paginate(…)`: `args.opts`, or `opts` destructured from args. */
interface PaginatedArg {
  key: string;
  /** The expression inside `.paginate(…)`. */
  node: ts.Expression;
}

/** The object literal the registration's `args` resolve to, and the file it is written in. */
interface ArgsShape {
  file: SourceFile;
  object: ts.ObjectLiteralExpression;
}

/** What a validator expression is, as far as a reader of the source can tell. */
type ValidatorKind = 'pagination' | 'other' | 'unknown';

/**
 * `.paginate(args.x)` in a registration whose `args` declare `x` with a `convex/values`
 * validator other than `paginationOptsValidator`, or do not declare `x` at all. Silent when
 * `args` are not an object literal the model can read, or `x`'s validator is something else
 * (zod, a package's helper): then nobody can say what it accepts.
 */
export const paginateWithoutValidator: Rule = {
  id: 'paginate-without-validator',
  title: 'Pagination options not validated by paginationOptsValidator',
  description: 'A function passes an argument to `.paginate()` without validating it with `paginationOptsValidator`.',
  severity: 'warning',
  docsUrl: 'https://docs.convex.dev/database/pagination',
  category: 'correctness',
  concerns: ['correctness'],
  fixable: true,
  *check(project) {
    for (const reg of project.registrations) {
      if (reg.syntax !== 'object' || !reg.handler || !reg.args || isTestFile(reg.file)) continue;
      const uses = paginatedArgs(reg.handler);
      if (uses.length === 0) continue;
      const shape = argsShape(project, reg);
      if (!shape) continue;
      const reported = new Set<string>();
      for (const use of uses) {
        if (reported.has(use.key)) continue;
        const found = judge(project, reg, shape, use);
        if (!found) continue;
        reported.add(use.key);
        yield found;
      }
    }
  },
};

/** `.paginate(x)` calls in the handler (closures included) whose argument is one of the handler's args. */
function paginatedArgs(handler: FunctionNode): PaginatedArg[] {
  const param = handler.parameters[1];
  if (!param || !handler.body) return [];
  const argsName = ts.isIdentifier(param.name) ? param.name.text : undefined;
  // Local names bound to one argument: `{ paginationOpts }` in the signature or `const { paginationOpts } = args`.
  const keysByName = new Map<string, string>();
  if (ts.isObjectBindingPattern(param.name)) addBindings(param.name, keysByName);
  const found: PaginatedArg[] = [];
  const visit = (node: ts.Node): void => {
    if (argsName && ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
      const init = unwrap(node.initializer);
      if (ts.isIdentifier(init) && init.text === argsName && boundBy(init, handler)) addBindings(node.name, keysByName);
    }
    if (!ts.isCallExpression(node) || node.arguments.length !== 1 || memberName(unwrap(node.expression)) !== 'paginate') return;
    const arg = unwrap(node.arguments[0]);
    const key = argumentKey(arg, argsName, keysByName, handler);
    if (key) found.push({ key, node: arg });
  };
  visit(handler.body);
  walk(handler.body, visit);
  return found;
}

/** `{ a, b: local }` → local name → argument key; rest elements and nested patterns are skipped. */
function addBindings(pattern: ts.ObjectBindingPattern, into: Map<string, string>): void {
  for (const el of pattern.elements) {
    if (el.dotDotDotToken || !ts.isIdentifier(el.name)) continue;
    const key = el.propertyName ?? el.name;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key)) into.set(el.name.text, key.text);
  }
}

function argumentKey(arg: ts.Expression, argsName: string | undefined, keysByName: ReadonlyMap<string, string>, handler: FunctionNode): string | undefined {
  if (ts.isIdentifier(arg)) return keysByName.has(arg.text) && boundBy(arg, handler) ? keysByName.get(arg.text) : undefined;
  const key = memberName(arg);
  const object = (ts.isPropertyAccessExpression(arg) || ts.isElementAccessExpression(arg)) && unwrap(arg.expression);
  if (!key || !object || !ts.isIdentifier(object) || object.text !== argsName) return undefined;
  return boundBy(object, handler) ? key : undefined;
}

/** The name is the handler's own binding: no closure between them re-declares it as a parameter. */
function boundBy(id: ts.Identifier, handler: FunctionNode): boolean {
  for (let node: ts.Node | undefined = id.parent; node && node !== handler; node = node.parent) {
    if (isFunctionNode(node) && node.parameters.some((p) => bindingNames(p.name).includes(id.text))) return false;
  }
  return true;
}

/** `args: { … }`, `args: shape` (a `const` in any file), or `args: v.object({ … })`. */
function argsShape(project: ConvexProject, reg: Registration): ArgsShape | undefined {
  const expr = reg.args && propertyValue(reg.args);
  return expr ? objectOf(project, reg.file, expr, 0) : undefined;
}

function objectOf(project: ConvexProject, file: SourceFile, expression: ts.Expression, depth: number): ArgsShape | undefined {
  const expr = unwrap(expression);
  if (ts.isObjectLiteralExpression(expr)) return { file, object: expr };
  if (depth >= ALIAS_DEPTH) return undefined;
  if (ts.isCallExpression(expr) && isConvexValuesCall(project, file, expr, 'object') && expr.arguments.length === 1) {
    return objectOf(project, file, expr.arguments[0], depth + 1);
  }
  if (!ts.isIdentifier(expr)) return undefined;
  const value = project.valueOf(file, expr);
  return value.kind === 'definition' && value.node !== expr && ts.isExpression(value.node) ? objectOf(project, value.file, value.node, depth + 1) : undefined;
}

function judge(project: ConvexProject, reg: Registration, shape: ArgsShape, use: PaginatedArg): Report | undefined {
  const prop = findProperty(shape.object, use.key);
  if (!prop) {
    // A spread or a custom builder's own args may declare it where the model does not look.
    if (shape.object.properties.some(ts.isSpreadAssignment) || reg.registrar.customizations.length > 0) return undefined;
    return missingReport(reg, use);
  }
  const validator = propertyValue(prop);
  if (!validator || validatorKind(project, shape.file, validator, 0) !== 'other') return undefined;
  return wrongValidatorReport(project, reg, shape.file, use, validator);
}

/**
 * `pagination` when the expression is `paginationOptsValidator` from `convex/server` (any alias,
 * namespace or re-export); `other` for a `v.…(…)` validator that does not mention it; else `unknown`.
 */
function validatorKind(project: ConvexProject, file: SourceFile, expression: ts.Expression, depth: number): ValidatorKind {
  const expr = unwrap(expression);
  if (isPaginationValidator(project, file, expr)) return 'pagination';
  if (depth >= ALIAS_DEPTH) return 'unknown';
  if (ts.isIdentifier(expr)) {
    const value = project.valueOf(file, expr);
    if (value.kind !== 'definition' || value.node === expr || !ts.isExpression(value.node)) return 'unknown';
    return validatorKind(project, value.file, value.node, depth + 1);
  }
  if (!ts.isCallExpression(expr) || !isConvexValuesCall(project, file, expr)) return 'unknown';
  if (isFullCopy(project, file, expr)) return 'unknown';
  // `v.optional(paginationOptsValidator)` and the like: a deliberate shape this rule cannot judge.
  return mentionsPaginationValidator(project, file, expr, depth) ? 'unknown' : 'other';
}

/**
 * A hand-written `v.object({ numItems, cursor, id, endCursor, … })` that declares the fields
 * `usePaginatedQuery` sends: a copy of the real validator, which works as well.
 */
function isFullCopy(project: ConvexProject, file: SourceFile, call: ts.CallExpression): boolean {
  const shape = call.arguments.length === 1 && isConvexValuesCall(project, file, call, 'object') ? unwrap(call.arguments[0]) : undefined;
  return !!shape && ts.isObjectLiteralExpression(shape) && CLIENT_FIELDS.every((field) => findProperty(shape, field) !== undefined);
}

function isPaginationValidator(project: ConvexProject, file: SourceFile, expr: ts.Expression): boolean {
  if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return false;
  const value = project.valueOf(file, expr);
  return value.kind === 'import' && value.module === 'convex/server' && value.name === PAGINATION_VALIDATOR;
}

function mentionsPaginationValidator(project: ConvexProject, file: SourceFile, call: ts.CallExpression, depth: number): boolean {
  let found = false;
  for (const arg of call.arguments) {
    walk(arg, (node) => {
      if (!found && ts.isIdentifier(node) && validatorKind(project, file, node, depth + 1) === 'pagination') found = true;
    });
    if (!found && validatorKind(project, file, arg, depth + 1) === 'pagination') found = true;
  }
  return found;
}

/** `v.<method>(…)` with `v` from `convex/values` (aliases and re-exports followed). */
function isConvexValuesCall(project: ConvexProject, file: SourceFile, call: ts.CallExpression, method?: string): boolean {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (method && callee.name.text !== method)) return false;
  const object = project.valueOf(file, callee.expression);
  return object.kind === 'import' && object.module === 'convex/values' && object.name === 'v';
}

/** `query \`list\`` where the finding sits in the registration's file, `query \`posts:list\`` elsewhere. */
function functionLabel(reg: Registration, from: SourceFile): string {
  return `${reg.kind} \`${qualifiedName(reg, from)}\``;
}

function missingReport(reg: Registration, use: PaginatedArg): Report {
  return {
    file: reg.file,
    node: use.node,
    message: `\`${use.key}\` is passed to \`.paginate()\` in ${functionLabel(reg, reg.file)} but its \`args\` do not declare it`,
    detail:
      'Convex checks arguments against `args` and rejects any field the validator does not declare, so every call that ' +
      `passes \`${use.key}\` fails before the handler runs (and without it \`.paginate()\` gets \`undefined\`). Declare it ` +
      `as \`${use.key}: paginationOptsValidator\`, imported from \`convex/server\`.`,
  };
}

function wrongValidatorReport(project: ConvexProject, reg: Registration, file: SourceFile, use: PaginatedArg, validator: ts.Expression): Report {
  const fix = replaceWithPaginationValidator(project, file, validator);
  return {
    file,
    node: validator,
    message: `\`${use.key}\` is passed to \`.paginate()\` in ${functionLabel(reg, file)} but validated by ${shortText(validator, file)}, not \`paginationOptsValidator\` from \`convex/server\``,
    detail:
      'Pagination options carry more than `numItems` and `cursor`: `usePaginatedQuery` adds an `id` to every request and ' +
      'an `endCursor` when it splits a page, and the server may use `maximumRowsRead` / `maximumBytesRead`. A hand-written ' +
      '`v.object` rejects those fields, so the React hook fails argument validation, and a loose validator (`v.any()`) lets ' +
      `anything reach \`.paginate()\`. Validate \`${use.key}\` with \`paginationOptsValidator\` from \`convex/server\`.`,
    ...(fix ? { fix } : {}),
  };
}

/** The rewrite, when the validator sits inline and the file already imports `paginationOptsValidator`. */
function replaceWithPaginationValidator(project: ConvexProject, file: SourceFile, validator: ts.Expression): TextEdit | undefined {
  if (!ts.isCallExpression(unwrap(validator))) return undefined;
  for (const [local, binding] of project.scope(file).imports) {
    if (binding.specifier === 'convex/server' && binding.imported === PAGINATION_VALIDATOR && !binding.typeOnly) {
      return { start: validator.getStart(file.ast), end: validator.getEnd(), newText: local };
    }
  }
  return undefined;
}

/** `v.object(…)`, `v.any()`, or a name: how the message calls the validator. */
function shortText(validator: ts.Expression, file: SourceFile): string {
  const expr = unwrap(validator);
  if (ts.isIdentifier(expr) && expr.text === PAGINATION_VALIDATOR) return 'a project-defined `paginationOptsValidator`';
  if (ts.isCallExpression(expr)) {
    const callee = expr.expression.getText(file.ast);
    return expr.arguments.length > 0 ? `\`${callee}(…)\`` : `\`${callee}()\``;
  }
  const text = expr.getText(file.ast);
  return text.length <= 40 ? `\`${text}\`` : 'its validator';
}
