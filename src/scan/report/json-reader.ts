/**
 * A pull reader over one JSON document, so that a large Trivy report is walked without ever holding its whole
 * parsed tree (or its whole text as one string): the bytes are walked for structure, and only the values the caller
 * asks for are decoded and parsed, each from its own slice of the buffer. A 100,000-vulnerability report then holds
 * one record's tree at a time instead of some 640 MB of them.
 *
 * The bytes come whole from a Buffer or a chunk at a time from a file, so that not even the file's bytes need to be
 * in memory at once.
 *
 * The reader checks the syntax it walks (brackets, commas, colons, keys, what follows the document) and every value
 * it hands out or skips goes through JSON.parse, so a document it reads to the end is valid JSON. It does not say
 * where a document is broken: any problem throws NotReadableAsBytes, and the caller reads the document the slow way
 * (whole-text JSON.parse, then the syntax scanner) for a message with line and column. The same happens for a key
 * repeated in an object the reader walks, where JSON.parse would keep only the last value.
 *
 * TreeReader walks an already parsed value with the same interface, so one mapping serves both ways of reading.
 */

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'literal';

/**
 * A cursor on one value at a time. `object` and `array` call `visit` for each member or element with the cursor on
 * its value, and `visit` must consume that value exactly once (value, skip, object or array).
 */
export interface JsonReader {
  /** The kind of the value at the cursor, without reading it. */
  kind(): JsonKind;
  /** The value at the cursor, parsed. */
  value(): unknown;
  /** Passes over the value at the cursor, checking it without keeping it. */
  skip(): void;
  object(visit: (key: string) => void): void;
  array(visit: (index: number) => void): void;
}

/** The bytes are not a JSON document this reader can walk; read the document whole to find out why. */
export class NotReadableAsBytes extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Values up to this size are skipped by parsing them whole; larger containers are walked, member by member. */
const SKIP_WHOLE_BYTES = 4 * 1024 * 1024;

/** How much of a file is read at a time; the window grows only while one value is larger. */
const CHUNK_BYTES = 1024 * 1024;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where a ByteReader gets bytes from: fills `into` from `offset` with up to `length` bytes, returning 0 at the end. */
export type ByteSource = (into: Buffer, offset: number, length: number) => number;

/**
 * Reads one JSON document (UTF-8, no byte-order mark), either whole from a Buffer or a chunk at a time from a
 * ByteSource; then only a window around the cursor is in memory, from the start of the value being read to the
 * last byte read. Call `end()` after reading the root value.
 */
export class ByteReader implements JsonReader {
  private window: Buffer;
  /** Bytes of `window` that hold the document; the rest is room for the next chunk. */
  private filled: number;
  private exhausted: boolean;
  /** The cursor, in `window`. */
  private i = 0;
  /** Document offset of window[0], for messages. */
  private released = 0;
  /** Set while a visitor owes the reader the value under the cursor. */
  private owed = false;
  private readonly source: ByteSource | undefined;

  constructor(input: Buffer | ByteSource) {
    if (Buffer.isBuffer(input)) {
      this.window = input;
      this.filled = input.length;
      this.exhausted = true;
    } else {
      this.source = input;
      this.window = Buffer.allocUnsafe(CHUNK_BYTES);
      this.filled = 0;
      this.exhausted = false;
    }
    this.space();
    if (this.peek() === undefined) this.problem('no value');
  }

  kind(): JsonKind {
    const c = this.peek();
    if (c === OPEN_BRACE) return 'object';
    if (c === OPEN_BRACKET) return 'array';
    if (c === QUOTE) return 'string';
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return 'number';
    return 'literal';
  }

  value(): unknown {
    this.owed = false;
    const start = this.i;
    const end = this.valueEnd(start);
    this.i = end;
    return this.parse(start, end);
  }

  skip(): void {
    this.owed = false;
    const start = this.i;
    const kind = this.kind();
    if (kind !== 'object' && kind !== 'array') {
      this.value();
      return;
    }
    const end = this.containerEnd(start, SKIP_WHOLE_BYTES);
    if (end >= 0) {
      this.parse(start, end);
      this.i = end;
    } else if (kind === 'object') {
      this.object(() => this.skip());
    } else {
      this.array(() => this.skip());
    }
  }

  object(visit: (key: string) => void): void {
    this.owed = false;
    if (this.peek() !== OPEN_BRACE) this.problem('expected an object');
    this.i += 1;
    this.space();
    if (this.peek() === CLOSE_BRACE) {
      this.i += 1;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      if (this.peek() !== QUOTE) this.problem('expected a key');
      const keyStart = this.i;
      this.i = this.stringEnd(keyStart);
      const key = this.parse(keyStart, this.i) as string;
      if (keys.has(key)) this.problem(`repeated key ${JSON.stringify(key)}`);
      keys.add(key);
      this.space();
      if (this.peek() !== COLON) this.problem("expected ':'");
      this.i += 1;
      this.space();
      this.visitValue(() => visit(key));
      this.space();
      const c = this.peek();
      this.i += 1;
      if (c === CLOSE_BRACE) return;
      if (c !== COMMA) this.problem("expected ',' or '}'");
      this.space();
    }
  }

