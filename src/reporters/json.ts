import type { Report } from '../report.js';

/** The stable, versioned report (schemaVersion 1); later reporters and fleet mode build on it. */
export default function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
