// The public API for check plugins: `import { defineCheck, result, opt } from 'provops'`. A plugin may
// also be a plain object with the same shape; these only add types and small conveniences.
export { STATUSES, STATUS_RANK, defineCheck, result } from './check.js';
export type { Check, CheckContext, Explanation, Metric, Result, RunInputs, Status, Target } from './check.js';
export { opt } from './options.js';
export type { OptionSpec, OptionSpecs, OptionValue, OptionValues } from './options.js';
