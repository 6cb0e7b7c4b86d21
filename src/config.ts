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
import { suggest } from './format.js';
import { defaultsOf, type OptionValue } from './options.js';
import type { PluginRef } from './plugins.js';
import { MIN_SECRET_LENGTH } from './redact.js';
import { FORMATS, type Format } from './reporters/index.js';
import { LocalFileError, readRegularFile } from './local-file.js';
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
  require?: string;
  caFile?: string;
  insecure?: boolean;
  /** Names from provops.yaml `targets:` (comma-separated); see src/config/targets.ts. */
  target?: string;
  targetConcurrency?: number;
}

export interface TlsConfig {
  /** PEM text of the CA(s) to trust for https:// (--ca-file / caFile), instead of the system's. */
  ca: string | undefined;
  caFile: string | undefined;
  /** Skip certificate verification (--insecure / insecure: true): warned about on every run. */
  insecure: boolean;
}

export interface ResolvedConfig {
  target: { name: string; url: string };
  apiKey: string | undefined;
  managementKey: string | undefined;
  /** Every secret value known, for the redactor. */
  secrets: string[];
  checks: Check[];
  /** Checks whose skip counts as fail (require: / --require). */
  required: string[];
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
  tls: TlsConfig;
  /** Critical workload classes → the model ids they run on (read by `provops lint`). */
  workloads: Record<string, string[]>;
  configFile: string | undefined;
  /** provops.yaml as read (after ${VAR}), for the sections resolved elsewhere (targets:, serve:). */
  file: FileConfig;
  /** Things worth saying on stderr (a key on argv, ...). */
  warnings: string[];
}

/** provops.yaml is a page of settings; a larger file is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_KEY_FILE_BYTES = 64 * 1024;
/** Values a config may hold once YAML aliases are expanded: far above any real file, far below an alias bomb. */
const MAX_CONFIG_VALUES = 100_000;

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
  'require',
  'stateDir',
  'logFiles',
  'logTimezone',
  'maxResponseMiB',
  'caFile',
  'insecure',
  'checks',
  'plugins',
  'workloads',
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
  /** Told every secret as soon as it is read, before any validation can quote a value. */
  redactor?: { add(secret: string | undefined): void } | undefined;
}

/** provops.yaml as read: its path (if there is one), its settings and where each key is written. */
export interface ConfigSource {
  configFile: string | undefined;
  file: FileConfig;
  /** The 1-based line a key path (["checks", "health", "warnLatencyMs"]) is written on, if found. */
  line(path: readonly string[]): number | undefined;
}

/** An environment variable, where empty counts as unset (cron, systemd and k8s write unset ones that way). */
export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name]?.trim() ? env[name] : undefined;
}

