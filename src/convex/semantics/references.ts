/** `api.*`, `internal.*` and `components.*` references, as imported from `_generated/api`. */
import { ts } from '../../typescript.js';
import { walk } from '../model/ast.js';
import type { ModuleScope } from '../model/module-scope.js';
import type { ModuleTarget } from '../model/modules.js';
import type { SourceFile } from '../model/source-file.js';

export type ReferenceRoot = 'api' | 'internal' | 'components';

export interface FunctionReference {
  file: SourceFile;
  root: ReferenceRoot;
  /** The root identifier (`api`): where a finding about the reference points. */
  rootNode: ts.Identifier;
  /** The whole reference expression, e.g. `api.messages.send`. */
  node: ts.Expression;
  /** Path segments after the root: `['messages', 'send']`. */
  segments: string[];
}

const ROOTS = new Set<string>(['api', 'internal', 'components']);

export function findReferences(
  file: SourceFile,
  scope: ModuleScope,
  resolveModule: (specifier: string) => ModuleTarget,
): FunctionReference[] {
  const locals = new Map<string, ReferenceRoot>();
  for (const [local, binding] of scope.imports) {
    if (!ROOTS.has(binding.imported)) continue;
    const target = resolveModule(binding.specifier);
    if (target.kind === 'generated' && target.name === 'api') locals.set(local, binding.imported as ReferenceRoot);
  }
  if (locals.size === 0) return [];
  const found: FunctionReference[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && locals.has(node.text) && isReferenceStart(node)) {
      let outer: ts.Expression = node;
      const segments: string[] = [];
      for (;;) {
        const parent: ts.Node = outer.parent;
        if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) segments.push(parent.name.text);
        else if (ts.isElementAccessExpression(parent) && parent.expression === outer && ts.isStringLiteralLike(parent.argumentExpression)) {
          segments.push(...parent.argumentExpression.text.split('/'));
        } else break;
        outer = parent;
      }
      found.push({ file, root: locals.get(node.text)!, rootNode: node, node: outer, segments });
    }
  };
  walk(file.ast, visit);
  return found;
}

/** An identifier used as a value, not a property name, declaration or import. */
function isReferenceStart(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === id) return false;
  if (ts.isTypeQueryNode(parent) || ts.isQualifiedName(parent)) return false;
  return true;
}

/** `api.a.b.fn` → module `a/b`, export `fn`. */
export function referenceTarget(ref: FunctionReference): { module: string; exportName: string } | undefined {
  if (ref.root === 'components' || ref.segments.length < 2) return undefined;
  return { module: ref.segments.slice(0, -1).join('/'), exportName: ref.segments[ref.segments.length - 1] };
}
