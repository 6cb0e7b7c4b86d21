// Where provops.yaml is, without reading it: the CLI asks this before deciding whether `list` and
// `explain` need the YAML parser at all (they must stay light without a config file).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** `from` names where `explicit` came from (--config, PROVOPS_CONFIG) for the error message. */
export function locateConfigFile(explicit: string | undefined, cwd: string, from = '--config'): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConfigError(`${from}: config file not found: ${path}`);
    return path;
  }
  const fallback = join(cwd, 'provops.yaml');
  return existsSync(fallback) ? fallback : undefined;
}
