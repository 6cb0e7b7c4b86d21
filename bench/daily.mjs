// node bench/daily.mjs [--latency 0,50,200] [--runs N]
// `provops daily` against the runbook's own curl | jq lines, in one run, on the same simulator (in this
// process, plus flavour, healthy, clock pinned), with the simulator adding each --latency (ms) to every
// response. The baseline is what an on-call engineer pastes each morning (rg replaced by grep -E);
// provops runs all nine checks, the log scan through the management API included, which the runbook
// has no line for, and also the seven the runbook lines cover. Runs alternate between the commands so
// that load from other work hits each alike; each command is its own process, as cron would run it.
// Per latency: medians, provops / runbook, and the round trips on the critical path, counted from the
// request timeline a recording proxy keeps (bench/daily/timeline.mjs). Goals (issue #11): daily /
// runbook <= 0.60 at 50 ms and <= 0.45 at 200 ms.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../dist/src/simulator/index.js';
import { criticalRoundTrips, startTimeline } from './daily/timeline.mjs';

const NOW = '2026-11-26T12:00:00Z';
function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const latencies = arg('latency', '0,50,200').split(',').map(Number);
const runs = Number(arg('runs', process.env.BENCH_RUNS ?? 7));
const bin = fileURLToPath(new URL('../bin/provops.js', import.meta.url));

// The runbook, line by line (Daily Checks 1-3, 5, 6; Quota Visibility; usage for the Spark ratio).
const RUNBOOK = `
curl -sS "$URL/health"
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq '.data | length'
curl -sS "$URL/v1/metrics/providers" | jq
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq -r '.data[].id' | grep -E 'gpt-5.3-codex|gpt-5.3-codex-spark'
curl -sS "$URL/v1/models" -H "Authorization: Bearer $API_KEY" | jq -r '.data[].id' | grep -E 'gemini-claude-opus-4-6-thinking|claude-opus-4-6-thinking'
curl -sS "$URL/v0/management/auth-files" -H "Authorization: Bearer $MGMT_KEY" | jq
curl -sS "$URL/v0/management/kiro-quota?auth_index=$KIRO" -H "Authorization: Bearer $MGMT_KEY" | jq
curl -sS "$URL/v0/management/usage" -H "Authorization: Bearer $MGMT_KEY" | jq '.usage.total_requests'
`;

function once(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 || cmd === 'bash'
        ? resolve(performance.now() - t0)
        : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`daily vs the runbook's lines, ${runs} alternating runs each, node ${process.version}`);
console.log(
  `${'latency'.padStart(7)}  ${'runbook'.padStart(8)}  ${'daily (9)'.padStart(9)}  ${'ratio'.padStart(5)}  ${'daily (7)'.padStart(9)}  ${'ratio'.padStart(5)}  round trips: runbook / daily / daily (7)`,
);
for (const latencyMs of latencies) {
  const sim = await startSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW, latencyMs });
  const proxy = await startTimeline(sim.url);
  const auth = await fetch(`${sim.url}/v0/management/auth-files`, {
    headers: { authorization: `Bearer ${sim.keys.managementKey}` },
  }).then((r) => r.json());
  const env = {
    ...process.env,
    URL: proxy.url,
    API_KEY: sim.keys.apiKey,
    MGMT_KEY: sim.keys.managementKey,
    KIRO: auth.files.find((f) => f.provider === 'kiro').auth_index,
    PROVOPS_API_KEY: sim.keys.apiKey,
    PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey,
    NO_COLOR: '1',
  };
  const daily = [bin, 'daily', '--url', proxy.url, '--now', NOW, '--no-state', '--format', 'json'];
  const cases = {
    runbook: ['bash', ['-c', RUNBOOK]],
    daily: [process.execPath, daily],
    seven: [process.execPath, [...daily, '--skip', 'log-scan,quota-pressure']],
  };
  const times = { runbook: [], daily: [], seven: [] };
  const trips = { runbook: 0, daily: 0, seven: 0 };
  proxy.take();
  for (let i = 0; i < runs; i++)
    for (const [name, [cmd, args]] of Object.entries(cases)) {
      times[name].push(await once(cmd, args, env));
      trips[name] = Math.max(trips[name], criticalRoundTrips(proxy.take()));
    }
  await proxy.close();
  await sim.close();
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(
    `${`${latencyMs} ms`.padStart(7)}  ${`${m.runbook.toFixed(0)} ms`.padStart(8)}  ${`${m.daily.toFixed(0)} ms`.padStart(9)}  ${(m.daily / m.runbook).toFixed(2).padStart(5)}  ${`${m.seven.toFixed(0)} ms`.padStart(9)}  ${(m.seven / m.runbook).toFixed(2).padStart(5)}  ${trips.runbook} / ${trips.daily} / ${trips.seven}`,
  );
}
