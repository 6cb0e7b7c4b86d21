// provops.yaml `targets:` → the gateways one run checks. Top-level settings are every target's
// defaults; a target's own entry wins. `--url` (or PROVOPS_URL) still means one gateway, with the
// environment's keys; in a fleet each target's keys come from its own entry (or the file's top level),
// never from the environment, so that one gateway's key cannot be sent to another by accident.
import { resolve } from 'node:path';
import type { Check, RunInputs, Target } from '../check.js';
import {
  checkOptions,
  cleanKey,
  passwordOf,
  resolveConfig,
  secretFrom,
  selectChecks,
  splitIds,
  str,
  strList,
  stripPassword,
  validateUrl,
  type FileConfig,
  type ResolveInput,
  type ResolvedConfig,
} from '../config.js';
import { ConfigError, UsageError } from '../errors.js';
import { suggest } from '../format.js';
import type { OptionValue } from '../options.js';
import { MIN_SECRET_LENGTH } from '../redact.js';
import { parseZone } from '../timezone.js';

/** What differs between the gateways of one run. */
export interface TargetSettings {
  target: Target;
  apiKey: string | undefined;
  managementKey: string | undefined;
  checks: Check[];
  checkOptions: Record<string, Record<string, OptionValue>>;
  inputs: RunInputs;
  /** Checks that must run: a skip counts as a fail (--require). */
  required?: string[] | undefined;
}

export interface FleetConfig extends ResolvedConfig {
  /** In configuration order; one entry when the run is for one gateway. */
  targets: TargetSettings[];
  /** Targets checked at once. */
  targetConcurrency: number;
  /** Whether the targets came from provops.yaml `targets:` (a fleet run) rather than one --url. */
  fleet: boolean;
}

export const DEFAULT_TARGET_CONCURRENCY = 16;

