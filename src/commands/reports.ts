// Renders one run's report in every format asked for: the stdout --format and each --report file, all
// from the same Report (one set of requests). Files are written atomically; the caller prints.
import { writeFileAtomic } from '../atomic-write.js';
import type { ReportFile } from '../config/report-files.js';
import { messageOf } from '../errors.js';
import type { Report } from '../report.js';
import { loadReporter, type Format, type ReporterOptions } from '../reporters/index.js';

/**
 * node_exporter's textfile collector usually runs as another user: a prometheus file must be readable
 * by it. The other formats hold gateway details and stay private to the owner.
 */
export function fileMode(format: Format): number {
  return format === 'prometheus' ? 0o644 : 0o600;
}

/** Options for a report that goes to a file: no colour, no terminal width to fit. */
export function fileOptions(options: ReporterOptions): ReporterOptions {
  return { ...options, color: false, width: undefined };
}

/** Writes one report file atomically, with its format's mode (a file already there keeps its own). */
export function writeReport(path: string, format: Format, text: string): void {
  writeFileAtomic(path, text, fileMode(format));
}

/**
 * The --output report: its format's mode whatever the file had before (issue 8: a report quoting a
 * gateway's answers must not stay world-readable because an earlier file was).
 */
export function writeOutput(path: string, format: Format, text: string): void {
  writeFileAtomic(path, text, fileMode(format), true);
}

export async function render(report: Report, format: Format, options: ReporterOptions): Promise<string> {
  return (await loadReporter(format))(report, options);
}

/**
 * Writes every --report file, each through `redact`. Returns one line per file that could not be written
 * (the others are still written: a full disk for one must not lose the rest).
 */
export async function writeReportFiles(
  report: Report,
  files: readonly ReportFile[],
  options: ReporterOptions,
  redact: (text: string) => string,
): Promise<string[]> {
  const failures: string[] = [];
  for (const file of files) {
    const text = redact(await render(report, file.format, fileOptions(options)));
    try {
      writeReport(file.path, file.format, text);
    } catch (err) {
      failures.push(
        `--report ${file.format}: cannot write ${file.path} (${(err as NodeJS.ErrnoException).code ?? messageOf(err)})`,
      );
    }
  }
  return failures;
}
