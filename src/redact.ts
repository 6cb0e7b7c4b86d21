// Every byte provops writes (stdout, stderr, report files, state files) passes through one Redactor,
// and so does every response body the moment it arrives, before anything parses, quotes, cuts or
// wraps it. It replaces each configured secret in the forms a gateway, proxy or log may echo it in:
// as given, any letter case, JSON- and URL-escaped, hex, base64 and base64url (at any byte alignment,
// so also inside `Basic <base64(user:key)>`), and split by whitespace or line breaks. Bearer tokens
// and key headers are masked whoever they belong to. `clean` also takes out the control characters
// (ESC, OSC, BEL, CR, bidi overrides) that could rewrite what a terminal shows.

const MASK = '***';
/** Shorter values would mangle ordinary text; config.ts refuses keys this short. */
export const MIN_SECRET_LENGTH = 4;
/**
 * From this length a secret is also caught split by whitespace, and where a cut or a wrap left part of
 * it: a prefix of at least this many characters before "…" or a line end, a suffix after a line start.
 */
const FRAGMENT = 8;

const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const BASIC = /\b(Basic)\s+[A-Za-z0-9+/=]{8,}/gi;
const KEY_HEADER = /\b(X-(?:Management|Api|Goog-Api)-Key:\s*)\S+/gi;
const KEY_QUERY = /([?&](?:key|auth_token)=)[^&\s"']+/gi;
/** C0 and C1 controls except tab and newline, DEL, and the bidi embedding/override/isolate marks. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What a secret split across lines or by a wrapper may have between its characters. */
const GAP = String.raw`(?:\s|\\[nrt])*`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The encoded forms of `secret` whose characters depend on the secret alone. */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), bytes.toString('hex')];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // Characters that mix padding bits with the secret's bits, or the secret's with what follows it, are cut off.
    const core = b64.slice(Math.ceil((pad * 4) / 3), Math.floor((pad + bytes.length) / 3) * 4);
    if (core.length >= MIN_SECRET_LENGTH) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...new Set(forms)];
}

/** A prefix (≥ FRAGMENT characters) before a cut mark or line end, and a suffix after a line start. */
function edgePatterns(secret: string): string[] {
  const c = [...secret].map(escapeRegExp);
  let prefix = '';
  for (let i = c.length - 1; i >= FRAGMENT; i--) prefix = `(?:${c[i]}${prefix})?`;
  let suffix = '';
  for (let i = 0; i < c.length - FRAGMENT; i++) suffix = `(?:${suffix}${c[i]})?`;
  const head = c.slice(0, FRAGMENT).join('');
  const tail = c.slice(c.length - FRAGMENT).join('');
  // Padding and colour codes may sit between a cut and the line's end or start.
  const filler = String.raw`(?:\s|\u001b\[[0-9;]*m)*`;
  return [`${head}${prefix}(?=${filler}(?:…|\\.\\.\\.|$))`, `(?<=^${filler})${suffix}${tail}`];
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;
  /** The cut-off ends of each secret, for text that some other code cut or wrapped before redaction. */
  private edges: RegExp | undefined;

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const long = [...this.secrets].filter((x) => x.length >= FRAGMENT);
    if (long.length) this.edges = new RegExp(long.flatMap(edgePatterns).join('|'), 'gim');
    const alternatives = [...this.secrets]
      .flatMap((s) => encodedForms(s).map((form) => ({ form, split: s.length >= FRAGMENT })))
      .sort((a, b) => b.form.length - a.form.length)
      .map(({ form, split }) => (split ? [...form].map(escapeRegExp).join(GAP) : escapeRegExp(form)));
    this.pattern = new RegExp(alternatives.join('|'), 'gi');
  }

  /** Whether any secret is known (with none, `scrub` is the identity and costs nothing). */
  get empty(): boolean {
    return this.secrets.size === 0;
  }

  /** The configured secrets out, in every form: for bodies as they arrive (linear in the text). */
  scrub(text: string): string {
    return this.pattern ? text.replace(this.pattern, MASK) : text;
  }

  /** scrub, then any bearer token or key header, then any leftover run of a secret's characters. */
  redact(text: string): string {
    let out = this.scrub(text);
    out = out
      .replace(BEARER, `$1 ${MASK}`)
      .replace(BASIC, `$1 ${MASK}`)
      .replace(KEY_HEADER, `$1${MASK}`)
      .replace(KEY_QUERY, `$1${MASK}`);
    return this.edges ? out.replace(this.edges, MASK) : out;
  }

  /** redact, and no control characters: for any outside text that enters a report. */
  clean(text: string): string {
    return this.redact(text.replace(CONTROL, ''));
  }
}