/** Safe as a file name, a Prometheus label value and a URL query value, as written. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const TARGET_KEYS = [
  'name',
  'url',
  'apiKey',
  'apiKeyFile',
  'managementKey',
  'managementKeyFile',
  'logFiles',
  'logTimezone',
  'only',
  'skip',
  'checks',
] as const;

export function resolveFleetConfig(input: ResolveInput): FleetConfig {
  const base = resolveConfig(input);
  const { flags, env } = input;
  const targetConcurrency = input.flags.targetConcurrency ?? DEFAULT_TARGET_CONCURRENCY;
  const oneUrl = flags.url ?? env.PROVOPS_URL;
  const where = (key: string) => `${base.configFile ?? 'provops.yaml'}: ${key}`;

  if (base.file.targets === undefined || base.file.targets === null || oneUrl !== undefined) {
    if (flags.target !== undefined)
      throw new UsageError(
        oneUrl !== undefined
          ? `--target picks from the targets in provops.yaml; --url${flags.url === undefined ? ' (PROVOPS_URL)' : ''} already names one gateway: give one or the other`
          : '--target picks from the targets in provops.yaml, but it lists none (add a targets: list, or use --url)',
      );
    return { ...base, targets: [single(base)], targetConcurrency, fleet: false };
  }

  for (const [flag, given] of [
    ['--api-key', flags.apiKey],
    ['--management-key', flags.managementKey],
    ['PROVOPS_API_KEY', env.PROVOPS_API_KEY],
    ['PROVOPS_MANAGEMENT_KEY', env.PROVOPS_MANAGEMENT_KEY],
  ] as const) {
    if (given !== undefined)
      throw new UsageError(
        `${flag} is set, but provops.yaml lists targets: keys are per target there (apiKey: \${VAR} or apiKeyFile in each entry), so one gateway's key is never sent to another; unset ${flag}, or check one gateway with --url`,
      );
  }
  for (const key of ['url', 'name'] as const)
    if (base.file[key] !== undefined)
      throw new ConfigError(`${where(key)}: with targets:, give each target its own ${key} (not one at the top level)`);

  const all = parseEntries(base.file.targets, where('targets'), base, input);
  const chosen = pick(all, splitIds(flags.target));
  if (flags.logFile?.length && chosen.length > 1)
    throw new UsageError(
      `--log-file names one gateway's log, but ${chosen.length} targets are selected: put logFiles in each target's entry, or pick one with --target`,
    );
  return { ...base, targets: chosen, targetConcurrency, fleet: true };
}

function single(base: ResolvedConfig): TargetSettings {
  return {
    target: base.target,
    apiKey: base.apiKey,
    managementKey: base.managementKey,
    checks: base.checks,
    checkOptions: base.checkOptions,
    inputs: base.inputs,
    required: base.required,
  };
}

function parseEntries(raw: unknown, where: string, base: ResolvedConfig, input: ResolveInput): TargetSettings[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new ConfigError(`${where}: expected a list of targets, each with a name and a url`);
  const seen = new Set<string>();
  const out: TargetSettings[] = [];
  raw.forEach((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new ConfigError(`${at}: expected a mapping with at least name and url`);
    for (const key of Object.keys(entry))
      if (!(TARGET_KEYS as readonly string[]).includes(key))
        throw new ConfigError(
          `${at}: unknown setting "${key}"${suggest(key, TARGET_KEYS)}; a target takes ${TARGET_KEYS.join(', ')}`,
        );
    const settings = parseEntry(entry as FileConfig, at, base, input);
    if (seen.has(settings.target.name))
      throw new ConfigError(`${at}.name: "${settings.target.name}" is used by an earlier target; names are unique`);
    seen.add(settings.target.name);
    out.push(settings);
  });
  return out;
}

function parseEntry(entry: FileConfig, at: string, base: ResolvedConfig, input: ResolveInput): TargetSettings {
  const w = (key: string) => `${at}.${key}`;
  const name = str(entry.name, w('name'));
  if (name === undefined) throw new ConfigError(`${w('name')}: every target needs a name`);
  if (!NAME.test(name))
    throw new ConfigError(
      `${w('name')}: "${name}" must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit (it names a state file and a Prometheus label)`,
    );
  const rawUrl = str(entry.url, w('url'));
  if (rawUrl === undefined) throw new ConfigError(`${w('url')}: target "${name}" needs a url`);
  let url: string;
  try {
    url = validateUrl(rawUrl, w('url'));
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }

  const dir = base.configFile ? resolve(base.configFile, '..') : input.cwd;
  const own = (key: 'apiKey' | 'managementKey') => {
    const found = secretFrom(entry, key, dir, w);
    return found && cleanKey(found[1], found[0], base.warnings, found[2]);
  };
  // Top-level keys were read from the file only (the environment's keys are refused in a fleet).
  const apiKey = own('apiKey') ?? base.apiKey;
  const managementKey = own('managementKey') ?? base.managementKey;
  for (const [label, key] of [
    ['API key', apiKey],
    ['management key', managementKey],
  ] as const)
    if (key !== undefined && key.length < MIN_SECRET_LENGTH)
      throw new ConfigError(
        `${at}: the ${label} is shorter than ${MIN_SECRET_LENGTH} characters; provops cannot keep it out of its output`,
      );
  const password = passwordOf(url);
  base.secrets.push(...[apiKey, managementKey, password].filter((s): s is string => Boolean(s)));

  const registry = input.registry;
  const fromCli = input.checkIds?.length ? input.checkIds : splitIds(input.flags.only);
  const checks =
    fromCli !== undefined || input.flags.skip !== undefined || (entry.only === undefined && entry.skip === undefined)
      ? base.checks
      : selectChecks(registry, {
          only: strList(entry.only, w('only')) ?? strList(base.file.only, 'only'),
          skip: strList(entry.skip, w('skip')) ?? strList(base.file.skip, 'skip'),
        });

  const logFiles = input.flags.logFile?.length
    ? base.inputs.logFiles
    : entry.logFiles !== undefined
      ? (strList(entry.logFiles, w('logFiles')) ?? []).map((f) => resolve(dir, f))
      : base.inputs.logFiles;
  const logTimezone = input.flags.logTimezone ?? str(entry.logTimezone, w('logTimezone')) ?? base.inputs.logTimezone;
  if (logTimezone !== base.inputs.logTimezone) validateZone(logTimezone, w('logTimezone'));

  return {
    target: { name, url: stripPassword(url) },
    apiKey,
    managementKey,
    checks,
    checkOptions: checkOptions(registry, mergeChecks(base.file.checks, entry.checks), w),
    required: base.required,
    inputs: { logFiles, logTimezone },
  };
}

/** The file's `checks:` thresholds with the target's own on top, per check id. */
function mergeChecks(top: unknown, own: unknown): unknown {
  if (own === undefined || own === null) return top;
  if (typeof own !== 'object' || Array.isArray(own)) return own; // checkOptions reports the shape
  const merged: Record<string, unknown> = { ...((top as Record<string, unknown> | null | undefined) ?? {}) };
  for (const [id, values] of Object.entries(own)) {
    const before = merged[id];
    merged[id] =
      values && typeof values === 'object' && before && typeof before === 'object'
        ? { ...before, ...(values as object) }
        : values;
  }
  return merged;
}

function pick(all: TargetSettings[], names: string[] | undefined): TargetSettings[] {
  if (names === undefined) return all;
  const known = all.map((t) => t.target.name);
  for (const name of names)
    if (!known.includes(name))
      throw new UsageError(
        `--target: unknown target "${name}"${suggest(name, known)}; provops.yaml lists ${known.join(', ')}`,
      );
  if (!names.length) throw new UsageError('--target: name at least one target');
  return all.filter((t) => names.includes(t.target.name));
}

function validateZone(zone: string | undefined, where: string): void {
  try {
    parseZone(zone);
  } catch (err) {
    throw new ConfigError(`${where}: ${(err as Error).message}`);
  }
}
