// `provops serve`: loads provops.yaml, starts the exporter, reloads on SIGHUP (a bad file keeps the
// running configuration and says why) and shuts down gracefully on SIGTERM or Ctrl-C.
import { checks } from '../../checks/index.js';
import { pluginRefsOf, readConfigSource, type CliFlags } from '../config.js';
import { loadPlugins } from '../plugins.js';
import { resolveExporterConfig } from '../config/serve.js';
import { ConfigError, UsageError, messageOf } from '../errors.js';
import { loadReporter } from '../reporters/index.js';
import { startExporter } from './serve/exporter.js';

export interface ServeFlags extends Pick<
  CliFlags,
  'config' | 'stateDir' | 'state' | 'timeout' | 'deadline' | 'concurrency' | 'plugin'
> {
  listen?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export async function serve(flags: ServeFlags, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<number> {
  const render = await loadReporter('prometheus');
  // Read again on every reload, plugins included: a new plugin or threshold takes effect on SIGHUP.
  const load = async () => {
    const cwd = process.cwd();
    const source = readConfigSource(flags, env, cwd);
    const plugins = await loadPlugins(pluginRefsOf(source, flags.plugin, cwd), checks);
    return resolveExporterConfig({ flags, env, cwd, registry: [...checks, ...plugins], source, listen: flags.listen });
  };
  let exporter;
  try {
    exporter = await startExporter({ load, render: (report) => render(report, { color: false, verbose: false }), log });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) throw err;
    throw new UsageError(`serve: ${messageOf(err)}`);
  }
  const first = exporter.config();
  if (!LOOPBACK.test(first.serve.host))
    log(
      `provops serve: warning: listening on ${first.serve.host}, not loopback${first.serve.auth ? '' : ', and serve.auth is not set: anyone who can reach it can make provops probe your gateways'}`,
    );
  log(
    `provops serve: listening on ${exporter.url} for ${first.fleet.targets.length} target(s) (${first.fleet.targets.map((t) => t.target.name).join(', ')}); results kept ${first.serve.minIntervalMs / 1000} s; GET /probe?target=<name>, /metrics`,
  );

  await new Promise<void>((resolve) => {
    const reload = () => void exporter.reload();
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGHUP', reload);
      resolve();
    };
    process.on('SIGHUP', reload);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  log('provops serve: shutting down');
  await exporter.close();
  return 0;
}
