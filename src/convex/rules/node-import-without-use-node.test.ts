import { describe, expect, it } from 'vitest';
import { findingsOf, locations, projectOf, SERVER_IMPORT } from '../../../test/support/convex.js';
import { isNodeBuiltin, valueImports } from '../semantics/imports.js';
import { nodeImportWithoutUseNode as rule } from './node-import-without-use-node.js';

describe('node-import-without-use-node', () => {
  it('flags value imports of Node built-ins in a default-runtime entry file, at the specifier', () => {
    const findings = findingsOf(rule, {
      'convex/files.ts': `${SERVER_IMPORT}
import { readFileSync } from "fs";
import * as cp from "node:child_process";
import crypto from "crypto";
import "node:fs/promises";
export { createHash } from "node:crypto";
export const read = action({
  args: {},
  handler: async () => readFileSync("x", "utf8") + cp.execSync("ls") + crypto.randomUUID(),
});
`,
    });
    expect(locations(findings)).toEqual([
      'convex/files.ts:4 error',
      'convex/files.ts:5 error',
      'convex/files.ts:6 error',
      'convex/files.ts:7 error',
      'convex/files.ts:8 error',
    ]);
    expect(findings[0].message).toBe(
      'Node built-in `fs` imported in a file without "use node": the default Convex runtime cannot load it',
    );
    expect(findings[0].column).toBe(30);
    expect(findings[0].detail).toContain('add `"use node";` at its top');
    expect(findings[0].docsUrl).toBe('https://docs.convex.dev/functions/runtimes');
  });

  it('accepts "use node" files, node:async_hooks, and bare names npm polyfills provide', () => {
    const findings = findingsOf(rule, {
      'convex/node.ts': `"use node";
import { readFileSync } from "fs";
import { action } from "./_generated/server";
export const a = action({ args: {}, handler: async () => readFileSync("x") });
`,
      'convex/ok.ts': `import { AsyncLocalStorage } from "node:async_hooks";
import { Buffer } from "buffer";
import { EventEmitter } from "events";
import path from "path";
import { inspect } from "util";
export const store = new AsyncLocalStorage();
export const all = [Buffer, EventEmitter, path, inspect];
`,
    });
    expect(findings).toEqual([]);
  });

  it('still flags polyfilled names with the node: prefix', () => {
    const findings = findingsOf(rule, {
      'convex/buf.ts': `import { Buffer } from "node:buffer";
export const b = Buffer.from("x");
`,
    });
    expect(locations(findings)).toEqual(['convex/buf.ts:1 error']);
  });

  it('ignores type-only imports and imports TypeScript drops because they are only used as types', () => {
    const findings = findingsOf(rule, {
      'convex/types.ts': `import type { Stats } from "fs";
import { type IncomingMessage } from "http";
import { Agent } from "https";
import type * as net from "node:net";
export type { Worker } from "node:worker_threads";
export { type Socket } from "node:dgram";
import os = require("os");
export interface Info { stats: Stats; req: IncomingMessage; agent: Agent; sock: net.Socket; cpus: typeof os.cpus }
`,
    });
    expect(findings).toEqual([]);
  });

  it('keeps every import of a JavaScript file and a class that extends an import', () => {
    const findings = findingsOf(rule, {
      'convex/legacy.js': `import { Stats } from "fs";
export const unused = 1;
`,
      'convex/stream.ts': `import { Writable } from "node:stream";
export class Sink extends Writable {}
`,
    });
    expect(locations(findings)).toEqual(['convex/legacy.js:1 error', 'convex/stream.ts:1 error']);
  });

  it('does not speak for files the bundler does not deploy', () => {
    const findings = findingsOf(rule, {
      'convex/files.test.ts': `import { readFileSync } from "fs";
export const x = readFileSync;
`,
    });
    expect(findings).toEqual([]);
  });

  it('flags built-ins in non-entry helpers imported by a default-runtime entry, one or two levels deep', () => {
    const findings = findingsOf(rule, {
      'convex/lib/disk.helper.ts': `import { writeFileSync } from "node:fs";
export const save = (s: string) => writeFileSync("/tmp/x", s);
`,
      'convex/lib/hash.helper.ts': `import { save } from "./disk.helper";
import { createHash } from "crypto";
export const digest = (s: string) => { save(s); return createHash("sha256").update(s).digest("hex"); };
`,
      'convex/docs.ts': `import { query } from "./_generated/server";
import { digest } from "./lib/hash.helper";
export const h = query({ args: {}, handler: async () => digest("x") });
`,
      'convex/more.ts': `import { digest } from "./lib/hash.helper";
export const d = digest;
`,
      'convex/nodeOnly.ts': `"use node";
import { save } from "./lib/disk.helper";
export const s = save;
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/disk.helper.ts:1 error', 'convex/lib/hash.helper.ts:2 error']);
    expect(findings[1].message).toBe(
      'Node built-in `crypto` reaches the default Convex runtime: `convex/docs.ts` (and 1 more) imports this module without "use node"',
    );
    expect(findings[0].message).toContain('`convex/docs.ts` (and 1 more)');
  });

  it('follows helpers imported through tsconfig path aliases, with `.js` specifiers', () => {
    const findings = findingsOf(rule, {
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] } } }),
      'convex/lib/disk.helper.ts': `import { writeFileSync } from "node:fs";
export const save = (s: string) => writeFileSync("/tmp/x", s);
`,
      'convex/lib/hash.helper.ts': `import { createHash } from "crypto";
import { save } from "@/convex/lib/disk.helper.js";
export const digest = (s: string) => { save(s); return createHash("sha256").update(s).digest("hex"); };
`,
      'convex/docs.ts': `import { query } from "@/convex/_generated/server";
import { digest } from "@/convex/lib/hash.helper";
export const h = query({ args: {}, handler: async () => digest("x") });
`,
    });
    expect(locations(findings)).toEqual(['convex/lib/disk.helper.ts:1 error', 'convex/lib/hash.helper.ts:1 error']);
    expect(findings[1].message).toContain('`convex/docs.ts` imports this module');
  });

  it('does not follow type-only imports of helpers, nor helpers three levels away', () => {
    const findings = findingsOf(rule, {
      'convex/lib/a.helper.ts': `import { b } from "./b.helper";\nexport const a = b;\n`,
      'convex/lib/b.helper.ts': `import { c } from "./c.helper";\nexport const b = c;\n`,
      'convex/lib/c.helper.ts': `import { cpus } from "os";\nexport const c = cpus;\n`,
      'convex/lib/t.helper.ts': `import { cpus } from "os";\nexport type T = number;\nexport const t = cpus;\n`,
      'convex/entry.ts': `import { a } from "./lib/a.helper";
import type { T } from "./lib/t.helper";
export const e: T = a.length;
`,
    });
    expect(findings).toEqual([]);
  });
});

describe('isNodeBuiltin', () => {
  it('knows built-ins, the node: prefix, async_hooks and polyfilled names', () => {
    expect(['fs', 'fs/promises', 'child_process', 'node:path', 'node:test', 'crypto'].map(isNodeBuiltin)).toEqual([true, true, true, true, true, true]);
    expect(['node:async_hooks', 'async_hooks', 'path', 'path/posix', 'buffer', 'convex/server', 'fs-extra', './fs'].map(isNodeBuiltin)).toEqual([
      false, false, false, false, false, false, false, false,
    ]);
  });
});

describe('valueImports', () => {
  it('lists side-effect imports, value re-exports and used imports', () => {
    const project = projectOf({
      'convex/x.ts': `import "./setup";
import { a } from "./a";
import { b } from "./b";
export * from "./c";
const y = a;
`,
    });
    expect(valueImports(project.files[0]).map((i) => i.specifier)).toEqual(['./setup', './a', './c']);
  });
});
