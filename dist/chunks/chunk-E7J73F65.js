import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// src/ai/effort.ts
var EFFORTS = ["low", "medium", "high", "xhigh", "max"];
function lowerEffort(effort) {
  const i = EFFORTS.indexOf(effort);
  return i > 0 ? EFFORTS[i - 1] : void 0;
}
var WITHOUT_EFFORT = [/^claude-3/, /^claude-(sonnet|opus)-4-\d{8}$/, /^claude-opus-4-1/, /^claude-sonnet-4-5/, /^claude-haiku-4-5/];
function takesEffort(model) {
  return !WITHOUT_EFFORT.some((re) => re.test(model));
}

export {
  EFFORTS,
  lowerEffort,
  takesEffort
};
