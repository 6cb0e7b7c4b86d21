// A scan tally as plain data, names resolved, so two tallies compare with toEqual: every per-minute
// count, and every minute's who-sent tally in the order its names were first seen.
import type { ScanTally } from '../../src/logs/scan.js';
import { WATCHED_STATUSES } from '../../src/logs/window.js';

type Named = Array<[string, number]>;

export interface TallyDigest {
  window: ScanTally['window'];
  total: number[];
  ok: number[];
  serverErrors: number[];
  byStatus: Record<string, number[]>;
  accessLines: number;
  skippedLines: number;
  futureLines: number;
  newestMs: number;
  samples: Record<string, Array<[minute: number, ips: Named, paths: Named]>>;
}

/** Works on tallies built by src/ and by dist/ alike: it reads only their data. */
export function tallyDigest(t: ScanTally): TallyDigest {
  const named = (m: ReadonlyMap<number, number>): Named => [...m].map(([k, n]) => [t.names.name(k), n]);
  const samples: TallyDigest['samples'] = {};
  for (const s of WATCHED_STATUSES) {
    const minutes: TallyDigest['samples'][string] = [];
    t.samples[s].forEach((sample, m) => sample && minutes.push([m, named(sample.ips), named(sample.paths)]));
    samples[s] = minutes;
  }
  return {
    window: t.window,
    total: Array.from(t.total),
    ok: Array.from(t.ok),
    serverErrors: Array.from(t.serverErrors),
    byStatus: Object.fromEntries(WATCHED_STATUSES.map((s) => [s, Array.from(t.byStatus[s])])),
    accessLines: t.accessLines,
    skippedLines: t.skippedLines,
    futureLines: t.futureLines,
    newestMs: t.newestMs,
    samples,
  };
}
