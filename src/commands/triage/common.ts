// Evidence readings more than one playbook uses: is a model listed for this key, the inference
// statuses in the recent log, and how a count moved between the two halves of the window.
import { findModel } from '../../gateway/models.js';
import type { LogEntry } from '../../logs/entries.js';
import { cannotTell, type Evidence } from './evidence.js';
import { ok, problem, type Finding } from './findings.js';

export const INFERENCE = /^\/(v1|v1beta)\/(chat\/completions|completions|messages|responses|models\/)/;

export function inference(entries: LogEntry[]): Array<LogEntry & { access: NonNullable<LogEntry['access']> }> {
  return entries.filter(
    (e): e is LogEntry & { access: NonNullable<LogEntry['access']> } =>
      e.access !== undefined && INFERENCE.test(e.access.path),
  );
}

/** "12 → 30": the count in the first and the second half of the window. */
export function halves(entries: LogEntry[], now: Date, windowMinutes: number): [number, number] {
  const mid = now.getTime() - (windowMinutes * 60_000) / 2;
  const first = entries.filter((e) => e.at <= mid).length;
  return [first, entries.length - first];
}

export function tally<T>(items: T[], keyOf: (t: T) => string, top = 5): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(keyOf(i), (counts.get(keyOf(i)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

/** The runbook's primary check for a model: listed in GET /v1/models for the same client key. */
export async function listedForKey(
  ev: Evidence,
  model: string,
): Promise<{ finding: Finding; listed: boolean | undefined }> {
  const owners = await ev.owners();
  if (!owners.ok)
    return { finding: cannotTell('listed for this key', 'GET /v1/models', owners.why), listed: undefined };
  const exact = owners.value.get(model);
  if (exact)
    return {
      finding: ok('listed for this key', `${model} is in GET /v1/models for this API key`, [
        `served by: ${exact.join(', ')}`,
      ]),
      listed: true,
    };
  const near = findModel(owners.value, model.replace(/^[^/]+\//, ''));
  return {
    finding: problem(
      'listed for this key',
      'fail',
      `${model} is not in GET /v1/models for this API key (${owners.value.size} ids listed)`,
      near.length ? [`similar ids listed: ${near.map((n) => `${n.id} (${n.owners.join(', ')})`).join(', ')}`] : [],
    ),
    listed: false,
  };
}

export function versionAtLeast(version: string | undefined, min: [number, number, number]): boolean | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return undefined;
  const v = [Number(m[1]), Number(m[2]), Number(m[3])];
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return (v[i] as number) > min[i]!;
  return true;
}

/** cliproxyapi++ tags end in "-0" (v6.8.60-0); upstream CLIProxyAPI tags do not. */
export function isFork(version: string | undefined): boolean {
  return /^v?\d+\.\d+\.\d+-\d+$/.test(version ?? '');
}
