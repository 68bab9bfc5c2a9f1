/**
 * What a `package.json` dependency range says about the `convex` version a project runs: rules
 * whose advice depends on an API's age ask for the lowest version the range allows.
 */

export type Version = readonly [major: number, minor: number, patch: number];

/**
 * The lowest version a plain range allows: `^1.44.0`, `~1.44.2`, `1.44.0`, `>=1.44`, `>=1.44.0 <2`,
 * `1.44.x`. Anything else (tags, workspace and git specs, `||` ranges) is undefined. A prerelease
 * (`1.44.0-alpha.1`) counts as the version before it.
 */
export function minimumVersion(range: string | undefined): Version | undefined {
  if (range === undefined) return undefined;
  const parts = range.trim().split(/\s+/);
  // `>=1.44 <2`: the lower bound is the minimum.
  if (parts.length === 2 && parts[0].startsWith('>=') && /^<=?/.test(parts[1])) parts.pop();
  if (parts.length !== 1) return undefined;
  const match = /^(?:\^|~|>=|=)?v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(-[0-9A-Za-z.-]+)?$/.exec(parts[0]);
  if (!match) return undefined;
  const num = (s: string | undefined): number => (s === undefined || s === 'x' || s === '*' ? 0 : Number(s));
  const version: Version = [num(match[1]), num(match[2]), num(match[3])];
  if (match[4] === undefined) return version;
  // 1.44.0-alpha precedes 1.44.0: only a later patch of the same minor is surely reached.
  return version[2] > 0 ? [version[0], version[1], version[2] - 1] : [version[0], version[1] - 1, Number.MAX_SAFE_INTEGER];
}

/** Whether every version the range allows is at least `min`; false when the range says nothing plain. */
export function convexAtLeast(range: string | undefined, min: Version): boolean {
  const version = minimumVersion(range);
  if (!version) return false;
  for (let i = 0; i < 3; i++) if (version[i] !== min[i]) return version[i] > min[i];
  return true;
}
