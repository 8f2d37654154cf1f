/**
 * A fenced code block whose fence is longer than any backtick run inside, so no content can close it: untrusted
 * text inside is shown verbatim (no Markdown, no HTML). The same rule as the layer chart's fence (github/layer-chart).
 */
export function fenced(text: string, info = 'text'): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}
