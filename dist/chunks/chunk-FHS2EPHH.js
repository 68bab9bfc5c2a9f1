import { createRequire as __cr_createRequire } from 'node:module';
import { fileURLToPath as __cr_fileURLToPath } from 'node:url';
import { dirname as __cr_dirname } from 'node:path';
const require = __cr_createRequire(import.meta.url);
const __filename = __cr_fileURLToPath(import.meta.url);
const __dirname = __cr_dirname(__filename);

// src/ai/pricing.ts
var PRICES = {
  // Cache reads $0.10 since 2026-10-07 (0.05× input).
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1 },
  "claude-sonnet-5": { input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 },
  // Cache reads 0.05× input.
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2 },
  "claude-opus-5": { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  "claude-fable-5-1": { input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1 },
  "claude-haiku-5-5": {
    upTo: { input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01 },
    threshold: 1e5,
    above: { input: 0.5, output: 2.5, cacheWrite: 0.625, cacheRead: 0.05 }
  },
  "claude-opus-4-6": { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  "claude-sonnet-4-6": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-sonnet-4-5": { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  "claude-haiku-4-5": { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 }
};
var NO_USAGE = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, thinkingTokens: 0 };
function addUsage(a, b) {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationTokens: a.cacheCreationTokens + b.cacheCreationTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    thinkingTokens: a.thinkingTokens + b.thinkingTokens
  };
}
function promptTokens(u) {
  return u.inputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}
function requestCostUsd(model, u) {
  const entry = PRICES[model] ?? PRICES[model.replace(/-\d{8}$/, "")];
  if (!entry) return void 0;
  const price = "threshold" in entry ? promptTokens(u) > entry.threshold ? entry.above : entry.upTo : entry;
  return (u.inputTokens * price.input + u.outputTokens * price.output + u.cacheCreationTokens * price.cacheWrite + u.cacheReadTokens * price.cacheRead) / 1e6;
}

export {
  NO_USAGE,
  addUsage,
  promptTokens,
  requestCostUsd
};
