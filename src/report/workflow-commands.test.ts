import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { annotate, annotationOf, type AnnotationProps } from './annotations.js';
import { escapeData, escapeProperty, workflowCommands } from './workflow-commands.js';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'require-args-validator',
  source: 'static',
  severity: 'error',
  path: 'convex/messages.ts',
  line: 2,
  endLine: 3,
  column: 21,
  message: 'Public query has no `args` validator',
  fingerprint: 'v1:0000000000000000',
  ...over,
});

describe('workflow commands', () => {
  it('escapes data and properties as the runner unescapes them', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('prints one command per finding, by location, error/warning/notice by severity', () => {
    const out = workflowCommands([
      finding({ severity: 'info', ruleId: 'public-function-auth-check', line: 9, endLine: 9, column: undefined, message: 'never checks who is calling' }),
      finding({}),
      finding({ severity: 'warning', path: 'convex/a.ts', ruleId: 'no-old-function-syntax', message: 'old syntax' }),
    ]);
    expect(out).toBe(
      [
        '::warning file=convex/a.ts,line=2,endLine=3,col=21,title=convex-review%3A no-old-function-syntax::old syntax',
        '::error file=convex/messages.ts,line=2,endLine=3,col=21,title=convex-review%3A require-args-validator::Public query has no `args` validator',
        '::notice file=convex/messages.ts,line=9,endLine=9,title=convex-review%3A public-function-auth-check::never checks who is calling',
        '',
      ].join('\n'),
    );
    expect(workflowCommands([])).toBe('');
  });

  it('keeps untrusted text inert: a message or path cannot start a command of its own', () => {
    const out = workflowCommands([finding({ message: 'quotes `x`\n::error file=evil.ts::owned\r\n::add-mask::secret 50%', path: 'convex/we,ird:name.ts' })]);
    expect(out.split('\n')).toHaveLength(2); // one command and the final newline
    expect(out).toBe(
      '::error file=convex/we%2Cird%3Aname.ts,line=2,endLine=3,col=21,title=convex-review%3A require-args-validator::quotes `x`%0A::error file=evil.ts::owned%0D%0A::add-mask::secret 50%25\n',
    );
  });
});

describe('the Action annotations', () => {
  it('carry the same level, message and place as the CLI commands, the 10 most severe', () => {
    expect(annotationOf(finding({ severity: 'info' })).level).toBe('notice');
    const calls: [string, string, AnnotationProps][] = [];
    const sink = { error: (m: string, p: AnnotationProps) => calls.push(['error', m, p]), warning: (m: string, p: AnnotationProps) => calls.push(['warning', m, p]), notice: (m: string, p: AnnotationProps) => calls.push(['notice', m, p]) };
    const many = Array.from({ length: 12 }, (_, i) => finding({ line: i + 1, endLine: i + 1, severity: i === 11 ? 'error' : 'info' }));
    expect(annotate(many, sink)).toBe(10);
    expect(calls[0]).toEqual(['error', 'Public query has no `args` validator', { title: 'convex-review: require-args-validator', file: 'convex/messages.ts', startLine: 12, endLine: 12, startColumn: 21 }]);
  });
});
