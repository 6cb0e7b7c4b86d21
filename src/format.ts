// Numbers as summaries print them. A measured value that sits next to its threshold must never read
// as equal to it when it is not (97.96% is below 98%, so it must not print as "98.0%").

/** A plain number without float noise: 0.98 * 100 → "98", 97.5 → "97.5". */
export function num(value: number): string {
  return String(Number(value.toFixed(4)));
}

/**
 * `value` (already in percent) with one decimal, or more when one decimal would make it print the
 * same as a threshold it differs from.
 */
export function percent(value: number, thresholds: number[] = []): string {
  for (let decimals = 1; decimals < 4; decimals++) {
    const shown = value.toFixed(decimals);
    if (!thresholds.some((t) => t !== value && Number(shown) === Number(t.toFixed(decimals)))) return `${shown}%`;
  }
  return `${value.toFixed(4)}%`;
}

/** How long ago, coarsely: "45 s", "12 min", "2 h", "3 d". */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}

/** A count with thousands separators: 18234 → "18,234". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A span of minutes: 1440 → "24 h", 90 → "90 min". */
export function span(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/** " (did you mean "x"?)" for a near miss, else "". */
export function suggest(given: string, options: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const o of options) {
    const d = distance(given.toLowerCase(), o.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [o, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(given.length / 3))
    ? ` (did you mean "${best}"?)`
    : '';
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}
