import { ConfigurationError } from '../../util/errors.js';
import { excerpt } from '../../util/excerpt.js';

/**
 * Typed reads from a parsed Trivy report, with errors that name the JSON path (`Results[2].Vulnerabilities[7].PkgName`)
 * and the line and column of the offending value. Positions are found only when something is wrong, by walking the
 * text again, so the mapping pass over a large report allocates nothing per field but the values it keeps.
 */

export type Json = Record<string, unknown>;
export type JsonPath = ReadonlyArray<string | number>;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws a ConfigurationError about the value at `path` of the report. */
export type FailAt = (path: JsonPath, message: string) => never;

/** A FailAt for `text` (the report as read): the error names `displayPath:line:column` and the JSON path. */
export function failAtFor(text: string, displayPath: string): FailAt {
  return (path, message) => {
    const position = locateJsonPath(text, path);
    throw new ConfigurationError(`${formatJsonPath(path)} ${message}`, { path: displayPath, ...position });
  };
}

export function formatJsonPath(path: JsonPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? 'the document' : text;
}

/** Reads fields of one record; `at` is the record's path, used only to build an error. */
export class FieldReader {
  constructor(readonly fail: FailAt) {}

  /** A string, or undefined when absent, null or empty (Trivy omits empty fields, but not every writer does). */
  string(record: Json, key: string, at: JsonPath): string | undefined {
    const value = record[key];
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (value === undefined || value === null) return undefined;
    return this.fail([...at, key], `is ${describeJson(value)}; expected a string`);
  }

  requiredString(record: Json, key: string, at: JsonPath, what: string): string {
    const value = this.string(record, key, at);
    if (value === undefined) {
      return this.fail(at, `has no ${key}; expected ${what}`);
    }
    return value;
  }

  number(record: Json, key: string, at: JsonPath): number | undefined {
    const value = record[key];
    if (typeof value === 'number') return value;
    if (value === undefined || value === null) return undefined;
    return this.fail([...at, key], `is ${describeJson(value)}; expected a number`);
  }

  boolean(record: Json, key: string, at: JsonPath): boolean | undefined {
    const value = record[key];
    if (typeof value === 'boolean') return value;
    if (value === undefined || value === null) return undefined;
    return this.fail([...at, key], `is ${describeJson(value)}; expected true or false`);
  }

  object(record: Json, key: string, at: JsonPath): Json | undefined {
    const value = record[key];
    if (isJsonObject(value)) return value;
    if (value === undefined || value === null) return undefined;
    return this.fail([...at, key], `is ${describeJson(value)}; expected an object`);
  }

  array(record: Json, key: string, at: JsonPath): unknown[] | undefined {
    const value = record[key];
    if (Array.isArray(value)) return value;
    if (value === undefined || value === null) return undefined;
    return this.fail([...at, key], `is ${describeJson(value)}; expected an array`);
  }

  /** An array of strings; the parsed array itself is returned, not a copy (large reports repeat these a lot). */
  strings(record: Json, key: string, at: JsonPath): string[] {
    const value = this.array(record, key, at);
    if (value === undefined) return [];
    for (let index = 0; index < value.length; index += 1) {
      if (typeof value[index] !== 'string') {
        this.fail([...at, key, index], `is ${describeJson(value[index])}; expected a string`);
      }
    }
    return value as string[];
  }

  /** Element `index` of an array as an object. */
  element(array: unknown[], index: number, at: JsonPath): Json {
    const value = array[index];
    if (isJsonObject(value)) return value;
    return this.fail([...at, index], `is ${describeJson(value)}; expected an object`);
  }
}

/** A short description of a JSON value for messages: `12`, `"HIGH"`, `an array`, `null`. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return excerpt(value);
  }
  return String(value);
}

/**
 * The 1-based line and column where the value at `path` starts in `text` (valid JSON), or undefined when the path
 * is not in the document. Only called on the way to an error.
 */
export function locateJsonPath(text: string, path: JsonPath): { line: number; column: number } | undefined {
  const walker = new PathWalker(text);
  const offset = walker.find(path);
  return offset === undefined ? undefined : lineColumn(text, offset);
}

class PathWalker {
  private i = 0;

  constructor(private readonly text: string) {}

  find(path: JsonPath): number | undefined {
    this.space();
    for (const segment of path) {
      const found = typeof segment === 'number' ? this.enterIndex(segment) : this.enterKey(segment);
      if (!found) return undefined;
    }
    return this.i;
  }

  private enterIndex(index: number): boolean {
    if (this.text[this.i] !== '[') return false;
    this.i += 1;
    this.space();
    if (this.text[this.i] === ']') return false;
    for (let current = 0; ; current += 1) {
      this.space();
      if (current === index) return true;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ',') return false;
      this.i += 1;
    }
  }

  private enterKey(key: string): boolean {
    if (this.text[this.i] !== '{') return false;
    this.i += 1;
    this.space();
    if (this.text[this.i] === '}') return false;
    for (;;) {
      this.space();
      const keyStart = this.i;
      this.skipString();
      const name = JSON.parse(this.text.slice(keyStart, this.i)) as string;
      this.space();
      this.i += 1; // ':'
      this.space();
      if (name === key) return true;
      this.skipValue();
      this.space();
      if (this.text[this.i] !== ',') return false;
      this.i += 1;
    }
  }

  private skipValue(): void {
    const c = this.text[this.i];
    if (c === '"') return this.skipString();
    if (c === '{' || c === '[') return this.skipContainer();
    while (this.i < this.text.length && !',]} \t\r\n'.includes(this.text[this.i] as string)) this.i += 1;
  }

  private skipContainer(): void {
    let depth = 0;
    while (this.i < this.text.length) {
      const c = this.text[this.i];
      if (c === '"') {
        this.skipString();
        continue;
      }
      this.i += 1;
      if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return;
      }
    }
  }

  private skipString(): void {
    this.i += 1;
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      this.i += c === 0x5c ? 2 : 1;
      if (c === 0x22) return;
    }
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i] as string)) this.i += 1;
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let newline = text.indexOf('\n');
  while (newline !== -1 && newline < offset) {
    line += 1;
    lineStart = newline + 1;
    newline = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}