export function readConfigSource(
  flags: Pick<CliFlags, 'config'>,
  env: Record<string, string | undefined>,
  cwd: string,
  redactor?: ResolveInput['redactor'],
): ConfigSource {
  const from = flags.config !== undefined ? '--config' : 'PROVOPS_CONFIG';
  const configFile = locateConfigFile(flags.config ?? envValue(env, 'PROVOPS_CONFIG'), cwd, from);
  if (!configFile) return { configFile, file: {}, line: () => undefined };
  const { values, line } = readConfigFile(configFile, env, redactor);
  return { configFile, file: values, line };
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

export function resolveConfig({
  flags,
  env: rawEnv,
  cwd,
  registry,
  checkIds,
  source,
  redactor,
}: ResolveInput): ResolvedConfig {
  const warnings: string[] = [];
  const env = (name: string): string | undefined => envValue(rawEnv, name);
  const loaded = source ?? readConfigSource(flags, rawEnv, cwd, redactor);
  const { configFile, file } = loaded;
  const base = configFile ? dirname(configFile) : cwd;
  /** "provops.yaml:7: failOn": the file, the line of the key and the key, for messages. */
  const where = (key: string) => {
    const line = loaded.line(key.split('.'));
    return `${configFile ?? 'provops.yaml'}${line ? `:${line}` : ''}: ${key}`;
  };
  const pick = <T>(sources: Array<[from: string, value: T | undefined]>): [from: string, value: T] | undefined =>
    sources.find((s): s is [string, T] => s[1] !== undefined);

  const urlPick = pick([
    ['--url', flags.url],
    ['PROVOPS_URL', env('PROVOPS_URL')],
    [where('url'), str(file.url, where('url'))],
  ]);
  redactor?.add(passwordOf(urlPick?.[1] ?? ''));
  const url = validateUrl(urlPick?.[1] ?? DEFAULTS.url, urlPick?.[0] ?? 'the default URL');
  const name = str(file.name, where('name')) ?? 'default';

  if (flags.apiKey !== undefined)
    warnings.push(
      'warning: --api-key puts the key on the command line, where other users of this host can read it (ps); prefer PROVOPS_API_KEY or apiKeyFile in provops.yaml',
    );
  if (flags.managementKey !== undefined)
    warnings.push(
      'warning: --management-key puts the key on the command line, where other users of this host can read it (ps); prefer PROVOPS_MANAGEMENT_KEY or managementKeyFile in provops.yaml',
    );
  const keyOf = (flag: string, flagValue: string | undefined, envName: string, key: 'apiKey' | 'managementKey') => {
    const picked = pick([
      [flag, flagValue],
      [envName, env(envName)],
    ]);
    const found = picked ?? secretFrom(file, key, base, where);
    if (!found) return undefined;
    // Known to the redactor before anything below can quote it, as given and as cleaned.
    redactor?.add(found[1]);
    redactor?.add(found[1].trim());
    const value = cleanKey(found[1], found[0], warnings, found[2]);
    if (value.length < MIN_SECRET_LENGTH)
      throw new ConfigError(
        `${found[0]}: the key is shorter than ${MIN_SECRET_LENGTH} characters; provops cannot keep it out of its output`,
      );
    return value;
  };
  const apiKey = keyOf('--api-key', flags.apiKey, 'PROVOPS_API_KEY', 'apiKey');
  const managementKey = keyOf('--management-key', flags.managementKey, 'PROVOPS_MANAGEMENT_KEY', 'managementKey');
  const secrets = [apiKey, managementKey, passwordOf(url)].filter((s): s is string => Boolean(s));

  const onlyPick = pick([
    ['check <ids>', checkIds?.length ? checkIds : undefined],
    ['--only', splitIds(flags.only)],
    [where('only'), strList(file.only, where('only'))],
  ]);
  const skipPick = pick([
    ['--skip', splitIds(flags.skip)],
    [where('skip'), strList(file.skip, where('skip'))],
  ]);
  const checks = selectChecks(
    registry,
    { only: onlyPick?.[1], skip: skipPick?.[1] },
    {
      only: onlyPick?.[0] ?? '--only',
      skip: skipPick?.[0] ?? '--skip',
    },
  );
  const required = requiredChecks(
    registry,
    checks,
    pick([
      ['--require', splitIds(flags.require)],
      [where('require'), strList(file.require, where('require'))],
    ]),
  );

  const format = choice(
    pick([
      ['--format', flags.format],
      [where('format'), str(file.format, where('format'))],
    ]) ?? ['', DEFAULTS.format],
    FORMATS,
  );
  const failOn = choice(
    pick([
      ['--fail-on', flags.failOn],
      [where('failOn'), str(file.failOn, where('failOn'))],
    ]) ?? ['', DEFAULTS.failOn],
    FAIL_ON,
  );
  const timeoutMs =
    timer(flags.timeout, '--timeout') ?? timer(file.timeoutMs, where('timeoutMs')) ?? DEFAULTS.timeoutMs;
  const deadlineMs =
    timer(flags.deadline, '--deadline') ?? timer(file.deadlineMs, where('deadlineMs')) ?? DEFAULTS.deadlineMs;
  const concurrency =
    flags.concurrency ?? wholeNumber(file.concurrency, where('concurrency'), 1024) ?? DEFAULTS.concurrency;
  const maxMiB = positive(file.maxResponseMiB, where('maxResponseMiB'));
  const now = flags.now === undefined ? undefined : parseNow(flags.now);

  const stateDir =
    flags.state === false
      ? undefined
      : resolveStateDir(flags.stateDir ?? pathIn(base, str(file.stateDir, where('stateDir'))), rawEnv);
  const logFiles = flags.logFile?.length
    ? flags.logFile.map((f) => resolve(cwd, f))
    : (strList(file.logFiles, where('logFiles')) ?? []).map((f) => resolve(base, f));
  const zonePick = pick([
    ['--log-timezone', flags.logTimezone],
    [where('logTimezone'), str(file.logTimezone, where('logTimezone'))],
  ]);
  if (zonePick) {
    try {
      parseZone(zonePick[1]);
    } catch (err) {
      throw new UsageError(`${zonePick[0]}: ${(err as Error).message}`);
    }
  }
  const tls = tlsOptions(flags, file, base, cwd, where, url, warnings);

  const output = flags.output === undefined || flags.output === '-' ? undefined : resolve(cwd, flags.output);
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
    required,
    checkOptions: checkOptions(registry, file.checks, where),
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
    inputs: { logFiles, logTimezone: zonePick?.[1] },
    tls,
    workloads: workloadsOf(file.workloads, where('workloads')),
    configFile,
    file,
    warnings,
  };
}

