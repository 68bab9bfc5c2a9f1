import { registrationName } from '../semantics/registrations.js';
import type { Rule } from '../engine/rule.js';

const KIND_NAMES = { query: 'query', mutation: 'mutation', httpAction: 'HTTP action', action: 'action' } as const;

/** A real `"use node"` file may only define actions: Convex refuses to push queries, mutations or HTTP actions from it. */
export const useNodeOnlyActions: Rule = {
  id: 'use-node-only-actions',
  title: 'Non-action in a "use node" file',
  description: 'A file with the "use node" directive registers a query, mutation or HTTP action.',
  severity: 'error',
  docsUrl: 'https://docs.convex.dev/functions/runtimes',
  category: 'correctness',
  concerns: ['correctness'],
  *check(project) {
    for (const reg of project.registrations) {
      // Only deployed modules: a non-entry file (e.g. `a.test.ts`) is never pushed as a Node module.
      if (!reg.file.useNode || !reg.file.isEntry || reg.kind === 'action') continue;
      const name = registrationName(reg);
      const what = `${KIND_NAMES[reg.kind]}${name ? ` \`${name}\`` : ''}`;
      yield {
        file: reg.file,
        node: reg.call.expression,
        message: `${capitalize(what)} is defined in a "use node" file: only actions may run in the Node runtime`,
        detail:
          'A `"use node"` file runs in the Node.js runtime, where only actions can be defined: pushing the functions fails ' +
          '("Only actions can be defined in Node.js"). Move this function into a file without `"use node"`; the Node actions ' +
          'can still call it through `ctx.runQuery` / `ctx.runMutation`.',
      };
    }
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
