// --report end to end: the built CLI against the simulator writes every report from one set of requests,
// consistently, atomically, with the same exit code; bad specs fail before any request.
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report.js';
import { runCli } from '../helpers/cli.js';
import { NOW, withSimulator } from '../simulator/helpers.js';
import { promtoolCheck, tool } from './helpers.js';

const promtool = tool('promtool');
const tmp = () => mkdtempSync(join(tmpdir(), 'provops-reports-'));

function daily(url: string, keys: { apiKey: string; managementKey: string }, args: string[], cwd: string, env = {}) {
  return runCli(['daily', '--url', url, '--no-state', '--now', NOW, ...args], {
    cwd,
    env: { PROVOPS_API_KEY: keys.apiKey, PROVOPS_MANAGEMENT_KEY: keys.managementKey, ...env },
  });
}

describe('daily --report', () => {
  it('writes junit, prometheus, markdown and json from one set of requests, consistent, with the exit code unchanged', async () => {
    const dir = tmp();
    const plain = await withSimulator({ scenario: 'degraded', now: NOW }, async (sim) => {
      const r = await daily(sim.url, sim.keys, ['--format', 'table'], dir);
      return { code: r.code, hits: sim.hits.count() };
    });
    await withSimulator({ scenario: 'degraded', now: NOW }, async (sim) => {
      const r = await daily(
        sim.url,
        sim.keys,
        [
          '--format',
          'table',
          ...['junit=r.xml', 'prometheus=r.prom', 'markdown=r.md', 'json=r.json'].flatMap((s) => ['--report', s]),
        ],
        dir,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(plain.code);
      expect(r.code).toBe(1);
      expect(sim.hits.count()).toBe(plain.hits);
      expect(sim.hits.count('GET /v1/models')).toBe(1);
      expect(r.stdout).toMatch(/^WARN\s+Provider success rates/m);

      const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
      expect(json.exitCode).toBe(r.code);
      const results = json.targets[0]?.results ?? [];
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
        readFileSync(join(dir, 'r.xml'), 'utf8'),
      ) as { testsuites: { tests: string; failures: string; skipped: string } };
      expect(Number(xml.testsuites.tests)).toBe(results.length);
      expect(Number(xml.testsuites.failures)).toBe(json.summary.warn + json.summary.fail);
      const prom = readFileSync(join(dir, 'r.prom'), 'utf8');
      expect(prom).toContain(`provops_run_exit_code ${r.code}`);
      for (const x of results)
        expect(prom).toContain(`provops_check_status{target="default",check="${x.id}",status="${x.status}"} 1`);
      if (promtool) expect(promtoolCheck(prom)).toEqual({ code: 0, output: '' });
      const md = readFileSync(join(dir, 'r.md'), 'utf8');
      const s = json.summary;
      expect(md).toContain(
        `${s.pass} pass, ${s.warn} warn, ${s.fail} fail, ${s.error} error, ${s.skip} skip in ${json.durationMs} ms → exit 1`,
      );
      // Nothing secret in any of them, and no temp file left behind.
      for (const f of readdirSync(dir)) {
        const text = readFileSync(join(dir, f), 'utf8');
        expect(text).not.toContain(sim.keys.apiKey);
        expect(text).not.toContain(sim.keys.managementKey);
      }
      expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.md', 'r.prom', 'r.xml']);
      // node_exporter (another user) must read the textfile; the rest stay private.
      expect(statSync(join(dir, 'r.prom')).mode & 0o777).toBe(0o644);
      expect(statSync(join(dir, 'r.xml')).mode & 0o777).toBe(0o600);
    });
  });

  it('replaces an existing report file whole and keeps its permissions', async () => {
    const dir = tmp();
    const file = join(dir, 'provops.prom');
    writeFileSync(file, 'old\n');
    chmodSync(file, 0o640);
    await withSimulator({ now: NOW }, async (sim) => {
      const r = await daily(sim.url, sim.keys, ['--format', 'nagios', '--report', `prometheus=${file}`], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^PROVOPS OK - 9 checks: 9 pass \| /);
    });
    expect(readFileSync(file, 'utf8')).toMatch(/^# HELP provops_build_info/);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['provops.prom']);
  });

  it.each([
    [
      ['--report', 'xml=r.xml'],
      /^provops: --report: "xml" is not a format \(expected <format>=<file> with format one of table, json, junit/,
    ],
    [['--report', 'junit='], /^provops: --report junit: no file given/],
    [
      ['--report', 'junit=/nonexistent/dir/r.xml'],
      /^provops: --report junit: the directory \/nonexistent\/dir does not exist/,
    ],
    [
      ['--report', 'junit=a.xml', '--report', 'markdown=a.xml'],
      /--report markdown: .*a\.xml is already written by --report junit/,
    ],
    [['--output', 'a.json', '--report', 'json=a.json'], /--report json: .*a\.json is already written by --output/],
  ])('%j is a one-line usage error (exit 3) before any request', async (args, message) => {
    await withSimulator({ now: NOW }, async (sim) => {
      const r = await daily(sim.url, sim.keys, args, tmp());
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(sim.hits.count()).toBe(0);
    });
  });

  it.skipIf(process.platform !== 'linux')(
    'a report that cannot be written is exit 3 with one line, after the others were written',
    async () => {
      const dir = tmp();
      await withSimulator({ now: NOW }, async (sim) => {
        // /proc exists, so the check before the run passes, but nobody can create a file in it.
        const r = await daily(sim.url, sim.keys, ['--report', 'junit=/proc/r.xml', '--report', 'json=ok.json'], dir);
        expect(r.code).toBe(3);
        expect(r.stderr).toMatch(/^provops: --report junit: cannot write \/proc\/r\.xml \(E[A-Z]+\)\n$/);
        expect(r.stdout).toMatch(/→ exit 0$/m);
        expect((JSON.parse(readFileSync(join(dir, 'ok.json'), 'utf8')) as Report).exitCode).toBe(0);
      });
    },
  );

  it('falls back to ASCII when the locale is not UTF-8 (cron), and with --ascii', async () => {
    await withSimulator({ scenario: 'incident', now: NOW }, async (sim) => {
      for (const [env, args] of [
        [{ LANG: undefined }, []],
        [{ LANG: 'C' }, []],
        [{}, ['--ascii']],
      ] as const) {
        const r = await daily(sim.url, sim.keys, [...args], tmp(), env);
        expect(r.code).toBe(2);
        expect(r.stdout).toMatch(/-> exit 2$/m);
        expect(r.stdout).not.toMatch(/[^\t\n\x20-\x7e]/);
      }
    });
  });

  it('--quiet prints only what is not pass, and the totals', async () => {
    await withSimulator({ scenario: 'degraded', now: NOW }, async (sim) => {
      const r = await daily(sim.url, sim.keys, ['--quiet'], tmp());
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(/^PASS/m);
      expect(r.stdout).toMatch(/^WARN/m);
      expect(r.stdout.trim().split('\n').at(-1)).toMatch(/→ exit 1$/);
    });
  });
});
