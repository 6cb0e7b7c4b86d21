// provops.yaml + environment + flags -> one resolved, validated config. Precedence: flags win over
// the environment, the environment over the file, the file over the defaults. Every problem is a
// ConfigError or UsageError with one line that says what to fix.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import type { Check, RunInputs } from './check.js';
import { ConfigError, UsageError } from './errors.js';
import { FAIL_ON, type FailOn } from './exit-code.js';
import { locateConfigFile } from './config-file.js';
import { defaultsOf, type OptionValue } from './options.js';
import type { PluginRef } from './plugins.js';
import { MIN_SECRET_LENGTH } from './redact.js';
import { FORMATS, type Format } from './reporters/index.js';
import { parseZone } from './timezone.js';
import { parseReportFiles, type ReportFile } from './config/report-files.js';

/** What commander hands over; every field optional so that "not given" can fall through. */
export interface CliFlags {
  url?: string;
  apiKey?: string;
  managementKey?: string;
  config?: string;
  only?: string;
  skip?: string;
  format?: string;
  output?: string;
  failOn?: string;
  timeout?: number;
  deadline?: number;
  concurrency?: number;
  now?: string;
  stateDir?: string;
  state?: boolean;
  color?: boolean;
  verbose?: boolean;
  debug?: boolean;
  logFile?: string[];
  logTimezone?: string;
  plugin?: string[];
  report?: string[];
  quiet?: boolean;
  ascii?: boolean;
  /** Names from provops.yaml `targets:` (comma-separated); see src/config/targets.ts. */
  target?: string;
  targetConcurrency?: number;
}

export interface ResolvedConfig {
  target: { name: string; url: string };
  apiKey: string | undefined;
  managementKey: string | undefined;
  /** Every secret value known, for the redactor. */
  secrets: string[];
  checks: Check[];
  checkOptions: Record<string, Record<string, OptionValue>>;
  format: Format;
  output: string | undefined;
  /** --report <format>=<file>: further reports of the same run. */
  reports: ReportFile[];
  failOn: FailOn;
  timeoutMs: number;
  deadlineMs: number;
  concurrency: number;
  maxResponseBytes: number;
  now: Date | undefined;
  stateDir: string | undefined;
  inputs: RunInputs;
  configFile: string | undefined;
  /** provops.yaml as read (after ${VAR}), for the sections resolved elsewhere (targets:, serve:). */
  file: FileConfig;
  /** Things worth saying on stderr (a key on argv, ...). */
  warnings: string[];
}

export const DEFAULTS = {
  url: 'http://localhost:8317',
  timeoutMs: 10_000,
  deadlineMs: 60_000,
  concurrency: 4,
  maxResponseBytes: 16 * 1024 * 1024,
  failOn: 'warn' as FailOn,
  format: 'table' as Format,
};

const FILE_KEYS = [
  'name',
  'url',
  'apiKey',
  'apiKeyFile',
  'managementKey',
  'managementKeyFile',
  'timeoutMs',
  'deadlineMs',
  'concurrency',
  'failOn',
  'format',
  'only',
  'skip',
  'stateDir',
  'logFiles',
  'logTimezone',
  'maxResponseMiB',
  'checks',
  'plugins',
  'targets',
  'serve',
] as const;

export type FileConfig = Partial<Record<(typeof FILE_KEYS)[number], unknown>>;

export interface ResolveInput {
  flags: CliFlags;
  env: Record<string, string | undefined>;
  cwd: string;
  registry: readonly Check[];
  /** Ids from `provops check <id...>`; they act like --only. */
  checkIds?: string[] | undefined;
  /** The config file already read (to find its plugins before the registry is complete). */
  source?: ConfigSource | undefined;
}

/** provops.yaml as read: its path (if there is one) and its settings. */
export interface ConfigSource {
  configFile: string | undefined;
  file: FileConfig;
}

export function readConfigSource(
  flags: Pick<CliFlags, 'config'>,
  env: Record<string, string | undefined>,
  cwd: string,
): ConfigSource {
  const configFile = locateConfigFile(flags.config ?? env.PROVOPS_CONFIG, cwd);
  return { configFile, file: configFile ? loadConfigFile(configFile, env) : {} };
}

/** The plugins to load, in order: provops.yaml's `plugins:` (relative to the file), then --plugin (relative to cwd). */
export function pluginRefsOf(source: ConfigSource, flagged: string[] | undefined, cwd: string): PluginRef[] {
  const where = `${source.configFile ?? 'provops.yaml'}: plugins`;
  const base = source.configFile ? dirname(source.configFile) : cwd;
  return [
    ...(strList(source.file.plugins, where) ?? []).map((spec) => ({ spec, base, source: where })),
    ...(flagged ?? []).map((spec) => ({ spec, base: cwd, source: '--plugin' })),
  ];
}

