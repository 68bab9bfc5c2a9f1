import { describe, expect, it } from 'vitest';
import { dependsOnChange } from './dependents.js';

describe('findings a change makes relevant outside the changed files', () => {
  it('follows each rule\'s dependsOn: the schema for index and table names, auth.config for auth, convex.config for components', () => {
    expect(dependsOnChange('unknown-index', ['convex/schema.ts'])).toBe(true);
    expect(dependsOnChange('unknown-table', ['apps/web/convex/schema.js'])).toBe(true);
    expect(dependsOnChange('missing-auth-config', ['convex/auth.config.ts'])).toBe(true);
    expect(dependsOnChange('component-not-installed', ['convex/_generated/api.d.ts'])).toBe(true);
    expect(dependsOnChange('explicit-table-name', ['package.json'])).toBe(true);
  });

  it('is false for other paths, rules without dependsOn, and unknown ids', () => {
    expect(dependsOnChange('unknown-index', ['convex/messages.ts', 'convex/myschema.ts'])).toBe(false);
    expect(dependsOnChange('db-in-action', ['convex/schema.ts'])).toBe(false);
    expect(dependsOnChange('claude/security', ['convex/schema.ts'])).toBe(false);
    expect(dependsOnChange('unknown-index', [])).toBe(false);
  });
});
