/**
 * Word-level helpers shared by the parser passes: flags at the front of an instruction, quote-aware words, heredoc
 * markers and the JSON (exec) form. Offsets are into the text passed in, so callers can map them to file positions.
 */

export interface Word {
  /** Quotes removed and escapes applied. */
  value: string;
  /** As written. */
  raw: string;
  start: number;
  end: number;
}

export interface Flag {
  name: string;
  value?: string;
}

export interface HeredocMarker {
  name: string;
  /** `<<-EOF`: leading tabs are stripped from the body and the terminator. */
  chomp: boolean;
  /** A quoted delimiter (`<<"EOF"`, `<<'EOF'`) turns off expansion in the body. */
  expand: boolean;
  /** Offset of the marker word in the line. */
  offset: number;
}

const BLANK = /\s/;

/** Splits on blanks, keeping quoted strings (single or double) and escaped characters inside a word. */
export function splitWords(text: string, escapeChar: string): Word[] {
  const words: Word[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && BLANK.test(text[index] as string)) index++;
    if (index >= text.length) break;
    const start = index;
    let value = '';
    let quote: string | undefined;
    while (index < text.length) {
      const ch = text[index] as string;
      if (quote) {
        if (ch === quote) quote = undefined;
        else if (ch === escapeChar && quote === '"' && index + 1 < text.length) value += text[++index];
        else value += ch;
      } else if (BLANK.test(ch)) {
        break;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === escapeChar && index + 1 < text.length) {
        value += text[++index];
      } else {
        value += ch;
      }
      index++;
    }
    words.push({ value, raw: text.slice(start, index), start, end: index });
  }
  return words;
}

/** Splits on blanks only, as BuildKit does for FROM. */
export function splitBlanks(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    words.push({ value: match[0], raw: match[0], start: match.index, end: match.index + match[0].length });
  }
  return words;
}

/**
 * Takes `--name[=value]` words off the front of `args` (quotes in values removed; a lone `--` ends the flags).
 * Returns the flags and the offset where the rest of the arguments starts.
 */
export function extractFlags(args: string): { flags: Flag[]; bodyOffset: number } {
  const flags: Flag[] = [];
  let index = 0;
  for (;;) {
    while (index < args.length && BLANK.test(args[index] as string)) index++;
    if (!args.startsWith('--', index)) return { flags, bodyOffset: index };
    let word = '';
    let quote: string | undefined;
    while (index < args.length) {
      const ch = args[index] as string;
      if (quote) {
        if (ch === quote) quote = undefined;
        else if (ch === '\\' && index + 1 < args.length) word += args[++index];
        else word += ch;
      } else if (BLANK.test(ch)) {
        break;
      } else if (ch === '"' || ch === "'") {
        quote = ch;
      } else if (ch === '\\' && index + 1 < args.length) {
        word += args[++index];
      } else {
        word += ch;
      }
      index++;
    }
    if (word === '--') {
      while (index < args.length && BLANK.test(args[index] as string)) index++;
      return { flags, bodyOffset: index };
    }
    const equals = word.indexOf('=');
    flags.push(equals < 0 ? { name: word.slice(2) } : { name: word.slice(2, equals), value: word.slice(equals + 1) });
  }
}

const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;

/** The heredoc markers of a RUN/COPY/ADD line (`<<EOF`, `<<-EOF`, `<<"EOF"`, `3<<EOF`), in order. */
export function findHeredocs(line: string, escapeChar: string): HeredocMarker[] {
  const markers: HeredocMarker[] = [];
  for (const word of splitWords(line, escapeChar)) {
    const match = HEREDOC_WORD.exec(word.raw);
    const rest = match?.[3];
    if (!match || !rest) continue;
    const inner = splitWords(rest, escapeChar);
    if (inner.length !== 1) continue;
    const name = (inner[0] as Word).value;
    if (name === '') continue;
    markers.push({ name, chomp: match[2] === '-', expand: !/["']/.test(rest), offset: word.start });
  }
  return markers;
}

/** Instructions whose arguments may be a JSON array (exec form); anything else that starts with `[` is text. */
export const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);

/** A JSON array of strings, or undefined: Docker treats JSON-looking text that does not parse as shell form. */
export function parseExecForm(body: string): string[] | undefined {
  const text = body.trim();
  if (!text.startsWith('[') || !text.endsWith(']')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  } catch {
    // Not JSON: shell form.
  }
  return undefined;
}
