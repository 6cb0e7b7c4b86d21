// A Nagios/Icinga plugin's output (Monitoring Plugins Development Guidelines): the first line
// `PROVOPS <STATE> - <summary> | <perfdata>`, one long-output line per check below it, and the rest of
// the perfdata after the last of those. STATE follows the exit code, which is the same as every format's.
import type { Metric, Status } from '../check.js';
import type { Report, ResultEntry, TargetReport, Threshold } from '../report.js';
import { toAscii } from './glyphs.js';
import type { ReporterOptions } from './types.js';

const STATE = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const;
const LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };
const WORDS: Array<[Status, string]> = [
  ['error', 'unknown'],
  ['fail', 'failing'],
  ['warn', 'warning'],
];

/** Nagios units from the metric's name; values and limits scaled alike (a 0..1 rate reads as percent). */
const UNITS: Array<{ suffix: RegExp; uom: string; scale: number; max?: number }> = [
  { suffix: /Ms$/, uom: 'ms', scale: 1 },
  { suffix: /Seconds$/, uom: 's', scale: 1 },
  { suffix: /Minutes$/, uom: 's', scale: 60 },
  { suffix: /Pct$/, uom: '%', scale: 1, max: 100 },
  { suffix: /(Rate|Ratio)$/, uom: '%', scale: 100, max: 100 },
  { suffix: /Bytes$|^bytes/, uom: 'B', scale: 1 },
];

/** Text outside perfdata may not hold `|` (it starts the perfdata) nor break the line. */
function text(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '/');
}

/** Labels are quoted; = and ' cannot appear in them at all, | would end the perfdata. */
function label(s: string): string {
  return `'${s.replace(/['=|]/g, '_')}'`;
}

function number(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toFixed(4))) : '';
}

/** `'label'=value[UOM];[warn];[crit];[min];[max]`; limits under which the value is bad are written `x:`. */
export function perfdata(name: string, key: string, value: number, threshold: Threshold | undefined): string {
  const unit = UNITS.find((u) => u.suffix.test(key));
  const scale = unit?.scale ?? 1;
  const limit = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : `${number(v * scale)}${threshold?.below ? ':' : ''}`;
  const fields = [
    `${label(name)}=${number(value * scale)}${unit?.uom ?? ''}`,
    limit(threshold?.warn),
    limit(threshold?.fail),
    unit?.max !== undefined ? '0' : '',
    unit?.max !== undefined ? String(unit.max) : '',
  ];
  while (fields.length > 1 && fields.at(-1) === '') fields.pop();
  return fields.join(';');
}

function numeric(metric: Metric): number | undefined {
  return typeof metric === 'number' && Number.isFinite(metric) ? metric : undefined;
}

function name(report: Report, target: TargetReport, r: ResultEntry): string {
  return report.targets.length > 1 ? `${target.name}/${r.id}` : r.id;
}

function firstLine(report: Report): string {
  const s = report.summary;
  const total = Object.values(s).reduce((a, b) => a + b, 0);
  const counts = (['error', 'fail', 'warn', 'pass', 'skip'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${k}`)
    .join(', ');
  const problems = WORDS.flatMap(([status, word]) => {
    const ids = report.targets.flatMap((t) =>
      t.results.filter((r) => r.status === status).map((r) => name(report, t, r)),
    );
    return ids.length ? [`${ids.join(', ')} ${word}`] : [];
  });
  return `${total} check${total === 1 ? '' : 's'}: ${counts || 'none run'}${problems.length ? ` - ${problems.join('; ')}` : ''}`;
}

export default function renderNagios(report: Report, options: ReporterOptions): string {
  const main: string[] = [];
  const rest: string[] = [];
  const long: string[] = [];
  for (const target of report.targets) {
    for (const r of target.results) {
      const id = name(report, target, r);
      if (!options.quiet || r.status !== 'pass') {
        long.push(`${LABEL[r.status]} ${id}: ${text(r.summary)}`);
        if (r.hint) long.push(`  next step: ${text(r.hint)}`);
      }
      for (const [key, metric] of Object.entries(r.metrics)) {
        const value = numeric(metric);
        if (value === undefined) continue;
        const threshold = r.thresholds[key];
        (threshold ? main : rest).push(perfdata(`${id} ${key}`, key, value, threshold));
      }
      for (const s of r.series)
        rest.push(perfdata(`${id} ${s.metric} ${Object.values(s.labels).join(',')}`, s.metric, s.value, undefined));
    }
  }
  const state = STATE[report.exitCode];
  const first = `PROVOPS ${state} - ${text(firstLine(report))}${main.length ? ` | ${main.join(' ')}` : ''}`;
  const lines = [first, ...long];
  // The guideline's second perfdata block: after a `|` on the last long-output line.
  if (rest.length) {
    if (lines.length === 1) lines.push(`${rest.length} more measurement${rest.length === 1 ? '' : 's'}`);
    lines[lines.length - 1] += ` | ${rest.join(' ')}`;
  }
  const out = `${lines.join('\n')}\n`;
  return options.ascii ? toAscii(out) : out;
}
