/** "Did you mean …?" for a misspelt name: the closest accepted name within two edits. */

/** The accepted name nearest to `given` (Levenshtein distance ≤ 2, the first on a tie), if any. */
export function closestName(given: string, accepted: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of accepted) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** ` did you mean X?` for a message, or '' when nothing is close. */
export function didYouMean(given: string, accepted: readonly string[]): string {
  const name = closestName(given, accepted);
  return name === undefined ? '' : ` did you mean ${name}?`;
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
