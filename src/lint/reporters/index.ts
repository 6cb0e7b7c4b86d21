// --format values of `provops lint`; each reporter is a pure (report, rules) => string.
import type { LintReport } from '../findings.js';
import type { AnyRule } from '../rule.js';
import json from './json.js';
import junit from './junit.js';
import sarif from './sarif.js';
import table from './table.js';

import type { LintFormat } from '../names.js';

export { LINT_FORMATS, type LintFormat } from '../names.js';

export type LintReporter = (report: LintReport, rules: readonly AnyRule[]) => string;

export const LINT_REPORTERS: Record<LintFormat, LintReporter> = { table, json, junit, sarif };
