// TypeScript, bound once. ts-morph is a CommonJS package: every `ts.X` read through a
// bundled `import { ts } from 'ts-morph'` goes through esbuild's interop getter (and ts-morph's
// own), which the rules pay on each node-kind check. An import alias compiles to one variable
// read once at load, so the rest of the code reads `ts.SyntaxKind` directly.
import { ts as morphTs } from 'ts-morph';

export import ts = morphTs;
