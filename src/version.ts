import pkg from '../package.json' with { type: 'json' };

export const TOOL_NAME = 'convex-review';
export const TOOL_VERSION: string = pkg.version;

// The project's home; issue 17 may rename it.
export const REPOSITORY_URL = 'https://github.com/convex-review/convex-review';

/** Our own page for a rule: `docs/rules/<id>.md` on the default branch. */
export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}
