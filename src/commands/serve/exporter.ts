// `provops serve`: a Prometheus exporter in the style of blackbox_exporter. GET /probe?target=<name>
// runs one configured target's checks and answers with the textfile reporter's metrics; GET /metrics
// is the exporter's own. Only configured targets can be probed (never a URL from the request: the
// exporter must not send keys wherever a scraper points it), answers are kept for the minimum
// interval, and everything written passes through the redactor.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FleetConfig, TargetSettings } from '../../config/targets.js';
import type { ExporterConfig, ServeAuth } from '../../config/serve.js';
import { runFleet } from '../../daily.js';
import { messageOf } from '../../errors.js';
import { Redactor } from '../../redact.js';
import type { Report } from '../../report.js';
import { fileStore, memoryStore, type StateStore } from '../../state-store.js';
import { ProbeCache } from './probe-cache.js';
import { SelfMetrics } from './self-metrics.js';

export interface ExporterOptions {
  /** Reads provops.yaml (and its plugins) afresh: at start and on every reload. Throws ConfigError/UsageError. */
  load(): Promise<ExporterConfig>;
  render(report: Report): string;
  /** One line for the operator (stderr). */
  log(line: string): void;
}

export interface RunningExporter {
  url: string;
  metrics: SelfMetrics;
  /** The configuration in use. */
  config(): ExporterConfig;
  /** Re-reads the configuration; on failure keeps the old one, says why and resolves to false. */
  reload(): Promise<boolean>;
  /** Stops accepting, lets runs in flight finish for up to `graceMs`, then interrupts them. */
  close(graceMs?: number): Promise<void>;
}

const PROM_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
/** Left of a scrape's timeout for rendering and the network. */
const SCRAPE_MARGIN_MS = 500;

