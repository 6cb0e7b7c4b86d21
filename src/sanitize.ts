// The gate between outside text and what provops prints or keeps: every string of a result (summary,
// details, hint, metric values) and everything a check remembers in state is redacted and stripped of
// control characters, and made one line where the report expects one line. Runs before any reporter
// truncates or wraps, so no cut can leave a secret's prefix behind.
import type { Result } from './check.js';
import type { Redactor } from './redact.js';

const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ');

export function cleanResult(result: Result, redactor: Redactor): Result {
  const line = (text: string) => oneLine(redactor.clean(text));
  // Every field, including ones added after this gate was written (metric series and their labels,
  // say), is cleaned deeply; the one-line fields are then made one line.
  const out = cleanValue(result, redactor, oneLine) as Result;
  out.status = result.status;
  out.summary = line(result.summary);
  if (result.details) out.details = result.details.map(line);
  if (typeof result.hint === 'string') out.hint = line(result.hint);
  if (result.blocks !== undefined) out.blocks = line(result.blocks);
  if (result.metrics)
    out.metrics = Object.fromEntries(
      Object.entries(result.metrics).map(([k, v]) => [line(k), typeof v === 'string' ? line(v) : v]),
    );
  return out;
}

/** A deep copy of `value` with every string (keys too) redacted and free of control characters. */
export function cleanValue(value: unknown, redactor: Redactor, shape: (text: string) => string = (t) => t): unknown {
  if (typeof value === 'string') return shape(redactor.clean(value));
  if (Array.isArray(value)) {
    const batch =
      value.length >= BATCH_FROM && value.every((v) => typeof v === 'string') && cleanLines(value, redactor);
    if (batch) return batch.map(shape);
    return value.map((v) => cleanValue(v, redactor, shape));
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [shape(redactor.clean(k)), cleanValue(v, redactor, shape)]),
    );
  return value;
}

/** From this many strings, a list is cleaned in one pass (see cleanLines). */
const BATCH_FROM = 64;

/**
 * A long list of strings (a million model ids kept in state, say) cleaned in one pass over the lines
 * joined, instead of seven regular expressions per string: seconds become a fraction of one. Every pattern
 * sees each string as a line of its own (`^`/`$` are line anchors in the redactor), so it masks at least
 * what cleaning one by one would; a mask that spans two strings consumes the newline between them, and
 * then (as when a string holds a line break itself) the strings are cleaned one by one. Undefined then.
 */
function cleanLines(items: string[], redactor: Redactor): string[] | undefined {
  const joined = items.join('\n');
  if (/[\r\u2028\u2029]/.test(joined)) return undefined;
  const out = redactor.clean(joined).split('\n');
  return out.length === items.length ? out : undefined;
}
