import { describe, expect, it } from 'vitest';
import { ts } from '../typescript.js';
import { assignFingerprints, fingerprintV1, normalizeCode, normalizeNodeCode } from './fingerprint.js';
import { createHash } from 'node:crypto';

describe('fingerprint v1', () => {
  it('is v1: and the first 16 hex digits of SHA-256 over the newline-joined parts', () => {
    const key = { ruleId: 'r', path: 'convex/a.ts', functionName: 'list', code: 'ctx.db' };
    const expected = createHash('sha256').update('r\nconvex/a.ts\nlist\nctx.db\n0').digest('hex').slice(0, 16);
    expect(fingerprintV1(key, 0)).toBe(`v1:${expected}`);
  });

  it('tells identical tuples apart by occurrence, in order', () => {
    const key = { ruleId: 'r', path: 'p', functionName: 'f', code: 'x' };
    const [a, b, c] = assignFingerprints([key, { ...key, code: 'y' }, key]);
    expect(a).toBe(fingerprintV1(key, 0));
    expect(c).toBe(fingerprintV1(key, 1));
    expect(b).not.toBe(a);
  });

  it('normalizes code: comments out, whitespace collapsed, the same for text and nodes', () => {
    const code = `ctx.db /* the db */\n    .query("t") // all rows\n    .filter((q) => q)`;
    expect(normalizeCode(code)).toBe('ctx.db .query("t") .filter((q) => q)');
    const sf = ts.createSourceFile('a.ts', `const x = ${code};`, ts.ScriptTarget.Latest, true);
    const init = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0].initializer!;
    expect(normalizeNodeCode(init, sf)).toBe('ctx.db .query("t") .filter((q) => q)');
  });

  it('does not take a regex for a comment when normalizing a node', () => {
    const sf = ts.createSourceFile('a.ts', 'const r = /https:\\/\\/x/;', ts.ScriptTarget.Latest, true);
    const init = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0].initializer!;
    expect(normalizeNodeCode(init, sf)).toBe('/https:\\/\\/x/');
  });
});
