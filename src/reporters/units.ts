// A check's metric keys carry their unit in the name (latencyMs, usagePct, windowMinutes); machine
// formats need base units and snake_case. One reading of those names, shared by prometheus and nagios.
import type { Metric } from '../check.js';

export interface Measure {
  /** snake_case name without the unit: latencyMs → latency, status401 → responses. */
  name: string;
  /** Prometheus base unit suffix, or '' for a plain count. */
  unit: 'seconds' | 'ratio' | 'bytes' | '';
  /** The value in that base unit (booleans are 0/1). */
  value: number;
  /** Labels the key itself carries (status401 → code="401"). */
  labels: Record<string, string>;
  /** What the family counts, when the key alone would mislead (status401 names only one of its codes). */
  about?: string;
}

/** camelCase or kebab-case → snake_case, reduced to the characters a metric or label name may hold. */
export function snake(text: string): string {
  const s = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return /^[0-9]/.test(s) ? `_${s}` : s || '_';
}

const RULES: Array<{ suffix: RegExp; unit: Measure['unit']; scale: number }> = [
  { suffix: /Ms$/, unit: 'seconds', scale: 1 / 1000 },
  { suffix: /Seconds$/, unit: 'seconds', scale: 1 },
  { suffix: /Minutes$/, unit: 'seconds', scale: 60 },
  { suffix: /Pct$/, unit: 'ratio', scale: 1 / 100 },
  // successRate and the like are fractions 0..1 here, not per-second rates.
  { suffix: /Rate$/, unit: 'ratio', scale: 1 },
  { suffix: /Ratio$/, unit: 'ratio', scale: 1 },
  { suffix: /Bytes$/, unit: 'bytes', scale: 1 },
  { suffix: /MiB$/, unit: 'bytes', scale: 1024 * 1024 },
];

/** The numeric reading of one metric, or undefined for strings and nulls (those are labels, not values). */
export function measure(key: string, metric: Metric): Measure | undefined {
  if (metric === null || typeof metric === 'string') return undefined;
  const raw = typeof metric === 'boolean' ? (metric ? 1 : 0) : metric;
  const code = /^status(\d{3})$/.exec(key);
  if (code)
    return {
      name: 'responses',
      unit: '',
      value: raw,
      labels: { code: code[1] as string },
      about: 'responses with the HTTP status in the code label',
    };
  if (key === 'bytesRead') return { name: 'read', unit: 'bytes', value: raw, labels: {} };
  for (const rule of RULES) {
    if (rule.suffix.test(key) && key.replace(rule.suffix, '')) {
      return { name: snake(key.replace(rule.suffix, '')), unit: rule.unit, value: raw * rule.scale, labels: {} };
    }
  }
  return { name: snake(key), unit: '', value: raw, labels: {} };
}
