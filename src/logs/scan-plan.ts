// Whether a scan of local files is worth worker threads, and how to cut it into tasks: one per file,
// or byte ranges of a large plain file (a .gz file cannot be entered midway). Light on purpose: the
// registry loads it; the pool (pool.ts, node:worker_threads) loads only when a scan uses it.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LogFile } from './files.js';
import { splitRanges, type ByteRange } from './ranges.js';

const MiB = 1024 * 1024;

/** The worker entry, built next to this module in dist/. Under vitest the sources are .ts and it is absent: scans stay in-thread. */
export const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

/**
 * Below this much work the scan stays in this thread. Measured with `npm run bench` on the 2-vCPU VM
 * this was built on: a worker takes ~80 ms to start and scans its first megabytes before its JIT has
 * warmed up, and there two busy scanning threads each run ~1.6× slower than one alone (two separate
 * processes do no better: it is the machine). So 2 threads scan 256 MiB of one file 0.7× as fast as
 * 1, break even near 512 MiB and are 1.14× as fast at 1 GiB (1.3× on 1 GiB of 10 MB rotated files,
 * where the in-thread reader pays per file). PROVOPS_SCAN_PARALLEL_MIN_MIB overrides it for hosts
 * whose cores scale better.
 */
export const PARALLEL_MIN_BYTES = 512 * MiB;
/** A .gz log's decompressed size, as a multiple of its own: the bench log compresses 9.6× at gzip's default level, as lumberjack writes it. */
const GZIP_EXPANSION = 8;
/** Ranges smaller than this spend more on their hand-off than they save. */
const MIN_RANGE_BYTES = 8 * MiB;
/** Jobs per thread, so one thread that runs slower (a busier core, a .gz file) does not hold up the end. */
const JOBS_PER_THREAD = 4;

export type ScanTask = { kind: 'file'; file: LogFile } | { kind: 'range'; file: LogFile; range: ByteRange };

export interface ScanPlan {
  /** Threads to scan with, this one included: never more than there are tasks. */
  threads: number;
  /** In log order (files oldest first, ranges in file order): the order tallies are merged in. */
  tasks: ScanTask[];
}

export interface ScanOptions {
  /** Threads to scan with (this one and threads − 1 workers); 1 = in-thread. Default: scanThreads(). */
  threads?: number;
  /** Work (bytes, a .gz file's counted as decompressed) below which the scan stays in-thread. Default: parallelMinBytes(). */
  minParallelBytes?: number;
  /** Size of the byte ranges a large plain file is cut into; default: the work spread over JOBS_PER_THREAD jobs per thread. */
  rangeBytes?: number;
}

/** PROVOPS_SCAN_THREADS when it is a positive integer (1 turns the workers off), else the cores this process may use. */
export function scanThreads(env: NodeJS.ProcessEnv = process.env): number {
  return positiveInteger(env.PROVOPS_SCAN_THREADS) ?? availableParallelism();
}

/** PROVOPS_SCAN_PARALLEL_MIN_MIB (0 allowed: any input that splits into two jobs), else PARALLEL_MIN_BYTES. */
export function parallelMinBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mib = env.PROVOPS_SCAN_PARALLEL_MIN_MIB === '0' ? 0 : positiveInteger(env.PROVOPS_SCAN_PARALLEL_MIN_MIB);
  return mib === undefined ? PARALLEL_MIN_BYTES : mib * MiB;
}

function positiveInteger(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && /^\d+$/.test(text.trim()) && n >= 1 ? n : undefined;
}

/** The tasks for a scan on several threads, or undefined when it should stay in this thread. */
export function planScan(
  files: readonly LogFile[],
  options: ScanOptions = {},
  workerBuilt = existsSync(fileURLToPath(WORKER_URL)),
): ScanPlan | undefined {
  const threads = options.threads ?? scanThreads();
  const work = files.reduce((sum, f) => sum + (f.gzip ? f.bytes * GZIP_EXPANSION : f.bytes), 0);
  if (!workerBuilt || threads < 2 || work < (options.minParallelBytes ?? parallelMinBytes())) return undefined;
  const rangeBytes = options.rangeBytes ?? Math.max(MIN_RANGE_BYTES, Math.ceil(work / (threads * JOBS_PER_THREAD)));
  const tasks = files.flatMap((file): ScanTask[] => {
    const ranges = file.gzip ? [] : splitRanges(file.bytes, rangeBytes);
    return ranges.length > 1 ? ranges.map((range) => ({ kind: 'range', file, range })) : [{ kind: 'file', file }];
  });
  return tasks.length < 2 ? undefined : { threads: Math.min(threads, tasks.length), tasks };
}