/** `require:` / `--require`: ids (each in the run) or `all` (every check of the run). */
function requiredChecks(
  registry: readonly Check[],
  selected: readonly Check[],
  given: [from: string, ids: string[]] | undefined,
): string[] {
  if (!given) return [];
  const [from, ids] = given;
  if (ids.includes('all')) return selected.map((c) => c.id);
  const known = registry.map((c) => c.id);
  for (const id of ids) {
    if (!known.includes(id))
      throw new UsageError(
        `${from}: unknown check "${id}"${suggest(id, known)}; valid ids: ${known.join(', ')}, or all`,
      );
    if (!selected.some((c) => c.id === id))
      throw new UsageError(`${from}: ${id} is required but left out of this run (--only/--skip/check ids)`);
  }
  return ids;
}

/** A key as given, trimmed of surrounding whitespace (with a warning), refused with a control character inside. */
export function cleanKey(value: string, from: string, warnings: string[], quietNewline = false): string {
  const trimmed = value.trim();
  // A key file ending in one newline is how editors and `echo` write files: nothing to warn about.
  const quiet = quietNewline && value.replace(/\r?\n$/, '') === trimmed;
  if (trimmed !== value && !quiet)
    warnings.push(`warning: ${from}: the key has surrounding whitespace (a trailing newline?); provops trimmed it`);
  if (!trimmed) throw new ConfigError(`${from}: the key is empty`);
  const bad = [...trimmed].find((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (bad !== undefined)
    throw new ConfigError(
      `${from}: the key holds a control character (U+${bad.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}) inside it; no gateway key does: check how it was written`,
    );
  return trimmed;
}

/** --ca-file / caFile and --insecure / insecure: true. */
function tlsOptions(
  flags: CliFlags,
  file: FileConfig,
  base: string,
  cwd: string,
  where: (k: string) => string,
  url: string,
  warnings: string[],
): TlsConfig {
  const insecureFile = file.insecure;
  if (insecureFile !== undefined && insecureFile !== null && typeof insecureFile !== 'boolean')
    throw new ConfigError(`${where('insecure')}: expected true or false`);
  const insecure = flags.insecure === true || insecureFile === true;
  const caPick: [string, string] | undefined =
    flags.caFile !== undefined
      ? ['--ca-file', resolve(cwd, flags.caFile)]
      : file.caFile !== undefined && file.caFile !== null
        ? [where('caFile'), pathIn(base, str(file.caFile, where('caFile'))) as string]
        : undefined;
  let ca: string | undefined;
  if (caPick) {
    const [from, path] = caPick;
    try {
      ca = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(`${from}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!/-----BEGIN CERTIFICATE-----/.test(ca))
      throw new ConfigError(`${from}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  }
  const https = url.startsWith('https:');
  if (insecure)
    warnings.push(
      `warning: ${flags.insecure ? '--insecure' : where('insecure')}: TLS certificates are NOT verified${https ? '' : ' (the URL is http://, so it changes nothing)'}: anyone on the path can read the keys provops sends; use --ca-file with the gateway's CA instead`,
    );
  if ((ca || insecure) && !https && caPick)
    warnings.push(`warning: ${caPick[0]}: the URL is http://, so the CA file is not used`);
  return { ca, caFile: caPick?.[1], insecure };
}

/** `workloads: { coding: [gpt-5.3-codex, claude-sonnet-4-5] }`: each class a list of model ids. */
function workloadsOf(raw: unknown, where: string): Record<string, string[]> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${where}: expected a mapping of workload class to model ids`);
  const out: Record<string, string[]> = {};
  for (const [name, ids] of Object.entries(raw)) out[name] = strList(ids, `${where}.${name}`) ?? [];
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function loadConfigFile(path: string, env: Record<string, string | undefined>): FileConfig {
  return readConfigFile(path, env).values;
}

interface LoadedConfig {
  values: FileConfig;
  /** The 1-based line a key path (["checks", "health", "warnLatencyMs"]) is written on, if found. */
  line(path: readonly string[]): number | undefined;
}

function readConfigFile(
  path: string,
  env: Record<string, string | undefined>,
  redactor?: ResolveInput['redactor'],
): LoadedConfig {
  let text: string;
  try {
    // A regular file under a cap: /dev/zero or a FIFO would otherwise read (or block) forever.
    text = readRegularFile(path, MAX_CONFIG_BYTES);
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${err instanceof LocalFileError ? err.message : String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = yaml.load(text, { filename: path, schema: yaml.JSON_SCHEMA });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    const at = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new ConfigError(`${path}${at}: ${e.reason ?? e.message.split('\n')[0]} (fix the YAML and run again)`);
  }
  const line = (keys: readonly string[]) => keyLine(text, keys);
  if (parsed === undefined || parsed === null) return { values: {}, line };
  // Inline keys are secrets from the moment they are parsed: any error below may quote a value.
  if (typeof parsed === 'object' && !Array.isArray(parsed)) {
    const top = parsed as Record<string, unknown>;
    // targets: entries carry their own keys (a fleet), secrets just the same
    const entries = Array.isArray(top.targets) ? top.targets.slice(0, 10_000) : [];
    for (const holder of [top, ...entries])
      if (holder && typeof holder === 'object')
        for (const k of ['apiKey', 'managementKey'])
          redactor?.add(interpolateQuietly((holder as Record<string, unknown>)[k], env));
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ConfigError(`${path}: expected a mapping of settings at the top level`);
  for (const key of Object.keys(parsed)) {
    if (!(FILE_KEYS as readonly string[]).includes(key))
      throw new ConfigError(
        `${path}: unknown setting "${key}"${suggest(key, FILE_KEYS)}; valid settings: ${FILE_KEYS.join(', ')}`,
      );
  }
  return { values: interpolate(parsed, env, path, [], line, { left: MAX_CONFIG_VALUES }) as FileConfig, line };
}

/**
 * Where a key is written: each key of the path searched from where its parent was found, block style
 * (`key:` on its own line) or flow style (`{ key: 1 }`). Good enough to point a person at a line.
 */
export function keyLine(text: string, keys: readonly string[]): number | undefined {
  const lines = text.split(/\r?\n/);
  let from = 0;
  let column = 0;
  for (const [depth, key] of keys.entries()) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const pattern =
      depth === 0 ? new RegExp(`^["']?${escaped}["']?\\s*:`) : new RegExp(`(^|[\\s{,])["']?${escaped}["']?\\s*:`);
    let found = -1;
    for (let i = from; i < lines.length; i++) {
      const text_ = (lines[i] as string).slice(i === from ? column : 0);
      const m = pattern.exec(text_);
      if (m) {
        found = i;
        column = (i === from ? column : 0) + m.index + m[0].length;
        break;
      }
    }
    if (found < 0) return undefined;
    from = found;
  }
  return from + 1;
}

/**
 * ${VAR} in any string value takes the environment's value; an unset variable is an error, and so is
 * $VAR without braces (it would be sent literally); $$ is a literal $.
 */
/** A secret's value with ${VAR} taken from the environment, or undefined; never throws (errors come later). */
function interpolateQuietly(value: unknown, env: Record<string, string | undefined>): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) => env[name] ?? m);
}

