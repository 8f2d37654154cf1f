import { readFile, stat } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { findJsonSyntaxError } from './json-error.js';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import { nestingProblem } from '../util/nesting-depth.js';

/**
 * imagegate's own JSON documents (plan, ledger, shard result, baseline report) as inputs: read, parsed, and checked
 * with messages that point at `file:line:col`. JSON.parse keeps no positions, so a document is parsed once the fast way and only a document that
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

  /** The file:line:column of each node (or the deepest part of it the document has), with one positions pass. */
  positionsOf(paths: readonly JsonPath[]): SourcePosition[] {
    if (paths.length === 0) return [];
    const parsed = parsePositions(this.text);
    return paths.map((at) => positionInParsed(parsed, this.display, at));
  }
}

/** How to read a file: what it is called in messages and what happens when it is absent or too large. */
export interface ReadJsonOptions {
  /** Absent → undefined ('undefined') or a ConfigurationError ('error', the default). */
  absent?: 'undefined' | 'error';
  /** How messages name the document, e.g. `the plan` (default `the file`). */
  what?: string;
  /** How messages name the file, when not as read (a path relative to the workspace). */
  display?: string;
  /** A file larger than this is refused before it is read. */
  maxBytes?: number;
}

/**
 * Reads and parses a JSON file. Absent → undefined when `absent` is 'undefined', else a ConfigurationError; a syntax
 * error names the line and column.
 */
export async function readJsonInput(
  file: string,
  expected: string,
  options: ReadJsonOptions = {},
): Promise<JsonInput | undefined> {
  const what = options.what ?? 'the file';
  const display = options.display ?? file;
  let text: string;
  try {
    if (options.maxBytes !== undefined) {
      const info = await stat(file);
      if (!info.isDirectory() && info.size > options.maxBytes) {
        throw new ConfigurationError(`${what} is ${info.size} bytes, more than ${options.maxBytes}; ${expected}`, {
          path: display,
        });
      }
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
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
    throw new ConfigurationError(`cannot read ${what}: ${reason}; ${expected}`, { path: display });
  }
  return parseJsonInput(text, display, expected, what);
}

/** Parses JSON text already read (a file, a git blob, a referrer's body) the same way, errors at line:column. */
export function parseJsonInput(text: string, display: string, expected: string, what = 'the file'): JsonInput {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Before any parse: the positions pass (the yaml package) recurses once per level of the document.
  const deep = nestingProblem(body);
  if (deep) {
    throw new ConfigurationError(`${what} ${deep.message}; ${expected}`, {
      path: display,
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
      path: display,
      ...(problem ? { line: problem.line, column: problem.column } : {}),
    });
  }
  return new JsonInput(display, body, value, expected);
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
  return positionInParsed(parsePositions(text), display, at);
}

interface ParsedPositions {
  lineCounter: LineCounter;
  document: ReturnType<typeof parseDocument>;
}

function parsePositions(text: string): ParsedPositions {
  const lineCounter = new LineCounter();
  return { lineCounter, document: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) };
}

function positionInParsed({ lineCounter, document }: ParsedPositions, display: string, at: JsonPath): SourcePosition {
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
