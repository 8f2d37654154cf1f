import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { findJsonSyntaxError } from '../image/json-error.js';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import { nestingProblem } from '../util/nesting-depth.js';

/**
 * The rescan files (plan, ledger, shard results) as inputs: read, parsed, and checked with messages that point at
 * `file:line:col`. JSON.parse keeps no positions, so a document is parsed once the fast way and only a document that
 * turns out wrong is parsed again (by the yaml package, which reads JSON with positions) to say where.
 */

export type JsonPath = ReadonlyArray<string | number>;

/** A parsed JSON file and what is needed to point into it. */
export class JsonInput {
  constructor(
    /** How messages name the file (as the user gave it). */
    readonly display: string,
    readonly text: string,
    readonly value: unknown,
    /** What the file should have been, appended to messages ("expected a ledger written by imagegate rescan merge"). */
    readonly expected: string,
  ) {}

  /** Throws a ConfigurationError at the node `at` (or the deepest part of it the document has). */
  fail(at: JsonPath, message: string): never {
    const where = at.length > 0 ? `${formatPath(at)}: ` : '';
    throw new ConfigurationError(`${where}${message}; ${this.expected}`, positionIn(this.text, this.display, at));
  }
}

/**
 * Reads and parses a JSON file. Absent → undefined when `absent` is 'undefined', else a ConfigurationError; a syntax
 * error names the line and column.
 */
export async function readJsonInput(
  file: string,
  expected: string,
  options: { absent?: 'undefined' | 'error'; what?: string } = {},
): Promise<JsonInput | undefined> {
  const what = options.what ?? 'the file';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.absent === 'undefined') return undefined;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new ConfigurationError(`cannot read ${what}: ${reason}; ${expected}`, { path: file });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Before any parse: the positions pass (the yaml package) recurses once per level of the document.
  const deep = nestingProblem(body);
  if (deep) {
    throw new ConfigurationError(`${what} ${deep.message}; ${expected}`, {
      path: file,
      line: deep.line,
      column: deep.column,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const problem = findJsonSyntaxError(body);
    throw new ConfigurationError(`${what} is not JSON (${problem?.message ?? 'syntax error'}); ${expected}`, {
      path: file,
      ...(problem ? { line: problem.line, column: problem.column } : {}),
    });
  }
  return new JsonInput(file, body, value, expected);
}

/** `entries["sha256:…"].fingerprints[2]`. */
export function formatPath(at: JsonPath): string {
  let text = '';
  for (const segment of at) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function positionIn(text: string, display: string, at: JsonPath): SourcePosition {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  let node: Node | undefined = document.contents ?? undefined;
  for (const segment of at) {
    const current: Node | undefined = isAlias(node) ? (node.resolve(document) ?? undefined) : node;
    let next: Node | undefined;
    if (isMap(current)) {
      // The last of repeated keys is the one JSON.parse kept.
      const pair = current.items.filter((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      next = (pair[pair.length - 1]?.value as Node | null) ?? undefined;
    } else if (isSeq(current)) {
      next = (current.items[Number(segment)] as Node | null) ?? undefined;
    }
    if (!next) break;
    node = next;
  }
  const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
  return { path: display, line, column: col };
}

/** The one atomic writer (src/util/atomic-write.ts), where the rescan commands have always found it. */
export { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.js';

/** Small shape checks shared by the rescan readers; each fails through `input` at the node it checks. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectRecord(input: JsonInput, value: unknown, at: JsonPath): Record<string, unknown> {
  return isRecord(value) ? value : input.fail(at, `expected an object, found ${kind(value)}`);
}

export function expectString(input: JsonInput, value: unknown, at: JsonPath): string {
  return typeof value === 'string' && value !== ''
    ? value
    : input.fail(at, `expected a non-empty string, found ${kind(value)}`);
}

export function optionalString(input: JsonInput, value: unknown, at: JsonPath): string | undefined {
  return value === undefined ? undefined : expectString(input, value, at);
}

/** An ISO 8601 time (as written by `new Date().toISOString()`, or any form Date reads). */
export function expectTime(input: JsonInput, value: unknown, at: JsonPath): string {
  const text = expectString(input, value, at);
  return Number.isNaN(Date.parse(text)) ? input.fail(at, `expected an ISO 8601 time, found "${text}"`) : text;
}

export function expectStrings(input: JsonInput, value: unknown, at: JsonPath): string[] {
  if (!Array.isArray(value)) return input.fail(at, `expected an array of strings, found ${kind(value)}`);
  return value.map((item, index) => expectString(input, item, [...at, index]));
}

export function expectCount(input: JsonInput, value: unknown, at: JsonPath, minimum = 0): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum
    ? value
    : input.fail(at, `expected a whole number ≥ ${minimum}, found ${kind(value)}`);
}

/** The schemaVersion check every rescan file starts with. */
export function expectSchemaVersion(input: JsonInput, document: Record<string, unknown>, version: number): void {
  if (!('schemaVersion' in document)) input.fail([], `no schemaVersion`);
  if (document.schemaVersion !== version) {
    input.fail(
      ['schemaVersion'],
      `schemaVersion ${JSON.stringify(document.schemaVersion)}; this imagegate reads schemaVersion ${version}`,
    );
  }
}

/** A manifest digest: `algorithm:hex` as the OCI spec writes it. */
export const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
