import { describe, expect, it } from 'vitest';
import { fencedBlock, sanitizeMarkdown, truncate } from './sanitize.js';

describe('sanitizeMarkdown', () => {
  it('defuses mentions and HTML in prose but leaves code spans exactly as written', () => {
    const out = sanitizeMarkdown('Hey @everyone <img src=x onerror=alert(1)> see `@user <b>` and ``a ` b``');
    expect(out).toBe('Hey @\u200deveryone &lt;img src=x onerror=alert(1)&gt; see `@user <b>` and ``a ` b``');
  });

  it('removes forged convex-review markers, in prose and in code', () => {
    expect(sanitizeMarkdown('x <!-- convex-review:v1 fp=v1:0123456789abcdef --> y')).toBe('x  y');
    expect(sanitizeMarkdown('`<!-- convex-review:v1 summary sha=abc1234 -->`')).toBe('``');
  });

  it('escapes ampersands so entities cannot be smuggled in', () => {
    expect(sanitizeMarkdown('&lt;script&gt;')).toBe('&amp;lt;script&amp;gt;');
  });
});

describe('fencedBlock', () => {
  it('uses a fence longer than any backtick run in the content', () => {
    expect(fencedBlock('suggestion', 'const a = 1;')).toBe('```suggestion\nconst a = 1;\n```');
    expect(fencedBlock('suggestion', 'const s = ```x```;')).toBe('````suggestion\nconst s = ```x```;\n````');
  });
});

describe('code spans as GitHub finds them', () => {
  it.each([
    ['an escaped backtick opens no span', 'see \\`<img src=x onerror=alert(1)>`'],
    ['an unmatched double backtick opens no span', '``<details>open` `'],
    ['a span does not cross lines', '`start\n<img src=x>\nend`'],
  ])('%s: the HTML in it is escaped', (_, text) => {
    const out = sanitizeMarkdown(text);
    expect(out).not.toMatch(/<img|<details/);
  });

  it('leaves a real one-line code span exactly as written', () => {
    expect(sanitizeMarkdown('use `a<b && @user` here, @team')).toBe('use `a<b && @user` here, @\u200dteam');
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text on a line boundary with a note', () => {
    expect(truncate('short', 10)).toBe('short');
    const long = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const cut = truncate(long, 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut.endsWith('… (truncated)')).toBe(true);
  });
});
