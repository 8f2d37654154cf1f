/**
 * `WWW-Authenticate` challenges (RFC 7235): `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`, possibly
 * several in one header. Parameter values may be quoted (with `\` escapes, and commas inside, as in
 * `scope="repository:a:pull,push"`) or bare tokens.
 */

export interface Challenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased. */
  params: Record<string, string>;
}

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const texts = Array.isArray(header) ? header : [header];
  return texts.flatMap((text) => parseOne(text));
}

function parseOne(text: string): Challenge[] {
  const challenges: Challenge[] = [];
  let index = 0;
  let current: Challenge | undefined;
  const skip = (pattern: RegExp): void => {
    while (index < text.length && pattern.test(text.charAt(index))) index += 1;
  };
  while (index < text.length) {
    skip(/[\s,]/);
    const tokenStart = index;
    skip(/[^\s,=]/);
    const token = text.slice(tokenStart, index);
    if (token === '') break;
    const afterToken = index;
    skip(/\s/);
    if (text.charAt(index) === '=' && current) {
      index += 1;
      skip(/\s/);
      current.params[token.toLowerCase()] = readValue();
      continue;
    }
    // A token not followed by `=` starts a new challenge (its scheme).
    index = afterToken;
    current = { scheme: token.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;

  function readValue(): string {
    if (text.charAt(index) !== '"') {
      const start = index;
      skip(/[^\s,]/);
      return text.slice(start, index);
    }
    index += 1;
    let value = '';
    while (index < text.length && text.charAt(index) !== '"') {
      if (text.charAt(index) === '\\' && index + 1 < text.length) index += 1;
      value += text.charAt(index);
      index += 1;
    }
    index += 1;
    return value;
  }
}
