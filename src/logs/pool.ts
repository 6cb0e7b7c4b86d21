// A large scan on several threads: this thread and up to `threads − 1` workers each take the next job
// (a file, or a byte range of one) from one queue and scan it into a tally of its own; the tallies are
// merged here in log order as they come in. This thread scans too: on two cores one worker plus this
// thread beats two workers, whose second start-up and JIT warm-up cost more than an idle thread saves.
// No worker outlives the scan: all are terminated, and waited for, when it completes, fails or aborts.
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Zone } from '../timezone.js';
import { LogSourceError, readFailure, type LogFile } from './files.js';
import { runJob, type Job } from './jobs.js';
import { mergeInto } from './merge.js';
import { LogScanner, type ScanTally } from './scan.js';
import { WORKER_URL, type ScanPlan } from './scan-plan.js';
import { fromWire, type JobDone, type JobMessage, type WorkerSetup } from './wire.js';
import type { ScanWindow } from './window.js';

/** Finished jobs per thread that may wait for an earlier one to be merged: bounds memory when one job runs long. */
const AHEAD_PER_THREAD = 4;

export interface FilesScanned {
  tally: ScanTally;
  /** Per file, in plan order: bytes read from disk. */
  read: Array<{ path: string; bytes: number }>;
  /** Threads that scanned: this one and its workers. */
  threads: number;
}

type Outcome = { ok: true; tally: ScanTally; bytes: number } | { ok: false; error: unknown };

const live = new Set<Worker>();

/** Workers started and not yet exited (tests hold it to 0 once a scan has settled). */
export function liveWorkers(): number {
  return live.size;
}

/** Throws LogSourceError as the in-thread scan would (the first failing file in log order), or the signal's reason. */
export async function scanInParallel(
  plan: ScanPlan,
  zone: Zone,
  window: ScanWindow,
  signal: AbortSignal,
  workerUrl: URL = WORKER_URL,
): Promise<FilesScanned> {
  signal.throwIfAborted();
  const read = new Map<LogFile, number>(plan.tasks.map((t) => [t.file, 0]));
  const handles = new Map<LogFile, FileHandle | undefined>();
  try {
    const jobs: Array<{ file: LogFile; job: Job }> = [];
    for (const task of plan.tasks) {
      if (task.kind === 'file') {
        jobs.push({ file: task.file, job: task });
        continue;
      }
      if (!handles.has(task.file)) handles.set(task.file, await openOnce(task.file));
      const handle = handles.get(task.file);
      if (handle)
        jobs.push({ file: task.file, job: { kind: 'range', path: task.file.path, fd: handle.fd, range: task.range } });
    }
    const tally = new LogScanner(zone, window).finish();
    const workers = Math.max(0, Math.min(plan.threads, jobs.length) - 1);
    await runJobs(
      jobs.map((j) => j.job),
      workers,
      { zone, window },
      signal,
      workerUrl,
      (index, done) => {
        const file = jobs[index]?.file as LogFile;
        read.set(file, (read.get(file) ?? 0) + done.bytes);
        mergeInto(tally, done.tally);
      },
    );
    return { tally, read: [...read].map(([file, bytes]) => ({ path: file.path, bytes })), threads: workers + 1 };
  } finally {
    // Only now: every thread that read through these descriptors has stopped.
    await Promise.all([...handles.values()].map((h) => h?.close()));
  }
}

/** The file's handle for its ranges, or undefined when it vanished after it was listed (read as empty). */
async function openOnce(file: LogFile): Promise<FileHandle | undefined> {
  try {
    return await open(file.path, 'r');
  } catch (err) {
    const failure = readFailure(file, err);
    if (failure) throw failure;
    return undefined;
  }
}

/**
 * Runs `jobs` on this thread and `workerCount` workers, handing each result to `take` in job order.
 * The first failed job in that order ends the run with its error once every job before it is taken
 * (so the error is the one the in-thread scan would have met first); jobs after it are not started.
 */
function runJobs(
  jobs: Job[],
  workerCount: number,
  setup: WorkerSetup,
  signal: AbortSignal,
  workerUrl: URL,
  take: (index: number, done: Extract<Outcome, { ok: true }>) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const workers: Worker[] = [];
    const idle: Worker[] = [];
    const finished = new Map<number, Outcome>();
    const limit = (workerCount + 1) * AHEAD_PER_THREAD;
    /** Ends this thread's job when the run ends early (another job failed). */
    const stop = new AbortController();
    const jobSignal = AbortSignal.any([signal, stop.signal]);
    let local: Promise<void> | undefined;
    let next = 0;
    let taken = 0;
    let end = jobs.length;
    let settled = false;

    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      void Promise.allSettled([local, ...workers.map((w) => w.terminate())]).then(() =>
        error === undefined ? resolve() : reject(error),
      );
    };
    const onAbort = () => settle(signal.reason);

    const claimable = () => !settled && next < end && next - taken < limit;
    const dispatch = () => {
      if (!local && claimable()) runHere(next++);
      while (idle.length && claimable()) {
        const message: JobMessage = { index: next, job: jobs[next] as Job };
        next++;
        (idle.pop() as Worker).postMessage(message);
      }
    };
    const runHere = (index: number) => {
      local = runJob(jobs[index] as Job, setup.zone, setup.window, jobSignal, yieldToEventLoop)
        .then(
          (r): Outcome => ({ ok: true, ...r }),
          (error: unknown): Outcome => ({ ok: false, error }),
        )
        .then((outcome) => {
          local = undefined;
          receive(index, outcome);
        });
    };

    const receive = (index: number, outcome: Outcome) => {
      if (settled) return;
      finished.set(index, outcome);
      if (!outcome.ok) end = Math.min(end, index + 1);
      dispatch(); // first: whoever just finished waits for no merge
      for (let o = finished.get(taken); o && !settled; o = finished.get(taken)) {
        finished.delete(taken);
        if (!o.ok) return settle(o.error);
        try {
          take(taken, o);
        } catch (err) {
          return settle(err);
        }
        taken++;
      }
      if (taken >= end) settle();
      else dispatch();
    };

    if (signal.aborted) return settle(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    if (jobs.length === 0) return settle();
    try {
      for (let i = 0; i < workerCount; i++) {
        const worker = new Worker(workerUrl, { workerData: setup });
        live.add(worker);
        workers.push(worker);
        idle.push(worker);
        worker.on('message', (done: JobDone) => {
          idle.push(worker);
          receive(
            done.index,
            done.ok
              ? { ok: true, bytes: done.bytes, tally: fromWire(done.tally) }
              : { ok: false, error: errorOf(done) },
          );
        });
        worker.on('messageerror', (err) => settle(new Error(`scan worker: unreadable message (${err.message})`)));
        worker.on('error', (err) => settle(err));
        worker.on('exit', (code) => {
          live.delete(worker);
          settle(new Error(`scan worker stopped unexpectedly (exit code ${code})`));
        });
      }
    } catch (err) {
      return settle(err);
    }
    dispatch();
  });
}

/** Between chunks of this thread's job: worker results, the deadline and Ctrl-C get their turn. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function errorOf(done: Extract<JobDone, { ok: false }>): Error {
  const err = done.source ? new LogSourceError(done.message) : new Error(done.message);
  if (done.stack) err.stack = done.stack;
  return err;
}
