import { ts } from '../../typescript.js';
import { findProperty, functionNameOf, isFunctionNode, unwrap, walk, type FunctionNode } from '../model/ast.js';
import { callSites, type FunctionAt } from '../semantics/call-graph.js';
import { propertyValue } from '../semantics/customizations.js';
import { bindingNames } from '../model/module-scope.js';
import { dirOf, joinPath, stripExtension } from '../model/paths.js';
import type { ConvexProject } from '../semantics/project.js';
import { packageInstance } from '../semantics/package-instances.js';
import { HELPER_DEPTH, isGlobalReference } from '../semantics/reached-from.js';
import { isTestFile } from '../model/test-files.js';
import type { Report, Rule } from '../engine/rule.js';
import type { SourceFile } from '../model/source-file.js';

const WORKFLOW_PACKAGE = '@convex-dev/workflow';

/** Members of a Convex ctx that a workflow's step (`WorkflowCtx`) does not have. */
const CTX_ONLY_MEMBERS = new Set(['db', 'auth', 'storage', 'scheduler', 'vectorSearch']);
const TIMERS = ['setTimeout', 'setInterval'] as const;

/**
 * The workflow package makes `Date.now()` / `new Date()` (0.2.7) and `Math.random()` (0.2.8)
 * deterministic; before that they throw inside a workflow. Flagged only when the declared
 * dependency range admits no version with the support.
 */
const DATE_SUPPORTED_IN: Version = [0, 2, 7];
const RANDOM_SUPPORTED_IN: Version = [0, 2, 8];

type Version = readonly [number, number, number];

/** `workflow.define({ handler })` with `workflow` a `new WorkflowManager(…)` from the package. */
interface WorkflowDefinition {
  /** The file of the `define` call: the module the workflow is exported from. */
  defineFile: SourceFile;
  /** The exported (or local) name of the defined workflow, if it has one. */
  name?: string;
  /** The handler and its file (it may be a function declared elsewhere). */
  file: SourceFile;
  handler: FunctionNode;
}

interface Problem {
  file: SourceFile;
  node: ts.Node;
  holder: FunctionNode;
  /** What was used, for the message: `fetch()`, `crypto.randomUUID`, `step.db`, … */
  what: string;
  kind: 'fetch' | 'timer' | 'crypto' | 'ctxMember' | 'random' | 'clock';
}

/**
 * Code in a `@convex-dev/workflow` handler (or a helper it calls) that the workflow runtime
 * refuses: `fetch`, timers, `crypto`, Convex ctx members the step does not have (`step.db`),
 * and, for old package versions, `Math.random()` and the wall clock.
 */
export const workflowNondeterminism: Rule = {
  id: 'workflow-nondeterminism',
  title: 'Non-deterministic code in a workflow',
  description: 'A workflow handler uses `fetch`, timers, `crypto` or ctx members directly instead of running a step.',
  severity: 'warning',
  docsUrl: 'https://www.convex.dev/components/workflow',
  category: 'correctness',
  concerns: ['correctness', 'reliability'],
  *check(project) {
    const definitions = workflowDefinitions(project);
    if (definitions.length === 0) return;
    const range = declaredRange(project);
    const flags = {
      clock: range !== undefined && admitsOnlyBelow(range, DATE_SUPPORTED_IN),
      random: range !== undefined && admitsOnlyBelow(range, RANDOM_SUPPORTED_IN),
    };
    const found = new Map<ts.Node, { problem: Problem; workflows: WorkflowDefinition[] }>();
    for (const def of definitions) {
      for (const problem of problemsIn(project, def, flags)) {
        const entry = found.get(problem.node);
        if (entry) entry.workflows.push(def);
        else found.set(problem.node, { problem, workflows: [def] });
      }
    }
    for (const { problem, workflows } of found.values()) yield report(problem, workflows);
  },
};

function workflowDefinitions(project: ConvexProject): WorkflowDefinition[] {
  const found: WorkflowDefinition[] = [];
  for (const file of project.files) {
    if (isTestFile(file) || file.relPath.startsWith('_generated/')) continue;
    for (const call of project.index(file).calls) {
      const callee = unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'define' || call.arguments.length === 0) continue;
      if (!isWorkflowManager(project, file, callee.expression)) continue;
      // `define({ args, handler })`, or `define({ args, returns }).handler(async (step, args) => …)`.
      const chained = chainedHandlerCall(call);
      const handler = chained ? handlerFunction(project, file, chained.arguments[0]) : handlerOf(project, file, call.arguments[0]);
      if (handler) found.push({ defineFile: file, name: definedName(chained ?? call), file: handler.file, handler: handler.fn });
    }
  }
  return found;
}

