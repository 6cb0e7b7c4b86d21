// One scan of one file with the engine the check uses, in its own process so that its peak RSS is
// its own. Prints one JSON line: bytes, lines, milliseconds, peak RSS.
import { scanFiles } from '../dist/src/logs/collect.js';
import { scanWindow } from '../dist/src/logs/window.js';
import { parseZone } from '../dist/src/timezone.js';

const [file, nowIso] = process.argv.slice(2);
const window = scanWindow(new Date(nowIso), 1440, 5);
const t0 = performance.now();
const scan = await scanFiles([file], parseZone('UTC'), window, new globalThis.AbortController().signal);
const ms = performance.now() - t0;
const bytes = scan.source.kind === 'files' ? scan.source.read.reduce((s, f) => s + f.bytes, 0) : 0;
const inWindow = scan.tally.total.reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({ bytes, ms, accessLines: scan.tally.accessLines, skippedLines: scan.tally.skippedLines, inWindow, maxRssKiB: process.resourceUsage().maxRSS })}\n`,
);
