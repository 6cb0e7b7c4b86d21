// --format values and their renderers, loaded on demand so that a json run never imports the table's
// dependencies. A reporter is (report, options) => string; only the CLI writes the string anywhere.
import type { Reporter } from './types.js';

export const FORMATS = ['table', 'json', 'prometheus'] as const;
export type Format = (typeof FORMATS)[number];

export type { Reporter, ReporterOptions } from './types.js';

const loaders: Record<Format, () => Promise<{ default: Reporter }>> = {
  table: () => import('./table.js'),
  json: () => import('./json.js'),
  prometheus: () => import('./prometheus.js'),
};

export async function loadReporter(format: Format): Promise<Reporter> {
  return (await loaders[format]()).default;
}
