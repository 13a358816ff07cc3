/** Wraps plain text to `width` columns, keeping its own line breaks and runs of spaces; long words are split. */
export function wrapText(text: string, width: number): string[] {
  const limit = Math.max(10, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string | null = null;
    for (const word of paragraph.split(' ')) {
      let rest = word;
      while (rest.length > limit) {
        if (line !== null) out.push(line);
        line = null;
        out.push(rest.slice(0, limit));
        rest = rest.slice(limit);
      }
      if (line === null) line = rest;
      else if (line.length + 1 + rest.length <= limit) line = `${line} ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line ?? '');
  }
  return out;
}
