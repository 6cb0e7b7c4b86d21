// Writes a realistic gateway main.log of about `bytes` bytes: a day of access lines in both the fork's
// and upstream's shape (request ids, every latency unit, IPv4/IPv6, queries, [credits], gin errors),
// 401/403/429 background noise with a few bursts, and the other lines a real log holds (plain
// messages, debug lines, an occasional multi-line gin error). Deterministic for a given size.
import { closeSync, openSync, writeSync } from 'node:fs';
// The simulator's seeded PRNG: the same size always gives the same file.
import { rng } from '../dist/src/simulator/random.js';

const PATHS = [
  ['POST', '/v1/chat/completions', 40],
  ['POST', '/v1/messages', 25],
  ['POST', '/v1/responses', 10],
  ['GET', '/v1/models', 12],
  ['POST', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', 5],
  ['GET', '/v0/management/usage', 3],
  ['GET', '/v0/management/logs?after=1771812000', 2],
  ['OPTIONS', '/v1/chat/completions', 3],
];
const IPS = [
  '127.0.0.1',
  '10.0.0.12',
  '10.0.0.13',
  '10.0.4.201',
  '192.168.1.77',
  '172.17.0.1',
  '2001:db8::1',
  '10.0.0.7',
];

function pick(rand, weighted) {
  const total = weighted.reduce((s, w) => s + w[2], 0);
  let r = rand() * total;
  for (const w of weighted) if ((r -= w[2]) < 0) return w;
  return weighted[0];
}

const pad2 = (n) => (n < 10 ? `0${n}` : `${n}`);

function wallClock(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function latency(rand, status) {
  const r = rand();
  if (status === 401 || status === 403) return r < 0.7 ? '0s' : `${Math.floor(r * 900)}µs`;
  if (r < 0.05) return `${Math.floor(rand() * 999)}µs`;
  if (r < 0.45) return `${Math.floor(rand() * 999) + 1}ms`;
  if (r < 0.97) return `${(rand() * 58 + 1).toFixed(3)}s`;
  return `${1 + Math.floor(rand() * 4)}m${Math.floor(rand() * 60)}s`;
}

function status(rand, minuteOfDay) {
  // two 429 bursts and one 401 burst a day, over a little background noise
  if (minuteOfDay >= 600 && minuteOfDay < 625 && rand() < 0.3) return 429;
  if (minuteOfDay >= 1100 && minuteOfDay < 1108 && rand() < 0.2) return 429;
  if (minuteOfDay >= 300 && minuteOfDay < 322 && rand() < 0.25) return 401;
  const r = rand();
  if (r < 0.9) return 200;
  if (r < 0.93) return 429;
  if (r < 0.95) return 401;
  if (r < 0.96) return 403;
  if (r < 0.97) return 400;
  if (r < 0.98) return 404;
  return r < 0.99 ? 502 : 500;
}

function hex8(rand) {
  return Math.floor(rand() * 0xffffffff)
    .toString(16)
    .padStart(8, '0');
}

function accessLine(rand, at, minuteOfDay) {
  const s = status(rand, minuteOfDay);
  const [method, path] = pick(rand, PATHS);
  const ai = path.startsWith('/v1/') && !path.startsWith('/v1/models');
  const [level, caller] = s >= 500 ? ['error', 89] : s >= 400 ? ['warn ', 91] : ['info ', 93];
  const ip = IPS[Math.floor(rand() * IPS.length)];
  let line = `[${at}] [${ai ? hex8(rand) : '--------'}] [${level}] [gin_logger.go:${caller}] ${s} | ${latency(rand, s).padStart(13)} | ${ip.padStart(15)} | ${method.padEnd(7)} "${path}"`;
  const r = rand();
  if (r < 0.01) line += ' [credits]';
  else if (r < 0.012 && s >= 500) line += ' | Error #01: upstream stream closed';
  return line;
}

function otherLine(rand, at) {
  const r = rand();
  if (r < 0.4)
    return `[${at}] [${hex8(rand)}] [debug] [conductor.go:2245] Use OAuth provider=claude auth_file=claude-user@example.com.json for model claude-sonnet-4-5-20250929`;
  if (r < 0.7)
    return `[${at}] [${hex8(rand)}] [debug] [claude_executor.go:174] request error, error status: 429, error message: {"type":"error","error":{"type":"rate_limit_error","message":"rate limited"}}`;
  if (r < 0.9) return `[${at}] [--------] [info ] [watcher.go:188] config file changed, reloading`;
  return `[${at}] [--------] [warn ] [conductor_selection.go:1838] auth unavailable: 2 of 2 candidate(s) for model "claude-sonnet-4-5-20250929" (provider=claude) are in cooldown`;
}

/** Writes the file; the log's wall clock is UTC and its last minute ends at `endMs`. */
export function generateLog(path, bytes, endMs) {
  const rand = rng(bytes);
  const spanMs = 24 * 3600_000;
  const startMs = endMs - spanMs;
  const fd = openSync(path, 'w');
  let written = 0;
  let batch = [];
  let batchBytes = 0;
  try {
    while (written + batchBytes < bytes) {
      // time advances with the bytes written, so the day fills the file whatever the line lengths
      const atMs = startMs + Math.floor(((written + batchBytes) / bytes) * spanMs);
      const at = wallClock(atMs);
      const minuteOfDay = Math.floor((atMs - startMs) / 60_000);
      const line = rand() < 0.06 ? otherLine(rand, at) : accessLine(rand, at, minuteOfDay);
      batch.push(line);
      batchBytes += Buffer.byteLength(line) + 1;
      if (batchBytes > 4 * 1024 * 1024) {
        written += writeSync(fd, `${batch.join('\n')}\n`);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) written += writeSync(fd, `${batch.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  return written;
}