export function resolveConfig({ flags, env, cwd, registry, checkIds, source }: ResolveInput): ResolvedConfig {
  const warnings: string[] = [];
  const { configFile, file } = source ?? readConfigSource(flags, env, cwd);
  const base = configFile ? dirname(configFile) : cwd;
  const where = (key: string) => `${configFile ?? 'provops.yaml'}: ${key}`;

  const url = validateUrl(flags.url ?? env.PROVOPS_URL ?? str(file.url, where('url')) ?? DEFAULTS.url);
  const name = str(file.name, where('name')) ?? 'default';

  if (flags.apiKey !== undefined)
    warnings.push(
      'warning: --api-key puts the key on the command line, where other users of this host can read it (ps); prefer PROVOPS_API_KEY or apiKeyFile in provops.yaml',
    );
  if (flags.managementKey !== undefined)
    warnings.push(
      'warning: --management-key puts the key on the command line, where other users of this host can read it (ps); prefer PROVOPS_MANAGEMENT_KEY or managementKeyFile in provops.yaml',
    );
  const apiKey = flags.apiKey ?? env.PROVOPS_API_KEY ?? secretFrom(file, 'apiKey', base, where);
  const managementKey =
    flags.managementKey ?? env.PROVOPS_MANAGEMENT_KEY ?? secretFrom(file, 'managementKey', base, where);
  for (const [label, key] of [
    ['API key', apiKey],
    ['management key', managementKey],
  ] as const) {
    if (key !== undefined && key.length < MIN_SECRET_LENGTH)
      throw new ConfigError(
        `the ${label} is shorter than ${MIN_SECRET_LENGTH} characters; provops cannot keep it out of its output`,
      );
  }
  const secrets = [apiKey, managementKey, passwordOf(url)].filter((s): s is string => Boolean(s));

  const checks = selectChecks(registry, {
    only: checkIds?.length ? checkIds : (splitIds(flags.only) ?? strList(file.only, where('only'))),
    skip: splitIds(flags.skip) ?? strList(file.skip, where('skip')),
  });

  const format = choice(flags.format ?? str(file.format, where('format')) ?? DEFAULTS.format, FORMATS, '--format');
  const failOn = choice(flags.failOn ?? str(file.failOn, where('failOn')) ?? DEFAULTS.failOn, FAIL_ON, '--fail-on');
  const timeoutMs = flags.timeout ?? positive(file.timeoutMs, where('timeoutMs')) ?? DEFAULTS.timeoutMs;
  const deadlineMs = flags.deadline ?? positive(file.deadlineMs, where('deadlineMs')) ?? DEFAULTS.deadlineMs;
  const concurrency = flags.concurrency ?? positive(file.concurrency, where('concurrency')) ?? DEFAULTS.concurrency;
  const maxMiB = positive(file.maxResponseMiB, where('maxResponseMiB'));
  const now = flags.now === undefined ? undefined : parseNow(flags.now);

  const stateDir =
    flags.state === false
      ? undefined
      : resolveStateDir(flags.stateDir ?? pathIn(base, str(file.stateDir, where('stateDir'))), env);
  const logFiles = flags.logFile?.length
    ? flags.logFile.map((f) => resolve(cwd, f))
    : (strList(file.logFiles, where('logFiles')) ?? []).map((f) => resolve(base, f));
  const logTimezone = flags.logTimezone ?? str(file.logTimezone, where('logTimezone'));
  if (logTimezone !== undefined) {
    try {
      parseZone(logTimezone);
    } catch (err) {
      throw new UsageError(`--log-timezone: ${(err as Error).message}`);
    }
  }

  const output = flags.output === undefined ? undefined : resolve(cwd, flags.output);
  // Found out before the run, not after it has taken a minute.
  if (output !== undefined && !isDirectory(dirname(output)))
    throw new UsageError(`--output: the directory ${dirname(output)} does not exist`);
  const reports = parseReportFiles(flags.report ?? [], cwd, output);

  return {
    target: { name, url: stripPassword(url) },
    apiKey,
    managementKey,
    secrets,
    checks,
    checkOptions: checkOptions(registry, file.checks, where('checks')),
    format,
    output,
    reports,
    failOn,
    timeoutMs,
    deadlineMs,
    concurrency,
    maxResponseBytes: maxMiB ? Math.round(maxMiB * 1024 * 1024) : DEFAULTS.maxResponseBytes,
    now,
    stateDir,
    inputs: { logFiles, logTimezone },
    configFile,
    file,
    warnings,
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function loadConfigFile(path: string, env: Record<string, string | undefined>): FileConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { filename: path, schema: yaml.JSON_SCHEMA });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    const at = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new ConfigError(`${path}${at}: ${e.reason ?? e.message.split('\n')[0]} (fix the YAML and run again)`);
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigError(`${path}: expected a mapping of settings at the top level`);
  for (const key of Object.keys(parsed)) {
    if (!(FILE_KEYS as readonly string[]).includes(key))
      throw new ConfigError(
        `${path}: unknown setting "${key}"${suggest(key, FILE_KEYS)}; valid settings: ${FILE_KEYS.join(', ')}`,
      );
  }
  return interpolate(parsed, env, path, '') as FileConfig;
}

