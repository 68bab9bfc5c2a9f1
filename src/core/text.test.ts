import { describe, expect, it } from 'vitest';
import { paint, plural } from './text.js';

describe('plural', () => {
  it('puts the count before the noun, singular only for exactly one', () => {
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'changed file')).toBe('2 changed files');
  });

  it('takes the plural of a noun that does not add an s', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('paint', () => {
  it('wraps text in an SGR code and a reset when colour is on', () => {
    const style = paint(true);
    expect(style('red', 'x')).toBe('\x1b[31mx\x1b[0m');
    expect(style('bold', style('yellow', 'y'))).toBe('\x1b[1m\x1b[33my\x1b[0m\x1b[0m');
    expect(style('underline', 'p')).toBe('\x1b[4mp\x1b[0m');
    expect(style('dim', 'd')).toBe('\x1b[2md\x1b[0m');
    expect(style('cyan', 'c') + style('green', 'g')).toBe('\x1b[36mc\x1b[0m\x1b[32mg\x1b[0m');
  });

  it('leaves text unchanged when colour is off', () => {
    expect(paint(false)('red', 'x')).toBe('x');
  });
});
