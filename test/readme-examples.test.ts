// The README's install, cron, systemd and CI examples, run as written (blocks marked `readme-test`): built
// and installed offline into a scratch prefix, then run in a bare environment against the simulator. Only
// host paths (/etc/provops, /usr/local/bin, /var/lib/...) are mapped into a scratch directory, and the test
// first checks that the README names exactly those paths, so the mapping cannot hide a drift.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import yaml from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSimulator } from './simulator/helpers.js';
import { promtoolCheck, tool } from './reporters/helpers.js';

const ROOT = resolve(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const NODE_DIR = dirname(process.execPath);
const promtool = tool('promtool');

/** The fenced block after each `<!-- readme-test: name -->`. */
function blocks(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of README.matchAll(/<!-- readme-test: ([\w-]+) -->\n```\w*\n([\s\S]*?)\n```/g))
    out[m[1] as string] = m[2] as string;
  return out;
}
const BLOCKS = blocks();

/** Shell lines of a block: comments and trailing `# …` dropped. */
function commands(block: string): string[] {
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

const scratch = () => mkdtempSync(join(tmpdir(), 'provops-readme-'));

/** Cron's environment: almost nothing, and no locale. Node is added only when it is not in /usr/bin already. */
function bareEnv(extra: Record<string, string> = {}, pathFirst: string[] = []): Record<string, string> {
  const path = [...pathFirst, '/usr/bin', '/bin', ...(NODE_DIR === '/usr/bin' ? [] : [NODE_DIR])].join(':');
  return { PATH: path, HOME: scratch(), SHELL: '/bin/sh', LOGNAME: 'provops', ...extra };
}

/** npm offline, with an empty cache and a scratch global prefix: the install must need no registry. */
function npmEnv(prefix: string): Record<string, string> {
  return {
    npm_config_prefix: prefix,
    npm_config_offline: 'true',
    npm_config_cache: join(scratch(), 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

function sh(script: string, cwd: string, env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync('/bin/sh', ['-ec', script], { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

/** Async, so the in-process simulator keeps answering while the child runs (spawnSync would block it). */
function exec(
  file: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

let buildDir: string;
let tarball: string;
let installed: string;

beforeAll(() => {
  // build: `npm ci` is what gave this checkout its node_modules; `npm pack` runs as written, with the
  // prepare script (tsc) skipped because `npm test` built dist/ just before, and rebuilding it here would
  // rewrite the files the other test files are running.
  const build = commands(BLOCKS.build ?? '');
  expect(build).toEqual(['npm ci', 'npm pack']);
  expect(existsSync(join(ROOT, 'dist/src/cli.js')), 'run npm run build first').toBe(true);
  buildDir = scratch();
  for (const f of ['package.json', 'package-lock.json', 'README.md']) cpSync(join(ROOT, f), join(buildDir, f));
  for (const d of ['bin', 'dist']) cpSync(join(ROOT, d), join(buildDir, d), { recursive: true });
  // A real node_modules, as `npm ci` leaves it: a symlinked one makes `npm pack` bundle only the direct
  // dependencies (their own dependencies, such as cli-table3's string-width, would be missing). Offline,
  // from the cache this checkout's own `npm ci` filled.
  const deps = sh('npm ci --omit=dev --ignore-scripts --offline --no-audit --no-fund', buildDir, {
    ...process.env,
  } as Record<string, string>);
  expect(deps.status, deps.stderr).toBe(0);
  const packed = sh(build[1] as string, buildDir, { ...process.env, npm_config_ignore_scripts: 'true' } as Record<
    string,
    string
  >);
  expect(packed.status, packed.stderr).toBe(0);
  tarball = join(buildDir, readdirSync(buildDir).find((f) => /^provops-.*\.tgz$/.test(f)) as string);

  // install: as written, from the tarball's directory, offline, into a scratch prefix.
  const prefix = join(scratch(), 'prefix');
  const run = sh(commands(BLOCKS.install ?? '').join('\n'), buildDir, bareEnv(npmEnv(prefix), [join(prefix, 'bin')]));
  expect(run.status, run.stderr).toBe(0);
  installed = join(prefix, 'bin', 'provops');
  expect(run.stdout.trim().split('\n').slice(-2)).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+$/), installed]);
}, 180_000);

/** README's env file with the simulator's values in place of the placeholders. */
function envFile(dir: string, values: Record<string, string>): string {
  const lines = commands(BLOCKS['env-file'] ?? '');
  expect(lines.map((l) => l.split('=')[0]).sort()).toEqual(Object.keys(values).sort());
  const file = join(dir, 'env');
  writeFileSync(file, `${lines.map((l) => `${l.split('=')[0]}=${values[l.split('=')[0] as string]}`).join('\n')}\n`, {
    mode: 0o600,
  });
  return file;
}

/** Replaces host paths by scratch ones, after checking the text names each of them. */
function mapPaths(text: string, paths: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(paths)) {
    expect(text, `README example names ${from}`).toContain(from);
    out = out.split(from).join(to);
  }
  return out;
}

describe('README examples', () => {
  it('install: the packed tarball carries its dependencies and installs with no registry', () => {
    expect(readdirSync(join(dirname(dirname(installed)), 'lib/node_modules/provops/node_modules'))).toEqual(
      expect.arrayContaining(['commander', 'undici', 'chalk', 'js-yaml']),
    );
    const r = spawnSync(installed, ['list'], { env: bareEnv(), encoding: 'utf8' });
    expect(r.status).toBe(0);
  });

  it.each([
    ['healthy', 0],
    ['degraded', 1],
  ] as const)("cron: the crontab line, in cron's bare environment (%s → exit %i)", async (scenario, code) => {
    const line = commands(BLOCKS.crontab ?? '')[0] as string;
    const m = /^(\S+ \S+ \S+ \S+ \S+)\s+(.*)$/.exec(line);
    expect(m?.[1]).toBe('0 7 * * *');
    await withSimulator({ scenario }, async (sim) => {
      const dir = scratch();
      mkdirSync(join(dir, 'state'));
      const stubs = join(dir, 'bin');
      mkdirSync(stubs);
      writeFileSync(join(stubs, 'mail'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${dir}/mail.args\ncat > ${dir}/mail.body\n`);
      chmodSync(join(stubs, 'mail'), 0o755);
      const file = envFile(dir, {
        PROVOPS_URL: sim.url,
        PROVOPS_API_KEY: sim.keys.apiKey,
        PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey,
      });
      const command = mapPaths(m?.[2] as string, {
        '/etc/provops/env': file,
        '/usr/local/bin/provops': installed,
        '/var/lib/provops': join(dir, 'state'),
      });
      const r = await exec('/bin/sh', ['-c', command], { env: bareEnv({}, [stubs]) });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const table = readFileSync(join(dir, 'state', 'daily.txt'), 'utf8');
      expect(table).toMatch(new RegExp(`-> exit ${code}\\n$`)); // ASCII: cron has no UTF-8 locale
      expect(table).not.toMatch(/[^\t\n\x20-\x7e]/);
      expect(sim.hits.count('GET /v1/models')).toBe(1); // the env file's keys reached provops
      if (code === 0) expect(existsSync(join(dir, 'mail.args'))).toBe(false);
      else {
        expect(readFileSync(join(dir, 'mail.args'), 'utf8')).toBe(`-s\nprovops: exit ${code}\noncall@example.com\n`);
        expect(readFileSync(join(dir, 'mail.body'), 'utf8')).toBe(table);
        expect(table).not.toMatch(/^PASS/m); // --quiet
      }
    });
  });

  it("systemd: the unit's ExecStart with its EnvironmentFile, and a timer that starts it", async () => {
    const unit = ini(BLOCKS['systemd-service'] ?? '');
    expect(unit.Service?.Type).toBe('oneshot');
    expect(unit.Service?.StateDirectory).toBe('provops');
    const execStart = unit.Service?.ExecStart as string;
    expect(execStart).not.toMatch(/["'$\\]/); // split on spaces below, as systemd would for this line
    await withSimulator({ scenario: 'degraded' }, async (sim) => {
      const dir = scratch();
      for (const d of ['state', 'textfile']) mkdirSync(join(dir, d));
      const file = envFile(dir, {
        PROVOPS_URL: sim.url,
        PROVOPS_API_KEY: sim.keys.apiKey,
        PROVOPS_MANAGEMENT_KEY: sim.keys.managementKey,
      });
      expect(unit.Service?.EnvironmentFile).toBe('/etc/provops/env');
      const [bin, ...args] = mapPaths(execStart, {
        '/usr/local/bin/provops': installed,
        '/var/lib/provops': join(dir, 'state'),
        '/var/lib/node_exporter/textfile_collector': join(dir, 'textfile'),
      }).split(/\s+/);
      const env = Object.fromEntries(
        commands(readFileSync(file, 'utf8')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      const r = await exec(bin as string, args, { env: { ...env, PATH: bareEnv().PATH as string } });
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^WARN/m);
      const prom = readFileSync(join(dir, 'textfile', 'provops.prom'), 'utf8');
      expect(prom).toContain('provops_run_exit_code 1');
      if (promtool) expect(promtoolCheck(prom)).toEqual({ code: 0, output: '' });
      expect(readdirSync(join(dir, 'textfile'))).toEqual(['provops.prom']);
    });
    const timer = ini(BLOCKS['systemd-timer'] ?? '');
    expect(timer.Timer?.OnCalendar).toBe('*-*-* 07:00:00');
    expect(timer.Install?.WantedBy).toBe('timers.target');
    // A timer starts the service of its own name.
    expect(BLOCKS['systemd-timer']).toMatch(/^# \/etc\/systemd\/system\/provops\.timer$/m);
    expect(BLOCKS['systemd-service']).toMatch(/^# \/etc\/systemd\/system\/provops\.service$/m);
  });

  it('CI: the workflow steps run as GitHub runs them; the reports survive a failing check', async () => {
    const { steps } = yaml.load(BLOCKS.ci ?? '') as {
      steps: Array<{
        run?: string;
        uses?: string;
        if?: string;
        env?: Record<string, string>;
        with?: Record<string, string>;
      }>;
    };
    await withSimulator({ scenario: 'incident' }, async (sim) => {
      const work = scratch();
      const summary = join(work, 'summary.md');
      writeFileSync(summary, '');
      const install = steps.find((s) => s.run?.startsWith('npm install -g '))?.run as string;
      const tgz = /\.\/(\S+\.tgz)/.exec(install)?.[1] as string;
      mkdirSync(join(work, dirname(tgz)), { recursive: true });
      cpSync(tarball, join(work, tgz));
      const prefix = join(scratch(), 'prefix');
      const values: Record<string, string> = {
        'vars.GATEWAY_URL': sim.url,
        'secrets.GATEWAY_API_KEY': sim.keys.apiKey,
        'secrets.GATEWAY_MANAGEMENT_KEY': sim.keys.managementKey,
      };
      const codes: Array<number | null> = [];
      let failed = false;
      for (const step of steps) {
        if (!step.run || (failed && step.if !== 'always()')) continue;
        const env = Object.fromEntries(
          Object.entries(step.env ?? {}).map(([k, v]) => [
            k,
            v.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_x, name: string) => {
              if (!(name in values)) throw new Error(`unknown expression ${name}`);
              return values[name] as string;
            }),
          ]),
        );
        // GitHub's default shell for run steps: bash -e -o pipefail.
        const r = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
          cwd: work,
          env: { ...bareEnv(npmEnv(prefix), [join(prefix, 'bin')]), GITHUB_STEP_SUMMARY: summary, CI: 'true', ...env },
        });
        codes.push(r.status);
        if (r.status !== 0) failed = true;
        expect(r.stdout + r.stderr).not.toContain(sim.keys.managementKey);
      }
      // install ok, daily exits 2 (incident), the summary step still runs.
      expect(codes).toEqual([0, 2, 0]);
      const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
        readFileSync(join(work, 'provops.xml'), 'utf8'),
      ) as { testsuites: { tests: string; failures: string } };
      expect(Number(xml.testsuites.tests)).toBe(9);
      expect(Number(xml.testsuites.failures)).toBeGreaterThan(0);
      expect(readFileSync(summary, 'utf8')).toBe(readFileSync(join(work, 'provops.md'), 'utf8'));
      expect(JSON.parse(readFileSync(join(work, 'provops.json'), 'utf8'))).toMatchObject({ exitCode: 2 });
      const uses = steps.filter((s) => s.uses);
      expect(uses.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.path).toBe('provops.json');
      expect(uses.find((s) => s.uses?.startsWith('mikepenz/action-junit-report@'))?.with?.report_paths).toBe(
        'provops.xml',
      );
      for (const s of uses.filter(
        (u) => !u.uses?.startsWith('actions/checkout') && !u.uses?.startsWith('actions/setup-node'),
      ))
        expect(s.if).toBe('always()');
    });
  });
});

/** A systemd unit file: sections of Key=Value lines (enough for these examples). */
function ini(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^\[(\w+)\]$/.exec(line.trim());
    if (head) out[(section = head[1] as string)] = {};
    else if (/^\w+=/.test(line) && section)
      (out[section] as Record<string, string>)[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}
