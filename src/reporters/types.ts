// What every reporter takes and returns: (report, options) => string; only the CLI writes it anywhere.
import type { FailOn } from '../exit-code.js';
import type { Report } from '../report.js';

export interface ReporterOptions {
  color: boolean;
  verbose: boolean;
  /** Terminal columns to fit the table to; undefined when piped (rows are then not wrapped). */
  width?: number | undefined;
  /** table and markdown: only the rows that are not pass, and the closing line. */
  quiet?: boolean | undefined;
  /** Plain ASCII instead of → · × ≥ (cron mail, a non-UTF-8 locale). */
  ascii?: boolean | undefined;
  /** The lowest status that fails the run (junit marks those as failures); default warn. */
  failOn?: FailOn | undefined;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;
