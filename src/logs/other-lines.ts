// The gateway lines that are not access lines but still matter to the scan, recognised by their
// logrus caller field (AccessLineParser.callerStart), so that reading them costs access lines nothing:
//
// - upstream attempts (v7.3+), one per failed attempt with one credential, before the gateway falls back:
//   [2026-09-16 04:10:46] [bf71a75c] [warn ] [conductor_execution.go:1946] 401 |           6ms | upstream execution failed: provider=codex model=gpt-5.3-codex auth=api_key=s4-c...ey-a err={...}
// - access lines in a shape the parser does not know (a gin_logger.go caller it could not read);
// - the startup line naming the version: "CLIProxyAPI Version: 6.6.42, Commit: …".

const SPACE = 0x20;
const CLOSE = 0x5d;
const PIPE = 0x7c;

const ATTEMPT_CALLER = Buffer.from('conductor_execution.go:', 'latin1');
const GIN_CALLER = Buffer.from('gin_logger.go:', 'latin1');
const VERSION_PREFIX = Buffer.from('CLIProxyAPI Version: ', 'latin1');
const PROVIDER = Buffer.from('provider=', 'latin1');
const MODEL = Buffer.from('model=', 'latin1');
const AUTH = Buffer.from('auth=', 'latin1');
/** What follows is the upstream's error body, which may itself hold "model=…": the fields end here. */
const ERR = Buffer.from('err=', 'latin1');
/** No caller field ("[file.go:N]") is longer. */
const MAX_CALLER = 64;
/** Longer field values than this are not the gateway's (a provider name, a model id, a masked key). */
const MAX_VALUE = 200;

export type OtherLine = 'attempt' | 'unread-access' | 'version' | 'other';

/** One upstream attempt's fields as offsets into the line's buffer, [from, to); from = to when absent. */
export class AttemptFields {
  status = 0;
  providerFrom = 0;
  providerTo = 0;
  modelFrom = 0;
  modelTo = 0;
  authFrom = 0;
  authTo = 0;
  /** Where the version text starts on a startup line, and where it ends. */
  versionFrom = 0;
  versionTo = 0;

  /** What the line at b[.., end) whose caller field starts at `caller` is; fills the fields it has. */
  classify(b: Buffer, caller: number, end: number): OtherLine {
    let i = caller;
    const limit = Math.min(end, caller + MAX_CALLER);
    while (i < limit && b[i] !== CLOSE) i++;
    if (b[i] !== CLOSE || b[i + 1] !== SPACE) return 'other';
    const message = i + 2;
    if (matches(b, caller, ATTEMPT_CALLER)) return this.attempt(b, message, end) ? 'attempt' : 'other';
    if (matches(b, caller, GIN_CALLER)) return 'unread-access';
    if (b[message] === 0x43 && matches(b, message, VERSION_PREFIX)) {
      this.versionFrom = message + VERSION_PREFIX.length;
      let j = this.versionFrom;
      while (j < end && j - this.versionFrom < 40 && b[j] !== 0x2c && b[j] !== SPACE) j++;
      this.versionTo = j;
      return j > this.versionFrom ? 'version' : 'other';
    }
    return 'other';
  }

  /** "401 |   6ms | upstream execution failed: provider=… model=… auth=… err=…" at b[i]. */
  private attempt(b: Buffer, i: number, end: number): boolean {
    let status = 0;
    const from = i;
    for (let c = b[i] as number; c >= 0x30 && c <= 0x39 && i < end; c = b[++i] as number)
      status = status * 10 + (c - 0x30);
    if (i - from !== 3 || status < 100 || b[i] !== SPACE || b[i + 1] !== PIPE) return false;
    this.status = status;
    this.providerFrom = this.providerTo = this.modelFrom = this.modelTo = this.authFrom = this.authTo = 0;
    // key=value words, each after a space, until err= (the rest is the upstream's body)
    for (; i < end; i++) {
      if (b[i] !== SPACE) continue;
      const k = i + 1;
      if (matches(b, k, ERR)) break;
      if (matches(b, k, PROVIDER)) [this.providerFrom, this.providerTo] = value(b, k + PROVIDER.length, end);
      else if (matches(b, k, MODEL)) [this.modelFrom, this.modelTo] = value(b, k + MODEL.length, end);
      else if (matches(b, k, AUTH)) [this.authFrom, this.authTo] = value(b, k + AUTH.length, end);
    }
    return this.providerTo > this.providerFrom || this.authTo > this.authFrom;
  }
}

function value(b: Buffer, from: number, end: number): [number, number] {
  let i = from;
  while (i < end && b[i] !== SPACE && i - from < MAX_VALUE) i++;
  return [from, i];
}

function matches(b: Buffer, i: number, pattern: Uint8Array): boolean {
  for (let k = 0; k < pattern.length; k++) if (b[i + k] !== pattern[k]) return false;
  return true;
}
