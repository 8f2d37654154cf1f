/**
 * Escaping for untrusted text (created_by, labels, messages, paths, references, later CVE text) in GitHub-flavoured
 * Markdown that lands in job summaries and PR comments. The threats: raw HTML, links (`[x](javascript:…)`, bare
 * URLs), @mentions and issue references that notify or cross-link people, text that breaks a table or a code span,
 * and control or bidi characters that hide what the text says. Callers only place escaped text after their own
 * prefix on a line, so block-level syntax (`#`, `>`, `-` at a line start) cannot take effect.
 */

const ZERO_WIDTH_SPACE = '&#8203;';

/** C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks ("Trojan source"). */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\t\u2028\u2029]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * What must not reach Markdown as is: `&`, `<`, `>` (entities and raw HTML); emphasis and code marks; `[` and `]`
 * (without them no link, image or footnote can form, so parentheses may stay); table pipes; strikethrough; `$` (math
 * renders as LaTeX on GitHub); `@` (mentions of users, teams, emails); `#` before a digit and `GH-` before a digit
 * (issue cross-references: advisory text often says "fixed in GH-1234", which GitHub would link to this
 * repository's issue 1234); `://` and `www.` (GFM autolinks bare URLs).
 */
const UNSAFE = /[&<>\\`*_[\]|~$@]|#(?=\d)|\bGH-(?=\d)|:\/\/|\bwww\./gi;

/** One line of plain text: line breaks and tabs become spaces, invisible controls go. */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(INVISIBLE, '');
}

/** Cuts to at most `max` code points (never inside a surrogate pair), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  // A string has at least as many UTF-16 units as code points: short ones need no counting (scanner text is long).
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  let points = 0;
  let cut = 0;
  for (let index = 0; index < text.length; points++) {
    if (points === keep) cut = index;
    if (points === max) return `${text.slice(0, cut)}…`;
    index += (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  return text;
}

/**
 * Cuts the middle out of a long token (an image reference, a path) so that both ends stay readable:
 * `ghcr.io/acme/…/api:1.2.3`. At most `max` code points; imagegate.json keeps the whole value.
 */
export function elideMiddle(text: string, max: number): string {
  const points = [...text];
  if (points.length <= max) return text;
  const tail = Math.floor((max - 1) / 2);
  const head = max - 1 - tail;
  return `${points.slice(0, head).join('')}…${points.slice(points.length - tail).join('')}`;
}

export interface EscapeOptions {
  /** Longest text kept, in code points, before escaping. */
  maxLength?: number;
}

/**
 * Untrusted text as inline Markdown that renders as the same characters and nothing more: usable in a table cell
 * (pipes escaped, no line breaks), a heading or after a list marker.
 */
export function escapeInline(text: string, options: EscapeOptions = {}): string {
  let value = singleLine(text);
  if (options.maxLength !== undefined) value = truncate(value, options.maxLength);
  // One pass, so that nothing inserted here (entities, backslashes) is escaped again by a later rule.
  return value.replace(UNSAFE, (match) => {
    const entity = ENTITIES[match];
    if (entity) return entity;
    if (match === '@') return `@${ZERO_WIDTH_SPACE}`;
    if (match === '#') return `#${ZERO_WIDTH_SPACE}`;
    if (match.length === 3 && match.endsWith('-')) return `${match}${ZERO_WIDTH_SPACE}`;
    if (match === '://') return `:${ZERO_WIDTH_SPACE}//`;
    if (match.length === 4) return `${match.slice(0, 3)}${ZERO_WIDTH_SPACE}.`;
    return `\\${match}`;
  });
}

export interface CodeOptions extends EscapeOptions {
  /** Inside a table cell a `|` would end the cell even in a code span; GFM reads `\|` there as a pipe. */
  inTable?: boolean;
}

/**
 * Untrusted text as an inline code span: shown verbatim (no HTML, links, mentions or entities are interpreted in
 * code), fenced with more backticks than the text contains. Empty text gives an empty string.
 */
export function codeSpan(text: string, options: CodeOptions = {}): string {
  let value = singleLine(text);
  if (options.maxLength !== undefined) value = truncate(value, options.maxLength);
  if (value === '') return '';
  if (options.inTable) value = value.replace(/\|/g, '\\|');
  // Most text holds no backtick: no run to measure (a summary makes tens of thousands of these spans).
  const longestRun = value.includes('`')
    ? Math.max(0, ...Array.from(value.matchAll(/`+/g), (match) => match[0].length))
    : 0;
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick or space needs padding; CommonMark strips one space on each side.
  const pad = /^[` ]|[` ]$/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}
