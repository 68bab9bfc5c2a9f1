import { describe, expect, it } from 'vitest';
import { findingsOf, locations } from '../../../test/support/convex.js';
import { redundantIndex as rule } from './redundant-index.js';

const HEADER = `import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
`;

describe('redundant-index', () => {
  it('flags an index whose fields are a prefix of another one, at its name, naming both', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].column).toBe(12);
    expect(findings[0].message).toBe(
      'Index "by_channel" on "messages" is redundant with "by_channel_author": ["channel"] is a prefix of ["channel", "author"]',
    );
    expect(findings[0].detail).toContain('"by_channel" returns rows by `_creationTime`, while "by_channel_author" returns them by `author`');
    expect(findings[0].detail).toContain('keep the shorter index and suppress this finding');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/understanding/best-practices/#check-for-redundant-indexes');
    expect(findings[0].fix).toBeUndefined();
  });

  it('reports the later of two identical indexes, and each index once', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  posts: defineTable({ owner: v.id("users"), slug: v.string() })
    .index("by_owner_slug", ["owner", "slug"])
    .index("by_owner", ["owner"])
    .index("owner_and_slug", ["owner", "slug"])
    .index("by_owner_again", ["owner"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:7 warning', 'convex/schema.ts:8 warning', 'convex/schema.ts:9 warning']);
    expect(findings.map((f) => f.message)).toEqual([
      'Index "by_owner" on "posts" is redundant with "by_owner_slug": ["owner"] is a prefix of ["owner", "slug"]',
      'Index "owner_and_slug" on "posts" duplicates "by_owner_slug": both index ["owner", "slug"]',
      'Index "by_owner_again" on "posts" duplicates "by_owner": both index ["owner"]',
    ]);
  });

  it('flags an index on _creationTime alone as a copy of by_creation_time', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  events: defineTable({ kind: v.string() }).index("by_time", ["_creationTime"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:5 warning']);
    expect(findings[0].message).toBe('Index "by_time" on "events" duplicates the built-in "by_creation_time" index');
  });

  it('leaves distinct indexes, other tables, and search, vector and staged indexes alone', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  docs: defineTable({ team: v.string(), title: v.string(), body: v.string(), embedding: v.array(v.float64()) })
    .index("by_team_title", ["team", "title"])
    .index("by_title_team", ["title", "team"])
    .index("by_body", { fields: ["body"], staged: true })
    .index("by_body_team", { fields: ["body", "team"], staged: true })
    .index("by_title", { fields: ["title", "body"], staged: false })
    .searchIndex("search_title", { searchField: "title", filterFields: ["team"] })
    .vectorIndex("by_embedding", { vectorField: "embedding", dimensions: 8, filterFields: ["team"] }),
  teams: defineTable({ team: v.string() }).index("by_team", ["team"]),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('compares { fields } configs with array configs, and counts a staged index as neither side', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  orders: defineTable({ customer: v.string(), status: v.string() })
    .index("by_customer", { fields: ["customer"] })
    .index("by_customer_status", ["customer", "status"])
    .index("by_status", ["status"])
    .index("by_status_customer", { fields: ["status", "customer"], staged: true }),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].message).toContain('"by_customer" on "orders" is redundant with "by_customer_status"');
  });

  it('follows tables defined through variables and imported from other files, reporting where the index is', () => {
    const findings = findingsOf(rule, {
      'convex/tables/users.ts': `import { defineTable } from "convex/server";
import { v } from "convex/values";
export const users = defineTable({ email: v.string(), name: v.string() })
  .index("by_email", ["email"])
  .index("email", ["email"]);
`,
      'convex/tables/index.ts': `export * from "./users";\n`,
      'convex/schema.ts': `${HEADER}import { users } from "./tables";
const projects = defineTable({ org: v.string(), name: v.string() }).index("by_org_name", ["org", "name"]);
const tables = {
  users,
  projects: projects.index("by_org", ["org"]),
};
export default defineSchema({ ...tables });
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:7 warning', 'convex/tables/users.ts:5 warning']);
    expect(findings[0].message).toContain('"by_org" on "projects" is redundant with "by_org_name"');
    expect(findings[1].message).toBe('Index "email" on "users" duplicates "by_email": both index ["email"]');
  });

  it('counts indexes added to a table variable as declared after the variable\'s own', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
const base = defineTable({ sku: v.string() }).index("by_sku", ["sku"]);
export default defineSchema({
  items: base.index("sku", ["sku"]),
});
`,
    });
    expect(locations(findings)).toEqual(['convex/schema.ts:6 warning']);
    expect(findings[0].message).toBe('Index "sku" on "items" duplicates "by_sku": both index ["sku"]');
  });

  it('stays silent when a field list is not all literals', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
const SCOPE = ["tenant"] as const;
const field = "region";
export default defineSchema({
  rows: defineTable({ tenant: v.string(), region: v.string() })
    .index("by_tenant", ["tenant"])
    .index("by_scope", [...SCOPE, "region"])
    .index("by_tenant_field", ["tenant", field])
    .index("by_config", SCOPE_CONFIG),
});
`,
    });
    expect(findings).toEqual([]);
  });

  it('is silenced by a suppression comment when the shorter index order matters', () => {
    const findings = findingsOf(rule, {
      'convex/schema.ts': `${HEADER}
export default defineSchema({
  messages: defineTable({ channel: v.string(), author: v.string() })
    // convex-review-disable-next-line redundant-index -- newest-first per channel needs _creationTime order
    .index("by_channel", ["channel"])
    .index("by_channel_author", ["channel", "author"]),
});
`,
    });
    expect(findings).toEqual([]);
  });
});
