/**
 * Measuring rendered Markdown the way a browser lays it out, for the layout rules of docs/reports.md: a table is as
 * narrow as the longest unbreakable run of each column allows (CSS auto table layout: cells wrap at spaces, never
 * inside a token), so that sum is what must fit GitHub's comment column.
 */

/** GitHub's comment column (~850 px) in characters of table text, padding included. */
export const COMMENT_COLUMN_CHARACTERS = 100;
/** Cell padding (13 px each side) and border, in characters. */
const CELL_PADDING = 2;

/** The text a reader sees in one cell: code-span fences, backslash escapes, link targets and entities resolved. */
export function visibleText(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\(<[^>]*>\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`+/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/&#8203;/g, '\u200b')
    .replace(/&(?:lt|gt|amp);/g, '_');
}

/** Longest run a browser cannot break: between spaces or zero-width spaces; an emoji counts two columns. */
export function longestToken(text: string): number {
  return Math.max(0, ...text.split(/[\s\u200b]+/).map((token) => [...token].length + countEmoji(token)));
}

function countEmoji(text: string): number {
  return (text.match(/\p{Extended_Pictographic}/gu) ?? []).length;
}

/** Each table of `markdown` (its rows), in order. */
export function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      current.push(line);
    } else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

/** The narrowest the table can be laid out, in characters. */
export function minContentWidth(rows: readonly string[], cells: (line: string) => string[]): number {
  const widths: number[] = [];
  for (const line of rows) {
    if (/^\|(?:\s*:?-+:?\s*\|)+$/.test(line)) continue;
    cells(line).forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, longestToken(visibleText(cell)));
    });
  }
  return widths.reduce((sum, width) => sum + width + CELL_PADDING, 0);
}
