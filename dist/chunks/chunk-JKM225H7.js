import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// src/ai/pricing.ts
var PRICES = {
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  "claude-sonnet-5": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.4 },
  "claude-fable-5-1": { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  "claude-opus-4-6": { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  "claude-sonnet-4-6": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-sonnet-4-5": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }
};
var NO_USAGE = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 };
function addUsage(a, b) {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens
  };
}
function promptTokens(u) {
  return u.inputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}
function costUsd(model, u) {
  const price = PRICES[model] ?? PRICES[model.replace(/-\d{8}$/, "")];
  if (!price) return void 0;
  return (u.inputTokens * price.input + u.outputTokens * price.output + u.cacheCreationTokens * price.cacheWrite + u.cacheReadTokens * price.cacheRead) / 1e6;
}

export {
  NO_USAGE,
  addUsage,
  promptTokens,
  costUsd
};
