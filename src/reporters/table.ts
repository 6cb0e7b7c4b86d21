// The table an on-call engineer reads: status words (coloured on a TTY, never colour alone), title and
// summary per check, the hint beneath each warn/fail/error, then one line of totals with the exit code.
// It fits the real terminal: columns when the summary gets 60+ of them (about 100 columns), one block per
// check below that (a summary squeezed beside the title wraps every few words: the incident run took 67
// lines at 80 columns, 54 stacked), and unwrapped rows when piped (grep and mail see whole lines).
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Status } from '../check.js';
import { notCheckedLine, type Report, type ResultEntry } from '../report.js';
import { fleetLine } from './fleet.js';
import { toAscii } from './glyphs.js';
import type { ReporterOptions } from './types.js';
import { wrap } from './wrap.js';

const LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };
const STATUS_WIDTH = 6; // "STATUS", "ERROR"
const GAP = 2;
const MAX_TITLE_WIDTH = 28;
/** A narrower summary column reads worse, and takes more lines, than one block per check. */
export const MIN_SUMMARY_WIDTH = 60;

function paint(chalk: ChalkInstance, status: Status, text: string): string {
  switch (status) {
    case 'pass':
      return chalk.green(text);
    case 'warn':
      return chalk.yellow(text);
    case 'fail':
      return chalk.red.bold(text);
    case 'error':
      return chalk.magenta.bold(text);
    case 'skip':
      return chalk.dim(text);
  }
}

/** What goes under a row's summary: the hint, then (with --verbose) the details. */
function notes(r: ResultEntry, l: Layout): string[] {
  const out: string[] = [];
  if (r.hint && (r.status === 'warn' || r.status === 'fail' || r.status === 'error')) out.push(`→ ${r.hint}`);
  if (l.verbose) out.push(...r.details.map((d) => `· ${d}`));
  return out.map(l.text);
}

interface Layout {
  chalk: ChalkInstance;
  verbose: boolean;
  /** Every text passes through it before it is measured: identity, or toAscii. */
  text: (s: string) => string;
}

/** cli-table3 draws the columns; provops wraps the cells itself (at spaces only) and draws no borders. */
const NO_BORDER = Object.fromEntries(
  [
    'top',
    'top-mid',
    'top-left',
    'top-right',
    'bottom',
    'bottom-mid',
    'bottom-left',
    'bottom-right',
    'left',
    'left-mid',
    'mid',
    'mid-mid',
    'right',
    'right-mid',
    'middle',
  ].map((k) => [k, '']),
);

/** STATUS  TITLE  SUMMARY, the summary (and a long title) wrapped within its column. */
function columns(rows: ResultEntry[], titleWidth: number, summaryWidth: number | undefined, l: Layout): string[] {
  const table = new Table({
    head: ['STATUS', 'CHECK', 'SUMMARY'].map((h) => l.chalk.dim(h)),
    chars: NO_BORDER,
    // Fixed widths only where the text is already wrapped to fit: cli-table3 would cut a longer cell with "…".
    colWidths: [STATUS_WIDTH + GAP, titleWidth + GAP],
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': GAP, compact: true },
  });
  for (const r of rows) {
    const titles = wrap(l.text(r.title), summaryWidth === undefined ? undefined : titleWidth);
    const summary = wrap(l.text(r.summary), summaryWidth);
    const extra = notes(r, l).flatMap((n) => wrap(n, summaryWidth).map((line) => l.chalk.dim(line)));
    table.push([paint(l.chalk, r.status, LABEL[r.status]), titles.join('\n'), [...summary, ...extra].join('\n')]);
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}

/** One block per check: the status and title, then everything else indented beneath. */
function stacked(rows: ResultEntry[], width: number, l: Layout): string[] {
  const indent = STATUS_WIDTH + GAP;
  const inner = Math.max(1, width - indent);
  const out: string[] = [];
  for (const r of rows) {
    const titles = wrap(l.text(r.title), inner);
    out.push(
      `${paint(l.chalk, r.status, LABEL[r.status].padEnd(STATUS_WIDTH))}${' '.repeat(GAP)}${l.chalk.bold(titles[0] ?? '')}`,
    );
    for (const t of titles.slice(1)) out.push(`${' '.repeat(indent)}${l.chalk.bold(t)}`);
    for (const line of wrap(l.text(r.summary), inner)) out.push(`${' '.repeat(indent)}${line}`);
    for (const n of notes(r, l))
      for (const line of wrap(n, inner)) out.push(`${' '.repeat(indent)}${l.chalk.dim(line)}`);
  }
  return out;
}

export default function renderTable(report: Report, options: ReporterOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width && options.width > 0 ? options.width : undefined;
  const text = options.ascii ? toAscii : (s: string) => s;
  const layout: Layout = { chalk, verbose: options.verbose, text };
  const all = report.targets.flatMap((t) => t.results);
  const longestTitle = Math.max(5, ...all.map((r) => r.title.length));
  const titleWidth = width === undefined ? longestTitle : Math.min(MAX_TITLE_WIDTH, longestTitle);
  const summaryWidth = width === undefined ? undefined : width - STATUS_WIDTH - titleWidth - 2 * GAP;
  const stackWidth = width !== undefined && (summaryWidth ?? 0) < MIN_SUMMARY_WIDTH ? width : undefined;
  const out: string[] = [];

  for (const target of report.targets) {
    const rows = options.quiet ? target.results.filter((r) => r.status !== 'pass') : target.results;
    if (options.quiet && !rows.length) continue;
    const header = text(`provops ${report.version} · ${target.name} ${target.url} · as of ${report.now}`);
    out.push(...wrap(header, width).map((line) => chalk.bold(line)));
    out.push(
      ...(stackWidth === undefined
        ? columns(rows, titleWidth, summaryWidth, layout)
        : stacked(rows, stackWidth, layout)),
    );
    const line = notCheckedLine(target);
    if (line) out.push(chalk.yellow(line));
  }

  const fleet = fleetLine(report);
  if (fleet) out.push(...wrap(text(fleet), width).map((line) => paint(chalk, report.status, line)));
  // exit 0 either way, but a run that checked nothing must not read as a green one
  if (report.status === 'skip')
    out.push(...wrap(text('nothing was checked: every check skipped (the reasons are above)'), width));
  const s = report.summary;
  const total = text(
    `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skip} skip in ${report.durationMs} ms → exit ${report.exitCode}`,
  );
  out.push(...wrap(total, width).map((line) => paint(chalk, report.status, line)));
  return `${out.join('\n')}\n`;
}
