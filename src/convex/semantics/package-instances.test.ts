import { describe, expect, it } from 'vitest';
import { ts } from '../../typescript.js';
import { projectOf } from '../../../test/support/convex.js';
import { isBuiltByPackage, isPackageClass, packageInstance } from './package-instances.js';

const WORKFLOW = '@convex-dev/workflow';

describe('package-instances', () => {
  const project = projectOf({
    'convex/workflows.ts': `import { WorkflowManager as Manager } from "@convex-dev/workflow";
import * as wf from "@convex-dev/workflow";
import { components } from "./_generated/api";
export const workflow = new Manager(components.workflow);
export const viaNamespace = new wf.WorkflowManager(components.workflow);
`,
    'convex/uses.ts': `import { workflow } from "./workflows";
import { RateLimiter } from "@convex-dev/rate-limiter";
import { createClient } from "@convex-dev/auth";
import * as lib from "some-lib";
import { clients } from "some-lib";
import { WorkflowManager } from "./local";
const limiter = new RateLimiter(components.limiter);
const auth = createClient(components.auth);
const nested = new clients.Pool(components.pool);
const indexed = clients["make"](components.pool);
const ours = new WorkflowManager();
const plain = { run: () => null };
const fromNamespace = new lib.Thing();
const alias = workflow;
export function use() {
  return [workflow, alias, limiter, auth, nested, indexed, ours, plain, fromNamespace];
}
`,
    'convex/local.ts': `export class WorkflowManager {}
`,
  });
  const uses = project.filesByPath.get('convex/uses.ts')!;
  const workflows = project.filesByPath.get('convex/workflows.ts')!;
  const returned = (): ts.Expression[] => {
    const fn = uses.ast.statements.find(ts.isFunctionDeclaration)!;
    const ret = fn.body!.statements[0] as ts.ReturnStatement;
    return [...(ret.expression as ts.ArrayLiteralExpression).elements];
  };
  const named = (name: string): ts.Expression => returned().find((e) => e.getText(uses.ast) === name)!;

  it('packageInstance: the `new C(…)` of the named package class a name is bound to, across modules and aliases', () => {
    const instance = packageInstance(project, uses, named('workflow'), WORKFLOW, 'WorkflowManager');
    expect(instance?.getSourceFile().fileName).toBe(workflows.ast.fileName);
    expect(instance?.getText(workflows.ast)).toBe('new Manager(components.workflow)');
    expect(packageInstance(project, uses, named('alias'), WORKFLOW, 'WorkflowManager')).toBe(instance);
    for (const other of ['limiter', 'ours', 'plain', 'fromNamespace']) {
      expect(packageInstance(project, uses, named(other), WORKFLOW, 'WorkflowManager'), other).toBeUndefined();
    }
    expect(packageInstance(project, uses, named('workflow'), WORKFLOW, 'Workpool')).toBeUndefined();
  });

  it('isPackageClass: through import aliases and namespace imports; a same-named project class is not it', () => {
    const newOf = (file: typeof uses, text: string): ts.NewExpression => {
      let found: ts.NewExpression | undefined;
      const visit = (node: ts.Node): void => {
        if (ts.isNewExpression(node) && node.getText(file.ast) === text) found = node;
        ts.forEachChild(node, visit);
      };
      visit(file.ast);
      return found!;
    };
    expect(isPackageClass(project, workflows, newOf(workflows, 'new Manager(components.workflow)').expression, WORKFLOW, 'WorkflowManager')).toBe(true);
    expect(isPackageClass(project, workflows, newOf(workflows, 'new wf.WorkflowManager(components.workflow)').expression, WORKFLOW, 'WorkflowManager')).toBe(true);
    expect(isPackageClass(project, uses, newOf(uses, 'new WorkflowManager()').expression, WORKFLOW, 'WorkflowManager')).toBe(false);
  });

  it('isBuiltByPackage: `new X(…)` / `x(…)` whose callee root is a package import, also through member chains', () => {
    const builtBy = (name: string): boolean => {
      const value = project.valueOf(uses, named(name));
      return value.kind === 'definition' && isBuiltByPackage(project, value.file, value.node);
    };
    expect(['workflow', 'alias', 'limiter', 'auth', 'nested', 'indexed'].filter(builtBy)).toEqual(['workflow', 'alias', 'limiter', 'auth', 'nested', 'indexed']);
    // A project class, a plain object, and a namespace import's member (not a named import) are not.
    expect(['ours', 'plain', 'fromNamespace'].filter(builtBy)).toEqual([]);
  });
});
