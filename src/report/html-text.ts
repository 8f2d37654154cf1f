import { singleLine, truncate } from '../util/markdown-escape.js';

/**
 * Untrusted text inside raw HTML that GitHub and GitLab render (a `<summary>` line: Markdown is not read there, so
 * Markdown escapes would show as backslashes). Entities for HTML's specials, and a zero-width space where the
 * platforms would otherwise make a mention, an issue reference or a link of the text (they do that after the HTML
 * is parsed, on the text itself): `@user`, `#12`, `GH-12`, `https://…`, `www.…`; GitLab's sigils too.
 */

const ZERO_WIDTH_SPACE = '&#8203;';
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const REFERENCE_START = /[\p{L}\p{N}_"]/u;
const UNSAFE = /[&<>"']|[@!%~$](?=[\p{L}\p{N}_"])|#(?=\d)|\bGH-(?=\d)|:\/\/|\bwww\./giu;

export function htmlText(text: string, maxLength?: number): string {
  let value = singleLine(text);
  if (maxLength !== undefined) value = truncate(value, maxLength);
  return value.replace(UNSAFE, (match: string, offset: number) => {
    const entity = ENTITIES[match];
    // GitLab reads `&42` as an epic, so an ampersand before a word gets its space too.
    if (match === '&' && REFERENCE_START.test(value.charAt(offset + 1))) return `&amp;${ZERO_WIDTH_SPACE}`;
    if (entity) return entity;
    if (match === '://') return `:${ZERO_WIDTH_SPACE}//`;
    if (match.length === 4) return `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`;
    return `${match}${ZERO_WIDTH_SPACE}`;
  });
}
