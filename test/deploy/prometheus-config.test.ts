// The shipped Prometheus configuration is what Prometheus's own checker accepts, and the alert rules
// pass their unit tests (deploy/prometheus/tests/), both run by promtool itself.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool } from './prometheus-tool.js';

const DEPLOY = resolve(import.meta.dirname, '../../deploy/prometheus');
const promtool = findTool('promtool');

function run(...args: string[]) {
  const r = spawnSync(promtool as string, args, { cwd: DEPLOY, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!promtool)('deploy/prometheus with promtool', () => {
  it('promtool check config accepts the scrape config and the rule file it names', () => {
    const r = run('check', 'config', 'prometheus.yml');
    expect(r.out).toContain('SUCCESS: 1 rule files found');
    expect(r.code, r.out).toBe(0);
  });

  it('promtool check rules accepts the alert rules', () => {
    const r = run('check', 'rules', 'rules/provops.rules.yml');
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code, r.out).toBe(0);
  });

  it('promtool test rules passes the rules unit tests', () => {
    const r = run('test', 'rules', 'tests/provops.rules.test.yml');
    expect(r.out).toContain('SUCCESS');
    expect(r.code, r.out).toBe(0);
  });
});
