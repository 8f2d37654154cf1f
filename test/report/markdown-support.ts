/** Reading rendered Markdown back in tests: table cells, tables after a marker, text outside code spans. */

/** Cells of a Markdown table row, split on the pipes GFM treats as boundaries. */
export function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The text outside code spans (CommonMark: a run of n backticks closes at the next run of exactly n). */
export function outsideCodeSpans(line: string): string {
  let out = '';
  let index = 0;
  const runEnd = (from: number) => {
    let end = from;
    while (line[end] === '`') end++;
    return end;
  };
  while (index < line.length) {
    const char = line[index]!;
    if (char === '\\') {
      out += line.slice(index, index + 2);
      index += 2;
    } else if (char === '`') {
      const open = runEnd(index);
      let close = -1;
      for (let at = open; at < line.length;) {
        if (line[at] !== '`') {
          at++;
          continue;
        }
        const end = runEnd(at);
        if (end - at === open - index) {
          close = end;
          break;
        }
        at = end;
      }
      if (close < 0) out += line.slice(index, open);
      index = close < 0 ? open : close;
    } else {
      out += char;
      index++;
    }
  }
  return out;
}

/** The lines of the table that follows a heading or line starting with `marker`. */
export function table(markdown: string, marker: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(marker));
  expect(start).toBeGreaterThanOrEqual(0);
  const first = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const rows: string[] = [];
  for (let index = first; index < lines.length && lines[index]!.startsWith('|'); index++) rows.push(lines[index]!);
  return rows;
}

/** The lines outside fenced code blocks (whose content GFM shows verbatim). */
export function outsideFences(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const run = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && run !== undefined) fence = run;
    else if (fence !== undefined && run !== undefined && run.length >= fence.length && line.trim() === run) {
      fence = undefined;
    } else if (fence === undefined) out.push(line);
  }
  return out.join('\n');
}

/**
 * Checks every summary must pass: each table row has as many cells as its header, no raw HTML but our own
 * details/summary tags, no @mentions, no links but those to the `allowedHrefs` (made by imagegate from trusted
 * parts, or a CVE's https advisory) when given, else well-formed `https:` ones written as `](<…>)`, no carriage
 * returns. Fenced code blocks are verbatim text.
 */
export function expectSafeMarkdown(markdown: string, allowedHrefs?: readonly string[]): void {
  const withoutAllowed = (allowedHrefs ?? []).reduce((text, href) => text.replaceAll(`](<${href}>)`, ']'), markdown);
  const lines = outsideFences(withoutAllowed).split('\n');
  let width = 0;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      width = 0;
      continue;
    }
    if (width === 0) width = cells(line).length;
    expect(cells(line)).toHaveLength(width);
  }
  const outsideCode = lines
    .map(outsideCodeSpans)
    .join('\n')
    .replace(allowedHrefs === undefined ? /\]\(<https:\/\/[^\s<>()]+>\)/g : /$^/g, ']');
  const tags = outsideCode.match(/<\/?[a-z][^>]*>/gi) ?? [];
  expect(
    [...new Set(tags)].filter(
      (tag) => !['<details>', '<summary>', '</summary>', '</details>', '<code>', '</code>'].includes(tag),
    ),
  ).toEqual([]);
  expect(outsideCode).not.toMatch(/@[A-Za-z0-9]/);
  expect(outsideCode).not.toMatch(/(?<!\\)\]\(/);
  expect(outsideCode).not.toMatch(/https?:\/\/|www\./);
  expect(markdown).not.toMatch(/\r/);
}
