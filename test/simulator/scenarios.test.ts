// The planted situations, measured from what the simulator serves with the rules (and default
// thresholds) that the issue-4 checks will apply, written here independently of those checks. Each
// scenario's `expected` verdicts must follow from its data, per flavour.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checks } from '../../checks/index.js';
import type { Status as Verdict } from '../../src/check.js';
import { SCENARIOS, type RunningSimulator, type ScenarioName } from '../../src/simulator/index.js';
import { EXPECTED } from '../helpers/expected-verdicts.js';

type CheckId = string;
import { parseZone, wallClockToEpochMs } from '../../src/timezone.js';
import { bearer, getJson, send, withSimulator } from './helpers.js';

const NOW = '2026-11-26T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const ZONE = '+08:00';
const MIN = 60_000;
const ACCESS =
  /^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\] \[[0-9a-f-]{8}\] \[[a-z ]{5}\] \[gin_logger\.go:\d+\] ([ \d]{3}) \| /;

const worst = (verdicts: Verdict[]): Verdict =>
  (['fail', 'warn', 'pass'] as const).find((v) => verdicts.includes(v)) ?? 'skip';

interface Access {
  at: number;
  status: number;
}

async function accessLog(sim: RunningSimulator): Promise<Access[]> {
  const zone = parseZone(ZONE);
  const { json } = await getJson(
    `${sim.url}/v0/management/logs?after=${NOW_MS / 1000 - 86400}`,
    bearer(sim.keys.managementKey),
  );
  return (json as { lines: string[] }).lines.flatMap((line) => {
    const m = ACCESS.exec(line);
    if (!m) return [];
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return [{ at: wallClockToEpochMs(zone, y, mo, d, h, mi, s), status: Number(m[7]) }];
  });
}

