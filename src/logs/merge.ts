// Two tallies of consecutive parts of a log → the tally of both, as one scanner reading the earlier
// part and then the later one would have built it. Counts add exactly. The capped who-sent tallies
// (MAX_KEYS_PER_MINUTE names per status and minute, the rest as "(others)") are merged in order: the
// earlier part's names first, then the later part's new names while there is room, the rest to
// "(others)". That equals the one-scanner tally unless the later part of one minute, on its own, held
// more names than the cap: its scanner then sent to "(others)" lines of a name that the earlier part
// had already named (one scanner would have counted them under that name). Only minutes cut by a
// part boundary can differ, only in that split of their named/"(others)" counts, and never in a
// per-minute count, a burst or a verdict; in such a minute the named set is the first names seen,
// not the top ones, even for one scanner, so the report already reads "and many other IPs".
import { ByteKeys, OTHERS_KEY } from './byte-keys.js';
import { copySeries, mergeCredentials } from './credentials.js';
import { MAX_KEYS_PER_MINUTE, type ScanTally } from './scan.js';
import { WATCHED_STATUSES, type WatchedStatus } from './window.js';

/** The tally of `earlier`'s lines followed by `later`'s; neither input is changed. */
export function mergeTallies(earlier: ScanTally, later: ScanTally): ScanTally {
  const copy: ScanTally = {
    ...earlier,
    total: earlier.total.slice(),
    byStatus: perStatus((s) => earlier.byStatus[s].slice()),
    ok: earlier.ok.slice(),
    serverErrors: earlier.serverErrors.slice(),
    samples: perStatus((s) => earlier.samples[s].map((m) => m && { ips: new Map(m.ips), paths: new Map(m.paths) })),
    names: new ByteKeys(),
    shapes: [...earlier.shapes],
    credentials: new Map([...earlier.credentials].map(([k, s]) => [k, copySeries(s)])),
  };
  copy.names.adopt(earlier.names.entries());
  mergeInto(copy, later);
  return copy;
}

/** Adds `later`'s lines to `tally`, which read the lines before them. `later` is not changed. */
export function mergeInto(tally: ScanTally, later: ScanTally): void {
  const a = tally.window;
  const b = later.window;
  if (
    a.startMs !== b.startMs ||
    a.endMs !== b.endMs ||
    a.warmupMinutes !== b.warmupMinutes ||
    tally.total.length !== later.total.length
  ) {
    throw new RangeError('cannot merge tallies of different scan windows');
  }
  add(tally.total, later.total);
  add(tally.ok, later.ok);
  add(tally.serverErrors, later.serverErrors);
  for (const s of WATCHED_STATUSES) {
    add(tally.byStatus[s], later.byStatus[s]);
    const into = tally.samples[s];
    // forEach skips the minutes without a sample
    later.samples[s].forEach((sample, m) => {
      if (!sample) return;
      const have = into[m];
      if (!have) into[m] = { ips: new Map(sample.ips), paths: new Map(sample.paths) };
      else {
        addCapped(have.ips, sample.ips);
        addCapped(have.paths, sample.paths);
      }
    });
  }
  tally.names.adopt(later.names.entries());
  tally.accessLines += later.accessLines;
  tally.skippedLines += later.skippedLines;
  tally.futureLines += later.futureLines;
  tally.newestMs = Math.max(tally.newestMs, later.newestMs);
  later.shapes.forEach((n, shape) => (tally.shapes[shape] = (tally.shapes[shape] ?? 0) + n));
  tally.unreadLines += later.unreadLines;
  tally.unreadSample ??= later.unreadSample;
  tally.attemptLines += later.attemptLines;
  mergeCredentials(tally.credentials, later.credentials);
  // the later part's startup line is the newer start
  tally.version = later.version ?? tally.version;
}

function perStatus<T>(f: (status: WatchedStatus) => T): Record<WatchedStatus, T> {
  return Object.fromEntries(WATCHED_STATUSES.map((s) => [s, f(s)])) as Record<WatchedStatus, T>;
}

function add(into: Uint32Array, more: Uint32Array): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + (more[i] as number);
}

/** Counts `later`'s entries into `into` as LogScanner.add would have after `into`'s (Maps keep insertion order). */
export function addCapped(into: Map<number, number>, later: ReadonlyMap<number, number>): void {
  for (const [key, n] of later) {
    const have = into.get(key);
    if (have !== undefined) into.set(key, have + n);
    // "(others)" sits last in a tally (nothing is added after it), so every name of `later` has had its chance
    else if (key !== OTHERS_KEY && into.size < MAX_KEYS_PER_MINUTE) into.set(key, n);
    else into.set(OTHERS_KEY, (into.get(OTHERS_KEY) ?? 0) + n);
  }
}
