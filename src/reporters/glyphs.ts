// Plain-text mail from cron and terminals without a UTF-8 locale show → · × ≥ as mojibake: the human
// formats turn them into ASCII there (and with --ascii). Machine formats (json, junit, prometheus) stay UTF-8.

const ASCII: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '·': '-',
  '•': '*',
  '×': 'x',
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '±': '+/-',
  '−': '-',
  '–': '-',
  '—': '--',
  '…': '...',
  '§': 'S',
  µ: 'u',
  μ: 'u',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '└': '`',
  '┘': "'",
  '✓': 'ok',
  '✗': 'x',
};

/** The text with every non-ASCII character spelled in ASCII: known glyphs by their usual spelling, anything else as "?". */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x00-\x7f]/gu, (ch) => ASCII[ch] ?? '?');
}

/** Whether the locale (LC_ALL, else LC_CTYPE, else LANG, as the C library picks it) is UTF-8. */
export function isUtf8Locale(env: Record<string, string | undefined>): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}
