// One unit of a parallel scan — a whole file, or a byte range of one — scanned into a tally of its
// own with the same splitter and scanner as the in-thread scan. The pool runs jobs in its workers and
// in the main thread alike.
import { closeSync, openSync } from 'node:fs';
import type { Zone } from '../timezone.js';
import { readFailure, readLogFile, type LogFile } from './files.js';
import { readRange, type ByteRange } from './ranges.js';
import { LogScanner, type ScanTally } from './scan.js';
import type { ScanWindow } from './window.js';

/** A whole file (opened by whoever runs the job), or a range of one that the pool opened once, so every range reads the same file even if it is rotated meanwhile. */
export type Job = { kind: 'file'; file: LogFile } | { kind: 'range'; path: string; fd: number; range: ByteRange };

const WHOLE: ByteRange = { start: 0, end: Infinity };

/** Throws LogSourceError as the in-thread scan would, or the signal's reason. `pause`: see readRange. */
export async function runJob(
  job: Job,
  zone: Zone,
  window: ScanWindow,
  signal: AbortSignal,
  pause?: () => Promise<void>,
): Promise<{ tally: ScanTally; bytes: number }> {
  const scanner = new LogScanner(zone, window);
  const onChunk = (chunk: Buffer) => {
    signal.throwIfAborted();
    scanner.bytes(chunk);
  };
  let bytes;
  if (job.kind === 'range') {
    try {
      bytes = await readRange(job.fd, job.range, onChunk, pause);
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw readFailure({ path: job.path, gzip: false, found: false }, err) ?? err;
    }
  } else if (job.file.gzip) bytes = await readLogFile(job.file, onChunk, signal);
  else bytes = await readWhole(job.file, onChunk, signal, pause);
  scanner.endOfFile();
  return { tally: scanner.finish(), bytes };
}

/** readLogFile for a plain file, with readRange's reads; the same errors. */
async function readWhole(
  file: LogFile,
  onChunk: (chunk: Buffer) => void,
  signal: AbortSignal,
  pause?: () => Promise<void>,
): Promise<number> {
  let fd;
  try {
    fd = openSync(file.path, 'r');
  } catch (err) {
    const failure = readFailure(file, err);
    if (failure) throw failure;
    return 0;
  }
  try {
    return await readRange(fd, WHOLE, onChunk, pause);
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw readFailure(file, err) ?? err;
  } finally {
    closeSync(fd);
  }
}
