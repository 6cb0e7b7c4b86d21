// --format values and their renderers, loaded on demand so that a json run never imports the table's
// dependencies. A reporter is (report, options) => string; only the CLI writes the string anywhere.
import type { Report } from '../report.js';

export const FORMATS = ['table', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReporterOptions {
  color: boolean;
  verbose: boolean;
  /** Terminal columns to wrap the table to. */
  width?: number | undefined;
}

export type Reporter = (report: Report, options: ReporterOptions) => string;

const loaders: Record<Format, () => Promise<{ default: Reporter }>> = {
  table: () => import('./table.js'),
  json: () => import('./json.js'),
};

export async function loadReporter(format: Format): Promise<Reporter> {
  return (await loaders[format]()).default;
}
