// One scan of one log (a file, or a main.log with its rotated siblings) with the engine the check
// uses, in its own process so that its peak RSS is its own (every thread of it: workers are threads).
// Prints one JSON line: bytes, lines, milliseconds, peak RSS, threads, and digests of the result so
// that runs on different thread counts can be held to the same answer.
// node bench/scan-one.js <file> <now ISO> [threads]   (threads > 1 skips the size threshold)
import { createHash } from 'node:crypto';
import { scanFiles } from '../dist/src/logs/collect.js';
import { scanWindow } from '../dist/src/logs/window.js';
import { parseZone } from '../dist/src/timezone.js';

const [file, nowIso, threadsArg = '1'] = process.argv.slice(2);
const threads = Number(threadsArg);
const thresholds = {
  lookbackMinutes: 1440,
  windowMinutes: 5,
  minEvents: 10,
  sustainedMinutes: 15,
  credentialMinEvents: 5,
};
const window = scanWindow(new Date(nowIso), thresholds.lookbackMinutes, thresholds.windowMinutes);
const t0 = performance.now();
const scan = await scanFiles([file], parseZone('UTC'), window, new globalThis.AbortController().signal, {
  threads,
  minParallelBytes: threads > 1 ? 0 : undefined,
});
const ms = performance.now() - t0;
// The peak so far is the scan's; the check's module (loaded only for the digest) would add its own.
const maxRssKiB = process.resourceUsage().maxRSS;
const { evaluate } = await import('../dist/checks/log-scan.js');

const { tally } = scan;
const hash = (value) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
const counts = [
  tally.total,
  tally.ok,
  tally.serverErrors,
  tally.byStatus[401],
  tally.byStatus[403],
  tally.byStatus[429],
].map((a) => Array.from(a));
const samples = [401, 403, 429].map((s) =>
  tally.samples[s].map(
    (m) =>
      m && [
        [...m.ips].map(([k, n]) => [tally.names.name(k), n]),
        [...m.paths].map(([k, n]) => [tally.names.name(k), n]),
      ],
  ),
);
const { scanThreads, ...metrics } = evaluate(scan, thresholds).metrics;
const result = { ...evaluate(scan, thresholds), metrics };
process.stdout.write(
  `${JSON.stringify({
    bytes: scan.source.kind === 'files' ? scan.source.read.reduce((s, f) => s + f.bytes, 0) : 0,
    files: scan.source.kind === 'files' ? scan.source.read.length : 0,
    ms,
    threads: scanThreads,
    accessLines: tally.accessLines,
    skippedLines: tally.skippedLines,
    maxRssKiB,
    // per-minute counts and line counts; the capped who-sent tallies; the check's result (bursts, top senders and paths)
    digest: {
      counts: hash([counts, tally.accessLines, tally.skippedLines]),
      samples: hash(samples),
      result: hash(result),
    },
  })}\n`,
);
