/** The OASIS SARIF 2.1.0 schema (copied into test/fixtures), compiled once with ajv's draft-2020 build. */
import { readFileSync } from 'node:fs';
import ajv2020 from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-2.1.0.json', import.meta.url), 'utf8'));
// strictRequired off: the OASIS schema's `anyOf: [{ required: [...] }]` trips it; the rest stays strict.
// Both packages are CommonJS: under NodeNext the default import is `module.exports`, whose
// `.default` is the class / plugin (the same object at runtime).
const Ajv2020 = ajv2020.default;
const addFormats = ajvFormats.default;
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats(ajv);

export const validateSarif = ajv.compile(schema);
