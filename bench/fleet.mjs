// A full `provops daily` over a fleet of simulated gateways against the same daily over one of them,
// in one run. One process (this one) serves every gateway, each on its own loopback port with added
// latency (BENCH_LATENCY_MS, default 50), sharing the answers they all compute alike (startSimulatorFleet),
// so the simulator costs what the network would; provops runs as its own process, as cron would run it,
// and its peak RSS is read through bench/rss-hook.mjs. Medians of BENCH_RUNS (default 5) alternating runs.
//   node bench/fleet.mjs            (after npm run build; BENCH_TARGETS=200 by default)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulatorFleet } from '../dist/src/simulator/index.js';

const NOW = '2026-11-26T12:00:00Z';
const targets = Number(process.env.BENCH_TARGETS ?? 200);
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const hook = fileURLToPath(new URL('./rss-hook.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'provops-bench-fleet-'));

const t0 = performance.now();
const sims = await startSimulatorFleet(targets, { flavor: 'plus', scenario: 'healthy', now: NOW, latencyMs });
const startMs = performance.now() - t0;

const lines = ['targets:'];
sims.forEach((s, i) =>
  lines.push(
    `  - { name: gw-${i}, url: "${s.url}", apiKey: "${s.keys.apiKey}", managementKey: "${s.keys.managementKey}" }`,
  ),
);
writeFileSync(join(dir, 'provops.yaml'), `${lines.join('\n')}\n`);

// Asynchronous on purpose: the gateways answer from this process's event loop.
function once(args) {
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', hook, bin, 'daily', '--no-state', '--now', NOW, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', PROVOPS_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0)
        return reject(new Error(`daily ${args.join(' ')} exited ${code}: ${stderr}${stdout.slice(-2000)}`));
      const report = JSON.parse(stdout);
      const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
      resolve({
        wallMs,
        rss: usage.rssBytes,
        cpuMs: usage.cpuMs,
        targets: report.targets.length,
        status: report.status,
      });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const extra = (process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean);
const cases = [
  ['one gateway (--target gw-0)', ['--format', 'json', '--target', 'gw-0', ...extra]],
  [`the fleet (${targets} gateways)`, ['--format', 'json', ...extra]],
];
const samples = cases.map(() => []);
for (let r = 0; r < runs; r++)
  for (const [i, [, args]] of cases.entries()) {
    const s = await once(args);
    if (s.status !== 'pass') throw new Error(`expected a passing fleet, got ${s.status}`);
    samples[i].push(s);
  }

console.log(
  `${targets} simulated gateways (plus, healthy) on ${targets} ports of one process, ${latencyMs} ms added latency; started in ${Math.round(startMs)} ms`,
);
console.log(`medians of ${runs} alternating runs; provops daily --no-state --format json ${extra.join(' ')}\n`);
console.log('| run | targets | wall | provops CPU | peak RSS |');
console.log('|---|---|---|---|---|');
for (const [i, [label]] of cases.entries()) {
  const s = samples[i];
  console.log(
    `| ${label} | ${s[0].targets} | ${(median(s.map((x) => x.wallMs)) / 1000).toFixed(2)} s | ${(median(s.map((x) => x.cpuMs)) / 1000).toFixed(2)} s | ${Math.round(median(s.map((x) => x.rss)) / 1024 / 1024)} MiB |`,
  );
}
await Promise.all(sims.map((s) => s.close()));
rmSync(dir, { recursive: true, force: true });
