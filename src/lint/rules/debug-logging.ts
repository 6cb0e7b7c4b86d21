// debug: true in production.
import { defineRule } from '../rule.js';

type Data = Record<string, never>;

export default defineRule<Data>({
  id: 'debug-logging',
  severity: 'warn',
  title: 'debug: true',
  description:
    'debug: true logs every credential choice and upstream error body at debug level: the log grows many times faster (rotating away the history a log scan needs) and carries masked key fragments.',
  runbook: 'Daily Checks',
  message: () => "debug is true: the gateway logs every request's credential choice and upstream errors at debug level",
  fix: () => 'Set debug: false outside an investigation.',
  check: (ctx) => (ctx.view.debug?.value === true ? [{ where: ctx.view.debug.where, data: {} }] : []),
});
