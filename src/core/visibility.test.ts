import { describe, expect, it } from 'vitest';
import { hiddenLine, isShown, splitBySeverity } from './visibility.js';

const items = [{ severity: 'error' as const }, { severity: 'info' as const }, { severity: 'warning' as const }, { severity: 'info' as const }];

describe('--min-severity', () => {
  it('shows a finding at or above the minimum', () => {
    expect(isShown('error', 'warning')).toBe(true);
    expect(isShown('warning', 'warning')).toBe(true);
    expect(isShown('info', 'warning')).toBe(false);
    expect(isShown('info', 'info')).toBe(true);
  });

  it('splits in order, keeping each side stable', () => {
    const { shown, hidden } = splitBySeverity(items, 'warning');
    expect(shown).toEqual([items[0], items[2]]);
    expect(hidden).toEqual([items[1], items[3]]);
    expect(splitBySeverity(items, 'info').hidden).toEqual([]);
  });

  it('counts what it hid, by severity, and says when hidden findings still fail the run', () => {
    expect(hiddenLine([], 'warning', { count: 0, failOn: 'error' })).toBeUndefined();
    expect(hiddenLine(splitBySeverity(items, 'warning').hidden, 'warning', { count: 0, failOn: 'error' })).toBe('2 findings below warning hidden (2 info) by --min-severity warning');
    expect(hiddenLine(splitBySeverity(items, 'error').hidden, 'error', { count: 1, failOn: 'warning' })).toBe(
      '3 findings below error hidden (1 warning, 2 info) by --min-severity error; 1 of them is at or above --fail-on warning, so the run fails',
    );
  });
});
