// What every reporter takes and returns: (report, options) => string; only the CLI writes it anywhere.
import type { Report } from '../report.js';

export interface ReporterOptions {
  color: boolean;
  verbose: boolean;
  /** Terminal columns to wrap the table to. */
  width?: number | undefined;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;
