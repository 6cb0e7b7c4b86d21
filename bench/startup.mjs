// Startup benchmark: `provops --version`, `--help`, `list` and `explain` against the floor of
// `node -e 0`, in one run on the same machine; and what a daily run pays to load undici, its whole
// index against the two files http.ts loads. Wall-clock medians over N spawns (default 20; BENCH_RUNS).
// Goal (issue #11): --version within 1.25x of `node -e 0`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 20);
const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['provops --version', [bin, '--version']],
  ['provops --help', [bin, '--help']],
  ['provops list', [bin, 'list']],
  ['provops explain health', [bin, 'explain', 'health']],
  ["require('undici') (its index)", ['-e', "require('undici')"]],
  [
    'undici Agent + request() only (http.ts)',
    ['-e', "require('undici/lib/dispatcher/agent.js'); require('undici/lib/api/api-request.js')"],
  ],
];

function spawnOnce(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd: root });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// Interleaved rounds, so that a burst of load from other work on the machine hits every case alike.
const samples = cases.map(() => []);
for (let round = 0; round < runs; round++) cases.forEach(([, args], i) => samples[i].push(spawnOnce(args)));
const rows = cases.map(([name], i) => {
  const s = samples[i].sort((a, b) => a - b);
  return [name, { median: s[Math.floor(runs / 2)], p90: s[Math.floor(runs * 0.9)] }];
});
const base = rows[0][1].median;
console.log(`startup, ${runs} runs each, node ${process.version}`);
console.log(`${'command'.padEnd(42)} median     p90   over baseline`);
for (const [name, { median, p90 }] of rows) {
  const over = name.includes('baseline') ? '' : `+${(median - base).toFixed(1)} ms  ${(median / base).toFixed(2)}x`;
  console.log(`${name.padEnd(42)} ${median.toFixed(1).padStart(6)} ms ${p90.toFixed(1).padStart(6)} ms   ${over}`);
}
