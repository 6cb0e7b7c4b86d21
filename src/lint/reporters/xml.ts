// Escaping for the XML reporters: text and attribute values alike, control characters dropped.
export function xml(value: string | number): string {
  return (
    String(value)
      // XML 1.0 cannot carry most control characters at all, escaped or not: they are dropped.
      // eslint-disable-next-line no-control-regex
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
