// Startup benchmark: `provops --version`, `list` and `explain` against the floor of `node -e 0`, in
// one run on the same machine. Wall-clock medians over N spawns (default 20; BENCH_RUNS to change).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 20);
const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['provops --version', [bin, '--version']],
  ['provops list', [bin, 'list']],
  ['provops explain health', [bin, 'explain', 'health']],
];

function time(args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], p90: samples[Math.floor(runs * 0.9)] };
}

const rows = cases.map(([name, args]) => [name, time(args)]);
const base = rows[0][1].median;
console.log(`startup, ${runs} runs each, node ${process.version}`);
console.log('command                      median     p90   over baseline');
for (const [name, { median, p90 }] of rows) {
  console.log(
    `${name.padEnd(28)} ${median.toFixed(1).padStart(6)} ms ${p90.toFixed(1).padStart(6)} ms   ${name.includes('baseline') ? '' : `+${(median - base).toFixed(1)} ms`}`,
  );
}
