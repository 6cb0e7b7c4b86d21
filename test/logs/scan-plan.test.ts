import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { LogFile } from '../../src/logs/files.js';
import { PARALLEL_MIN_BYTES, parallelMinBytes, planScan, scanThreads, WORKER_URL } from '../../src/logs/scan-plan.js';

const MiB = 1024 * 1024;
const file = (name: string, mib: number, gzip = name.endsWith('.gz')): LogFile => ({
  path: `/logs/${name}`,
  mtimeMs: 0,
  bytes: mib * MiB,
  gzip,
  found: false,
});
const built = true;

describe('planScan', () => {
  it('keeps small inputs in this thread, and every input when one thread is asked for or the worker is not built', () => {
    const day = [file('main-1.log', 10), file('main-2.log.gz', 1), file('main.log', 4)];
    expect(planScan(day, { threads: 2 }, built)).toBeUndefined();
    const big = [file('main.log', 2048)];
    expect(planScan(big, { threads: 1 }, built)).toBeUndefined();
    expect(planScan(big, { threads: 2 }, false)).toBeUndefined();
    expect(planScan(big, { threads: 2 }, built)?.threads).toBe(2);
  });

  it('starts at PARALLEL_MIN_BYTES of work, a .gz file counting for its decompressed size', () => {
    const plain = PARALLEL_MIN_BYTES / MiB;
    expect(planScan([file('main.log', plain - 1)], { threads: 2 }, built)).toBeUndefined();
    expect(planScan([file('main.log', plain)], { threads: 2 }, built)).toBeDefined();
    // 7 rotated files of 10 MiB: 70 MiB as they are, 560 MiB to scan once gunzipped
    const rotated = (ext: string) => Array.from({ length: 7 }, (_, i) => file(`main-${i}.log${ext}`, 10));
    expect(planScan(rotated(''), { threads: 2 }, built)).toBeUndefined();
    expect(planScan(rotated('.gz'), { threads: 2 }, built)?.tasks).toHaveLength(7);
  });

  it('cuts a large plain file into ranges, keeps each .gz or small file whole, in log order', () => {
    const files = [file('main-1.log.gz', 30), file('main-2.log', 10), file('main.log', 100)];
    const plan = planScan(files, { threads: 4, minParallelBytes: 0, rangeBytes: 40 * MiB }, built);
    expect(
      plan?.tasks.map((t) =>
        t.kind === 'file' ? t.file.path : `${t.file.path} from ${t.range.start} to ${t.range.end}`,
      ),
    ).toEqual([
      '/logs/main-1.log.gz',
      '/logs/main-2.log',
      `/logs/main.log from 0 to ${Math.round((100 * MiB) / 3)}`,
      `/logs/main.log from ${Math.round((100 * MiB) / 3)} to ${Math.round((200 * MiB) / 3)}`,
      `/logs/main.log from ${Math.round((200 * MiB) / 3)} to Infinity`,
    ]);
    expect(plan?.threads).toBe(4);
  });

  it('sizes ranges to give each thread several, and never more threads than tasks', () => {
    const plan = planScan([file('main.log', 1024)], { threads: 2 }, built);
    expect(plan?.tasks).toHaveLength(8);
    expect(planScan([file('a.log', 1), file('b.log', 1)], { threads: 8, minParallelBytes: 0 }, built)?.threads).toBe(2);
    expect(planScan([file('a.log', 1)], { threads: 8, minParallelBytes: 0 }, built)).toBeUndefined();
  });

  it('finds no built worker next to the TypeScript sources, so tests of src/ scan in-thread', () => {
    expect(WORKER_URL.pathname).toMatch(/\/src\/logs\/scan-worker\.js$/);
    expect(planScan([file('main.log', 2048)], { threads: 2 })).toBeUndefined();
  });
});

describe('environment', () => {
  it('PROVOPS_SCAN_THREADS sets the threads, else the cores this process may use', () => {
    expect(scanThreads({ PROVOPS_SCAN_THREADS: '1' })).toBe(1);
    expect(scanThreads({ PROVOPS_SCAN_THREADS: '3' })).toBe(3);
    for (const junk of [undefined, '', '0', '-2', '1.5', 'two'])
      expect(scanThreads({ PROVOPS_SCAN_THREADS: junk })).toBe(availableParallelism());
  });

  it('PROVOPS_SCAN_PARALLEL_MIN_MIB sets the threshold in MiB, 0 included', () => {
    expect(parallelMinBytes({ PROVOPS_SCAN_PARALLEL_MIN_MIB: '64' })).toBe(64 * MiB);
    expect(parallelMinBytes({ PROVOPS_SCAN_PARALLEL_MIN_MIB: '0' })).toBe(0);
    for (const junk of [undefined, '', '-1', 'lots'])
      expect(parallelMinBytes({ PROVOPS_SCAN_PARALLEL_MIN_MIB: junk })).toBe(PARALLEL_MIN_BYTES);
  });
});
