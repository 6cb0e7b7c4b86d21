// Logging to file off: the log scan has nothing to read.
import { defineRule } from '../rule.js';

interface Data {
  absent: boolean;
}

export default defineRule<Data>({
  id: 'logging-to-file-off',
  severity: 'warn',
  title: 'Logging to file off',
  description:
    'Without logging-to-file: true the gateway logs to stdout only: GET /v0/management/logs answers 400 "logging to file disabled" and there is no main.log, so provops log-scan and quota-pressure have nothing to read.',
  runbook: 'Daily Checks 4',
  message: (d) =>
    `logging-to-file is ${d.absent ? 'not set (default false)' : 'false'}: no main.log and no /logs, so the log scan has nothing to read`,
  fix: () => 'Set logging-to-file: true (and logs-max-total-size-mb to bound the directory).',
  check(ctx) {
    const v = ctx.view.loggingToFile;
    if (v?.value === true) return [];
    const key = ctx.view.layout === 'v8' ? ['observability', 'logs', 'logging-to-file'] : ['logging-to-file'];
    return [{ where: v?.where ?? { path: key, pos: { line: 1, column: 1 } }, data: { absent: !v } }];
  },
});
