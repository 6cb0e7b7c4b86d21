// `provops daily` against the runbook's own curl | jq lines, in one run, on the same simulator (in this
// process, plus flavour, healthy, clock pinned). The baseline is what an on-call engineer pastes each
// morning (rg replaced by grep -E, which is on every host); provops runs all nine checks, the log scan
// through the management API included, which the runbook has no line for. Medians of N runs
// (BENCH_RUNS, default 10); each command is its own process, as an operator or cron would run it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../dist/src/simulator/index.js';

const NOW = '2026-11-26T12:00:00Z';
const runs = Number(process.env.BENCH_RUNS ?? 10);
const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));
const sim = await startSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW });
const env = { ...process.env, URL: sim.url, API_KEY: sim.keys.apiKey, MGMT_KEY: sim.keys.managementKey, NO_COLOR: '1' };

const auth = await fetch(`${sim.url}/v0/management/auth-files`, {
  headers: { authorization: `Bearer ${sim.keys.managementKey}` },
}).then((r) => r.json());
const kiro = auth.files.find((f) => f.provider === 'kiro').auth_index;

// The runbook, line by line (Daily Checks 1-3, 5, 6; Quota Visibility; usage for the Spark ratio).
const runbook = `
curl -sS "$URL/health"
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq '.data | length'
curl -sS "$URL/v1/metrics/providers" | jq
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq -r '.data[].id' | grep -E 'gpt-5.3-codex|gpt-5.3-codex-spark'
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq -r '.data[].id' | grep -E 'gemini-claude-opus-4-6-thinking|claude-opus-4-6-thinking'
curl -sS "$URL/v0/management/auth-files" -H "Authorization: Bearer $MGMT_KEY" | jq
curl -sS "$URL/v0/management/kiro-quota?auth_index=${kiro}" -H "Authorization: Bearer $MGMT_KEY" | jq
curl -sS "$URL/v0/management/usage" -H "Authorization: Bearer $MGMT_KEY" | jq '.usage.total_requests'
`;

const cases = [
  ['runbook curl | jq lines (7 of 9 checks, judged by eye)', 'bash', ['-c', runbook]],
  [
    'provops daily (9 checks, judged)',
    process.execPath,
    [bin, 'daily', '--url', sim.url, '--now', NOW, '--no-state', '--format', 'json'],
  ],
  [
    'provops daily --skip log-scan,quota-pressure (like for like)',
    process.execPath,
    [
      bin,
      'daily',
      '--url',
      sim.url,
      '--now',
      NOW,
      '--no-state',
      '--format',
      'json',
      '--skip',
      'log-scan,quota-pressure',
    ],
  ],
  ['provops daily --format table', process.execPath, [bin, 'daily', '--url', sim.url, '--now', NOW, '--no-state']],
];

// Asynchronous on purpose: the simulator answers from this process's event loop.
function once(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...env, PROVOPS_API_KEY: sim.keys.apiKey, PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || cmd === 'bash' ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

async function time(cmd, args) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once(cmd, args);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(runs / 2)], p90: samples[Math.min(runs - 1, Math.floor(runs * 0.9))] };
}

const rows = [];
for (const [name, cmd, args] of cases) rows.push([name, await time(cmd, args)]);
await sim.close();
console.log(`daily vs the runbook's lines, ${runs} runs each, node ${process.version}, simulator in-process`);
for (const [name, { median, p90 }] of rows)
  console.log(`${name.padEnd(62)} median ${median.toFixed(0).padStart(5)} ms   p90 ${p90.toFixed(0).padStart(5)} ms`);
console.log(
  `simulator requests served: ${sim.hits.count()} (provops fetches /v1/models once per run; the runbook lines fetch it three times)`,
);
