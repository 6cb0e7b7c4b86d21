// A worker thread of the parallel scan (pool.ts): runs each job it is sent into a tally of its own and
// posts the tally back. The pool sends a worker its next job only after the last one's result.
import { parentPort, workerData } from 'node:worker_threads';
import { LogSourceError } from './files.js';
import { runJob } from './jobs.js';
import { toWire, type JobDone, type JobMessage, type WorkerSetup } from './wire.js';

if (!parentPort) throw new Error('scan-worker.js runs as a worker thread of the log scan');
const port = parentPort;
const { zone, window } = workerData as WorkerSetup;
/** The pool stops a scan by terminating its workers, so a job here is never aborted. */
const never = new AbortController().signal;

port.on('message', ({ index, job }: JobMessage) => {
  runJob(job, zone, window, never).then(
    ({ tally, bytes }) => {
      const { wire, transfer } = toWire(tally);
      const done: JobDone = { index, ok: true, bytes, tally: wire };
      port.postMessage(done, transfer);
    },
    (err: unknown) => {
      const done: JobDone = {
        index,
        ok: false,
        message: err instanceof Error ? err.message : String(err),
        source: err instanceof LogSourceError,
        stack: err instanceof Error ? err.stack : undefined,
      };
      port.postMessage(done);
    },
  );
});
