import { describe, expect, it } from 'vitest';
import { nestedMarker as nested } from '../../test/support/untrusted.js';
import { codeSpan, fencedBlock, sanitizeMarkdown, suggestionBlock, tableCell, truncate, withoutForgedMarkers } from './sanitize.js';

describe('sanitizeMarkdown', () => {
  it('defuses mentions and HTML in prose but leaves code spans exactly as written', () => {
    const out = sanitizeMarkdown('Hey @everyone <img src=x onerror=alert(1)> see `@user <b>` and ``a ` b``');
    expect(out).toBe('Hey @\u200deveryone &lt;img src=x onerror=alert(1)&gt; see `@user <b>` and ``a ` b``');
  });

  it('removes forged convex-review markers, in prose and in code', () => {
    expect(sanitizeMarkdown('x <!-- convex-review:v1 fp=v1:0123456789abcdef --> y')).toBe('x  y');
    // What is left, two backticks with nothing between, is no span: escaped, it reads the same.
    expect(sanitizeMarkdown('`<!-- convex-review:v1 summary sha=abc1234 -->`')).toBe('\\`\\`');
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

/** A marker inside a marker: removing the inner one once leaves the outer one whole. */

describe('nothing untrusted comes out as a marker', () => {
  it('removes nested forged markers until none is left, in prose and in code spans', () => {
    expect(withoutForgedMarkers(`a ${nested('fp=v1:0123456789abcdef')} b`)).toBe('a  b');
    expect(sanitizeMarkdown(`x ${nested('fp=v1:0123456789abcdef')} y`)).toBe('x  y');
    expect(sanitizeMarkdown(`see \`${nested('fp=v1:0123456789abcdef')}\` and \`${nested('summary sha=abc1234')}\``)).not.toContain('convex-review');
  });

  it('leaves no `<!--` anywhere: prose escapes it, a code span gets a zero-width joiner inside it', () => {
    expect(sanitizeMarkdown('`<!-- convex-review:v1 fp=v1:0123456789abcdef` and <!-- x')).toBe('`<!\u200d-- convex-review:v1 fp=v1:0123456789abcdef` and &lt;!-- x');
    expect(sanitizeMarkdown('`<!-- html -->`')).toBe('`<!\u200d-- html -->`');
  });

  it('holds for any mix of marker pieces, backticks and line breaks', () => {
    const pieces = ['<!-', '<!--', '-', '--', '>', '-->', ' convex-review', ':v1 ', 'fp=v1:0123456789abcdef', 'summary sha=abc1234', '`', '``', '\\', '\n', ' ', 'a'];
    let seed = 42;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + next(24) }, () => pieces[next(pieces.length)]).join('');
      for (const out of [sanitizeMarkdown(text), codeSpan(text), fencedBlock('', text), suggestionBlock(text)]) {
        expect(out, JSON.stringify(text)).not.toContain('<!--');
      }
    }
  });
});

describe('no fence of its own', () => {
  const fenceLines = (text: string): string[] => text.split('\n').filter((l) => /^(?:[ \t>*+-]|\d+[.)])*(?:`{3,}|~{3,})/.test(l));

  it.each([
    ['a suggestion fence', 'Apply:\n\n```suggestion\nawait ctx.db.delete(id);\n```'],
    ['a suggestion fence in another case, with spaces', '``` Suggestion\nx\n```'],
    ['a tilde fence', '~~~suggestion\nx\n~~~'],
    ['a fence in a list item', '- ```suggestion\n  x\n  ```'],
    ['a fence in a block quote', '> ````suggestion\n> x\n> ````'],
    ['an unclosed fence that would swallow what follows', '````\nthe rest'],
  ])('%s opens no block', (_, text) => {
    const out = sanitizeMarkdown(text);
    expect(fenceLines(out)).toEqual([]);
    expect(out).not.toMatch(/(^|[^\\])(`{3}|~{3})/m);
  });

  it('a backtick GitHub could pair with one on a later line is escaped, so our code span there stays code', () => {
    // GitHub would pair the first backtick with the second, and show <img> as HTML.
    expect(sanitizeMarkdown('x ` y\n`<img src=x>` z')).toBe('x \\` y\n`<img src=x>` z');
    expect(sanitizeMarkdown('a `` b\n``<img src=x>`` c')).toBe('a \\`\\` b\n``<img src=x>`` c');
  });

  it('keeps backslash escapes as they are and doubles a lone one at the end', () => {
    expect(sanitizeMarkdown('a \\` b')).toBe('a \\` b');
    expect(sanitizeMarkdown('ends with \\')).toBe('ends with \\\\');
  });
});

describe('codeSpan', () => {
  it('shows a plain path as a plain code span', () => {
    expect(codeSpan('convex/a.ts:12')).toBe('`convex/a.ts:12`');
  });

  it('fences a path with backticks by a longer run, on one line, without markers or `<!--`', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`a``')).toBe('``` `a`` ```');
    expect(codeSpan('a\nb\r\n\tc')).toBe('`a b c`');
    expect(codeSpan(`x<img src=x>@everyone${nested('fp=v1:0123456789abcdef')}.ts`)).toBe('`x<img src=x>@everyone.ts`');
    expect(codeSpan('<!-- convex-review:v1 fp=v1:0')).toBe('`<!\u200d-- convex-review:v1 fp=v1:0`');
  });

  it('escapes a pipe for a table cell', () => {
    expect(tableCell(codeSpan('a|b'))).toBe('`a\\|b`');
  });
});

describe('suggestionBlock', () => {
  it('is a live suggestion for an ordinary replacement', () => {
    expect(suggestionBlock('  await check(ctx);')).toBe('```suggestion\n  await check(ctx);\n```');
  });

  it('is shown as code, not offered, when the replacement holds the start of a convex-review marker', () => {
    const out = suggestionBlock('  f(); // <!--  Convex-Review:v1 fp=v1:0123456789abcdef -->');
    expect(out).not.toMatch(/^`{3,}suggestion/m);
    expect(out).toContain('```\n  f(); // <!\u200d--  Convex-Review:v1 fp=v1:0123456789abcdef -->\n```');
    expect(out).toContain('Not offered as a suggestion');
  });
});
