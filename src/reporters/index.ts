// --format values and their renderers, loaded on demand so that a json run never imports the table's
// dependencies. A reporter is (report, options) => string; only the CLI writes the string anywhere.
import type { Reporter } from './types.js';

export const FORMATS = ['table', 'json', 'junit', 'prometheus', 'markdown', 'nagios'] as const;
export type Format = (typeof FORMATS)[number];

export type { Reporter, ReporterOptions } from './types.js';

const loaders: Record<Format, () => Promise<{ default: Reporter }>> = {
  table: () => import('./table.js'),
  json: () => import('./json.js'),
  junit: () => import('./junit.js'),
  prometheus: () => import('./prometheus.js'),
  markdown: () => import('./markdown.js'),
  nagios: () => import('./nagios.js'),
};

export async function loadReporter(format: Format): Promise<Reporter> {
  return (await loaders[format]()).default;
}