function interpolate(
  value: unknown,
  env: Record<string, string | undefined>,
  path: string,
  at: string[],
  line: (keys: readonly string[]) => number | undefined,
  budget: { left: number },
): unknown {
  // YAML aliases share one node; walking them as a tree is exponential (a 420-byte file → GBs).
  if (--budget.left < 0)
    throw new ConfigError(
      `${path}: more than ${MAX_CONFIG_VALUES} values once YAML aliases are expanded (an alias bomb?); write the settings out`,
    );
  const here = () => {
    const n = line(at.filter((k) => !k.startsWith('[')));
    return `${path}${n ? `:${n}` : ''}: ${at.join('.').replace(/\.\[/g, '[')}`;
  };
  if (typeof value === 'string') {
    return value.replace(
      /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (m, braced?: string, bare?: string) => {
        if (m === '$$') return '$';
        if (bare !== undefined)
          throw new ConfigError(
            `${here()} has $${bare}, which provops.yaml does not expand: write \${${bare}} to take the environment's value (or $$ for a literal $)`,
          );
        const v = env[braced as string];
        if (v === undefined || v === '')
          throw new ConfigError(`${here()} uses \${${braced as string}}, which is not set in the environment`);
        return v;
      },
    );
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, path, [...at, `[${i}]`], line, budget));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path, [...at, k], line, budget)]),
    );
  }
  return value;
}

