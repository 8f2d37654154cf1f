/**
 * Where a JSON document stops being JSON. JSON.parse does not always say (Node 20 often reports only the token),
 * so after it fails this small scanner walks the grammar again to find the first offending character.
 */

export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

/** Finds the first syntax error in `text`; undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = lineColumn(text, error.offset);
    return { offset: error.offset, line, column, message: error.message };
  }
}

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 512;

class Scanner {
  private i = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail('unexpected text after the document');
  }

  private value(depth: number): void {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.fail(c === undefined ? 'unexpected end of the document' : `unexpected ${JSON.stringify(c)}; expected a value`);
  }

  private object(depth: number): void {
    this.i += 1;
    this.space();
    if (this.text[this.i] === '}') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail('expected a property name in double quotes');
      this.string();
      this.space();
      if (this.text[this.i] !== ':') this.fail("expected ':' after the property name");
      this.i += 1;
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === '}') return;
      if (c !== ',') this.fail("expected ',' or '}'", this.i - 1);
    }
  }

  private array(depth: number): void {
    this.i += 1;
    this.space();
    if (this.text[this.i] === ']') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === ']') return;
      if (c !== ',') this.fail("expected ',' or ']'", this.i - 1);
    }
  }

  private string(): void {
    const start = this.i;
    this.i += 1;
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x22) {
        this.i += 1;
        return;
      }
      if (c < 0x20) this.fail('control character in a string');
      if (c === 0x5c) {
        const next = this.text[this.i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape');
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') this.fail('bad escape in a string');
        this.i += 2;
        continue;
      }
      this.i += 1;
    }
    this.fail('unterminated string', start);
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match) this.fail('malformed number');
    this.i += (match as RegExpExecArray)[0].length;
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] as string)) this.i += 1;
  }

  private fail(message: string, at = this.i): never {
    throw new SyntaxProblem(message, at);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