/** log-scan: minute m is hot when the 5 minutes up to it hold >= 10 events of a status; a burst is a run of hot minutes. */
function longestBurstMinutes(log: Access[], status: number): number {
  const perMinute = new Map<number, number>();
  for (const e of log)
    if (e.status === status) perMinute.set(Math.floor(e.at / MIN), (perMinute.get(Math.floor(e.at / MIN)) ?? 0) + 1);
  let longest = 0;
  let run = 0;
  for (let m = Math.floor(NOW_MS / MIN) - 1440; m <= Math.floor(NOW_MS / MIN); m++) {
    let trailing = 0;
    for (let k = 0; k < 5; k++) trailing += perMinute.get(m - k) ?? 0;
    run = trailing >= 10 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

function logScan(log: Access[]): Verdict {
  const longest = Math.max(...[401, 403, 429].map((s) => longestBurstMinutes(log, s)));
  return longest >= 15 ? 'fail' : longest > 0 ? 'warn' : 'pass';
}

function quotaPressure(log: Access[]): Verdict {
  const window = (from: number, to: number) =>
    log.filter((e) => e.at > NOW_MS - from * MIN && e.at <= NOW_MS - to * MIN);
  const last = window(60, 0);
  const before = window(120, 60);
  if (!last.length) return 'skip';
  const share429 = last.filter((e) => e.status === 429).length / last.length;
  const ok = (w: Access[]) => w.filter((e) => e.status < 400).length / w.length;
  const fell = ok(last) < ok(before);
  if (fell && share429 >= 0.2) return 'fail';
  return fell && share429 >= 0.05 ? 'warn' : 'pass';
}

async function providerMetrics(sim: RunningSimulator): Promise<Verdict> {
  const { status, json } = await getJson(`${sim.url}/v1/metrics/providers`);
  if (status === 404) return 'skip';
  const rates = Object.values(json as Record<string, { request_count: number; success_rate: number }>)
    .filter((m) => m.request_count >= 20)
    .map((m) => m.success_rate);
  if (!rates.length) return 'skip';
  return worst(rates.map((r) => (r < 0.95 ? 'fail' : r < 0.98 ? 'warn' : 'pass')));
}

async function modelIds(sim: RunningSimulator): Promise<string[]> {
  const { json } = await getJson(`${sim.url}/v1/models`, bearer(sim.keys.apiKey));
  return (json as { data: Array<{ id: string }> }).data.map((m) => m.id);
}

async function kiroQuota(sim: RunningSimulator): Promise<Verdict> {
  const { json } = await getJson(`${sim.url}/v0/management/auth-files`, bearer(sim.keys.managementKey));
  const kiro = (json as { files: Array<{ provider: string; auth_index: string }> }).files.filter(
    (f) => f.provider === 'kiro',
  );
  const quota = await send(`${sim.url}/v0/management/kiro-quota`, { headers: bearer(sim.keys.managementKey) });
  if (!kiro.length || quota.status === 404) return 'skip';
  const verdicts: Verdict[] = [];
  for (const f of kiro) {
    const q = (
      await getJson(`${sim.url}/v0/management/kiro-quota?auth_index=${f.auth_index}`, bearer(sim.keys.managementKey))
    ).json as { auth_index: string; usage_percentage: number; quota_exhausted: boolean };
    expect(q.auth_index).toBe(f.auth_index);
    verdicts.push(q.quota_exhausted || q.usage_percentage >= 95 ? 'fail' : q.usage_percentage >= 80 ? 'warn' : 'pass');
  }
  return worst(verdicts);
}

async function sparkErrorRatio(sim: RunningSimulator): Promise<Verdict> {
  const res = await getJson(`${sim.url}/v0/management/usage`, bearer(sim.keys.managementKey));
  if (res.status === 404) return 'skip';
  const apis = (
    res.json as {
      usage: {
        apis: Record<string, { models: Record<string, { details: Array<{ timestamp: string; failed: boolean }> }> }>;
      };
    }
  ).usage.apis;
  const recent = Object.values(apis)
    .flatMap((a) => a.models['gpt-5.3-codex-spark']?.details ?? [])
    .filter((d) => Date.parse(d.timestamp) > NOW_MS - 10 * MIN && Date.parse(d.timestamp) <= NOW_MS);
  if (recent.length < 20) return 'skip';
  const ratio = recent.filter((d) => d.failed).length / recent.length;
  return ratio > 0.05 ? 'fail' : ratio > 0.02 ? 'warn' : 'pass';
}

describe('scenarios', () => {
  it('each states a verdict for every check and flavour', () => {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      expect(scenario.summary.length).toBeGreaterThan(20);
      for (const flavor of ['plus', 'upstream'] as const)
        expect(Object.keys(EXPECTED[name as ScenarioName][flavor]).sort()).toEqual(checks.map((c) => c.id).sort());
    }
  });

  it('healthy passes everything on plus (the demo exits 0)', () => {
    expect(Object.values(EXPECTED.healthy.plus).every((v) => v === 'pass')).toBe(true);
  });

  for (const name of ['healthy', 'degraded', 'incident'] as const) {
    for (const flavor of ['plus', 'upstream'] as const) {
      it(`${name} on ${flavor} plants what its expected verdicts say`, async () => {
        await withSimulator({ flavor, scenario: name, now: NOW, timeZone: ZONE }, async (sim) => {
          const log = await accessLog(sim);
          const ids = await modelIds(sim);
          const measured: Partial<Record<CheckId, Verdict>> = {
            'provider-metrics': await providerMetrics(sim),
            'log-scan': logScan(log),
            'spark-eligibility': ids.includes('gpt-5.3-codex') && ids.includes('gpt-5.3-codex-spark') ? 'pass' : 'warn',
            'antigravity-aliases':
              ids.includes('claude-opus-4-6-thinking') || ids.includes('gemini-claude-opus-4-6-thinking')
                ? 'pass'
                : 'fail',
            'kiro-quota': await kiroQuota(sim),
            'spark-error-ratio': await sparkErrorRatio(sim),
            'quota-pressure': quotaPressure(log),
          };
          const { health: _h, 'model-inventory': _m, ...expected } = EXPECTED[name][flavor];
          expect(measured).toEqual(expected);
        });
      });
    }
  }

  it('degraded: the Codex rate sits mid-band, the 429 burst is short, Kiro is at 85%', async () => {
    await withSimulator({ scenario: 'degraded', now: NOW, timeZone: ZONE }, async (sim) => {
      const { json } = await getJson(`${sim.url}/v1/metrics/providers`);
      const codex = (json as Record<string, { success_rate: number }>).codex?.success_rate ?? 0;
      expect(codex).toBeGreaterThan(0.955);
      expect(codex).toBeLessThan(0.975);
      const log = await accessLog(sim);
      expect(longestBurstMinutes(log, 429)).toBeGreaterThanOrEqual(5);
      expect(longestBurstMinutes(log, 429)).toBeLessThan(15);
    });
  });

  it('incident: the 401 burst comes from one client IP and lasts well past 15 minutes', async () => {
    await withSimulator({ scenario: 'incident', now: NOW, timeZone: ZONE }, async (sim) => {
      const { json } = await getJson(
        `${sim.url}/v0/management/logs?after=${NOW_MS / 1000 - 86400}`,
        bearer(sim.keys.managementKey),
      );
      const ips = new Set(
        (json as { lines: string[] }).lines
          .filter((l) => / 401 \| /.test(l) && l.includes('/v1/chat/completions'))
          .map((l) => l.split('|')[2]?.trim()),
      );
      expect([...ips]).toEqual(['198.51.100.23']);
      expect(longestBurstMinutes(await accessLog(sim), 401)).toBeGreaterThanOrEqual(25);
    });
  });

  it("outage: every route, known or not, is the fronting proxy's 502 page", async () => {
    await withSimulator({ scenario: 'outage' }, async (sim) => {
      for (const path of ['/', '/healthz', '/v1/models', '/v1/metrics/providers', '/v0/management/logs', '/nope']) {
        const res = await send(`${sim.url}${path}`, { headers: bearer(sim.keys.apiKey) });
        expect(res.status).toBe(502);
        expect(res.body).toContain('<title>502 Bad Gateway</title>');
      }
    });
  });
});

describe('the simulator clock', () => {
  const snapshot = async (now: string) =>
    withSimulator({ scenario: 'degraded', now, timeZone: ZONE }, async (sim) => {
      const logs = (await getJson(`${sim.url}/v0/management/logs`, bearer(sim.keys.managementKey))).json as {
        lines: string[];
        'latest-timestamp': number;
      };
      const usage = (await send(`${sim.url}/v0/management/usage`, { headers: bearer(sim.keys.managementKey) })).body;
      const models = (await send(`${sim.url}/v1/models`, { headers: bearer(sim.keys.apiKey) })).body;
      return {
        logs,
        digest: createHash('sha256')
          .update(logs.lines.join('\n') + usage + models)
          .digest('hex'),
      };
    });

  it('--now pins every byte: the same instant serves the same data', async () => {
    const [a, b] = [await snapshot(NOW), await snapshot(NOW)];
    expect(a.digest).toBe(b.digest);
  });

  it('time-based data is generated back from the pinned instant', async () => {
    for (const now of [NOW, '2031-05-01T03:30:00Z']) {
      const { logs } = await snapshot(now);
      const nowS = Date.parse(now) / 1000;
      expect(logs['latest-timestamp']).toBeLessThanOrEqual(nowS);
      expect(logs['latest-timestamp']).toBeGreaterThan(nowS - 60);
      // 24 h of lines, oldest first, in the host's wall clock (+08:00)
      const local = new Date(Date.parse(now) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
      expect((logs.lines.at(-1) ?? '').slice(1, 17) <= local).toBe(true);
      expect(logs.lines.length).toBeGreaterThan(9000);
    }
  });

  it('the planted burst moves with the pinned clock', async () => {
    for (const now of [NOW, '2027-01-15T08:00:41Z']) {
      await withSimulator({ scenario: 'degraded', now, timeZone: 'UTC' }, async (sim) => {
        const { json } = await getJson(`${sim.url}/v0/management/logs`, bearer(sim.keys.managementKey));
        const stamps = (json as { lines: string[] }).lines
          .filter((l) => / 429 \| /.test(l))
          .map((l) => Date.parse(`${l.slice(1, 20).replace(' ', 'T')}Z`));
        // Episodes are placed in whole minutes before the anchor's minute.
        const anchor = Math.floor(Date.parse(now) / MIN) * MIN;
        const inBurst = stamps.filter((t) => t >= anchor - 40 * MIN && t < anchor - 30 * MIN);
        expect(inBurst.length).toBeGreaterThanOrEqual(40);
        expect(stamps.length - inBurst.length).toBeLessThan(40); // a stray baseline 429 now and then, over 24 h
      });
    }
  });
});
