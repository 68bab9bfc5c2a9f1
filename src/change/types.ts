/** The change model every host shares: what changed, and what the analysis reads. */
import type { SkippedFile } from '../core/finding.js';
import type { ConvexRoot } from '../convex/model/roots.js';
import type { FilePatch } from '../diff/patch.js';

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previousPath?: string;
  /** Undefined when there is no diff (binary or too large): no inline comments there. */
  patch?: FilePatch;
  /**
   * Not in GitHub's file list (it stops at 3,000 files): found by comparing the head and base
   * trees, so there is no diff and no inline comment; its findings go to the summary.
   */
  pastListCap?: true;
}

/** A file of a tree's listing; `size` in bytes when the reader knows it before reading. */
export interface ListedFile {
  path: string;
  size?: number;
}

/** The files of one commit (or working tree) that the analysis reads. */
export interface ProjectFiles {
  /** Repository-relative path → text. */
  files: Map<string, string>;
  /** Files left out (too large, binary), with the reason. */
  skipped: SkippedFile[];
  roots: ConvexRoot[];
  /** Source files under the functions folders (not `_generated/`): what an audit reviews. */
  functionFiles: string[];
}
