// Does every run end by its deadline, in bounded memory, on the large and hostile inputs? Each case is
// `provops daily` (or `check`) as its own process with --deadline D against a loopback server serving
// that input; the figures are the wall time past D (the overrun; negative = finished early) and the
// peak RSS, against the baseline of the same command on the healthy simulator and of `node -e 0`,
// measured in this run. Goal (issue 10): overrun ≤ 1 s and peak RSS ≤ 256 MiB on every case.
//   node bench/deadline.mjs            (after npm run build)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../dist/src/simulator/index.js';

const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 3000);
const KILL_AFTER_MS = DEADLINE_MS + 30_000;
const API = 'sk-bench-api-key-0001';
const MGMT = 'mgmt-bench-key-0001';
const dir = mkdtempSync(join(tmpdir(), 'provops-deadline-'));

/** A gateway serving `bodies[path]` (a string or a function of the request); anything else 404s. */
async function serve(bodies) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = bodies[path] ?? bodies['*'];
    if (body === 'hang') return;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"error":"not found"}');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => (server.closeAllConnections(), server.close()),
  };
}

/** Wall ms and peak RSS (KiB) of one child, via GNU time; killed after KILL_AFTER_MS. */
function measure(args, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...args], {
      env: { ...process.env, NO_COLOR: '1', PROVOPS_API_KEY: API, PROVOPS_MANAGEMENT_KEY: MGMT, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group: the kill below reaches node, not only GNU time
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const killer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), KILL_AFTER_MS);
    child.on('close', (code) => {
      clearTimeout(killer);
      const ms = performance.now() - started;
      const kib = Number(/(\d+)\s*$/.exec(stderr.trim())?.[1] ?? NaN);
      resolve({ ms, mib: kib / 1024, code, killed: ms >= KILL_AFTER_MS });
    });
  });
}

const models = (n, id = (i) => `m-${i}`) =>
  JSON.stringify({
    object: 'list',
    data: Array.from({ length: n }, (_, i) => ({ id: id(i), object: 'model', owned_by: `p${i % 7}` })),
  });
const kiroFiles = (n) =>
  JSON.stringify({
    files: Array.from({ length: n }, (_, i) => ({
      auth_index: i.toString(16).padStart(16, '0'),
      provider: 'kiro',
      label: `k${i}`,
    })),
  });
const usage = (n) =>
  JSON.stringify({
    usage: {
      total_requests: n,
      failure_count: 0,
      apis: {
        k: {
          models: {
            'gpt-5.3-codex-spark': {
              details: Array.from({ length: n }, () => ({ timestamp: '2026-11-26T11:59:00Z', failed: false })),
            },
          },
        },
      },
    },
  });

const yamlBomb = join(dir, 'bomb.yaml');
{
  const levels = ['  - &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++)
    levels.push(
      `  - &${String.fromCharCode(97 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  writeFileSync(yamlBomb, `skip:\n${levels.join('\n')}\n`);
}
const fifo = join(dir, 'main.log');
execFileSync('mkfifo', [fifo]);
const bigConfig = join(dir, 'big.yaml');
writeFileSync(bigConfig, `maxResponseMiB: 256\n`);

const sim = await startSimulator({ flavor: 'plus', scenario: 'healthy', now: '2026-11-26T12:00:00Z' });
const daily = (url, extra = []) => [
  bin,
  'daily',
  '--url',
  url,
  '--no-state',
  '--deadline',
  String(DEADLINE_MS),
  ...extra,
];
const cases = [
  ['baseline: node -e 0', () => ['-e', '0']],
  // The default deadline: on a loaded machine a healthy run can itself take longer than DEADLINE_MS.
  [
    'baseline: daily, healthy simulator',
    () => ({
      args: [bin, 'daily', '--url', sim.url, '--no-state', '--now', '2026-11-26T12:00:00Z'],
      env: { PROVOPS_API_KEY: sim.keys.apiKey, PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey },
    }),
  ],
  ['hung gateway (every route)', async () => daily((await serve({ '*': 'hang' })).url, ['--timeout', '600000'])],
  [
    '240k models of one id',
    async () =>
      daily((await serve({ '/healthz': '{"status":"ok"}', '/v1/models': models(240_000, () => 'same-id') })).url),
  ],
  [
    '1M models (cap raised to 256 MiB)',
    async () =>
      daily((await serve({ '/healthz': '{"status":"ok"}', '/v1/models': models(1_000_000) })).url, [
        '--config',
        bigConfig,
      ]),
  ],
  [
    '200k Kiro credentials',
    async () =>
      daily(
        (
          await serve({
            '/healthz': '{"status":"ok"}',
            '/v0/management/auth-files': kiroFiles(200_000),
            '/v0/management/kiro-quota': 'hang',
          })
        ).url,
      ),
  ],
  [
    '100k usage details',
    async () => daily((await serve({ '/healthz': '{"status":"ok"}', '/v0/management/usage': usage(100_000) })).url),
  ],
  [
    'FIFO as --log-file',
    () => [bin, 'check', 'log-scan', '--log-file', fifo, '--no-state', '--deadline', String(DEADLINE_MS)],
  ],
  [
    'YAML alias bomb as --config',
    () => [bin, 'daily', '--config', yamlBomb, '--no-state', '--deadline', String(DEADLINE_MS)],
  ],
  [
    '--config /dev/zero',
    () => [bin, 'daily', '--config', '/dev/zero', '--no-state', '--deadline', String(DEADLINE_MS)],
  ],
];

console.log(`deadline ${DEADLINE_MS} ms; goal: overrun ≤ 1000 ms, peak RSS ≤ 256 MiB\n`);
console.log('| case | wall | over the deadline | peak RSS | exit |');
console.log('|---|---|---|---|---|');
for (const [name, args] of cases) {
  const spec = await args();
  const r = Array.isArray(spec) ? await measure(spec) : await measure(spec.args, spec.env);
  const over = r.ms - DEADLINE_MS;
  const verdict = r.killed ? ' (killed)' : over > 1000 || r.mib > 256 ? ' ✗' : '';
  console.log(
    `| ${name} | ${Math.round(r.ms)} ms | ${name.startsWith('baseline') ? '' : `${Math.round(over)} ms`} | ${r.mib.toFixed(0)} MiB | ${r.code}${verdict} |`,
  );
}
await sim.close();
process.exit(0);
