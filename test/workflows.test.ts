/**
 * What actionlint would catch that matters here (actionlint itself is a Go binary we cannot
 * install): every workflow in .github/workflows, action.yml and the README's workflow snippets
 * parse; keys are known; jobs have runs-on and steps; every `uses:` is pinned; expressions name
 * only known contexts and functions (and `steps.`, `needs.`, `matrix.` name what exists);
 * permissions are explicit; the local action's and the README's `with:` keys are its inputs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const ROOT = new URL('..', import.meta.url).pathname;
const WORKFLOWS = join(ROOT, '.github/workflows');

type Obj = Record<string, unknown>;
const isMap = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

function parse(text: string, where: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${where}: ${e.message}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return doc.toJS();
}

const WORKFLOW_KEYS = new Set(['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']);
const JOB_KEYS = new Set(['name', 'needs', 'runs-on', 'permissions', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'if', 'steps', 'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services', 'uses', 'with', 'secrets']);
const STEP_KEYS = new Set(['id', 'if', 'name', 'uses', 'run', 'with', 'env', 'continue-on-error', 'timeout-minutes', 'working-directory', 'shell']);
const ACTION_KEYS = new Set(['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
const EVENTS = new Set(['branch_protection_rule', 'check_run', 'check_suite', 'create', 'delete', 'deployment', 'deployment_status', 'discussion', 'discussion_comment', 'fork', 'gollum', 'issue_comment', 'issues', 'label', 'merge_group', 'milestone', 'page_build', 'public', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'pull_request_target', 'push', 'registry_package', 'release', 'repository_dispatch', 'schedule', 'status', 'watch', 'workflow_call', 'workflow_dispatch', 'workflow_run']);
const PERMISSION_SCOPES = new Set(['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses']);
const CONTEXTS = new Set(['github', 'inputs', 'secrets', 'matrix', 'steps', 'env', 'needs', 'runner', 'vars', 'job']);
const FUNCTIONS = new Set(['contains', 'startsWith', 'endsWith', 'format', 'join', 'toJSON', 'fromJSON', 'hashFiles', 'success', 'always', 'cancelled', 'failure']);
/** A version tag (v5, v5.1, v5.1.2) or a full commit SHA. */
const PINNED = /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;

/** The contexts and functions an expression names, and its `ctx.name` references. */
function expressionNames(expression: string): { contexts: string[]; functions: string[]; references: [string, string][] } {
  const code = expression.replace(/'(?:[^']|'')*'/g, "''");
  const contexts: string[] = [];
  const functions: string[] = [];
  const references: [string, string][] = [];
  for (const m of code.matchAll(/(?<![\w.-])([A-Za-z_][\w-]*)(\s*\()?/g)) {
    const [, name, call] = m;
    if (call) functions.push(name);
    else if (!['true', 'false', 'null'].includes(name)) contexts.push(name);
    const ref = /^\.([A-Za-z_][\w-]*)/.exec(code.slice(m.index + name.length));
    if (!call && ref) references.push([name, ref[1]]);
  }
  return { contexts, functions, references };
}

/** Every `${{ }}` in a value (recursively), with the path to it; `if:` values count whole. */
function expressions(value: unknown, path: string, out: { path: string; expression: string }[] = []): { path: string; expression: string }[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) out.push({ path, expression: m[1] });
    if (/(^|\.)if$/.test(path) && !value.includes('${{')) out.push({ path, expression: value });
  } else if (Array.isArray(value)) value.forEach((item, i) => expressions(item, `${path}[${i}]`, out));
  else if (isMap(value)) for (const [key, item] of Object.entries(value)) expressions(item, path ? `${path}.${key}` : key, out);
  return out;
}