  array(visit: (index: number) => void): void {
    this.owed = false;
    if (this.peek() !== OPEN_BRACKET) this.problem('expected an array');
    this.i += 1;
    this.space();
    if (this.peek() === CLOSE_BRACKET) {
      this.i += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      this.visitValue(() => visit(index));
      this.space();
      const c = this.peek();
      this.i += 1;
      if (c === CLOSE_BRACKET) return;
      if (c !== COMMA) this.problem("expected ',' or ']'");
      this.space();
    }
  }

  /** After the root value: nothing but whitespace may follow. */
  end(): void {
    this.space();
    if (this.peek() !== undefined) this.problem('text after the document');
  }

  private visitValue(visit: () => void): void {
    this.release();
    if (this.peek() === undefined) this.problem('expected a value');
    this.owed = true;
    visit();
    // A visitor that leaves its value unread would make the reader take the value for the next key: a bug here.
    if (this.owed) throw new Error('JSON reader: a visitor did not read its value');
  }

  /** Decodes and parses one value from its own slice, so the result shares no memory with a larger string. */
  private parse(start: number, end: number): unknown {
    try {
      return JSON.parse(this.window.toString('utf8', start, end)) as unknown;
    } catch {
      return this.problem('not a valid JSON value', start);
    }
  }

  /** Where the value starting at `start` ends: found by structure only; parsing the slice checks the rest. */
  private valueEnd(start: number): number {
    const c = this.window[start];
    if (c === QUOTE) return this.stringEnd(start);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.containerEnd(start, Infinity);
    let end = start;
    for (;;) {
      if (end >= this.filled && !this.more()) break;
      const byte = this.window[end];
      if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) break;
      end += 1;
    }
    if (end === start) this.problem('expected a value');
    return end;
  }

  /** The end of the object or array at `start`, or -1 when it is longer than `max` bytes. */
  private containerEnd(start: number, max: number): number {
    let depth = 0;
    let j = start;
    let window = this.window;
    let filled = this.filled;
    for (;;) {
      if (j - start > max) return -1;
      if (j >= filled) {
        if (!this.more()) return this.problem('unterminated object or array', start);
        window = this.window;
        filled = this.filled;
      }
      const c = window[j];
      if (c === QUOTE) {
        j = this.stringEnd(j);
        window = this.window;
        filled = this.filled;
        continue;
      }
      j += 1;
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth += 1;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth -= 1;
        if (depth === 0) return j;
      }
    }
  }

  /** The offset after the closing quote of the string at `start`; string bodies are skipped with indexOf. */
  private stringEnd(start: number): number {
    let from = start + 1;
    for (;;) {
      const quote = this.window.indexOf(QUOTE, from);
      // Past `filled` is room for the next chunk, not the document.
      if (quote < 0 || quote >= this.filled) {
        from = this.filled;
        if (!this.more()) return this.problem('unterminated string', start);
        continue;
      }
      let backslash = quote - 1;
      while (this.window[backslash] === BACKSLASH) backslash -= 1;
      // An odd run of backslashes escapes the quote.
      if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  private space(): void {
    for (;;) {
      while (this.i < this.filled && isSpace(this.window[this.i])) this.i += 1;
      if (this.i < this.filled || !this.more()) return;
    }
  }

  /** The byte at the cursor; undefined at the end of the document. */
  private peek(): number | undefined {
    return this.i < this.filled || this.more() ? this.window[this.i] : undefined;
  }

  /** Reads the next chunk, growing the window when it is full; false at the end of the document. */
  private more(): boolean {
    if (this.exhausted || !this.source) return false;
    if (this.filled === this.window.length) {
      const larger = Buffer.allocUnsafe(this.window.length * 2);
      this.window.copy(larger, 0, 0, this.filled);
      this.window = larger;
    }
    const read = this.source(this.window, this.filled, this.window.length - this.filled);
    if (read === 0) this.exhausted = true;
    this.filled += read;
    return read > 0;
  }

  /** Lets go of the bytes before the cursor (called where no earlier offset is in use), and of a grown window. */
  private release(): void {
    if (!this.source || this.i < CHUNK_BYTES / 2) return;
    const rest = this.filled - this.i;
    const target =
      this.window.length > CHUNK_BYTES && rest <= CHUNK_BYTES / 2 ? Buffer.allocUnsafe(CHUNK_BYTES) : this.window;
    this.window.copy(target, 0, this.i, this.filled);
    this.window = target;
    this.released += this.i;
    this.filled = rest;
    this.i = 0;
  }

  private problem(message: string, at = this.i): never {
    throw new NotReadableAsBytes(message, this.released + at);
  }
}

/** The same cursor over a value JSON.parse has already made. */
export class TreeReader implements JsonReader {
  constructor(private current: unknown) {}

  kind(): JsonKind {
    const value = this.current;
    if (Array.isArray(value)) return 'array';
    if (typeof value === 'object' && value !== null) return 'object';
    if (typeof value === 'string') return 'string';
    if (typeof value === 'number') return 'number';
    return 'literal';
  }

  value(): unknown {
    return this.current;
  }

  skip(): void {
    // Nothing to check: the value was parsed already.
  }

  object(visit: (key: string) => void): void {
    const record = this.current as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      this.current = record[key];
      visit(key);
    }
    this.current = record;
  }

  array(visit: (index: number) => void): void {
    const list = this.current as unknown[];
    for (let index = 0; index < list.length; index += 1) {
      this.current = list[index];
      visit(index);
    }
    this.current = list;
  }
}