/** The `.handler(fn)` call chained on a `define({ … })` call, if any. */
function chainedHandlerCall(define: ts.CallExpression): ts.CallExpression | undefined {
  let node: ts.Node = define;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const access = node.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== node || access.name.text !== 'handler') return undefined;
  const call = access.parent;
  return ts.isCallExpression(call) && call.expression === access && call.arguments.length > 0 ? call : undefined;
}

/** A `new WorkflowManager(…)` from the workflow package, bound to a module-scope name in any file. */
function isWorkflowManager(project: ConvexProject, file: SourceFile, receiver: ts.Expression): boolean {
  return packageInstance(project, file, receiver, WORKFLOW_PACKAGE, 'WorkflowManager') !== undefined;
}

/** The `handler` of the definition object (inline, or a `const` holding the object or the function). */
function handlerOf(project: ConvexProject, file: SourceFile, arg: ts.Expression): FunctionAt | undefined {
  let objectFile = file;
  let object = unwrap(arg);
  if (ts.isIdentifier(object)) {
    const value = project.valueOf(file, object);
    if (value.kind !== 'definition' || !ts.isObjectLiteralExpression(value.node)) return undefined;
    objectFile = value.file;
    object = value.node;
  }
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  const prop = findProperty(object, 'handler');
  if (!prop) return undefined;
  if (ts.isMethodDeclaration(prop)) return { file: objectFile, fn: prop };
  const expr = propertyValue(prop);
  return expr && handlerFunction(project, objectFile, expr);
}

/** A function written in place, or a project function it names. */
function handlerFunction(project: ConvexProject, file: SourceFile, expression: ts.Expression): FunctionAt | undefined {
  const expr = unwrap(expression);
  return isFunctionNode(expr) ? { file, fn: expr } : project.functionAt(file, expr);
}

function definedName(call: ts.CallExpression): string | undefined {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isExportAssignment(node.parent)) return 'default';
  return undefined;
}

/** Every problem in the handler and the project helpers it calls, with the step followed into helpers it is handed to. */
function problemsIn(project: ConvexProject, def: WorkflowDefinition, flags: { clock: boolean; random: boolean }): Problem[] {
  const problems: Problem[] = [];
  for (const reached of functionsRunByWorkflow(project, def)) {
    problems.push(...globalsMisusedIn(project, reached.at, flags));
    problems.push(...ctxMembersOfStep(reached));
  }
  return problems;
}

/** A function a workflow runs, and the names its parameters give the step when it was handed the step. */
interface StepHolder {
  at: FunctionAt;
  stepNames: Set<string>;
  isHandler: boolean;
  depth: number;
}

/** The handler and the helpers it reaches (breadth first, a few calls deep). */
function functionsRunByWorkflow(project: ConvexProject, def: WorkflowDefinition): StepHolder[] {
  const handler: StepHolder = { at: { file: def.file, fn: def.handler }, stepNames: new Set(), isHandler: true, depth: 0 };
  const stepParam = def.handler.parameters[0];
  if (stepParam && ts.isIdentifier(stepParam.name)) handler.stepNames.add(stepParam.name.text);
  const byFn = new Map<FunctionNode, StepHolder>([[def.handler, handler]]);
  const queue = [handler];
  for (let i = 0; i < queue.length; i++) {
    const { at, stepNames, depth } = queue[i];
    if (depth >= HELPER_DEPTH) continue;
    for (const site of callSites(project, at)) {
      const target = site.target;
      if (!target) continue;
      let entry = byFn.get(target.fn);
      if (!entry) {
        entry = { at: target, stepNames: new Set(), isHandler: false, depth: depth + 1 };
        byFn.set(target.fn, entry);
        queue.push(entry);
      }
      // `helper(step, …)`: the helper's parameter in that position is the step too.
      site.call.arguments.forEach((arg, index) => {
        const a = unwrap(arg);
        const param = target.fn.parameters[index];
        if (param && ts.isIdentifier(a) && stepNames.has(a.text) && ts.isIdentifier(param.name)) entry.stepNames.add(param.name.text);
      });
    }
  }
  return [...byFn.values()];
}