function checkExpression(expression: string, where: string, allowed: Set<string>, problems: string[]): ReturnType<typeof expressionNames> {
  const names = expressionNames(expression);
  for (const name of names.contexts) if (!allowed.has(name)) problems.push(`${where}: unknown or unavailable context "${name}" in \${{${expression}}}`);
  for (const name of names.functions) if (!FUNCTIONS.has(name)) problems.push(`${where}: unknown function "${name}()"`);
  return names;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'), 'action.yml') as Obj;
const actionInputs = new Set(Object.keys((action.inputs as Obj) ?? {}));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ACTION_REF = `convex-review/convex-review@v${pkg.version.split('.')[0]}`;

function checkUses(uses: unknown, where: string, problems: string[]): void {
  if (typeof uses !== 'string') return void problems.push(`${where}: uses must be a string`);
  if (uses.startsWith('./') || uses.startsWith('docker://')) return;
  const m = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(.+)$/.exec(uses);
  if (!m) problems.push(`${where}: "${uses}" is not owner/repo[/path]@ref`);
  else if (!PINNED.test(m[2])) problems.push(`${where}: "${uses}" is not pinned to a version tag or a full SHA`);
}

/** Steps of one job (or of a README fragment): keys, uses/run, pins, step ids, local action inputs. */
function checkSteps(steps: unknown, where: string, problems: string[], jobContext: { matrix: Set<string>; needs: Set<string> }, allowed = CONTEXTS): void {
  if (!Array.isArray(steps) || steps.length === 0) return void problems.push(`${where}: steps must be a non-empty list`);
  const ids = new Set<string>();
  let checkedOut = false;
  steps.forEach((step, i) => {
    const at = `${where}.steps[${i}]`;
    if (!isMap(step)) return void problems.push(`${at}: a step must be a mapping`);
    for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) problems.push(`${at}: unknown step key "${key}"`);
    if (('uses' in step) === ('run' in step)) problems.push(`${at}: a step has exactly one of uses and run`);
    if ('with' in step && !('uses' in step)) problems.push(`${at}: with: needs uses:`);
    if ('uses' in step) checkUses(step.uses, at, problems);
    const uses = typeof step.uses === 'string' ? step.uses : '';
    if (/^actions\/checkout@/.test(uses)) checkedOut = true;
    if (uses.startsWith('./') && !checkedOut) problems.push(`${at}: ${uses} before any actions/checkout step`);
    if (uses === './' || /^convex-review\/convex-review@/.test(uses)) {
      for (const key of Object.keys(isMap(step.with) ? step.with : {})) if (!actionInputs.has(key)) problems.push(`${at}: "${key}" is not an input of action.yml`);
    }
    for (const { path, expression } of expressions(step, at)) {
      // secrets are not available in an if: (GitHub evaluates it before the step gets them).
      const here = path.endsWith('.if') ? new Set([...allowed].filter((c) => c !== 'secrets')) : allowed;
      const { references } = checkExpression(expression, path, here, problems);
      for (const [context, name] of references) {
        if (context === 'steps' && !ids.has(name)) problems.push(`${path}: steps.${name} is not an earlier step's id`);
        if (context === 'matrix' && !jobContext.matrix.has(name)) problems.push(`${path}: matrix.${name} is not in the job's matrix`);
        if (context === 'needs' && !jobContext.needs.has(name)) problems.push(`${path}: needs.${name} is not in the job's needs`);
      }
    }
    if (typeof step.id === 'string') {
      if (ids.has(step.id)) problems.push(`${at}: duplicate step id "${step.id}"`);
      ids.add(step.id);
    }
  });
}

function checkPermissions(permissions: unknown, where: string, problems: string[]): void {
  if (permissions === 'read-all' || permissions === 'write-all') return;
  if (!isMap(permissions)) return void problems.push(`${where}: permissions must be a mapping, read-all or write-all`);
  for (const [scope, level] of Object.entries(permissions)) {
    if (!PERMISSION_SCOPES.has(scope)) problems.push(`${where}.${scope}: unknown permission scope`);
    if (!['read', 'write', 'none'].includes(level as string)) problems.push(`${where}.${scope}: "${String(level)}" is not read, write or none`);
  }
}

