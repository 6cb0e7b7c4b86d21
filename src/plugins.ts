// User check plugins: an operations team adds its own checks without forking. A plugin module's default
// export is one check or an array of checks with the built-in contract; a plain object works (ops teams
// write plain .js), so options may be plain default values as well as typed specs. Every problem is one
// ConfigError naming the plugin: a plugin that cannot be loaded never becomes a half-run.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Check, Explanation, MetricThreshold } from './check.js';
import { ConfigError, messageOf } from './errors.js';
import { opt, type OptionSpec, type OptionSpecs } from './options.js';

/** Where a plugin was named: `plugins:` in provops.yaml (relative to that file) or --plugin (relative to cwd). */
export interface PluginRef {
  spec: string;
  /** The directory relative paths and package names are resolved from. */
  base: string;
  source: string;
}

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Loads every plugin, in the order listed, and checks each one against the contract and the ids taken. */
export async function loadPlugins(refs: readonly PluginRef[], builtins: readonly Check[]): Promise<Check[]> {
  const taken = new Map(builtins.map((c) => [c.id, 'a built-in check']));
  const loaded: Check[] = [];
  for (const ref of refs) {
    const name = `plugin ${ref.spec} (${ref.source})`;
    const exported = await importPlugin(ref, name);
    const list = Array.isArray(exported) ? exported : [exported];
    if (!list.length) throw new ConfigError(`${name}: its default export is an empty list of checks`);
    for (const [i, raw] of list.entries()) {
      const check = normalise(raw, list.length > 1 ? `${name}, check #${i + 1}` : name);
      const clash = taken.get(check.id);
      if (clash) throw new ConfigError(`${name}: check id "${check.id}" is already taken by ${clash}`);
      taken.set(check.id, name);
      loaded.push(check);
    }
  }
  return loaded;
}

function locate(ref: PluginRef, name: string): string {
  const relative = ref.spec.startsWith('.') || isAbsolute(ref.spec);
  if (relative) {
    const path = resolve(ref.base, ref.spec);
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      // reported below, in one line
    }
    if (!isFile) throw new ConfigError(`${name}: no such file ${path}`);
    return path;
  }
  // A package name: resolved as Node would from the config file's directory (its node_modules).
  try {
    return createRequire(join(ref.base, 'provops.yaml')).resolve(ref.spec);
  } catch {
    throw new ConfigError(`${name}: cannot find package "${ref.spec}" from ${ref.base} (npm install it there)`);
  }
}

async function importPlugin(ref: PluginRef, name: string): Promise<unknown> {
  const path = locate(ref, name);
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    const first = messageOf(err).split('\n')[0];
    throw new ConfigError(`${name}: failed to load: ${err instanceof Error ? `${err.name}: ` : ''}${first}`);
  }
  if (module.default === undefined)
    throw new ConfigError(`${name}: no default export (export default { id, title, description, run })`);
  return module.default;
}

function normalise(raw: unknown, name: string): Check {
  if (!raw || typeof raw !== 'object') throw new ConfigError(`${name}: a check must be an object, got ${typeof raw}`);
  const c = raw as Record<string, unknown>;
  const text = (key: string): string => {
    const v = c[key];
    if (typeof v !== 'string' || !v.trim()) throw new ConfigError(`${name}: "${key}" must be a non-empty string`);
    return v;
  };
  const id = text('id');
  if (!ID.test(id)) throw new ConfigError(`${name}: id "${id}" must be kebab-case (e.g. queue-depth)`);
  if (typeof c.run !== 'function') throw new ConfigError(`${name}: "run" must be a function run(ctx) → result`);
  for (const key of ['dependsOn', 'after'] as const) {
    const v = c[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((s) => typeof s === 'string')))
      throw new ConfigError(`${name}: "${key}" must be a list of check ids`);
  }
  const check: Check = {
    id,
    title: text('title'),
    description: text('description'),
    runbook: typeof c.runbook === 'string' && c.runbook.trim() ? c.runbook : 'plugin',
    options: options(c.options, name),
    explain: explanation(c.explain, name),
    run: c.run as Check['run'],
    // A plugin cannot tell the runner it needs no gateway; it waits for health like any network check.
    network: c.network === false ? false : true,
  };
  if (Array.isArray(c.dependsOn)) check.dependsOn = c.dependsOn as string[];
  if (Array.isArray(c.after)) check.after = c.after as string[];
  if (typeof c.budget === 'number' && c.budget > 0) check.budget = c.budget;
  if (c.metricThresholds !== undefined) check.metricThresholds = metricThresholds(c.metricThresholds, check, name);
  return check;
}