export async function startExporter(options: ExporterOptions): Promise<RunningExporter> {
  let current = await options.load();
  const listen = current.serve;
  let redactor = redactorFor(current.fleet);
  const metrics = new SelfMetrics();
  metrics.targets.set({}, current.fleet.targets.length);
  const cache = new ProbeCache(current.serve.minIntervalMs);
  // Kept across reloads: a rejected management key stays refused until the key itself changes.
  const memory = memoryStore();
  const stores = new Map<string, StateStore>();
  const storeFor = (config: FleetConfig): StateStore => {
    if (!config.stateDir) return memory;
    let store = stores.get(config.stateDir);
    if (!store) stores.set(config.stateDir, (store = fileStore(config.stateDir)));
    return store;
  };
  const closing = new AbortController();

  async function runProbe(config: FleetConfig, settings: TargetSettings, ids: string[], deadlineMs: number) {
    const checks = ids.length ? settings.checks.filter((c) => ids.includes(c.id)) : settings.checks;
    const name = settings.target.name;
    const started = performance.now();
    try {
      const outcome = await runFleet(
        {
          ...config,
          deadlineMs,
          targets: [{ ...settings, checks }],
          targetConcurrency: 1,
          store: storeFor(config),
        },
        closing.signal,
      );
      for (const w of outcome.warnings) options.log(redactor.redact(`provops serve: ${name}: ${w}`));
      return redactor.redact(options.render(outcome.report));
    } catch (err) {
      metrics.errors.inc({ target: name });
      options.log(redactor.redact(`provops serve: ${name}: run failed: ${messageOf(err)}`));
      throw err;
    } finally {
      metrics.runs.inc({ target: name });
      metrics.runSeconds.inc({ target: name }, (performance.now() - started) / 1000);
    }
  }

  async function probe(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const config = current;
    const names = url.searchParams.getAll('target');
    const known = config.fleet.targets.map((t) => t.target.name);
    const listed =
      known.length > 20 ? `${known.slice(0, 20).join(', ')} and ${known.length - 20} more` : known.join(', ');
    if (names.length !== 1 || !names[0]) {
      metrics.rejected.inc({ reason: 'bad_request' });
      return send(res, 400, `probe: give exactly one target=<name> (configured: ${listed})\n`);
    }
    const name = names[0];
    const settings = config.fleet.targets.find((t) => t.target.name === name);
    if (!settings) {
      metrics.rejected.inc({ reason: 'unknown_target' });
      return send(
        res,
        400,
        `probe: unknown target ${JSON.stringify(name.slice(0, 64))}; configured targets: ${listed}\n`,
      );
    }
    const ids = [
      ...new Set(
        url.searchParams
          .getAll('checks')
          .flatMap((v) => v.split(','))
          .map((s) => s.trim()),
      ),
    ]
      .filter(Boolean)
      .sort();
    const runs = settings.checks.map((c) => c.id);
    const unknown = ids.find((id) => !runs.includes(id));
    if (unknown !== undefined) {
      metrics.rejected.inc({ reason: 'bad_request' });
      return send(
        res,
        400,
        `probe: check ${JSON.stringify(unknown.slice(0, 64))} is not run for ${name}; it runs ${runs.join(', ')}\n`,
      );
    }
    const scrapeTimeout = Number(req.headers['x-prometheus-scrape-timeout-seconds']);
    const deadlineMs =
      Number.isFinite(scrapeTimeout) && scrapeTimeout > 0
        ? Math.max(1000, Math.min(config.fleet.deadlineMs, scrapeTimeout * 1000 - SCRAPE_MARGIN_MS))
        : config.fleet.deadlineMs;
    const key = `${settingsFingerprint(settings)}|${ids.join(',')}`;
    const { value, source } = cache.get(key, name, () => runProbe(config.fleet, settings, ids, deadlineMs));
    metrics.probe(name, source);
    try {
      send(res, 200, await value, PROM_TYPE);
    } catch (err) {
      send(res, 500, redactor.redact(`probe: ${name}: internal error: ${messageOf(err)}\n`));
    }
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://exporter');
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'only GET\n', { allow: 'GET, HEAD' });
      if (url.pathname === '/-/healthy') return send(res, 200, 'Healthy\n');
      const auth = current.serve.auth;
      if (auth && !authorized(req.headers.authorization, auth)) {
        metrics.rejected.inc({ reason: 'unauthorized' });
        return send(res, 401, 'unauthorized\n', {
          'www-authenticate': auth.kind === 'basic' ? 'Basic realm="provops"' : 'Bearer realm="provops"',
        });
      }
      if (url.pathname === '/metrics') return send(res, 200, metrics.render(), PROM_TYPE);
      if (url.pathname === '/probe') return probe(url, req, res);
      if (url.pathname === '/')
        return send(res, 200, 'provops exporter: /probe?target=<name>[&checks=a,b], /metrics, /-/healthy\n');
      return send(res, 404, 'not found: try /probe?target=<name>, /metrics or /-/healthy\n');
    })().catch((err: unknown) => {
      options.log(`provops serve: internal error: ${messageOf(err)}`);
      if (!res.headersSent) send(res, 500, 'internal error\n');
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      const where = `${listen.host}:${listen.port}`;
      if (err.code === 'EADDRINUSE') reject(new Error(`cannot listen on ${where}: the port is in use`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new Error(`cannot listen on ${where}: no such local address`));
      else if (err.code === 'EACCES') reject(new Error(`cannot listen on ${where}: permission denied`));
      else reject(err);
    };
    server.once('error', onError);
    server.listen(listen.port, listen.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => options.log(`provops serve: ${messageOf(err)}`));
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;

  return {
    url: `http://${host}:${port}`,
    metrics,
    config: () => current,
    async reload() {
      let next: ExporterConfig;
      try {
        next = await options.load();
      } catch (err) {
        metrics.reloads.inc({ result: 'failure' });
        metrics.lastReloadOk.set({}, 0);
        options.log(`provops serve: reload failed, keeping the previous configuration: ${messageOf(err)}`);
        return false;
      }
      if (next.serve.host !== listen.host || next.serve.port !== listen.port)
        options.log('provops serve: a new listen address takes effect on restart; still listening where it was');
      current = next;
      redactor = redactorFor(next.fleet);
      cache.setMinInterval(next.serve.minIntervalMs);
      metrics.reloads.inc({ result: 'success' });
      metrics.lastReloadOk.set({}, 1);
      metrics.targets.set({}, next.fleet.targets.length);
      options.log(`provops serve: configuration reloaded: ${next.fleet.targets.length} target(s)`);
      return true;
    },
    async close(graceMs = 10_000) {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.all(cache.inFlight()), grace]);
      clearTimeout(timer);
      closing.abort();
      await Promise.all(cache.inFlight());
      server.closeAllConnections();
      await stopped;
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string | Record<string, string> = TEXT_TYPE,
): void {
  if (res.destroyed) return;
  const headers = typeof type === 'string' ? { 'content-type': type } : { 'content-type': TEXT_TYPE, ...type };
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function redactorFor(config: FleetConfig): Redactor {
  const r = new Redactor();
  for (const s of config.secrets) r.add(s);
  return r;
}

/** Constant-time: the digests of what was sent and what is configured are compared, never the strings. */
function authorized(header: string | undefined, auth: ServeAuth): boolean {
  const m = /^(Bearer|Basic)\s+(\S+)$/i.exec(header ?? '');
  if (!m || (m[1] as string).toLowerCase() !== auth.kind) return false;
  const given = auth.kind === 'basic' ? Buffer.from(m[2] as string, 'base64').toString('utf8') : (m[2] as string);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(auth.credential));
}

/** Changes whenever anything that shapes a target's run changes (its keys included, as a digest). */
function settingsFingerprint(settings: TargetSettings): string {
  const shape = JSON.stringify([
    settings.target,
    settings.apiKey,
    settings.managementKey,
    settings.checks.map((c) => c.id),
    settings.checkOptions,
    settings.inputs,
  ]);
  return `${settings.target.name}:${createHash('sha256').update(shape).digest('hex').slice(0, 16)}`;
}