function checkWorkflow(workflow: unknown, where: string): string[] {
  const problems: string[] = [];
  if (!isMap(workflow)) return [`${where}: not a mapping`];
  for (const key of Object.keys(workflow)) if (!WORKFLOW_KEYS.has(key)) problems.push(`${where}: unknown top-level key "${key}"`);
  if (!('on' in workflow)) problems.push(`${where}: no on:`);
  const events = typeof workflow.on === 'string' ? [workflow.on] : Array.isArray(workflow.on) ? workflow.on : Object.keys(isMap(workflow.on) ? workflow.on : {});
  for (const event of events) if (!EVENTS.has(event)) problems.push(`${where}: unknown event "${event}"`);
  if (!isMap(workflow.jobs) || Object.keys(workflow.jobs).length === 0) return [...problems, `${where}: no jobs`];
  const jobIds = new Set(Object.keys(workflow.jobs));
  if ('permissions' in workflow) checkPermissions(workflow.permissions, `${where}.permissions`, problems);
  const top = { ...workflow, jobs: undefined };
  for (const { path, expression } of expressions(top, where)) checkExpression(expression, path, new Set(['github', 'inputs', 'vars', 'secrets', 'env']), problems);
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const at = `${where}.jobs.${id}`;
    if (!/^[A-Za-z_][\w-]*$/.test(id)) problems.push(`${at}: invalid job id`);
    if (!isMap(job)) {
      problems.push(`${at}: a job must be a mapping`);
      continue;
    }
    for (const key of Object.keys(job)) if (!JOB_KEYS.has(key)) problems.push(`${at}: unknown job key "${key}"`);
    if (!('permissions' in workflow) && !('permissions' in job)) problems.push(`${at}: no permissions (neither the workflow's nor the job's)`);
    if ('permissions' in job) checkPermissions(job.permissions, `${at}.permissions`, problems);
    const needs = new Set<string>(typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs : []);
    for (const need of needs) if (!jobIds.has(need) || need === id) problems.push(`${at}: needs unknown job "${need}"`);
    const matrix = isMap(job.strategy) && isMap(job.strategy.matrix) ? job.strategy.matrix : {};
    const matrixKeys = new Set(Object.keys(matrix).filter((k) => k !== 'include' && k !== 'exclude'));
    for (const extra of Array.isArray(matrix.include) ? matrix.include : []) if (isMap(extra)) for (const k of Object.keys(extra)) matrixKeys.add(k);
    if (typeof job.uses === 'string') {
      checkUses(job.uses, at, problems); // a reusable workflow: no runs-on, no steps
      continue;
    }
    if (!('runs-on' in job)) problems.push(`${at}: no runs-on`);
    const { steps, ...jobOnly } = job;
    for (const { path, expression } of expressions(jobOnly, at)) {
      const here = path.endsWith('.if') ? new Set([...CONTEXTS].filter((c) => c !== 'secrets' && c !== 'steps')) : CONTEXTS;
      const { references } = checkExpression(expression, path, here, problems);
      for (const [context, name] of references) {
        if (context === 'matrix' && !matrixKeys.has(name)) problems.push(`${path}: matrix.${name} is not in the job's matrix`);
        if (context === 'needs' && !needs.has(name)) problems.push(`${path}: needs.${name} is not in the job's needs`);
      }
    }
    checkSteps(steps, at, problems, { matrix: matrixKeys, needs });
  }
  return problems;
}

const workflowFiles = existsSync(WORKFLOWS) ? readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

