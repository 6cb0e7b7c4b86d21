// Lists from a gateway can be as long as the gateway likes (240k owners of one id, a million models):
// what a summary or detail line shows of them is capped, and says how many it left out.

/** "a, b, c and 7 more" — at most `max` items, in the order given. */
export function some(items: readonly string[], max = 8): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
