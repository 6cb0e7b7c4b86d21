// The line that sums up a fleet run: how many targets reached each status, and which ones need a look.
// Reporters that render several targets share it, so the wording is the same everywhere.
import { STATUS_RANK, type Status } from '../check.js';
import type { Report } from '../report.js';

const NAMED = 5;

/** "fleet: 3 targets: 1 pass, 1 warn (eu-2), 1 fail (us-1)", or undefined for a single target. */
export function fleetLine(report: Report): string | undefined {
  if (report.targets.length < 2) return undefined;
  const byStatus = new Map<Status, string[]>();
  for (const t of report.targets) byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t.name]);
  const parts = [...byStatus.entries()]
    .sort(([a], [b]) => STATUS_RANK[a] - STATUS_RANK[b])
    .map(([status, names]) => {
      if (status === 'pass' || status === 'skip') return `${names.length} ${status}`;
      const shown = names.slice(0, NAMED).join(', ');
      const more = names.length > NAMED ? ` and ${names.length - NAMED} more` : '';
      return `${names.length} ${status} (${shown}${more})`;
    });
  return `fleet: ${report.targets.length} targets: ${parts.join(', ')}`;
}
