// Where a key may go, decided on the URL that is actually requested. The base URL may carry a path
// prefix (a reverse proxy serving the gateway under /llm), but no query, fragment or /v1 or /v0
// segment: any of those would move where a path lands (`http://gw/#` + `/v1/models` requests `/`).
// A key is placed only when the final, normalised path is <prefix>/v1/* (API key) or
// <prefix>/v0/management/* or <prefix>/v8/management/* (management key: CLIProxyAPI v8 mounts both
// trees behind one middleware); dot segments that climb out of those get no key.

export type KeyKind = 'api' | 'management' | 'none';

export interface Base {
  /** scheme://host[:port] */
  origin: string;
  /** '' or '/prefix' (no trailing slash) */
  prefix: string;
  /** origin + prefix: what reports print (no userinfo). */
  printable: string;
}

export function splitBase(raw: string): Base {
  if (/[?#]/.test(raw)) throw new Error('the gateway URL may not carry a query (?) or fragment (#)');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('not a URL (expected e.g. http://localhost:8317)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`expected an http:// or https:// URL, got ${url.protocol}`);
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.some((s) => /^v[018]$/i.test(safeDecode(s))))
    throw new Error(
      'give the gateway root (e.g. http://gw:8317, or https://host/prefix behind a proxy), not a /v1, /v0 or /v8 path',
    );
  const prefix = segments.length ? `/${segments.join('/')}` : '';
  const origin = `${url.protocol}//${url.host}`;
  return { origin, prefix, printable: origin + prefix };
}

export function placeKey(base: Base, path: string): { url: string; kind: KeyKind } {
  const url = new URL(base.origin + base.prefix + (path.startsWith('/') ? path : `/${path}`));
  const final = url.pathname;
  const rest = base.prefix === '' ? final : final.startsWith(`${base.prefix}/`) ? final.slice(base.prefix.length) : '';
  const kind: KeyKind = rest.startsWith('/v1/')
    ? 'api'
    : rest.startsWith('/v0/management/') || rest.startsWith('/v8/management/')
      ? 'management'
      : 'none';
  return { url: url.href, kind };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
