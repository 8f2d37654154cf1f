/**
 * How a POSIX shell turns one simple command line into argv, for the template tests: single quotes (literal),
 * double quotes (with `$VAR`/`${VAR}` expansion and `\` before `$`, `` ` ``, `"`, `\`), backslash escapes, and
 * unquoted `$VAR` expansion split on spaces, tabs and newlines (the default IFS). Anything else a shell could do
 * here — command substitution, globs, redirections, pipes, several commands — is refused, so a template that
 * started to rely on it would fail the test rather than be parsed wrongly. An unset variable is an error too.
 */
export function shellWords(line: string, variables: Record<string, string>): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const lookup = (name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`$${name} is not defined`);
    return value;
  };
  const variableAt = (): string => {
    // At a `$`: returns the variable's name and moves past the reference.
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(line.slice(i));
    const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(line.slice(i));
    const match = braced ?? plain;
    if (!match) throw new Error(`unsupported $ at ${i} in ${line}`);
    i += match[0].length;
    return match[1]!;
  };
  const finish = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const char = line[i]!;
    if (char === ' ' || char === '\t' || char === '\n') {
      finish();
      i += 1;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (char === '"') {
      inWord = true;
      i += 1;
      for (;;) {
        const inner = line[i];
        if (inner === undefined) throw new Error(`unterminated " in ${line}`);
        if (inner === '"') {
          i += 1;
          break;
        }
        if (inner === '\\' && '$`"\\'.includes(line[i + 1] ?? '')) {
          word += line[i + 1];
          i += 2;
        } else if (inner === '$') {
          word += lookup(variableAt());
        } else if (inner === '`') {
          throw new Error(`command substitution in ${line}`);
        } else {
          word += inner;
          i += 1;
        }
      }
    } else if (char === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (char === '$') {
      // Unquoted: the value is split into words; an empty value adds none.
      const parts = lookup(variableAt()).split(/[ \t\n]+/);
      parts.forEach((part, index) => {
        if (index > 0) finish();
        if (part !== '') {
          word += part;
          inWord = true;
        }
      });
    } else if ('|&;<>()`*?[]{}~#'.includes(char) && !(inWord && char === '#')) {
      throw new Error(`unsupported shell syntax ${JSON.stringify(char)} in ${line}`);
    } else {
      word += char;
      inWord = true;
      i += 1;
    }
  }
  finish();
  return words;
}
