import { describe, expect, it } from 'vitest';
import { parsePatch, wholeFileAdded } from '../diff/patch.js';
import { changedExports, renderChangeMap } from './change-map.js';

const TEXT = `import { query, mutation } from "./_generated/server";

export const list = query({ handler: async () => [] });

export const add = mutation({
  handler: async () => {
    return 1;
  },
});

function helper() {}
`;

describe('the change map', () => {
  it('names the exported declarations a change touches, with their builders; none when only module code changed', () => {
    const added = changedExports({ path: 'convex/a.ts', text: TEXT, patch: parsePatch('@@ -6,2 +6,3 @@\n   handler: async () => {\n+    return 1;\n   },'), staticFindings: [] });
    const whole = changedExports({ path: 'convex/b.ts', text: TEXT, patch: wholeFileAdded(TEXT), staticFindings: [] });
    const helperOnly = changedExports({ path: 'convex/c.ts', text: TEXT, patch: parsePatch('@@ -10,1 +11,1 @@\n-function helper(x) {}\n+function helper() {}'), staticFindings: [] });
    expect(renderChangeMap([added, whole, helperOnly])).toEqual([
      '- convex/a.ts: add (mutation)',
      '- convex/b.ts: list (query), add (mutation)',
      '- convex/c.ts: no exported declaration changed',
    ]);
  });
});
