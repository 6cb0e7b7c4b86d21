// request-log: true writes every request body to disk.
import { defineRule } from '../rule.js';

type Data = Record<string, never>;

export default defineRule<Data>({
  id: 'request-log',
  severity: 'warn',
  title: 'request-log: true',
  description:
    'request-log: true writes one file per request with full headers and bodies (prompts and answers) next to main.log, and the error-log listing (request-error-logs) comes back empty.',
  runbook: 'Daily Checks',
  message: () => 'request-log is true: the gateway writes every request and response body to disk',
  fix: () => 'Set request-log: false; with it off, failed requests are still kept as error-*.log files.',
  check: (ctx) => (ctx.view.requestLog?.value === true ? [{ where: ctx.view.requestLog.where, data: {} }] : []),
});
