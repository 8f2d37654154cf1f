/**
 * What an error message may show of a file's text: at most EXCERPT_MAX characters, control characters and quotes
 * escaped, cut with an ellipsis. Errors end up in CI logs, job summaries and PR comments; a whole line of a file
 * that turned out not to be what was expected (`/proc/self/environ` named as a compose file, a token pasted into
 * a policy) must not travel there. Messages about a file that was refused or could not be parsed as the expected
 * type quote nothing of it at all.
 */

export const EXCERPT_MAX = 40;

/**
 * Archive entry names are where an error is, not what a file says, and docker's layer names alone are 74
 * characters (`<64 hex>/layer.tar`): they are cut later, still escaped.
 */
export const ENTRY_NAME_MAX = 128;

/** `text` as a double-quoted, escaped excerpt of at most EXCERPT_MAX characters of the original. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  // Only the start is split into code points: a name or line may be megabytes long.
  const window = 2 * max + 2;
  const characters = [...text.slice(0, window)];
  const cut = characters.length > max || text.length > window;
  const body = characters.slice(0, max).map(escapeCharacter).join('');
  return `"${body}${cut ? '…' : ''}"`;
}

function escapeCharacter(character: string): string {
  switch (character) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default: {
      const code = character.codePointAt(0) as number;
      // C0, DEL, C1, and the bidi/line separators that can reorder or split what a reader sees.
      if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x2028 && code <= 0x202e) || code === 0xfeff) {
        return `\\u${code.toString(16).padStart(4, '0')}`;
      }
      if (code >= 0x2066 && code <= 0x2069) return `\\u${code.toString(16)}`;
      return character;
    }
  }
}

/**
 * A value from a file for a message: strings as `excerpt`, other JSON values as their JSON text when short, cut
 * with an ellipsis when long (an object pasted where a number belongs).
 */
export function excerptValue(value: unknown, max = EXCERPT_MAX): string {
  if (typeof value === 'string') return excerpt(value, max);
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= max ? text : `${[...text].slice(0, max).join('')}…`;
}

/**
 * A parser's own message without the source text it quotes: the yaml package says `Unexpected scalar token in
 * YAML stream: "<the token>"`, Node's JSON.parse `Unexpected token 'T', "<10 characters>"... is not valid JSON`.
 * For a file that is not the expected type nothing of it is shown but the one offending character JSON.parse
 * names; the position says where to look. Only the parser's first line is kept (the yaml package can add context).
 */
export function withoutQuotedSource(message: string): string {
  const firstLine = message.split('\n')[0] ?? '';
  return firstLine
    .replace(/,?\s*"(?:[^"\\]|\\.)*"(?:\.\.\.)?/g, '')
    .replace(/:\s*$/, '')
    .replace(/\s+is not valid JSON$/, '')
    .trim();
}