/** { metric: { warn?: option, fail?: option, below?: boolean } }, naming only the check's own options. */
function metricThresholds(raw: unknown, check: Check, name: string): Record<string, MetricThreshold> {
  const where = `${name}: "metricThresholds"`;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${where} must map metric names to { warn?, fail?, below? }`);
  const out: Record<string, MetricThreshold> = {};
  for (const [metric, t] of Object.entries(raw as Record<string, unknown>)) {
    if (!t || typeof t !== 'object') throw new ConfigError(`${where}.${metric} must be { warn?, fail?, below? }`);
    const { warn, fail, below } = t as Record<string, unknown>;
    for (const [key, option] of [
      ['warn', warn],
      ['fail', fail],
    ] as const) {
      if (option !== undefined && (typeof option !== 'string' || !(option in check.options)))
        throw new ConfigError(
          `${where}.${metric}.${key} must name one of the check's options (${Object.keys(check.options).join(', ') || 'none'})`,
        );
    }
    out[metric] = {
      ...(typeof warn === 'string' ? { warn } : {}),
      ...(typeof fail === 'string' ? { fail } : {}),
      ...(below === true ? { below: true } : {}),
    };
  }
  return out;
}

/** Typed specs pass through; a plain default value becomes a spec of its own type. */
function options(raw: unknown, name: string): OptionSpecs {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${name}: "options" must map threshold names to default values`);
  const out: OptionSpecs = {};
  for (const [key, value] of Object.entries(raw)) {
    const spec = value as Partial<OptionSpec> | null;
    if (
      spec &&
      typeof spec === 'object' &&
      !Array.isArray(spec) &&
      typeof spec.parse === 'function' &&
      'default' in spec
    )
      out[key] = spec as OptionSpec;
    else out[key] = fromDefault(value, `${name}: option "${key}"`);
  }
  return out;
}

function fromDefault(value: unknown, where: string): OptionSpec {
  const description = 'set by the plugin';
  if (typeof value === 'number') return opt.number(value, description, {});
  if (typeof value === 'string') return opt.string(value, description);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return opt.strings(value, description);
  if (typeof value === 'boolean')
    return {
      default: value,
      description,
      type: 'boolean',
      parse(v) {
        if (typeof v !== 'boolean') throw new Error(`expected true or false, got ${JSON.stringify(v)}`);
        return v;
      },
    };
  throw new ConfigError(`${where}: a default must be a number, string, boolean or list of strings`);
}

function explanation(raw: unknown, name: string): Explanation {
  if (raw === undefined) return { statuses: {}, runbookSteps: [] };
  if (!raw || typeof raw !== 'object') throw new ConfigError(`${name}: "explain" must be an object`);
  const e = raw as Partial<Explanation>;
  return {
    statuses: e.statuses && typeof e.statuses === 'object' ? e.statuses : {},
    runbookSteps: Array.isArray(e.runbookSteps) ? e.runbookSteps.filter((s) => typeof s === 'string') : [],
    ...(Array.isArray(e.gatewayNotes) ? { gatewayNotes: e.gatewayNotes.filter((s) => typeof s === 'string') } : {}),
  };
}
