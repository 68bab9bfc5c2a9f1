#!/usr/bin/env node
import nodeModule from 'node:module';
import { runCli } from './cli/main.js';

// Node ≥ 22.1 can keep V8's compiled code of the bundle on disk (its default cache folder under
// the OS temp dir), so a later run does not compile TypeScript's ~9 MB again. Node 20 has no
// such API: there this is a no-op.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that stops early (`convex-review check | head`) closes the pipe: the rest of the
// output is dropped and the run ends with its usual exit code, with no EPIPE stack trace.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    closed.add(stream);
  });
}
const writeTo = (stream: NodeJS.WriteStream) => (s: string) => {
  if (!closed.has(stream) && !stream.destroyed) stream.write(s);
};

const color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: writeTo(process.stdout),
  stderr: writeTo(process.stderr),
  color,
});
