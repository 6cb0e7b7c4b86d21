// --from-gateway against the simulator over loopback: the gateway's own config.yaml linted, the entry its
// sanitizers dropped reported at its line, ids compared with /v1/models, and the management ban rule held.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintCommand } from '../../src/commands/lint.js';
import { sanitize } from '../../src/simulator/config-file.js';
import { SCENARIOS, type RunningSimulator } from '../../src/simulator/index.js';
import { NOW, send, bearer, withSimulator } from '../simulator/helpers.js';

const env = (sim: RunningSimulator, keys: { api?: string; management?: string } = {}) => ({
  PROVOPS_URL: sim.url,
  PROVOPS_API_KEY: keys.api ?? sim.keys.apiKey,
  PROVOPS_MANAGEMENT_KEY: keys.management ?? sim.keys.managementKey,
});

async function lintGateway(sim: RunningSimulator, keys?: { api?: string; management?: string }, files: string[] = []) {
  const run = await lintCommand(files, { fromGateway: true, format: 'json' }, env(sim, keys), '/nonexistent-dir');
  return { ...run, report: JSON.parse(run.text) as LintJson };
}

interface LintJson {
  exitCode: number;
  files: Array<{
    file: string;
    error: string | null;
    findings: Array<{ rule: string; severity: string; line: number; path: string; message: string }>;
  }>;
}

describe('provops lint --from-gateway', () => {
  it('reports the alias entry the incident gateway dropped, at its line in the served config.yaml', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'incident', now: NOW }, async (sim) => {
      const { report, exitCode } = await lintGateway(sim);
      const [file] = report.files;
      // One config.yaml, one /config, one /v1/models, and the key probe: nothing twice.
      expect(sim.hits.count('GET /v0/management/config.yaml')).toBe(1);
      expect(sim.hits.count('GET /v0/management/config')).toBe(1);
      expect(sim.hits.count('GET /v1/models')).toBe(1);
      expect(file?.file).toBe(`${sim.url}/v0/management/config.yaml`);
      const dropped = file?.findings.filter((f) => f.rule === 'dropped-by-gateway') ?? [];
      const served = (await send(`${sim.url}/v0/management/config.yaml`, { headers: bearer(sim.keys.managementKey) }))
        .body;
      const line = served.split('\n').findIndex((l) => l.includes('alias: "gemini-claude-opus-4-6-thinking"'));
      expect(dropped).toEqual([
        expect.objectContaining({
          severity: 'error',
          path: 'oauth-model-alias.antigravity[0]',
          message: expect.stringMatching(
            /gemini-claude-opus-4-6-thinking → gemini-claude-opus-4-6-thinking is in the file but not in what the gateway loaded/,
          ),
        }),
      ]);
      // The entry starts on the line before its alias (`- name: …`).
      expect(dropped[0]?.line).toBe(line);
      expect(exitCode).toBe(2);
    });
  });

  it('finds nothing dropped or missing on the healthy gateway', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW }, async (sim) => {
      const { report } = await lintGateway(sim);
      const rules = report.files[0]?.findings.map((f) => f.rule) ?? [];
      expect(rules).not.toContain('dropped-by-gateway');
      expect(rules).not.toContain('missing-from-models');
    });
  });

  it('compares a local file with what the gateway loaded', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW }, async (sim) => {
      const path = join(mkdtempSync(join(tmpdir(), 'provops-lint-gw-')), 'config.yaml');
      writeFileSync(
        path,
        `api-keys: ["${sim.keys.apiKey}"]
logging-to-file: true
usage-statistics-enabled: true
openai-compatibility:
  - name: deepseek
    base-url: https://api.deepseek.com/v1
    api-key-entries: [{ api-key: sk-deepseek-local-0001 }, { api-key: sk-deepseek-local-0002 }]
    models: [{ name: deepseek-chat, alias: ds-chat }]
`,
      );
      const { report } = await lintGateway(sim, {}, [path]);
      const found = report.files[0]?.findings.map((f) => `${f.rule} ${f.line}`) ?? [];
      expect(found).toContain('dropped-by-gateway 5'); // not loaded: the simulated gateway runs another file
      expect(found).toContain('missing-from-models 8');
    });
  });

  it('sends a wrong management key once, and exits 3 with one line', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW }, async (sim) => {
      const { report, exitCode } = await lintGateway(sim, { management: 'mgmt-wrong-lint-key-0001' });
      expect(exitCode).toBe(3);
      expect(report.files[0]?.error).toMatch(/management key rejected: 401 invalid management key/);
      expect(sim.hits.count({ route: '/v0/management/*', outcome: 'rejected' })).toBe(1);
      expect(sim.hits.count({ route: '/v0/management/*' })).toBe(1);
    });
  });

  it('says when it cannot compare with /v1/models', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW }, async (sim) => {
      const { report } = await lintGateway(sim, { api: 'sk-not-a-client-key-0001' });
      expect(report.files[0]?.findings).toContainEqual(
        expect.objectContaining({
          rule: 'missing-from-models',
          severity: 'info',
          message: expect.stringMatching(/could not compare with \/v1\/models: .*401/),
        }),
      );
    });
  });
});

describe('the simulated config file', () => {
  it('after an alias write holds the lists the gateway kept, and lint sees no drop', async () => {
    await withSimulator({ flavor: 'plus', scenario: 'healthy', now: NOW }, async (sim) => {
      const aliases = [
        { name: 'gpt-5.3-codex', alias: 'gpt-5.3-codex-spark' },
        { name: 'gpt-5.2', alias: 'gpt-5.2' }, // dropped by the sanitizer: alias equals name
      ];
      const write = await send(`${sim.url}/v0/management/oauth-model-alias`, {
        method: 'PATCH',
        headers: { ...bearer(sim.keys.managementKey), 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'codex', aliases }),
      });
      expect(write.status).toBe(200);
      const raw = await send(`${sim.url}/v0/management/config.yaml`, { headers: bearer(sim.keys.managementKey) });
      expect(raw.body).toMatch(/codex:\n\s+- name: "gpt-5\.3-codex"\n\s+alias: "gpt-5\.3-codex-spark"/);
      expect(raw.body).not.toMatch(/alias: "gpt-5\.2"/);
      const { report } = await lintGateway(sim);
      expect(report.files[0]?.findings.map((f) => f.rule)).not.toContain('dropped-by-gateway');
    });
  });

  it('sanitizes to what each scenario says the gateway loaded', () => {
    for (const scenario of Object.values(SCENARIOS)) {
      const file = { ...(scenario.configFile ?? scenario.config) };
      expect(sanitize(file), scenario.name).toEqual(scenario.config);
    }
  });

  it('is what GET /config.yaml serves, and only the incident drops something', async () => {
    await withSimulator({ flavor: 'upstream', scenario: 'incident', now: NOW }, async (sim) => {
      const raw = await send(`${sim.url}/v0/management/config.yaml`, { headers: bearer(sim.keys.managementKey) });
      expect(raw.status).toBe(200);
      expect(raw.headers['content-type']).toMatch(/^application\/yaml/);
      const loaded = await send(`${sim.url}/v0/management/config`, { headers: bearer(sim.keys.managementKey) });
      const json = JSON.parse(loaded.body) as Record<string, unknown>;
      expect(json).not.toHaveProperty('remote-management');
      expect(json['oauth-model-alias']).not.toHaveProperty('antigravity');
    });
  });
});