/** ${VAR} in any string value takes the environment's value; an unset variable is an error. */
function interpolate(value: unknown, env: Record<string, string | undefined>, path: string, at: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined)
        throw new ConfigError(`${path}: ${at} uses \${${name}}, which is not set in the environment`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, path, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path, at ? `${at}.${k}` : k)]),
    );
  }
  return value;
}

export function secretFrom(
  file: FileConfig,
  key: 'apiKey' | 'managementKey',
  base: string,
  where: (k: string) => string,
): string | undefined {
  const inline = str(file[key], where(key));
  const fileKey = `${key}File` as const;
  const path = pathIn(base, str(file[fileKey], where(fileKey)));
  if (inline !== undefined && path !== undefined)
    throw new ConfigError(`${where(key)}: give either ${key} or ${fileKey}, not both`);
  if (path === undefined) return inline;
  try {
    const value = readFileSync(path, 'utf8').trim();
    if (!value) throw new ConfigError(`${where(fileKey)}: ${path} is empty`);
    return value;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${where(fileKey)}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function checkOptions(
  registry: readonly Check[],
  raw: unknown,
  where: string,
): Record<string, Record<string, OptionValue>> {
  const out: Record<string, Record<string, OptionValue>> = {};
  for (const check of registry) out[check.id] = { ...defaultsOf(check.options) };
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${where}: expected a mapping of check id to thresholds`);
  const ids = registry.map((c) => c.id);
  for (const [id, values] of Object.entries(raw)) {
    const check = registry.find((c) => c.id === id);
    if (!check)
      throw new ConfigError(`${where}: unknown check "${id}"${suggest(id, ids)}; valid ids: ${ids.join(', ')}`);
    if (values === null) continue;
    if (typeof values !== 'object' || Array.isArray(values))
      throw new ConfigError(`${where}.${id}: expected a mapping of thresholds`);
    const names = Object.keys(check.options);
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const spec = check.options[name];
      if (!spec)
        throw new ConfigError(
          `${where}.${id}: unknown threshold "${name}"${suggest(name, names)}; ${id} takes ${names.join(', ') || 'none'}`,
        );
      try {
        (out[id] as Record<string, OptionValue>)[name] = spec.parse(value);
      } catch (err) {
        throw new ConfigError(`${where}.${id}.${name}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}

export function selectChecks(
  registry: readonly Check[],
  sel: { only?: string[] | undefined; skip?: string[] | undefined },
): Check[] {
  const ids = registry.map((c) => c.id);
  for (const [flag, list] of [
    ['--only', sel.only],
    ['--skip', sel.skip],
  ] as const) {
    for (const id of list ?? []) {
      if (!ids.includes(id))
        throw new UsageError(`${flag}: unknown check "${id}"${suggest(id, ids)}; valid ids: ${ids.join(', ')}`);
    }
  }
  const picked = registry.filter((c) => (!sel.only?.length || sel.only.includes(c.id)) && !sel.skip?.includes(c.id));
  if (!picked.length) throw new UsageError('no checks left to run after --only/--skip');
  return picked;
}

export function splitIds(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function str(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${where}: expected a string`);
  return value;
}

export function strList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return splitIds(value);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new ConfigError(`${where}: expected a list of strings`);
  return value as string[];
}

export function positive(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !(value > 0)) throw new ConfigError(`${where}: expected a positive number`);
  return value;
}

function choice<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${what}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

export function pathIn(base: string, p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  const expanded = p.startsWith('~/') ? join(homedir(), p.slice(2)) : p;
  return isAbsolute(expanded) ? expanded : resolve(base, expanded);
}

function resolveStateDir(explicit: string | undefined, env: Record<string, string | undefined>): string {
  if (explicit) return explicit;
  const xdg = env.XDG_STATE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'state'), 'provops');
}

export function validateUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url: "${stripPassword(raw)}" is not a URL (expected e.g. http://localhost:8317)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--url: expected an http:// or https:// URL, got ${url.protocol}`);
  return raw.replace(/\/+$/, '');
}

export function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** The URL as printed: userinfo dropped, so a password in it never reaches a report. */
export function stripPassword(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return raw.replace(/\/\/[^/@]*@/, '//');
  }
}

export function parseNow(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`--now: "${value}" is not an ISO-8601 instant (e.g. 2026-11-26T08:00:00Z)`);
  return date;
}

/** " (did you mean "x"?)" for a near miss, else "". */
export function suggest(given: string, options: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const o of options) {
    const d = distance(given.toLowerCase(), o.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [o, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(given.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