/** The key from provops.yaml: [where it came from, the value, whether it came from a file]. */
export function secretFrom(
  file: FileConfig,
  key: 'apiKey' | 'managementKey',
  base: string,
  where: (k: string) => string,
): [from: string, value: string, fromFile: boolean] | undefined {
  const inline = str(file[key], where(key));
  const fileKey = `${key}File` as const;
  const path = pathIn(base, str(file[fileKey], where(fileKey)));
  if (inline !== undefined && path !== undefined)
    throw new ConfigError(`${where(key)}: give either ${key} or ${fileKey}, not both`);
  if (path === undefined) return inline === undefined ? undefined : [where(key), inline, false];
  let value: string;
  try {
    value = readRegularFile(path, MAX_KEY_FILE_BYTES);
  } catch (err) {
    throw new ConfigError(
      `${where(fileKey)}: cannot read ${path} (${err instanceof LocalFileError ? err.message : 'error'})`,
    );
  }
  if (!value.trim()) throw new ConfigError(`${where(fileKey)}: ${path} is empty`);
  return [`${where(fileKey)} (${path})`, value, true];
}

export function checkOptions(
  registry: readonly Check[],
  raw: unknown,
  whereKey: (key: string) => string,
): Record<string, Record<string, OptionValue>> {
  const where = whereKey('checks');
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
        throw new ConfigError(`${whereKey(`checks.${id}.${name}`)}: ${(err as Error).message}`);
      }
    }
    const clash = thresholdClash(check, out[id] as Record<string, OptionValue>);
    if (clash) throw new ConfigError(`${whereKey(`checks.${id}`)}: ${clash}`);
  }
  return out;
}

/**
 * "failSuccessRate 0.99 is above warnSuccessRate 0.95 …" when a check's warn and fail levels
 * (metricThresholds) are the wrong way round, so that one of them could never be reached.
 */
