import { describe, expect, it } from 'vitest';
import { whyNothingToCheck } from './nothing-to-check.js';

const tree = { functionDirs: ['app/convex', 'src/backend'], covered: ['app/convex/messages.ts', 'src/backend/users.ts'] };
const file = (path: string) => ({ arg: path, path, isFile: true });
const dir = (path: string, arg = path) => ({ arg, path, isFile: false });

describe('whyNothingToCheck', () => {
  it('is quiet for a PATH that yields a checked or skipped file', () => {
    expect(whyNothingToCheck(dir(''), tree)).toBeUndefined();
    expect(whyNothingToCheck(dir('app'), tree)).toBeUndefined();
    expect(whyNothingToCheck(file('app/convex/messages.ts'), tree)).toBeUndefined();
  });

  it('names a file the rules do not read', () => {
    expect(whyNothingToCheck(file('app/convex/README.md'), tree)).toBe("PATH 'app/convex/README.md' is not a file the rules read (TypeScript or JavaScript: .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs, not .d.ts)");
    expect(whyNothingToCheck(file('app/convex/tsconfig.json'), tree)).toContain('is not a file the rules read');
  });

  it('names the functions folders when the PATH is outside them', () => {
    expect(whyNothingToCheck(dir('web'), tree)).toBe("PATH 'web' is outside the Convex functions folders (app/convex/, src/backend/): check one of them, or a folder that holds one");
  });

  it('says when there is no functions folder at all', () => {
    expect(whyNothingToCheck(dir('', '.'), { functionDirs: [], covered: [] })).toBe("PATH '.': there is no Convex functions folder in this project (looked for convex.json and convex/ folders)");
  });

  it('says generated code is not checked, and when a functions folder holds nothing to check', () => {
    expect(whyNothingToCheck(file('app/convex/_generated/api.js'), tree)).toBe("PATH 'app/convex/_generated/api.js' is generated code (app/convex/_generated/ is not checked)");
    expect(whyNothingToCheck(dir('', '.'), { functionDirs: ['convex'], covered: [] })).toBe(
      "PATH '.' holds no TypeScript or JavaScript file of a Convex functions folder (convex/) that the config file does not ignore",
    );
  });
});
