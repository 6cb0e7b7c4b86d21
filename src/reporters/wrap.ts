// Word wrapping for the table: lines break at spaces only, so a model id, check id or path is never cut
// at its hyphens or slashes; a single word longer than the whole line is the one thing split (a line
// wider than the terminal would be wrapped by the terminal anyway, mid-word and without the indent).

/** `text` as lines of at most `width` characters; with no width, one line per input line. */
export function wrap(text: string, width: number | undefined): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (width === undefined || paragraph.length <= width) {
      out.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (!word) continue;
      const candidate = line ? `${line} ${word}` : word;
      if (candidate.length <= width) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      line = word;
      while (line.length > width) {
        out.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    out.push(line);
  }
  return out;
}
