/** The Convex cron registry: `cronJobs()` from `convex/server`, however it is imported or held. */
import { ts } from '../../typescript.js';
import type { ConvexProject } from './project.js';
import type { SourceFile } from '../model/source-file.js';

/** Whether `object` (the receiver of `.interval`, `.cron`, `.daily`, …) is a `cronJobs()` result. */
export function isCronJobs(project: ConvexProject, file: SourceFile, object: ts.Expression): boolean {
  const value = project.valueOf(file, object);
  if (value.kind !== 'definition' || !ts.isCallExpression(value.node)) return false;
  const factory = project.valueOf(value.file, value.node.expression);
  return factory.kind === 'import' && factory.module === 'convex/server' && factory.name === 'cronJobs';
}
