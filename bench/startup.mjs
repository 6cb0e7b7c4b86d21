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

// BENCH_BEFORE=<another checkout>/bin/provops.js adds that build's --version and list, for a before/after.
if (process.env.BENCH_BEFORE)
  cases.splice(
    3,
    0,
    ['before: provops --version', [process.env.BENCH_BEFORE, '--version']],
    ['before: provops --help', [process.env.BENCH_BEFORE, '--help']],
  );

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
// CPU time (user + system) per spawn, which other work on a shared machine disturbs far less than wall
// time: the children's total from bash's `times` over the same number of spawns, run back to back.
function cpuMs(args) {
  const script = `for i in $(seq ${runs}); do "$0" "$@" >/dev/null; done; times`;
  const r = spawnSync('bash', ['-c', script, process.execPath, ...args], { cwd: root, encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return ((secs[0] + secs[1]) * 1000) / runs;
}
const cpu = cases.map(([, args]) => cpuMs(args));
const base = rows[0][1].median;
console.log(`startup, ${runs} runs each, node ${process.version}`);
console.log(`${'command'.padEnd(42)} median     p90   over baseline    cpu/spawn  over baseline`);
rows.forEach(([name, { median, p90 }], i) => {
  const over = i === 0 ? ''.padEnd(17) : `+${(median - base).toFixed(1)} ms  ${(median / base).toFixed(2)}x`.padEnd(17);
  const cpuOver = i === 0 ? '' : `${(cpu[i] / cpu[0]).toFixed(2)}x`;
  console.log(
    `${name.padEnd(42)} ${median.toFixed(1).padStart(6)} ms ${p90.toFixed(1).padStart(6)} ms   ${over} ${cpu[i].toFixed(1).padStart(6)} ms  ${cpuOver}`,
  );
});
