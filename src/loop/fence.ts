/** A fenced block that cannot be closed early by the text inside it; text past `limit` is cut with a note. */
export function fenced(text: string, limit: number): string {
  const cut =
    text.length > limit ? `${text.slice(0, limit)}\n… (${text.length - limit} more characters)` : text;
  const fence = cut.includes('```') ? '~~~~' : '```';
  return `${fence}\n${cut}${cut.endsWith('\n') ? '' : '\n'}${fence}`;
}
