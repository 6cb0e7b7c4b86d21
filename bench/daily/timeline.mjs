// A recording proxy in front of the simulator: every request's start (arrival) and end (response
// finished), so the bench can count the round trips on a run's critical path from the timeline
// rather than guess them from wall time. On loopback in the same process it adds well under 1 ms.
import { createServer, request } from 'node:http';

export async function startTimeline(target) {
  const upstream = new URL(target);
  let entries = [];
  const server = createServer((req, res) => {
    const entry = { path: req.url.split('?')[0], start: performance.now(), end: NaN };
    entries.push(entry);
    const out = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        res.on('finish', () => (entry.end = performance.now()));
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.keepAliveTimeout = 10_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** The requests since the last take(), and a fresh timeline. */
    take() {
      const taken = entries;
      entries = [];
      return taken;
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

/**
 * Round trips on the critical path: a request is one round trip deeper than the deepest request that
 * had finished before it started; requests in flight together share a depth.
 */
export function criticalRoundTrips(entries) {
  const sorted = [...entries].sort((a, b) => a.start - b.start);
  const depth = [];
  let most = 0;
  sorted.forEach((r, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j].end <= r.start) d = Math.max(d, depth[j] + 1);
    depth.push(d);
    most = Math.max(most, d);
  });
  return most;
}
