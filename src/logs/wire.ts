// What passes between the scan pool (pool.ts) and its workers (scan-worker.ts): a job, and the tally
// or the error it ended in. Tallies travel by structured clone, their per-minute arrays transferred
// rather than copied; only the names (a class) need flattening.
import { ByteKeys } from './byte-keys.js';
import type { Job } from './jobs.js';
import type { ScanTally } from './scan.js';
import type { Zone } from '../timezone.js';
import type { ScanWindow } from './window.js';

export interface WorkerSetup {
  zone: Zone;
  window: ScanWindow;
}

export interface JobMessage {
  index: number;
  job: Job;
}

export type TallyWire = Omit<ScanTally, 'names'> & { names: Array<[number, string]> };

export type JobDone =
  | { index: number; ok: true; bytes: number; tally: TallyWire }
  /** `source`: a LogSourceError, reported as the in-thread scan reports it; otherwise an internal error. */
  | { index: number; ok: false; message: string; source: boolean; stack: string | undefined };

export function toWire(tally: ScanTally): { wire: TallyWire; transfer: ArrayBuffer[] } {
  const arrays = [tally.total, tally.ok, tally.serverErrors, ...Object.values(tally.byStatus)];
  return { wire: { ...tally, names: tally.names.entries() }, transfer: arrays.map((a) => a.buffer as ArrayBuffer) };
}

export function fromWire(wire: TallyWire): ScanTally {
  const names = new ByteKeys();
  names.adopt(wire.names);
  return { ...wire, names };
}
