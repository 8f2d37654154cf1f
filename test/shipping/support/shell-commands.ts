/**
 * Enough of the POSIX shell grammar to find the `imagegate …` commands in a workflow's `run:` script and their
 * arguments as the shell would pass them: quotes, backslash escapes and line continuations, comments, `$(…)`,
 * `${…}` and `${{ … }}` kept inside their word, and commands ended by newlines, `;`, `&&`, `||`, `|`, `&`,
 * parentheses and redirections. Expansions are not performed: `"$IMAGE"` is the argument `$IMAGE`, which is what
 * the argument parser needs to see (a value in the place of a value).
 */

export interface Invocation {
  /** 1-based line in the script where the command starts. */
  line: number;
  /** The words after the program name. */
  args: string[];
}

type Token = { kind: 'word'; text: string; line: number } | { kind: 'operator'; text: string };

const OPERATOR_CHARS = new Set([';', '&', '|', '<', '>', '(', ')']);
/** Words allowed before the program name: they run it rather than being it. */
const WRAPPERS = new Set(['npx', 'exec', 'time', 'command', 'node', 'sudo', 'if', 'then', 'else', 'do', '!']);

/** Every command in `script` that runs imagegate: `imagegate …` or `node …/dist/cli.js …`. */
export function imagegateInvocations(script: string): Invocation[] {
  const invocations: Invocation[] = [];
  for (const command of commands(tokenize(script))) {
    let start = 0;
    while (start < command.length && isPrefixWord(command[start]?.text ?? '')) start += 1;
    const program = command[start];
    if (program && isImagegate(program.text)) {
      invocations.push({ line: program.line, args: command.slice(start + 1).map((word) => word.text) });
    }
  }
  return invocations;
}

function isPrefixWord(word: string): boolean {
  return WRAPPERS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === '--yes' || word === '-y';
}

function isImagegate(word: string): boolean {
  return word === 'imagegate' || /(^|\/)dist\/cli\.js$/.test(word) || /(^|\/)cli\.mjs$/.test(word);
}

/** Splits tokens into simple commands; a redirection takes the word after it with it. */
function commands(tokens: Token[]): Array<Array<{ text: string; line: number }>> {
  const result: Array<Array<{ text: string; line: number }>> = [];
  let current: Array<{ text: string; line: number }> = [];
  let redirectTarget = false;
  for (const token of tokens) {
    if (token.kind === 'word') {
      if (redirectTarget) redirectTarget = false;
      else current.push(token);
      continue;
    }
    if (/^[<>]/.test(token.text) || /^&>/.test(token.text)) {
      // `2>err`: the fd number was read as a word just before.
      if (/^\d+$/.test(current[current.length - 1]?.text ?? '')) current.pop();
      redirectTarget = true;
      continue;
    }
    if (current.length > 0) result.push(current);
    current = [];
  }
  if (current.length > 0) result.push(current);
  return result;
}

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let word: string | undefined;
  let wordLine = 1;
  let line = 1;
  const startWord = () => {
    if (word === undefined) {
      word = '';
      wordLine = line;
    }
  };
  const endWord = () => {
    if (word !== undefined) tokens.push({ kind: 'word', text: word, line: wordLine });
    word = undefined;
  };
  let i = 0;
  while (i < script.length) {
    const char = script[i] as string;
    if (char === '\\') {
      const next = script[i + 1];
      if (next === '\n') {
        line += 1;
      } else if (next !== undefined) {
        startWord();
        word += next;
      }
      i += 2;
      continue;
    }
    if (char === '\n') {
      endWord();
      tokens.push({ kind: 'operator', text: '\n' });
      line += 1;
      i += 1;
      continue;
    }
    if (char === ' ' || char === '\t') {
      endWord();
      i += 1;
      continue;
    }
    if (char === '#' && word === undefined) {
      while (i < script.length && script[i] !== '\n') i += 1;
      continue;
    }
    if (OPERATOR_CHARS.has(char)) {
      endWord();
      let operator = char;
      while (i + operator.length < script.length && OPERATOR_CHARS.has(script[i + operator.length] as string)) {
        const candidate = operator + script[i + operator.length];
        if (!['&&', '||', '>>', '>&', '<&', '&>', ';;', '<<', '>|'].includes(candidate)) break;
        operator = candidate;
      }
      tokens.push({ kind: 'operator', text: operator });
      i += operator.length;
      continue;
    }
    startWord();
    if (char === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' on line ${line}`);
      word += script.slice(i + 1, end);
      line += countNewlines(script.slice(i, end));
      i = end + 1;
      continue;
    }
    if (char === '"') {
      const { text, end } = doubleQuoted(script, i + 1);
      word += text;
      line += countNewlines(script.slice(i, end));
      i = end + 1;
      continue;
    }
    if (char === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      const end = balancedEnd(script, i + 1);
      word += script.slice(i, end + 1);
      line += countNewlines(script.slice(i, end));
      i = end + 1;
      continue;
    }
    word += char;
    i += 1;
  }
  endWord();
  return tokens;
}

/** The text of a double-quoted string starting after its `"`, and the index of the closing `"`. */
function doubleQuoted(script: string, from: number): { text: string; end: number } {
  let text = '';
  let i = from;
  while (i < script.length) {
    const char = script[i] as string;
    if (char === '"') return { text, end: i };
    if (char === '\\' && ['"', '\\', '$', '`', '\n'].includes(script[i + 1] ?? '')) {
      if (script[i + 1] !== '\n') text += script[i + 1];
      i += 2;
      continue;
    }
    if (char === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      const end = balancedEnd(script, i + 1);
      text += script.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    text += char;
    i += 1;
  }
  throw new Error('unterminated "');
}

/** Index of the bracket closing the one at `open` (`(` or `{`), skipping nested ones and quoted text. */
function balancedEnd(script: string, open: number): number {
  const closer = script[open] === '(' ? ')' : '}';
  const opener = script[open] as string;
  let depth = 0;
  for (let i = open; i < script.length; i++) {
    const char = script[i];
    if (char === "'" && opener === '(') {
      i = script.indexOf("'", i + 1);
      if (i < 0) break;
    } else if (char === opener) depth += 1;
    else if (char === closer) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new Error(`unbalanced ${opener}`);
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}
