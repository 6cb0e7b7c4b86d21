// node bench/large-answers.mjs [--quick]
// Large gateway answers, end to end: `provops check <id>` (its own process, as an operator runs it)
// against a loopback gateway streaming generated bodies, with wall time, peak RSS and the verdict,
// held to the default --deadline (60 s) and to 256 MiB of peak RSS. Then the /usage readers side by
// side on the same 1M-detail body, each in its own process: JSON.parse of the held body (the old
// way), @streamparser/json, and provops's byte scanner. BENCH_BEFORE=<checkout>/bin/provops.js runs
// each answer with that build too, just before this one, for a before/after in one run.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authFiles, logLines, models, usage } from './large/bodies.mjs';

const NOW = '2026-11-26T12:00:00Z';
const END_MS = Date.parse(NOW);
const API_KEY = 'sk-bench-api-key-000000000000';
const MGMT_KEY = 'mgmt-bench-key-000000000000';
const quick = process.argv.includes('--quick');
const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const peakRss = new URL('./large/peak-rss.mjs', import.meta.url).href;
const parsers = fileURLToPath(new URL('./large/parsers.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'provops-large-'));

const KIRO_QUOTA = JSON.stringify({
  profile_arn: 'arn:aws:codewhisperer:us-east-1:123456789012:profile/EXAMPLE',
  remaining_quota: 412.5,
  usage_percentage: 17.5,
  quota_exhausted: false,
  usage: {
    usageBreakdownList: [
      { resourceType: 'AGENTIC_REQUEST', usageLimitWithPrecision: 500, currentUsageWithPrecision: 87.5 },
    ],
    nextDateReset: 1772323200000,
  },
});

/** A gateway whose routes stream `bodies[path]()`; kiro-quota answers for whichever credential is asked. */
async function gateway(bodies) {
  let requests = 0;
  const server = createServer(async (req, res) => {
    requests++;
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/v0/management/') && req.headers.authorization !== `Bearer ${MGMT_KEY}`)
      return res.writeHead(401).end('{"error":"invalid management key"}');
    if (url.pathname === '/healthz') return res.writeHead(200).end('{"status":"ok"}');
    if (url.pathname === '/v0/management/debug') return res.writeHead(200).end('{"debug":false}');
    if (url.pathname === '/v0/management/kiro-quota')
      return res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(KIRO_QUOTA.replace('{', `{"auth_index":"${url.searchParams.get('auth_index')}",`));
    const body = bodies[url.pathname];
    if (!body) return res.writeHead(404).end('404 page not found');
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const chunk of body(url)) if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests: () => requests,
    close: () => new Promise((r) => server.close(r)),
  };
}

function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const rss = join(tmp, `rss-${Math.random()}`);
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env, BENCH_RSS_FILE: rss, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let rssMiB = NaN;
      try {
        rssMiB = Number(readFileSync(rss, 'utf8')) / 1024;
      } catch {
        // the process died before its exit hook
      }
      resolve({ code, ms, rssMiB, out, err });
    });
  });
}

async function provops(name, id, bodies, extra = [], build = bin) {
  const gw = await gateway(bodies);
  try {
    const r = await run(
      process.execPath,
      [
        '--import',
        peakRss,
        build,
        'check',
        id,
        '--url',
        gw.url,
        '--now',
        NOW,
        '--no-state',
        '--format',
        'json',
        ...extra,
      ],
      { PROVOPS_API_KEY: API_KEY, PROVOPS_MANAGEMENT_KEY: MGMT_KEY },
    );
    let verdict = `exit ${r.code}`;
    try {
      const report = JSON.parse(r.out);
      const result = report.targets[0].results.find((x) => x.id === id);
      verdict = `${result.status}: ${result.summary.slice(0, 90)}`;
    } catch {
      verdict += ` ${r.err.split('\n')[0]}`;
    }
    return { name, ...r, verdict, requests: gw.requests() };
  } finally {
    await gw.close();
  }
}

const K = 1000;
const limitOf = (url) => Number(url.searchParams.get('limit')) || Infinity;
const cases = [
  ['usage, 100k details', 'spark-error-ratio', { '/v0/management/usage': () => usage(100 * K, END_MS) }],
  ['models, 1M entries', 'model-inventory', { '/v1/models': () => models(quick ? 100 * K : 1000 * K) }],
  ['models, one id x 240k owners', 'spark-eligibility', { '/v1/models': () => models(240 * K, { sameId: true }) }],
  [
    'auth-files, 200k Kiro credentials',
    'kiro-quota',
    { '/v0/management/auth-files': () => authFiles(quick ? 20 * K : 200 * K) },
  ],
  [
    'logs API, 1M lines',
    'log-scan',
    // As the gateway's handler does: the newest `limit` lines of the window (the lines are 50 ms apart).
    { '/v0/management/logs': (url) => logLines(Math.min(quick ? 100 * K : 1000 * K, limitOf(url)), END_MS) },
    ['--log-timezone', 'UTC'],
  ],
];
if (!quick)
  cases.splice(1, 0, [
    'usage, 1M details',
    'spark-error-ratio',
    { '/v0/management/usage': () => usage(1000 * K, END_MS) },
  ]);

// BENCH_BEFORE=<another checkout>/bin/provops.js: each answer also read by that build, just before this one.
const before = process.env.BENCH_BEFORE;

// --only <text>: just the answers whose name contains it, and no reader comparison.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only) cases.splice(0, cases.length, ...cases.filter(([name]) => name.includes(only)));

console.log(`large answers, node ${process.version}; goals: within the 60 s default deadline, peak RSS <= 256 MiB`);
console.log(`${'answer'.padEnd(36)} ${'wall'.padStart(8)} ${'peak RSS'.padStart(10)}  requests  verdict`);
for (const [name, id, bodies, extra] of cases) {
  for (const [label, build] of before
    ? [
        [`before: ${name}`, before],
        [name, bin],
      ]
    : [[name, bin]]) {
    const r = await provops(label, id, bodies, extra, build);
    console.log(
      `${label.padEnd(36)} ${(r.ms / 1000).toFixed(1).padStart(6)} s ${r.rssMiB.toFixed(0).padStart(6)} MiB  ${String(r.requests).padStart(8)}  ${r.verdict}`,
    );
  }
}

if (only) process.exit(0);
// The /usage readers side by side on one body written to disk once.
const details = quick ? 100 * K : 1000 * K;
const file = join(tmp, 'usage.json');
await new Promise((resolve, reject) => {
  const out = createWriteStream(file);
  out.on('error', reject);
  out.on('finish', resolve);
  (async () => {
    for (const chunk of usage(details, END_MS)) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    out.end();
  })();
});
console.log(`\n/usage readers on one ${details / K}k-detail body (each its own process, 64 KiB chunks)`);
for (const how of ['json-parse', 'streamparser', 'scanner']) {
  const r = await run(process.execPath, [parsers, how, file]);
  const got = JSON.parse(r.out || '{}');
  console.log(
    `${how.padEnd(14)} ${(got.ms / 1000).toFixed(2).padStart(7)} s  peak RSS ${got.peakRssMiB?.toFixed(0).padStart(5)} MiB  details ${got.details}`,
  );
}
rmSync(tmp, { recursive: true, force: true });
