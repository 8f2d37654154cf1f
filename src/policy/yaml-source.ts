import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import { nestingProblem } from '../util/nesting-depth.js';
import type { SourcePosition } from '../util/errors.js';
import type { PolicyProblem } from './problems.js';
import { excerpt, withoutQuotedSource } from '../util/excerpt.js';

/** A step into a parsed policy: a map key or a list index (the segments of an ajv instancePath). */
export type PathSegment = string | number;

/** A parsed policy file: its plain value plus what is needed to point at any node by line and column. */
export interface PolicySource {
  /** Absolute path. */
  file: string;
  /** How messages name the file. */
  display: string;
  value: unknown;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * Alias expansions allowed when turning YAML into values. Real policies use a handful; a "billion laughs"
 * document needs millions, and the yaml package stops it at this count instead of hanging.
 */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses YAML or JSON (YAML 1.2 reads JSON, and its positions are what JSON parsers do not give) into a value
 * with positions. Problems come back instead of being thrown so a file's errors are reported together.
 */
export function parsePolicyText(
  text: string,
  file: string,
  display: string,
): { source?: PolicySource; problems: PolicyProblem[] } {
  const lineCounter = new LineCounter();
  // A byte-order mark would shift every column on line 1.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Before the yaml package (which recurses once per level) and ajv see it; a policy nests a handful of levels.
  const deep = nestingProblem(body, { yaml: true });
  if (deep)
    return {
      problems: [
        {
          message: `the policy file ${deep.message}`,
          position: { path: display, line: deep.line, column: deep.column },
        },
      ],
    };
  const document = parseDocument(body, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePosition => positionAt(lineCounter, display, offset);
  // YAML accepts what JSON does not (and says so in YAML terms), so a .json file must first be JSON.
  const jsonProblem = file.toLowerCase().endsWith('.json') ? jsonSyntaxProblem(body, at) : undefined;
  if (jsonProblem) return { problems: [jsonProblem] };
  const problems = [...document.errors, ...document.warnings].map((error) => yamlProblem(error, body, at));
  if (problems.length > 0) return { problems };

  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    return {
      problems: [
        { message: 'the policy file is empty; expected a map that starts with `version: 1`', position: at(0) },
      ],
    };
  }
  const top = isAlias(contents) ? contents.resolve(document) : contents;
  if (!isMap(top)) {
    return {
      problems: [
        {
          message: `expected a map at the top level (version, extends, defaults, images, gate, allow, compose, rescan, rules), found ${nodeKind(top)}`,
          position: at(contents.range?.[0] ?? 0),
        },
      ],
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      problems: [
        {
          message:
            `YAML aliases expand too often (more than ${MAX_ALIAS_COUNT} expansions, as in a "billion laughs" ` +
            'document); write the values out instead of nesting aliases',
          position: at(firstAliasOffset(document)),
        },
      ],
    };
  }
  return { source: { file, display, value, document, lineCounter }, problems: [] };
}

/**
 * Where a node is: `part: 'key'` points at the map key (for unknown keys), otherwise at the value. A path that
 * leaves the document stops at the deepest node that exists; an empty value points at its key.
 */
export function positionOf(
  source: PolicySource,
  path: readonly PathSegment[],
  part: 'key' | 'value' = 'value',
): SourcePosition {
  const { node, key } = locate(source, path);
  const target = part === 'key' && key ? key : isEmptyScalar(node) && key ? key : (node ?? key);
  return positionAt(source.lineCounter, source.display, target?.range?.[0] ?? 0);
}

/** The text a scalar was written as (`1e3`, `'300MB'`), for checks the parsed value cannot make. */
export function sourceTextOf(source: PolicySource, path: readonly PathSegment[]): string | undefined {
  const { node } = locate(source, path);
  return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
}

function locate(source: PolicySource, path: readonly PathSegment[]): { node?: Node; key?: Node } {
  let node: Node | undefined = source.document.contents ?? undefined;
  let key: Node | undefined;
  for (const segment of path) {
    const current: Node | undefined = isAlias(node) ? (node.resolve(source.document) ?? undefined) : node;
    if (isMap(current)) {
      const pair = current.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return { node: current, key };
      key = pair.key as Node;
      node = (pair.value as Node | null) ?? undefined;
    } else if (isSeq(current)) {
      const item = current.items[Number(segment)] as Node | undefined;
      if (!item) return { node: current, key };
      key = undefined;
      node = item;
    } else {
      return { node: current, key };
    }
  }
  return { node, key };
}

function isEmptyScalar(node: Node | undefined): boolean {
  return isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1];
}

function positionAt(lineCounter: LineCounter, path: string, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  return { path, line, column: col };
}

/** The yaml package's errors, in words for someone editing a policy. */
function yamlProblem(error: YAMLError, text: string, at: (offset: number) => SourcePosition): PolicyProblem {
  const offset = error.pos[0];
  const position = at(offset);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return { message: 'tabs are not allowed for indentation in YAML; indent with spaces', position };
    case 'DUPLICATE_KEY':
      return { message: `duplicate key ${quoteKey(keyAt(text, offset))}; a key may appear once in a map`, position };
    case 'MULTIPLE_DOCS':
      return { message: 'a policy file holds one YAML document; remove the second `---` and what follows', position };
    case 'TAG_RESOLVE_FAILED': {
      const tag = excerpt(/tag: (\S+)/.exec(error.message)?.[1] ?? '').slice(1, -1);
      return { message: `unknown YAML tag \`${tag}\`; policy files use plain YAML values, without tags`, position };
    }
    default:
      return { message: `YAML syntax error: ${withoutQuotedSource(error.message)}`, position };
  }
}

function jsonSyntaxProblem(text: string, at: (offset: number) => SourcePosition): PolicyProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const offset = /at position (\d+)/.exec(error.message)?.[1];
    const message = withoutQuotedSource(error.message)
      .replace(/ in JSON at position .*$/, '')
      .replace(/^Unexpected end of JSON input$/, 'the file ends early');
    return {
      message: `JSON syntax error: ${message}`,
      position: at(offset !== undefined ? Number(offset) : text.trimEnd().length),
    };
  }
}

function keyAt(text: string, offset: number): string {
  const match = /^["']?([^"':\n]*)/.exec(text.slice(offset));
  return (match?.[1] ?? '').trim();
}

function quoteKey(key: string): string {
  return key === '' ? 'key' : `\`${excerpt(key).slice(1, -1)}\``;
}

function nodeKind(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node))
    // Nothing of a file that is not a policy map is quoted (it may be a key file or an environment dump).
    return typeof node.value === 'string' ? 'a single string' : 'a single value';
  return 'something else';
}

function firstAliasOffset(document: Document.Parsed): number {
  let offset = 0;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}
