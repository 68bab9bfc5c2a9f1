/** The rule registry: the ids accepted by `--rule`, the `rules` input, the config file and suppressions. */
import type { Rule } from '../rule.js';
import { noOldFunctionSyntax } from './no-old-function-syntax.js';
import { requireArgsValidator } from './require-args-validator.js';

export const RULES: readonly Rule[] = [requireArgsValidator, noOldFunctionSyntax].sort((a, b) => a.id.localeCompare(b.id));
