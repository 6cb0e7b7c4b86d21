// No key ever leaves the process: `daily` in every report format, against a gateway that echoes both
// keys in every field in every encoding (test/helpers/hostile-gateway.ts), and then every byte
// provops wrote — stdout, stderr, the report file, the state files — is searched for the keys, for
// any 8-character run of them, and for terminal control characters.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { FORMATS } from '../../src/reporters/index.js';
import { HOSTILE_MODES, startHostileGateway, type HostileGateway } from '../helpers/hostile-gateway.js';

const API_KEY = 'sk-Hostile-A1b2C3d4E5f6G7h8';
const MANAGEMENT_KEY = 'mgmt-Hostile-Z9y8X7w6V5u4T3';

/** What must never appear: each key in the forms the gateway echoed, and every 8-character run of it. */
function forbidden(key: string): RegExp[] {
  const bytes = Buffer.from(key);
  const forms = [key, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url')];
  const windows: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) windows.push(key.slice(i, i + 8));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...forms, ...windows].map((s) => new RegExp(escape(s), 'i'));
}
const FORBIDDEN = [...forbidden(API_KEY), ...forbidden(MANAGEMENT_KEY)];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function daily(url: string, format: string, extra: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['node', 'provops', 'daily', '--url', url, '--format', format, '--verbose', '--timeout', '2000', ...extra],
    { out: (t) => (stdout += t), err: (t) => (stderr += t) },
    { PROVOPS_API_KEY: API_KEY, PROVOPS_MANAGEMENT_KEY: MANAGEMENT_KEY, NO_COLOR: '1' },
  );
  return { code, stdout, stderr };
}

describe.each(HOSTILE_MODES)('a gateway echoing both keys (%s)', (mode) => {
  let gateway: HostileGateway;
  beforeAll(async () => {
    gateway = await startHostileGateway(mode, [API_KEY, MANAGEMENT_KEY]);
  });
  afterAll(() => gateway.close());

  it.each([...FORMATS])('daily --format %s writes neither key, nor any part of one, anywhere', async (format) => {
    const stateDir = mkdtempSync(join(tmpdir(), 'provops-leak-'));
    const reportFile = join(stateDir, `report.${format}`);
    const toStdout = await daily(gateway.url, format, ['--state-dir', stateDir]);
    const toFile = await daily(gateway.url, format, ['--state-dir', stateDir, '--output', reportFile]);
    expect(toStdout.stdout.length).toBeGreaterThan(100); // a report was written, so there was something to search
    const written: Record<string, string> = {
      stdout: toStdout.stdout,
      stderr: toStdout.stderr + toFile.stderr,
      report: readFileSync(reportFile, 'utf8'),
    };
    for (const name of readdirSync(stateDir))
      if (name.endsWith('.json')) written[name] = readFileSync(join(stateDir, name), 'utf8');
    // With 200 answers, checks remember model ids and counters: the state file is searched too.
    if (mode === 'echo') expect(Object.keys(written).length).toBeGreaterThan(3);
    for (const [where, text] of Object.entries(written)) {
      for (const pattern of FORBIDDEN) expect(pattern.test(text), `${where} matches ${pattern}`).toBe(false);
      expect(CONTROL.test(text.replace(/\n/g, '')), `${where} holds a control character`).toBe(false);
    }
  });
});
