// Every byte provops writes (stdout, stderr, report files, quoted gateway bodies) passes through one
// Redactor: configured secret values are replaced, and bearer tokens are masked whoever they belong to.

const MASK = '***';
/** Shorter values would mangle ordinary text; config.ts refuses keys this short. */
export const MIN_SECRET_LENGTH = 4;

const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const KEY_HEADER = /\b(X-(?:Management|Api|Goog-Api)-Key:\s*)\S+/gi;
const KEY_QUERY = /([?&](?:key|auth_token)=)[^&\s"']+/gi;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  add(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SECRET_LENGTH) return;
    // The same secret as it appears inside a JSON string and inside a URL.
    for (const form of [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
      this.secrets.add(form);
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = new RegExp(alternatives.join('|'), 'g');
  }

  redact(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, MASK) : text;
    out = out.replace(BEARER, `$1 ${MASK}`).replace(KEY_HEADER, `$1${MASK}`).replace(KEY_QUERY, `$1${MASK}`);
    return out;
  }
}
