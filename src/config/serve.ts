// provops.yaml `serve:` → how `provops serve` listens, how long it keeps a target's results, and the
// credentials it asks of its own scrapers. Secrets may be inline (${VAR}) or in files, as for keys.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import type { ResolveInput } from '../config.js';
import { suggest } from '../format.js';
import { resolveFleetConfig, type FleetConfig } from './targets.js';

export interface ServeAuth {
  kind: 'bearer' | 'basic';
  /** The bearer token, or "username:password" for basic. */
  credential: string;
}

export interface ServeSettings {
  host: string;
  port: number;
  minIntervalMs: number;
  auth: ServeAuth | undefined;
}

/** What `provops serve` runs with; read again on every reload. */
export interface ExporterConfig {
  fleet: FleetConfig;
  serve: ServeSettings;
}

export function resolveExporterConfig(input: ResolveInput & { listen?: string | undefined }): ExporterConfig {
  const fleet = resolveFleetConfig(input);
  return { fleet, serve: resolveServe(fleet.file.serve, { listen: input.listen }, fleet.configFile) };
}

export const DEFAULT_LISTEN = '127.0.0.1:9317';
export const DEFAULT_MIN_INTERVAL_SECONDS = 60;

const SERVE_KEYS = ['listen', 'minIntervalSeconds', 'auth'] as const;
const AUTH_KEYS = ['bearerToken', 'bearerTokenFile', 'username', 'password', 'passwordFile'] as const;

export function resolveServe(
  raw: unknown,
  flags: { listen?: string | undefined },
  configFile: string | undefined,
): ServeSettings {
  const where = `${configFile ?? 'provops.yaml'}: serve`;
  const section = mapping(raw ?? {}, where, SERVE_KEYS);
  const listen = flags.listen ?? text(section.listen, `${where}.listen`) ?? DEFAULT_LISTEN;
  const { host, port } = parseListen(listen, flags.listen !== undefined ? '--listen' : `${where}.listen`);
  const interval = section.minIntervalSeconds ?? DEFAULT_MIN_INTERVAL_SECONDS;
  if (typeof interval !== 'number' || !(interval >= 0) || !Number.isFinite(interval))
    throw new ConfigError(`${where}.minIntervalSeconds: expected a number of seconds (0 or more)`);
  const base = configFile ? resolve(configFile, '..') : process.cwd();
  return { host, port, minIntervalMs: interval * 1000, auth: parseAuth(section.auth, `${where}.auth`, base) };
}

/** "127.0.0.1:9317", "[::1]:9317", ":9317" (every address, said out loud by the caller). */
export function parseListen(value: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new UsageError(`${what}: "${value}" is not host:port (e.g. 127.0.0.1:9317, [::1]:9317, 0.0.0.0:9317)`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function parseAuth(raw: unknown, where: string, base: string): ServeAuth | undefined {
  if (raw === undefined || raw === null) return undefined;
  const auth = mapping(raw, where, AUTH_KEYS);
  const token = secret(auth.bearerToken, auth.bearerTokenFile, `${where}.bearerToken`, base);
  const password = secret(auth.password, auth.passwordFile, `${where}.password`, base);
  const username = text(auth.username, `${where}.username`);
  if (token !== undefined && (username !== undefined || password !== undefined))
    throw new ConfigError(`${where}: give either bearerToken(File) or username and password(File), not both`);
  if (token !== undefined) return { kind: 'bearer', credential: token };
  if (username === undefined || password === undefined)
    throw new ConfigError(`${where}: basic auth needs both username and password (or passwordFile)`);
  if (username.includes(':')) throw new ConfigError(`${where}.username: must not contain ":"`);
  return { kind: 'basic', credential: `${username}:${password}` };
}

function secret(inline: unknown, file: unknown, where: string, base: string): string | undefined {
  const value = text(inline, where);
  const path = text(file, `${where}File`);
  if (value !== undefined && path !== undefined)
    throw new ConfigError(`${where}: give it inline or as a file, not both`);
  if (path === undefined) return checkLength(value, where);
  try {
    return checkLength(readFileSync(isAbsolute(path) ? path : resolve(base, path), 'utf8').trim(), `${where}File`);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${where}File: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function checkLength(value: string | undefined, where: string): string | undefined {
  if (value !== undefined && value.length < 8)
    throw new ConfigError(`${where}: shorter than 8 characters; choose a longer secret`);
  return value;
}

function mapping<K extends string>(raw: unknown, where: string, keys: readonly K[]): Partial<Record<K, unknown>> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigError(`${where}: expected a mapping of ${keys.join(', ')}`);
  for (const key of Object.keys(raw))
    if (!(keys as readonly string[]).includes(key))
      throw new ConfigError(`${where}: unknown setting "${key}"${suggest(key, keys)}; valid: ${keys.join(', ')}`);
  return raw as Partial<Record<K, unknown>>;
}

function text(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ConfigError(`${where}: expected a string`);
  return value;
}
