import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { componentNotInstalled as rule, generatedComponents } from './component-not-installed.js';

const USES = `import { components } from "./_generated/api";
import { TableAggregate } from "@convex-dev/aggregate";
import { RateLimiter } from "@convex-dev/rate-limiter";
export const byScore = new TableAggregate<{ Key: number; DataModel: any; TableName: "scores" }>(components.byScore, { sortKey: (d) => d.score });
export const limiter = new RateLimiter(components.rateLimiter, {});
`;

const API = (names: string[]): string => `/* eslint-disable */
import type { FunctionReference } from "convex/server";
export declare const api: any;
export declare const internal: any;
export declare const components: {
${names.map((n) => `  ${n}: import("@convex-dev/x/_generated/component.js").ComponentApi<"${n}">;`).join('\n')}
};
`;

describe('component-not-installed', () => {
  it('flags a components.X that no app.use installs, naming the installed ones and a close match', () => {
    const findings = findingsOf(rule, {
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
import aggregate from "@convex-dev/aggregate/convex.config";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";
const app = defineApp();
app.use(aggregate, { name: "byScores" });
app.use(rateLimiter, { name: "rateLimiter" });
export default app;
`,
      'convex/stats.ts': USES,
    });
    expect(locations(findings)).toEqual(['convex/stats.ts:4 error']);
    expect(findings[0].message).toBe(
      '`components.byScore` is not an installed component: `convex.config.ts` installs no component named `byScore` (did you mean `byScores`?)',
    );
    expect(findings[0].detail).toContain('Installed: `byScores`, `rateLimiter` (from `convex.config.ts`)');
    expect(findings[0].detail).toContain('convex-review-disable-next-line component-not-installed');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/components/using');
  });

  it('reads the default name of a component defined in the repository', () => {
    const files = {
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
import counter from "./components/counter/convex.config";
const app = defineApp();
app.use(counter);
export default app;
`,
      'convex/components/counter/convex.config.ts': `import { defineComponent } from "convex/server";\nexport default defineComponent("counter");\n`,
      'convex/components/counter/lib.ts': `import { mutation } from "./_generated/server";\nexport const add = mutation({ args: {}, handler: async () => null });\n`,
      'convex/use.ts': `import { components } from "./_generated/api";
export const a = components.counter.lib.add;
export const b = components.counters.lib.add;
`,
    };
    expect(locations(findingsOf(rule, files))).toEqual(['convex/use.ts:3 error']);
  });

  it('takes the committed _generated/api.d.ts as ground truth when a package name is unknown', () => {
    const config = `import { defineApp } from "convex/server";
import aggregate from "@convex-dev/aggregate/convex.config";
import rateLimiter from "@convex-dev/rate-limiter/convex.config";
const app = defineApp();
app.use(aggregate, { name: "byScore" });
app.use(rateLimiter);
export default app;
`;
    const withApi = findingsOf(rule, {
      'convex/convex.config.ts': config,
      'convex/_generated/api.d.ts': API(['byScore', 'limiter']),
      'convex/stats.ts': USES,
    });
    expect(locations(withApi)).toEqual(['convex/stats.ts:5 error']);
    expect(withApi[0].detail).toContain('(from `convex.config.ts` and `_generated/api.d.ts`)');
    // Without it, `app.use(rateLimiter)` may install `rateLimiter`: nothing can be said.
    expect(findingsOf(rule, { 'convex/convex.config.ts': config, 'convex/stats.ts': USES })).toEqual([]);
    // A generated API listing fewer components than the config installs predates it: silent too.
    const stale = findingsOf(rule, {
      'convex/convex.config.ts': config,
      'convex/_generated/api.d.ts': API(['byScore']),
      'convex/stats.ts': USES,
    });
    expect(stale).toEqual([]);
  });

  it('flags every component reference in a project that has no convex.config.ts', () => {
    const findings = findingsOf(rule, { 'convex/schema.ts': 'export default {};\n', 'convex/stats.ts': USES });
    expect(locations(findings)).toEqual(['convex/stats.ts:4 error', 'convex/stats.ts:5 error']);
    expect(findings[0].message).toBe('`components.byScore` is not an installed component: this project has no `convex.config.ts` to install it');
  });

  it('stays silent when the app is handed to other code or a name is computed', () => {
    const handed = findingsOf(rule, {
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
import { installAll } from "./installAll";
const app = defineApp();
installAll(app);
export default app;
`,
      'convex/stats.ts': USES,
    });
    expect(handed).toEqual([]);
    const computed = findingsOf(rule, {
      'convex/convex.config.ts': `import { defineApp } from "convex/server";
import aggregate from "@convex-dev/aggregate/convex.config";
const app = defineApp();
for (const name of ["byScore", "rateLimiter"]) app.use(aggregate, { name });
export default app;
`,
      'convex/stats.ts': USES,
    });
    expect(computed).toEqual([]);
  });

  it('checks a component root against its own convex.config.ts, and skips tests', () => {
    const findings = findingsOf(rule, {
      'convex.config.ts': `import { defineComponent } from "convex/server";
import workpool from "@convex-dev/workpool/convex.config";
const component = defineComponent("mailer");
component.use(workpool, { name: "pool" });
export default component;
`,
      'send.ts': `import { components } from "./_generated/api";
export const ok = components.pool;
export const bad = components.workpool;
`,
      'send.test.ts': `import { components } from "./_generated/api";\nexport const t = components.nothing;\n`,
    });
    expect(locations(findings)).toEqual(['send.ts:3 error']);
  });

  it('reports one finding per name and file, and ignores a local named components', () => {
    const findings = findingsOf(rule, {
      'convex/convex.config.ts': `import { defineApp } from "convex/server";\nconst app = defineApp();\nexport default app;\n`,
      'convex/a.ts': `import { components } from "./_generated/api";
export const x = components.missing.lib;
export const y = components.missing.other;
`,
      'convex/b.ts': `const components = { missing: 1 };\nexport const z = components.missing;\n`,
    });
    expect(locations(findings)).toEqual(['convex/a.ts:2 error']);
  });
});

describe('generatedComponents', () => {
  it('reads the keys of components in both generated forms, and nothing from older files', () => {
    expect(generatedComponents(API(['a', 'b']))).toEqual(new Set(['a', 'b']));
    expect(generatedComponents('export declare const components: {};\n')).toEqual(new Set());
    expect(
      generatedComponents(`export declare const components: {
  aggregate: { btree: { count: FunctionReference<"query", "internal", {}, number> } };
  "rate-limit": {};
};`),
    ).toEqual(new Set(['aggregate', 'rate-limit']));
    expect(generatedComponents('export declare const api: any;\n')).toBeUndefined();
    expect(generatedComponents('export declare const components: AnyComponents;\n')).toBeUndefined();
  });
});
