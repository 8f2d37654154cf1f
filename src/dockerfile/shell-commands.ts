/**
 * Enough of the POSIX shell grammar to see which commands a RUN script runs and how they are piped: quotes, escapes,
 * line continuations, comments, `;` `&&` `||` `&` `|` and newlines, redirections (their targets are not words of the
 * command), `$(…)`, backticks and `<(…)` kept whole inside their word, and heredocs inside the script (their bodies
 * are data, not commands). Not a shell: no expansion, no control flow beyond treating `if`/`then`/`do`/… as prefixes.
 *
 * One pass over the text, every step moves forward: the cost is linear in the script, whatever it holds (RUN lines
 * can be megabytes).
 */

export interface ShellWord {
  /** Quotes removed and escapes applied; `$(…)`, backticks and `<(…)` kept as written. */
  value: string;
  /** As written. */
  raw: string;
}

/** One simple command: its words in order, redirections left out. */
export interface ShellCommand {
  words: ShellWord[];
}

/** Commands joined by `|`; `;`, `&&`, `||`, `&` and newlines separate pipelines. */
export type Pipeline = ShellCommand[];

const BLANKS = new Set([' ', '\t', '\r', '\v', '\f']);

export function shellPipelines(script: string): Pipeline[] {
  const pipelines: Pipeline[] = [];
  let pipeline: Pipeline = [];
  let words: ShellWord[] = [];
  let value = '';
  let raw = '';
  let inWord = false;
  /** The next word is a redirection target (`> file`), not an argument. */
  let skipNext = false;
  /** The next word is a here-string (`<<< "$(curl …)"`): the command's stdin, kept with a `<<<` raw prefix. */
  let hereString = false;
  const heredocs: Array<{ name: string; chomp: boolean }> = [];

  const endWord = (): void => {
    if (!inWord) return;
    if (skipNext) skipNext = false;
    else if (hereString) {
      hereString = false;
      words.push({ value, raw: `<<<${raw}` });
    } else if (/^<<-?/.test(raw)) queueHeredoc(raw);
    else words.push({ value, raw });
    value = '';
    raw = '';
    inWord = false;
  };
  const queueHeredoc = (marker: string): void => {
    const chomp = marker.startsWith('<<-');
    const name = marker.slice(chomp ? 3 : 2).replace(/["'\\]/g, '');
    if (name !== '') heredocs.push({ name, chomp });
    else skipNext = true;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length > 0) pipeline.push({ words });
    words = [];
  };
  const endPipeline = (): void => {
    endCommand();
    if (pipeline.length > 0) pipelines.push(pipeline);
    pipeline = [];
  };

  let index = 0;
  const length = script.length;
  while (index < length) {
    const ch = script[index] as string;
    const next = script[index + 1];
    if (ch === '\\') {
      if (next === '\n') {
        index += 2;
        continue;
      }
      inWord = true;
      raw += ch + (next ?? '');
      value += next ?? '';
      index += 2;
      continue;
    }
    if (ch === '\n') {
      endPipeline();
      index++;
      // Heredoc bodies start on the next line: data for the command, never commands.
      while (heredocs.length > 0 && index < length) {
        const doc = heredocs.shift() as { name: string; chomp: boolean };
        while (index < length) {
          let end = script.indexOf('\n', index);
          if (end < 0) end = length;
          const line = script.slice(index, end);
          index = end + 1;
          if ((doc.chomp ? line.replace(/^\t+/, '') : line) === doc.name) break;
        }
      }
      continue;
    }
    if (BLANKS.has(ch)) {
      endWord();
      index++;
      continue;
    }
    if (ch === '#' && !inWord) {
      while (index < length && script[index] !== '\n') index++;
      continue;
    }
    if (ch === "'") {
      const close = script.indexOf("'", index + 1);
      const end = close < 0 ? length : close;
      inWord = true;
      value += script.slice(index + 1, end);
      raw += script.slice(index, end + 1);
      index = end + 1;
      continue;
    }
    if (ch === '"') {
      inWord = true;
      raw += ch;
      index++;
      while (index < length && script[index] !== '"') {
        const inner = script[index] as string;
        if (inner === '\\' && index + 1 < length) {
          const escaped = script[index + 1] as string;
          raw += inner + escaped;
          if (escaped !== '\n') value += '"\\$`'.includes(escaped) ? escaped : inner + escaped;
          index += 2;
        } else if (inner === '$' && script[index + 1] === '(') {
          const end = balancedEnd(script, index + 1);
          value += script.slice(index, end);
          raw += script.slice(index, end);
          index = end;
        } else {
          value += inner;
          raw += inner;
          index++;
        }
      }
      raw += '"';
      index++;
      continue;
    }
    if (ch === '`') {
      const end = backtickEnd(script, index);
      inWord = true;
      value += script.slice(index, end);
      raw += script.slice(index, end);
      index = end;
      continue;
    }
    if ((ch === '$' || ((ch === '<' || ch === '>') && !inWord)) && next === '(') {
      const end = balancedEnd(script, index + 1);
      inWord = true;
      value += script.slice(index, end);
      raw += script.slice(index, end);
      index = end;
      continue;
    }
    if (ch === '|') {
      if (next === '|') {
        endPipeline();
        index += 2;
      } else {
        endCommand();
        index += next === '&' ? 2 : 1;
      }
      continue;
    }
    if (ch === '&') {
      if (next === '>') {
        endWord();
        skipNext = true;
        index += script[index + 2] === '>' ? 3 : 2;
      } else {
        endPipeline();
        index += next === '&' ? 2 : 1;
      }
      continue;
    }
    if (ch === ';') {
      endPipeline();
      index += next === ';' ? 2 : 1;
      continue;
    }
    if (ch === '(' || ch === ')') {
      endWord();
      index++;
      continue;
    }
    if (ch === '<' && next === '<') {
      // `<<EOF` / `<<-EOF` start a heredoc; `<<<` a here-string (its word is the command's stdin).
      endWordUnlessDigits();
      if (script[index + 2] === '<') {
        hereString = true;
        index += 3;
        continue;
      }
      inWord = true;
      raw = script[index + 2] === '-' ? '<<-' : '<<';
      index += raw.length;
      while (index < length && script[index] !== ' ' && script[index] !== '\t' && script[index] !== '\n') {
        raw += script[index];
        index++;
      }
      if (raw === '<<' || raw === '<<-') {
        // `<< EOF`: the delimiter is the next word.
        while (index < length && (script[index] === ' ' || script[index] === '\t')) index++;
        while (index < length && !BLANKS.has(script[index] as string) && script[index] !== '\n') {
          raw += script[index];
          index++;
        }
      }
      endWord();
      continue;
    }
    if (ch === '<' || ch === '>') {
      endWordUnlessDigits();
      index++;
      // `>>`, `>&`, `<&`, `>|`, `<>`: one operator.
      if (index < length && '>&|'.includes(script[index] as string)) index++;
      // `2>&1`, `>&-`: a descriptor, not a file word.
      if (script[index - 1] === '&') {
        while (index < length && /[0-9-]/.test(script[index] as string)) index++;
        continue;
      }
      skipNext = true;
      continue;
    }
    inWord = true;
    value += ch;
    raw += ch;
    index++;
  }
  endPipeline();
  return pipelines;

  /** `2>file`: the digits are the descriptor of the redirection, not a word. */
  function endWordUnlessDigits(): void {
    if (inWord && /^\d+$/.test(raw)) {
      value = '';
      raw = '';
      inWord = false;
      return;
    }
    endWord();
  }
}

/** From the `(` at `open`, the index after its matching `)` (or the end): a depth count, quotes skipped. */
function balancedEnd(text: string, open: number): number {
  let depth = 0;
  let index = open;
  while (index < text.length) {
    const ch = text[index] as string;
    if (ch === '\\') {
      index += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const close = text.indexOf(ch, index + 1);
      index = close < 0 ? text.length : close + 1;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return index + 1;
    }
    index++;
  }
  return text.length;
}

function backtickEnd(text: string, open: number): number {
  let index = open + 1;
  while (index < text.length && text[index] !== '`') index += text[index] === '\\' ? 2 : 1;
  return Math.min(index + 1, text.length);
}

/** The last path element: `/usr/bin/curl` → `curl`. */
export function commandBaseName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash < 0 ? word : word.slice(slash + 1);
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const PREFIX_WORDS = new Set(['!', '{', '}', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', 'time', 'command']);
const SUDO_VALUE_OPTIONS = new Set(['-u', '-g', '-U', '-C', '-D', '-h', '-p', '-r', '-t', '-T']);

/**
 * Where the program of a simple command starts, past `VAR=value` assignments, `sudo [options]`, `env [options]
 * [VAR=value]`, `exec`, `nohup`, `command` and the keywords of compound commands. Returns the index of the program
 * word, or the word count when there is none.
 */
export function programIndex(words: readonly ShellWord[]): number {
  let index = 0;
  while (index < words.length) {
    const word = (words[index] as ShellWord).value;
    if (ASSIGNMENT.test(word) || PREFIX_WORDS.has(word) || word === 'nohup') {
      index++;
      continue;
    }
    const name = commandBaseName(word);
    if (name === 'sudo' || name === 'doas') {
      index++;
      while (index < words.length && (words[index] as ShellWord).value.startsWith('-')) {
        const option = (words[index] as ShellWord).value;
        index += SUDO_VALUE_OPTIONS.has(option) ? 2 : 1;
      }
      continue;
    }
    if (name === 'env') {
      index++;
      while (index < words.length) {
        const option = (words[index] as ShellWord).value;
        if (option === '-u' || option === '-C' || option === '-S') index += 2;
        else if (option.startsWith('-') || ASSIGNMENT.test(option)) index++;
        else break;
      }
      continue;
    }
    if (name === 'exec') {
      index++;
      while (index < words.length && (words[index] as ShellWord).value.startsWith('-')) {
        index += (words[index] as ShellWord).value === '-a' ? 2 : 1;
      }
      continue;
    }
    return index;
  }
  return index;
}