/** `fetch`, timers, `crypto`, and (when the package version needs it) `Math.random()` and the wall clock. */
function globalsMisusedIn(project: ConvexProject, at: FunctionAt, flags: { clock: boolean; random: boolean }): Problem[] {
  if (!at.fn.body) return [];
  const found: Problem[] = [];
  const add = (node: ts.Node, what: string, kind: Problem['kind']): void => {
    found.push({ file: at.file, node, holder: at.fn, what, kind });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (isGlobalReference(project, at.file, callee, 'fetch')) add(callee, '`fetch()`', 'fetch');
      for (const timer of TIMERS) if (isGlobalReference(project, at.file, callee, timer)) add(callee, `\`${timer}()\``, 'timer');
      if (flags.random && isGlobalMember(project, at.file, callee, 'Math', 'random')) add(node, '`Math.random()`', 'random');
      if (flags.clock && node.arguments.length === 0 && isGlobalMember(project, at.file, callee, 'Date', 'now')) add(node, '`Date.now()`', 'clock');
    } else if (ts.isNewExpression(node)) {
      if (flags.clock && (node.arguments?.length ?? 0) === 0 && isGlobalReference(project, at.file, node.expression, 'Date')) add(node, '`new Date()`', 'clock');
    } else if (ts.isPropertyAccessExpression(node) && isGlobalReference(project, at.file, node.expression, 'crypto')) {
      add(node, `\`crypto.${node.name.text}\``, 'crypto');
    }
  };
  visit(at.fn.body);
  walk(at.fn.body, visit);
  return found;
}

/** `Math.random` / `Date.now` on the runtime's global object. */
function isGlobalMember(project: ConvexProject, file: SourceFile, expression: ts.Expression, object: string, member: string): boolean {
  const expr = unwrap(expression);
  return ts.isPropertyAccessExpression(expr) && expr.name.text === member && isGlobalReference(project, file, expr.expression, object);
}

/** `step.db` (or `{ db }` destructured from the step) where `step` is one of the names the step goes by. */
function ctxMembersOfStep({ at, stepNames, isHandler }: StepHolder): Problem[] {
  const found: Problem[] = [];
  const add = (node: ts.Node, what: string): void => {
    found.push({ file: at.file, node, holder: at.fn, what, kind: 'ctxMember' });
  };
  // The handler's first parameter destructured: `async ({ db }, args) => …`.
  const first = at.fn.parameters[0];
  if (isHandler && first && ts.isObjectBindingPattern(first.name)) {
    for (const key of ctxOnlyKeys(first.name)) add(key, `\`${key.text}\` from the step`);
  }
  if (!at.fn.body || stepNames.size === 0) return found;
  const checked = membersCheckedWithIn(at.fn.body);
  walk(at.fn.body, (node) => {
    if (ts.isPropertyAccessExpression(node) && CTX_ONLY_MEMBERS.has(node.name.text) && !checked.has(node.name.text)) {
      const object = unwrap(node.expression);
      if (ts.isIdentifier(object) && stepNames.has(object.text) && boundBy(object, at.fn)) add(node.name, `\`${object.text}.${node.name.text}\``);
    } else if (ts.isVariableDeclaration(node) && node.initializer && ts.isObjectBindingPattern(node.name)) {
      const init = unwrap(node.initializer);
      if (!ts.isIdentifier(init) || !stepNames.has(init.text) || !boundBy(init, at.fn)) return;
      for (const key of ctxOnlyKeys(node.name)) add(key, `\`${init.text}.${key.text}\``);
    }
  });
  return found;
}

/** `"db" in ctx`: a helper written for both a Convex ctx and a workflow step tells them apart itself. */
function membersCheckedWithIn(body: ts.Node): Set<string> {
  const checked = new Set<string>();
  walk(body, (node) => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isStringLiteralLike(node.left)) checked.add(node.left.text);
  });
  return checked;
}

function ctxOnlyKeys(pattern: ts.ObjectBindingPattern): ts.Identifier[] {
  const keys: ts.Identifier[] = [];
  for (const el of pattern.elements) {
    const key = el.propertyName ?? el.name;
    if (!el.dotDotDotToken && ts.isIdentifier(key) && CTX_ONLY_MEMBERS.has(key.text)) keys.push(key);
  }
  return keys;
}

/** The name is `fn`'s own binding: no closure between them re-declares it as a parameter. */
function boundBy(id: ts.Identifier, fn: FunctionNode): boolean {
  for (let node: ts.Node | undefined = id.parent; node && node !== fn; node = node.parent) {
    if (isFunctionNode(node) && node.parameters.some((p) => bindingNames(p.name).includes(id.text))) return false;
  }
  return true;
}

/** The `@convex-dev/workflow` range in the nearest package.json that declares it. */
function declaredRange(project: ConvexProject): string | undefined {
  for (let dir = project.root.projectDir; ; dir = dirOf(dir)) {
    const text = project.repoFiles.get(joinPath(dir, 'package.json'));
    if (text) {
      try {
        const pkg = JSON.parse(text) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
        const range = pkg.dependencies?.[WORKFLOW_PACKAGE] ?? pkg.devDependencies?.[WORKFLOW_PACKAGE];
        if (range) return range;
      } catch {
        // an unreadable package.json says nothing about the version
      }
    }
    if (dir === '') return undefined;
  }
}

