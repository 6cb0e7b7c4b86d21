// npm run bench [-- --mb 1024 --small-mb 256 --runs 3]
// Generates realistic gateway logs under .bench/ (kept between runs) and compares, on the same file:
// `grep -c gin_logger` (the baseline: about as fast as reading the file can be), the log-scan engine's
// throughput, and the engine's peak RSS on two file sizes (flat memory means it streams).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateLog } from './generate.js';

const GENERATOR_VERSION = 1;
const MiB = 1024 * 1024;
const dir = fileURLToPath(new URL('../.bench/', import.meta.url));
const scanOne = fileURLToPath(new URL('./scan-one.js', import.meta.url));

function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const value = args[i].includes('=') ? args[i].split('=')[1] : args[i + 1];
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${value}`);
  return n;
}

/** The log for `mb` MiB, generated once: its path and the instant its last minute ends. */
function logFile(mb) {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}access-${mb}MiB.log`;
  const metaPath = `${path}.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (meta.version === GENERATOR_VERSION && meta.bytes === statSync(path).size) return { path, ...meta };
  }
  // The log ends at the current minute, so its mtime (now) is inside the scanned window.
  const endMs = Math.floor(Date.now() / 60_000) * 60_000;
  process.stdout.write(`generating ${path} (${mb} MiB)...\n`);
  const t0 = performance.now();
  const bytes = generateLog(path, mb * MiB, endMs);
  process.stdout.write(`  written in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const meta = { version: GENERATOR_VERSION, bytes, endIso: new Date(endMs).toISOString() };
  writeFileSync(metaPath, JSON.stringify(meta));
  return { path, ...meta };
}

function best(runs, measure) {
  let fastest;
  for (let i = 0; i < runs; i++) {
    const m = measure();
    if (!fastest || m.ms < fastest.ms) fastest = m;
  }
  return fastest;
}

function grepCount(path) {
  const t0 = performance.now();
  const r = spawnSync('grep', ['-c', 'gin_logger', path], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`grep failed: ${r.stderr || r.error}`);
  return { ms, count: Number(r.stdout.trim()) };
}

function engineScan(file) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [scanOne, file.path, file.endIso], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`scan failed: ${r.stderr}`);
  return { wallMs, ...JSON.parse(r.stdout) };
}

const mbps = (bytes, ms) => `${Math.round(bytes / MiB / (ms / 1000))} MiB/s`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

const big = option('mb', Number(process.env.BENCH_MB) || 1024);
const small = option('small-mb', Math.max(1, Math.round(big / 4)));
const runs = option('runs', 3);

const rows = [['file', 'size', 'grep -c gin_logger', 'provops scan', 'vs grep', 'scan wall (node start incl.)', 'peak RSS', 'access lines (grep / scan)']];
for (const mb of [small, big]) {
  const file = logFile(mb);
  grepCount(file.path); // warm the page cache: both contenders read from memory, not disk
  const grep = best(runs, () => grepCount(file.path));
  const scan = best(runs, () => engineScan(file));
  rows.push([
    file.path.slice(dir.length - '.bench/'.length),
    `${(file.bytes / MiB).toFixed(0)} MiB`,
    `${secs(grep.ms)} (${mbps(file.bytes, grep.ms)})`,
    `${secs(scan.ms)} (${mbps(scan.bytes, scan.ms)})`,
    `${(grep.ms / scan.ms).toFixed(2)}×`,
    secs(scan.wallMs),
    `${(scan.maxRssKiB / 1024).toFixed(0)} MiB`,
    `${grep.count.toLocaleString('en-US')} / ${scan.accessLines.toLocaleString('en-US')}`,
  ]);
}
process.stdout.write(`\nlog-scan benchmark (node ${process.version}, best of ${runs}, page cache warm)\n${table(rows)}\n`);
process.stdout.write('vs grep: the engine\'s speed as a fraction of grep\'s on the same file (1.00× = as fast as grep).\n');
