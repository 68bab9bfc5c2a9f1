import { describe, expect, it } from 'vitest';
import { isTestFile } from './test-files.js';
import { convexAtLeast, minimumVersion } from './versions.js';

describe('minimumVersion', () => {
  it('reads the lower bound of plain ranges', () => {
    expect(minimumVersion('^1.44.0')).toEqual([1, 44, 0]);
    expect(minimumVersion('~1.44.2')).toEqual([1, 44, 2]);
    expect(minimumVersion('>=1.44 <2')).toEqual([1, 44, 0]);
    expect(minimumVersion('1.44.x')).toEqual([1, 44, 0]);
    expect(minimumVersion('v1.45.1')).toEqual([1, 45, 1]);
  });

  it('says nothing for tags, workspace specs and unions', () => {
    for (const range of ['latest', 'workspace:*', '^1.40 || ^2', 'github:get-convex/convex-js', undefined]) {
      expect(minimumVersion(range)).toBeUndefined();
    }
  });

  it('puts a prerelease before its release', () => {
    expect(convexAtLeast('1.44.0-alpha.1', [1, 44, 0])).toBe(false);
    expect(convexAtLeast('1.44.1-beta', [1, 44, 0])).toBe(true);
  });
});

describe('convexAtLeast', () => {
  it('compares the minimum of the range', () => {
    expect(convexAtLeast('^1.44.0', [1, 44, 0])).toBe(true);
    expect(convexAtLeast('^1.43.9', [1, 44, 0])).toBe(false);
    expect(convexAtLeast('^2.0.0', [1, 44, 0])).toBe(true);
    expect(convexAtLeast('latest', [1, 0, 0])).toBe(false);
  });
});

describe('isTestFile', () => {
  it('knows test names and test folders', () => {
    expect(isTestFile({ relPath: 'messages.test.ts' })).toBe(true);
    expect(isTestFile({ relPath: 'lib/auth.spec.tsx' })).toBe(true);
    expect(isTestFile({ relPath: '__tests__/setup.ts' })).toBe(true);
    expect(isTestFile({ relPath: 'tests/helpers.ts' })).toBe(true);
    expect(isTestFile({ relPath: 'testing.ts' })).toBe(false);
    expect(isTestFile({ relPath: 'latest/tests.ts' })).toBe(false);
  });
});
