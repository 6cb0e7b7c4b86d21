// The table an on-call engineer reads: status words (coloured on a TTY, never colour alone), title and
// summary per check, the hint beneath each warn/fail, then one line of totals with the exit code.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Status } from '../check.js';
import type { Report } from '../report.js';
import type { ReporterOptions } from './types.js';

const LABEL: Record<Status, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR', skip: 'SKIP' };

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

export default function renderTable(report: Report, options: ReporterOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(60, options.width ?? 120);
  const statusWidth = 7;
  const titleWidth = Math.min(28, Math.max(5, ...report.targets.flatMap((t) => t.results.map((r) => r.title.length))));
  const summaryWidth = Math.max(30, width - statusWidth - titleWidth - 6);
  const out: string[] = [];

  for (const target of report.targets) {
    out.push(chalk.bold(`provops ${report.version} · ${target.name} ${target.url} · as of ${report.now}`));
    const table = new Table({
      head: ['STATUS', 'CHECK', 'SUMMARY'].map((h) => chalk.dim(h)),
      colWidths: [statusWidth + 2, titleWidth + 2, summaryWidth + 2],
      wordWrap: true,
      wrapOnWordBoundary: true,
      style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '',
      },
    });
    for (const r of target.results) {
      table.push([paint(chalk, r.status, LABEL[r.status]), r.title, r.summary]);
      const notes: string[] = [];
      if (r.hint && (r.status === 'warn' || r.status === 'fail' || r.status === 'error')) notes.push(`→ ${r.hint}`);
      if (options.verbose) notes.push(...r.details.map((d) => `· ${d}`));
      for (const note of notes) table.push(['', '', chalk.dim(note)]);
    }
    // cli-table3 pads every cell; trailing blanks only get in the way of grep and mail clients.
    out.push(
      table
        .toString()
        .split('\n')
        .map((l) => l.trimEnd())
        .join('\n'),
    );
  }

  const s = report.summary;
  const total = `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skip} skip in ${report.durationMs} ms → exit ${report.exitCode}`;
  out.push(paint(chalk, report.status, total));
  // exit 0 either way, but a run that checked nothing must not read as a green one
  if (report.status === 'skip') out.push('nothing was checked: every check skipped (the reasons are above)');
  return `${out.join('\n')}\n`;
}
