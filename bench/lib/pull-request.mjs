// A pull request of N changed files over a generated project (generate.mjs), for the GitHub fake.
//
// The repository is one generated project of max(N, 100) files under convex/ (plus package.json).
// The head of the pull request is that project; its base is the same project with, in each of the
// N changed files, the lines that hold a planted problem taken out (a file without one loses its
// middle line instead). So every changed file is `modified`, with small hunks, and its planted
// problems are on added lines: the pull request introduces them, as a real one would. Which N files
// change is a seeded shuffle of convex/ (the `_generated/` stubs last).
import { buildProject } from '../generate.mjs';
import { Rng } from './prng.mjs';

export const MIN_REPO_FILES = 100;

/**
 * @param {{ files: number, seed?: number }} options N changed files
 * @returns {{ base: Record<string, string>, head: Record<string, string>, changed: string[], repoFiles: number, lines: number, planted: number }}
 */
export function buildPullRequest({ files, seed = 1 }) {
  const repoFiles = Math.max(files, MIN_REPO_FILES);
  const project = buildProject({ files: repoFiles, seed });
  const head = Object.fromEntries(project.files);
  const convex = [...project.files.keys()].filter((p) => p.startsWith('convex/'));
  const generated = (p) => p.includes('/_generated/');
  const order = [...new Rng(seed).fork('changed').shuffle(convex.filter((p) => !generated(p))), ...convex.filter(generated)];
  const changed = order.slice(0, files).sort();
  if (changed.length !== files) throw new Error(`the project has ${convex.length} files under convex/, fewer than ${files}`);

  const plantedLines = new Map();
  for (const p of project.problems) {
    if (!plantedLines.has(p.file)) plantedLines.set(p.file, new Set());
    plantedLines.get(p.file).add(p.line);
  }
  const base = { ...head };
  let planted = 0;
  for (const path of changed) {
    const lines = head[path].split('\n');
    const drop = plantedLines.get(path) ?? new Set([Math.max(1, Math.floor(lines.length / 2))]);
    planted += plantedLines.get(path)?.size ?? 0;
    base[path] = lines.filter((_, i) => !drop.has(i + 1)).join('\n');
  }
  return { base, head, changed, repoFiles, lines: project.lines, planted };
}