function thresholdClash(check: Check, values: Record<string, OptionValue>): string | undefined {
  for (const { warn, fail, below } of Object.values(check.metricThresholds ?? {})) {
    if (warn === undefined || fail === undefined) continue;
    const w = values[warn];
    const f = values[fail];
    if (typeof w !== 'number' || typeof f !== 'number') continue;
    // Bad when the value rises: warn comes first, so warn <= fail; when it falls, warn >= fail.
    const [low, high] = below ? [fail, warn] : [warn, fail];
    const [lowValue, highValue] = below ? [f, w] : [w, f];
    if (lowValue > highValue)
      return `${low} ${lowValue} is above ${high} ${highValue}, so one level can never be reached (default ${low} ${String(check.options[low]?.default)}, ${high} ${String(check.options[high]?.default)}): swap them?`;
  }
  return undefined;
}

export function selectChecks(
  registry: readonly Check[],
  sel: { only?: string[] | undefined; skip?: string[] | undefined },
  from: { only: string; skip: string } = { only: '--only', skip: '--skip' },
): Check[] {
  const ids = registry.map((c) => c.id);
  for (const [flag, list] of [
    [from.only, sel.only],
    [from.skip, sel.skip],
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

/** Node's timers hold at most 2^31-1 ms; beyond it a timer fires after 1 ms, so larger values are refused. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function timer(value: unknown, where: string): number | undefined {
  return wholeNumber(value, where, MAX_TIMER_MS);
}

function wholeNumber(value: unknown, where: string, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max)
    throw new ConfigError(`${where}: expected a whole number from 1 to ${max}`);
  return value;
}

export function positive(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !(value > 0)) throw new ConfigError(`${where}: expected a positive number`);
  return value;
}

function choice<T extends string>([from, value]: [from: string, value: string], allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${from}: "${value}" is not one of ${allowed.join(', ')}`);
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

export function validateUrl(raw: string, from: string): string {
  const shown = stripPassword(raw.trim());
  // "localhost:8317" parses as a URL whose scheme is "localhost:".
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim()))
    throw new UsageError(
      `${from}: "${shown}" has no scheme; did you mean "http://${shown.replace(/^\/+/, '')}"? (https:// for TLS)`,
    );
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`${from}: "${shown}" is not a URL (expected e.g. http://localhost:8317)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${from}: expected an http:// or https:// URL, got ${url.protocol}`);
  // Paths are appended to the base URL: a query or fragment would end up in the middle of each one.
  if (url.search || url.hash || /[?#]/.test(raw))
    throw new UsageError(
      `${from}: "${shown}" has a ${url.hash || raw.includes('#') ? 'fragment (#…)' : 'query (?…)'}; give the gateway's base URL only, e.g. ${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    );
  return raw.trim().replace(/\/+$/, '');
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

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|z|[+-](\d{2}):?(\d{2}))?$/;

/** An ISO-8601 instant that a calendar holds: 2026-02-30 or 25:00 is an error, never rolled over. */
export function parseNow(value: string): Date {
  const m = INSTANT.exec(value);
  const bad = () => new UsageError(`--now: "${value}" is not an ISO-8601 instant (e.g. 2026-11-26T08:00:00Z)`);
  if (!m) throw bad();
  const [y, mo, d, h, mi, sec = '0'] = m.slice(1, 7) as [string, string, string, string, string, string?];
  const daysInMonth = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  const fieldsHold =
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(d) >= 1 &&
    Number(d) <= daysInMonth &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(sec) <= 59 &&
    (m[8] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59));
  // Date wants ±HH:MM; ±HHMM is ISO-8601 too.
  const zoned = m[7] && /^[+-]\d{4}$/.test(m[7]) ? value.replace(/(\d{2})(\d{2})$/, '$1:$2') : value;
  const date = new Date(zoned);
  if (!fieldsHold || Number.isNaN(date.getTime())) throw bad();
  return date;
}
