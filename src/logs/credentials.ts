// Failed upstream attempts per provider and credential, per minute: the credential-level signal. The
// gateway retries another credential after a failure, so clients may see 200 while one credential
// answers 401 every minute; these series are where an expired token or an exhausted key shows first.
import type { AttemptFields } from './other-lines.js';
import { findBursts, type Burst, type BurstRule } from './window.js';

/** Credentials tallied one by one; past this many, the rest share one series (a log cannot grow memory). */
export const MAX_CREDENTIALS = 64;
const OTHER_CREDENTIALS = '(other credentials)';
const MAX_MODELS = 4;

export interface CredentialSeries {
  provider: string;
  /** As the gateway masks it: "api_key=s4-c...ey-a", or an auth file name. */
  credential: string;
  /** The first few models its failed attempts were for. */
  models: string[];
  /** Failed attempts per window minute (warm-up included), by status; 5xx and others only in `failed`. */
  byStatus: { 401: Uint32Array; 403: Uint32Array; 429: Uint32Array };
  failed: Uint32Array;
}

function series(provider: string, credential: string, minutes: number): CredentialSeries {
  return {
    provider,
    credential,
    models: [],
    byStatus: { 401: new Uint32Array(minutes), 403: new Uint32Array(minutes), 429: new Uint32Array(minutes) },
    failed: new Uint32Array(minutes),
  };
}

/** Counts one failed attempt (the fields `o` read from b) in minute `bin`. */
export function addAttempt(
  into: Map<string, CredentialSeries>,
  minutes: number,
  bin: number,
  b: Buffer,
  o: AttemptFields,
): void {
  const provider = o.providerTo > o.providerFrom ? b.toString('latin1', o.providerFrom, o.providerTo) : 'unknown';
  const credential = o.authTo > o.authFrom ? b.toString('utf8', o.authFrom, o.authTo) : '(not named)';
  let key = `${provider} ${credential}`;
  let s = into.get(key);
  if (!s) {
    if (into.size >= MAX_CREDENTIALS) {
      key = OTHER_CREDENTIALS;
      s = into.get(key);
    }
    if (!s)
      into.set(
        key,
        (s = series(
          key === OTHER_CREDENTIALS ? '(several)' : provider,
          key === OTHER_CREDENTIALS ? OTHER_CREDENTIALS : credential,
          minutes,
        )),
      );
  }
  (s.failed[bin] as number)++;
  if (o.status === 401 || o.status === 403 || o.status === 429) (s.byStatus[o.status][bin] as number)++;
  if (o.modelTo > o.modelFrom && s.models.length < MAX_MODELS) {
    const model = b.toString('latin1', o.modelFrom, o.modelTo);
    if (!s.models.includes(model)) s.models.push(model);
  }
}

/** Adds `later`'s series to `into`'s (consecutive parts of one log), as one scanner would have counted them. */
export function mergeCredentials(
  into: Map<string, CredentialSeries>,
  later: ReadonlyMap<string, CredentialSeries>,
): void {
  for (const [key, s] of later) {
    let have = into.get(key);
    if (!have && into.size >= MAX_CREDENTIALS && key !== OTHER_CREDENTIALS) have = into.get(OTHER_CREDENTIALS);
    if (!have) {
      into.set(key, copySeries(s));
      continue;
    }
    add(have.failed, s.failed);
    for (const status of [401, 403, 429] as const) add(have.byStatus[status], s.byStatus[status]);
    for (const m of s.models) if (have.models.length < MAX_MODELS && !have.models.includes(m)) have.models.push(m);
  }
}

export function copySeries(s: CredentialSeries): CredentialSeries {
  return {
    ...s,
    models: [...s.models],
    byStatus: { 401: s.byStatus[401].slice(), 403: s.byStatus[403].slice(), 429: s.byStatus[429].slice() },
    failed: s.failed.slice(),
  };
}

function add(into: Uint32Array, more: Uint32Array): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + (more[i] as number);
}

export interface CredentialBurst extends Burst {
  provider: string;
  credential: string;
  models: string[];
}

/** Every 401/403/429 burst of every credential's failed attempts, by the log scan's burst rule. */
export function credentialBursts(
  credentials: ReadonlyMap<string, CredentialSeries>,
  warmupMinutes: number,
  rule: BurstRule,
): CredentialBurst[] {
  const bursts: CredentialBurst[] = [];
  for (const s of credentials.values()) {
    for (const burst of findBursts({ warmupMinutes, total: s.failed, byStatus: s.byStatus }, rule))
      bursts.push({ ...burst, provider: s.provider, credential: s.credential, models: s.models });
  }
  return bursts;
}