describe('GitHub workflows', () => {
  it('has the CI and the self-review workflows', () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(['ci.yml', 'self-review.yml']));
  });

  for (const file of workflowFiles) {
    it(`${file} is a valid, pinned workflow with explicit permissions`, () => {
      const where = `.github/workflows/${file}`;
      expect(checkWorkflow(parse(readFileSync(join(WORKFLOWS, file), 'utf8'), where), where)).toEqual([]);
    });
  }

  it('self-review runs the Action of the working tree on pull requests, able to comment and no more', () => {
    const workflow = parse(readFileSync(join(WORKFLOWS, 'self-review.yml'), 'utf8'), 'self-review.yml') as Obj;
    expect(Object.keys(workflow.on as Obj)).toEqual(['pull_request']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = Object.values(workflow.jobs as Obj).flatMap((job) => (job as Obj).steps as Obj[]);
    expect(steps.map((s) => s.uses)).toContain('./');
  });

  it('ci runs .ci/run and the dist check', () => {
    const workflow = parse(readFileSync(join(WORKFLOWS, 'ci.yml'), 'utf8'), 'ci.yml') as Obj;
    expect(Object.keys(workflow.on as Obj).sort()).toEqual(['pull_request', 'push']);
    const jobs = workflow.jobs as Record<string, Obj>;
    expect(jobs.test.steps).toContainEqual({ run: '.ci/run' });
    expect(JSON.stringify(jobs['check-dist'].steps)).toContain('git diff --quiet -- dist');
  });

  it('the expression checker catches what it should', () => {
    const problems: string[] = [];
    checkExpression(" github.event_name == 'push' && contains(github.ref, 'x') ", 'ok', CONTEXTS, problems);
    expect(problems).toEqual([]);
    checkExpression(' secret.KEY || sha256(github.sha) ', 'bad', CONTEXTS, problems);
    expect(problems).toHaveLength(2);
    const bad = checkWorkflow({ on: { push: {} }, jobs: { a: { steps: [{ uses: 'actions/checkout@main' }, { run: 'x', if: 'secrets.K' }] } } }, 'w');
    expect(bad.join('\n')).toMatch(/no permissions[\s\S]*no runs-on[\s\S]*not pinned[\s\S]*context "secrets"/);
  });
});

describe('action.yml', () => {
  it('has known keys, described inputs and outputs, and a node24 main that exists', () => {
    for (const key of Object.keys(action)) expect(ACTION_KEYS, `unknown key ${key}`).toContain(key);
    for (const key of ['name', 'description', 'runs']) expect(action).toHaveProperty(key);
    for (const [name, input] of Object.entries({ ...(action.inputs as Obj), ...(action.outputs as Obj) })) expect((input as Obj).description, name).toBeTruthy();
    const runs = action.runs as Obj;
    expect(runs.using).toBe('node24');
    expect(existsSync(join(ROOT, runs.main as string))).toBe(true);
    expect(action.author).toBe(pkg.author); // the LICENSE's holder; the repository is in package.json
  });

  it('uses only expressions an action metadata file may', () => {
    const problems: string[] = [];
    for (const { path, expression } of expressions(action, 'action.yml')) checkExpression(expression, path, new Set(['github', 'inputs', 'runner', 'env', 'job', 'steps', 'matrix']), problems);
    expect(problems).toEqual([]);
  });

  it('one build target, true to engines: esbuild targets the oldest Node the package accepts', () => {
    const floor = /^>=\s*(\d+)/.exec(pkg.engines.node)?.[1];
    expect(floor).toBeDefined();
    expect(readFileSync(join(ROOT, 'scripts/build.mjs'), 'utf8')).toContain(`target: 'node${floor}'`);
    expect(Number(String((action.runs as Obj).using).replace('node', ''))).toBeGreaterThanOrEqual(Number(floor));
  });
});

describe("the README's workflow snippets", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => ({ text: m[1], line: readme.slice(0, m.index).split('\n').length + 1 }));

  it('parse, and the workflows among them are valid and pinned', () => {
    const problems: string[] = [];
    let workflows = 0;
    for (const { text, line } of snippets) {
      const where = `README.md:${line}`;
      const snippet = parse(text, where);
      if (!isMap(snippet)) continue;
      if ('jobs' in snippet) {
        workflows++;
        problems.push(...checkWorkflow(snippet, where));
      } else if ('steps' in snippet) {
        // A fragment: permissions and the steps of a job.
        if ('permissions' in snippet) checkPermissions(snippet.permissions, `${where}.permissions`, problems);
        checkSteps(snippet.steps, where, problems, { matrix: new Set(), needs: new Set() });
      }
    }
    expect(workflows).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });

  it(`use one action ref, ${ACTION_REF}, and no placeholder owner`, () => {
    const refs = snippets.flatMap(({ text }) => [...text.matchAll(/uses:\s*(\S*convex-review@\S+)/g)].map((m) => m[1]));
    expect(refs.length).toBeGreaterThanOrEqual(3);
    expect(new Set(refs)).toEqual(new Set([ACTION_REF]));
    expect(readme).not.toContain('<owner>/convex-review');
  });
});
