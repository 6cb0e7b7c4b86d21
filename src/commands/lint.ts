// `provops lint [config.yaml ...]`: lint gateway configs (and, with --from-gateway, the gateway's own
// file against what it loaded). Returns the report text and exit code; only the CLI writes them.
import { pluginRefsOf, readConfigSource, resolveConfig, type CliFlags } from '../config.js';
import { UsageError } from '../errors.js';
import { MIN_SECRET_LENGTH } from '../redact.js';
import { buildLintReport, lintLoaded, type FileResult } from '../lint/findings.js';
import { parseGatewayVersion, detectLayout } from '../lint/layout.js';
import { parseConfigText, readConfigFile, UnreadableConfig, type LoadedConfig } from '../lint/load.js';
import { LINT_FAIL_ON, LINT_FORMATS, type LintFormat } from '../lint/names.js';
import { LINT_REPORTERS } from '../lint/reporters/index.js';
import type { Expectations, GatewayFacts } from '../lint/rule.js';
import { rules } from '../lint/rules/index.js';
import { secretValues } from '../lint/secrets.js';
import { fromJson, type YMap } from '../lint/tree.js';
import { buildView } from '../lint/view.js';
import { checks } from '../../checks/index.js';
import { loadPlugins } from '../plugins.js';

export interface LintFlags extends Pick<
  CliFlags,
  'config' | 'url' | 'apiKey' | 'managementKey' | 'timeout' | 'deadline'
> {
  fromGateway?: boolean;
  format?: string;
  failOn?: string;
  gatewayVersion?: string;
}

export interface LintRun {
  text: string;
  exitCode: number;
  /** Values to redact from everything printed (keys from provops.yaml and from the linted files). */
  secrets: string[];
  warnings: string[];
}

export async function lintCommand(
  files: string[],
  flags: LintFlags,
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<LintRun> {
  const format = choice(flags.format ?? 'table', LINT_FORMATS, '--format') as LintFormat;
  const failOn = choice(flags.failOn ?? 'warn', LINT_FAIL_ON, '--fail-on');
  const pinned = flags.gatewayVersion === undefined ? undefined : parseGatewayVersion(flags.gatewayVersion);
  if (flags.gatewayVersion !== undefined && !pinned)
    throw new UsageError(
      `--gateway-version: "${flags.gatewayVersion}" is not a gateway version (e.g. 8, 8.0.23, 7.2.140, 6.8.60-0, plus)`,
    );
  if (!files.length && !flags.fromGateway)
    throw new UsageError('name a config.yaml to lint, or use --from-gateway to lint the one the gateway serves');

  // lint's own --format and --fail-on take other values than daily's: provops.yaml's are not used here.
  const { format: _format, failOn: _failOn, fromGateway: _from, gatewayVersion: _version, ...runFlags } = flags;
  // provops.yaml's `checks:` may hold a plugin's thresholds: its plugins load as for daily.
  const source = readConfigSource(runFlags, env, cwd);
  const plugins = await loadPlugins(pluginRefsOf(source, undefined, cwd), checks);
  const resolved = resolveConfig({ flags: runFlags, env, cwd, registry: [...checks, ...plugins], source });
  const expectIds = (resolved.checkOptions['antigravity-aliases']?.expectIds as string[] | undefined) ?? [];
  const expect: Expectations = {
    ids: [...new Set([...expectIds, ...Object.values(resolved.workloads).flat()])],
    workloads: resolved.workloads,
  };
  const secrets = [...resolved.secrets];

  const inputs: Array<{ label: string; load: () => LoadedConfig }> = files.map((f) => ({
    label: f,
    load: () => readConfigFile(f),
  }));
  let gateway: GatewayFacts | undefined;
  const results: FileResult[] = [];
  if (flags.fromGateway) {
    try {
      // undici loads only here: a lint of local files needs no HTTP client.
      const { CONFIG_YAML_PATH, readGatewayConfig } = await import('../lint/from-gateway.js');
      const g = await readGatewayConfig({
        url: resolved.target.url,
        apiKey: resolved.apiKey,
        managementKey: resolved.managementKey,
        timeoutMs: resolved.timeoutMs,
        deadlineMs: resolved.deadlineMs,
        maxResponseBytes: resolved.maxResponseBytes,
        tls: resolved.tls,
      });
      const effectiveRoot = fromJson(g.effective);
      if (effectiveRoot.kind !== 'map')
        throw new UnreadableConfig(`${resolved.target.url}/v0/management/config: not a JSON object`);
      const loaded = detectLayout(effectiveRoot, pinned);
      gateway = { effective: buildView(effectiveRoot as YMap, loaded.name), listed: g.listed };
      secrets.push(...secretValues(effectiveRoot, MIN_SECRET_LENGTH));
      const label = `${resolved.target.url}${CONFIG_YAML_PATH}`;
      if (!files.length) inputs.push({ label, load: () => parseConfigText(g.rawYaml, label) });
    } catch (err) {
      if (!(err instanceof UnreadableConfig)) throw err;
      results.push({ file: resolved.target.url, findings: [], error: err.message });
    }
  }

  for (const { label, load } of inputs) {
    try {
      const loaded = load();
      secrets.push(...secretValues(loaded.root, MIN_SECRET_LENGTH));
      const { layoutInfo: _layout, ...result } = lintLoaded(loaded, { pinned, expect, gateway });
      results.push(result);
    } catch (err) {
      if (!(err instanceof UnreadableConfig)) throw err;
      results.push({ file: label, findings: [], error: err.message });
    }
  }
  const report = buildLintReport(results, failOn);
  return {
    text: LINT_REPORTERS[format](report, rules),
    exitCode: report.exitCode,
    secrets,
    warnings: resolved.warnings,
  };
}

function choice<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${what}: "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}