/**
 * True when every version the range admits is below `threshold`. Only the plain forms are read
 * (`1.2.3`, `=1.2.3`, `^1.2.3`, `~1.2.3`); anything else (`>=`, `*`, tags, `workspace:`) says no.
 */
export function admitsOnlyBelow(range: string, threshold: Version): boolean {
  const match = /^\s*([~^=]?)v?(\d+)\.(\d+)\.(\d+)(?:-[\w.]+)?\s*$/.exec(range);
  if (!match) return false;
  const [, op, a, b, c] = match;
  const base: Version = [Number(a), Number(b), Number(c)];
  // The first version the range no longer admits (exclusive upper bound).
  let upper: Version;
  if (op === '^') upper = base[0] > 0 ? [base[0] + 1, 0, 0] : base[1] > 0 ? [0, base[1] + 1, 0] : [0, 0, base[2] + 1];
  else if (op === '~') upper = [base[0], base[1] + 1, 0];
  else upper = [base[0], base[1], base[2] + 1];
  return compare(upper, threshold) <= 0;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function report(problem: Problem, workflows: WorkflowDefinition[]): Report {
  const [first, ...others] = workflows;
  const workflowName = `workflow \`${qualifiedWorkflowName(first, problem.file)}\`${others.length > 0 ? ` (and ${others.length} more)` : ''}`;
  const holderName = functionNameOf(problem.holder);
  const where =
    first.handler === problem.holder ? `in ${workflowName}` : holderName ? `in \`${holderName}\`, reached from ${workflowName}` : `reached from ${workflowName}`;
  const { summary, detail } = explain(problem);
  return { file: problem.file, node: problem.node, message: `${problem.what} ${where}: ${summary}`, detail };
}

function qualifiedWorkflowName(def: WorkflowDefinition, from: SourceFile): string {
  const name = def.name ?? 'workflow';
  return def.defineFile === from && name !== 'default' ? name : `${stripExtension(def.defineFile.relPath)}:${name}`;
}

const REPLAY =
  'A workflow handler is re-run from the top each time a step completes, replaying the journal of earlier steps, so it ' +
  'must do the same thing every time and leave all real work to steps.';

function explain(problem: Problem): { summary: string; detail: string } {
  switch (problem.kind) {
    case 'fetch':
      return {
        summary: 'workflow handlers cannot make HTTP requests',
        detail: `${REPLAY} The workflow runtime replaces \`fetch\` with a function that throws. Make the request in an action and run it with \`step.runAction(internal.…)\`: its result is journaled and replayed.`,
      };
    case 'timer':
      return {
        summary: 'timers are not available in workflow handlers',
        detail: `${REPLAY} The workflow runtime replaces \`setTimeout\` and \`setInterval\` with functions that throw. Wait with \`step.sleep(ms)\`, or pass \`{ runAfter: ms }\` to the next step.`,
      };
    case 'crypto':
      return {
        summary: '`crypto` is not available in workflow handlers',
        detail: `${REPLAY} The workflow runtime removes \`crypto\`, so this throws. Generate random ids or hashes in a mutation or action run as a step, so the value is journaled and replayed.`,
      };
    case 'ctxMember':
      return {
        summary: 'a workflow step is not a Convex ctx',
        detail: `${REPLAY} The handler's first argument only runs steps (\`runQuery\`, \`runMutation\`, \`runAction\`, \`runWorkflow\`, \`sleep\`, \`awaitEvent\`); it has no \`db\`, \`auth\`, \`storage\`, \`scheduler\` or \`vectorSearch\`, so this is \`undefined\`. Read and write through \`step.runQuery(internal.…)\` / \`step.runMutation(internal.…)\`.`,
      };
    case 'random':
      return {
        summary: `${WORKFLOW_PACKAGE} before 0.2.8 throws on it`,
        detail: `${REPLAY} Versions of ${WORKFLOW_PACKAGE} before 0.2.8 (the range in package.json) replace \`Math.random\` with a function that throws; later versions seed it per workflow. Upgrade the package, or draw the number in a step.`,
      };
    case 'clock':
      return {
        summary: `${WORKFLOW_PACKAGE} before 0.2.7 throws on it`,
        detail: `${REPLAY} Versions of ${WORKFLOW_PACKAGE} before 0.2.7 (the range in package.json) make \`Date.now()\` and \`new Date()\` throw; later versions return the time the current step started. Upgrade the package, or read the time in a step.`,
      };
  }
}
