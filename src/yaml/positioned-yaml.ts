import { readFile, stat } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
  type YAMLError,
} from 'yaml';
import { ConfigurationError } from '../util/errors.js';
import { withoutQuotedSource } from '../util/excerpt.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import { nestingProblem } from '../util/nesting-depth.js';
import { describeNode, mapNode, scalarNode, sequenceNode } from '../compose/loader/node.js';
import type { ComposeMap, ComposeNode, ComposeScalar, ValuePosition } from '../compose/types.js';

/**
 * Positioned YAML reading shared by the compose loader and the Kubernetes reader: one file's text under a size
 * cap, and every document of it as a tree whose every value carries file:line:column, with merge keys applied,
 * aliases expanded under a budget ("billion laughs"), nesting capped, duplicate keys refused. What differs
 * between the two formats (compose's `!reset`/`!override` tags, how the file is named in messages) is an option.
 */

/** A YAML file as a reader reads it: where it is, how reports name it, what its relative paths resolve to. */
export interface YamlSource {
  absolute: string;
  display: string;
  baseDir: string;
}

export type Warn = (message: string, position?: ValuePosition) => void;

/** Compose files and manifests are kilobytes; a cap keeps a wrong path (a log, a disk image) from being read whole. */
export const MAX_YAML_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Values built per document, counting every alias expansion. Real files have hundreds; a "billion laughs"
 * document asks for billions, and this stops it early with a clear error instead of a hang or an out-of-memory.
 */
export const MAX_EXPANDED_VALUES = 250_000;

/** Nesting of maps and lists; real files use a handful of levels, and every later stage recurses. */
export const MAX_DEPTH = 200;
/** Flow brackets (`[[[…`) counted on the text; above MAX_DEPTH, so a file within it is never refused here. */
const MAX_FLOW_DEPTH = 1000;

/** How a format's files are named in messages and which tags it gives meaning to. */
export interface YamlDialect {
  /** `compose file`, `Kubernetes manifest`: what the file is, in messages. */
  what: string;
  /** `compose`, `Kubernetes`: who needs a name before a colon, in messages. */
  reader: string;
  /** Compose's `!reset` and `!override`; other dialects read every tag's value as is. */
  resetTags: boolean;
  /** The warning for a tag the dialect does not know (once per tag and document). */
  unknownTag?: (tag: string) => string;
}

export const COMPOSE_DIALECT: YamlDialect = {
  what: 'compose file',
  reader: 'compose',
  resetTags: true,
  unknownTag: (tag) => `unknown YAML tag ${tag}; compose knows only !reset and !override, the value is read as is`,
};

/** One YAML document: its root (undefined when empty), the `!reset`/`!override` paths, the comment lines before it. */
export interface PositionedDocument {
  root: ComposeNode | undefined;
  /** True when the root itself was tagged `!reset` (compose refuses that). */
  rootRemoved: boolean;
  /** Where the document's content starts (the root's position, or the document's when it is empty). */
  position: ValuePosition;
  /** Map-key paths tagged `!reset` (removed from this document) or `!override`: earlier values there are dropped. */
  resetPaths: string[][];
  /** `# …` comment lines between the previous document's end and this one's content, with their positions. */
  leadingComments: Array<{ text: string; position: ValuePosition }>;
}

/**
 * A YAML file's text. `position` is the line that named the file (an `include`, a flag), where a refusal is
 * reported; `paths` keeps every file inside the workspace (src/util/workspace-paths.ts).
 */
export async function readYamlText(
  source: YamlSource,
  position: ValuePosition | undefined,
  paths: WorkspacePaths,
  what: string,
): Promise<string> {
  const checked = await paths.check(source.absolute);
  if (!checked.ok && checked.problem === 'refused') {
    throw new ConfigurationError(`${what} ${source.display} is refused: ${checked.reason}`, position);
  }
  let size: number;
  try {
    const info = await stat(source.absolute);
    if (!info.isFile()) throw new ConfigurationError(`${source.display} is not a file`, position);
    size = info.size;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the file does not exist' : (code ?? (error as Error).message);
    throw new ConfigurationError(`cannot read ${what} ${source.display}: ${reason}`, position);
  }
  checkYamlSize(size, source.display, what, position);
  try {
    return await readFile(source.absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigurationError(
      `cannot read ${what} ${source.display}: ${code ?? (error as Error).message}`,
      position,
    );
  }
}

/** The size cap, for text that does not come from a file (standard input). */
export function checkYamlSize(size: number, display: string, what: string, position?: ValuePosition): void {
  if (size > MAX_YAML_FILE_BYTES) {
    throw new ConfigurationError(
      `${display} is ${size} bytes; imagegate reads ${what}s up to ${MAX_YAML_FILE_BYTES} bytes`,
      position,
    );
  }
}

/** Parses every YAML document of a file into positioned trees (merge keys applied, aliases expanded). */
export function parsePositionedYaml(
  text: string,
  source: YamlSource,
  warn: Warn,
  dialect: YamlDialect,
): PositionedDocument[] {
  const lineCounter = new LineCounter();
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Before the yaml package sees it: its parser recurses once per flow level, and a stack overflow in it is not
  // always caught where it happens. MAX_DEPTH below gives the precise message for what gets past this coarse cap.
  const deep = nestingProblem(body, { max: MAX_FLOW_DEPTH, yaml: true });
  if (deep) {
    throw new ConfigurationError(
      `the YAML nests lists or maps too deeply to be a ${dialect.what} (more than ${MAX_FLOW_DEPTH} levels)`,
      { path: source.display, line: deep.line, column: deep.column },
    );
  }
  const documents = parseAllDocuments(body, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): ValuePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { path: source.display, line, column: col };
  };
  let previousEnd = 0;
  return [...documents].map((document) => {
    const error = document.errors[0];
    if (error) throw yamlError(error, at, dialect);
    const contentStart = document.contents?.range?.[0] ?? document.range[1];
    const leadingComments = commentLines(body, previousEnd, contentStart, at);
    previousEnd = document.range[2];
    return { ...new DocumentConverter(document, source, at, warn, dialect).run(), leadingComments };
  });
}

/** The `#` comment lines of body[from, to): a linear scan of text the caller already holds. */
function commentLines(
  body: string,
  from: number,
  to: number,
  at: (offset: number) => ValuePosition,
): PositionedDocument['leadingComments'] {
  const found: PositionedDocument['leadingComments'] = [];
  let offset = from;
  while (offset < to) {
    const end = body.indexOf('\n', offset);
    const lineEnd = end === -1 || end > to ? to : end;
    const line = body.slice(offset, lineEnd);
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#')) {
      found.push({ text: trimmed.slice(1).trim(), position: at(offset + line.length - trimmed.length) });
    }
    offset = lineEnd + 1;
  }
  return found;
}

const REMOVED = Symbol('removed by !reset');
type Converted = ComposeNode | typeof REMOVED;

class DocumentConverter {
  private built = 0;
  private depth = 0;
  private readonly resetPaths: string[][] = [];
  private readonly expanding = new Set<Node>();
  private readonly warnedTags = new Set<string>();

  constructor(
    private readonly document: Document.Parsed,
    private readonly source: YamlSource,
    private readonly at: (offset: number) => ValuePosition,
    private readonly warn: Warn,
    private readonly dialect: YamlDialect,
  ) {}

  run(): Omit<PositionedDocument, 'leadingComments'> {
    const contents = this.document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null && contents.tag === undefined)) {
      return { root: undefined, rootRemoved: false, position: this.at(this.document.range[0]), resetPaths: [] };
    }
    const position = this.at(contents.range?.[0] ?? 0);
    const root = this.convert(contents, [], this.at(0));
    if (root === REMOVED) return { root: undefined, rootRemoved: true, position, resetPaths: this.resetPaths };
    return { root, rootRemoved: false, position, resetPaths: this.resetPaths };
  }

  private position(node: Node | null | undefined, fallback: ValuePosition): ValuePosition {
    const range = node?.range;
    if (!range || (isScalar(node) && node.value === null && range[0] === range[1])) return fallback;
    return this.at(range[0]);
  }

  private count(position: ValuePosition): void {
    this.built++;
    if (this.built > MAX_EXPANDED_VALUES) {
      throw new ConfigurationError(
        `${this.source.display} expands to more than ${MAX_EXPANDED_VALUES} values through YAML aliases ` +
          '(nested aliases as in a "billion laughs" document); write the values out instead of nesting aliases',
        position,
      );
    }
  }

  /** `path` is the map-key path for `!reset`/`!override`, or undefined inside lists (compose cannot reset there). */
  private convert(node: Node | null, path: string[] | undefined, fallback: ValuePosition): Converted {
    if (node === null) return this.scalar(null, fallback);
    if (isAlias(node)) return this.expandAlias(node, path, fallback);
    const tag = node.tag;
    if (tag === '!reset' && this.dialect.resetTags) {
      if (path) this.resetPaths.push(path);
      return REMOVED;
    }
    if (tag === '!override' && this.dialect.resetTags) {
      if (path) this.resetPaths.push(path);
    } else if (tag !== undefined && !tag.startsWith('tag:yaml.org,2002:') && !this.warnedTags.has(tag)) {
      this.warnedTags.add(tag);
      if (this.dialect.unknownTag) this.warn(this.dialect.unknownTag(tag), this.position(node, fallback));
    }
    const position = this.position(node, fallback);
    if (isScalar(node)) return this.scalar(scalarValue(node.value, node.source), position);
    if (this.depth >= MAX_DEPTH) {
      throw new ConfigurationError(`the YAML nests lists or maps more than ${MAX_DEPTH} levels deep`, position);
    }
    this.depth++;
    try {
      if (isMap(node)) return this.map(node.items as Pair<Node | null, Node | null>[], path, position);
      if (isSeq(node)) {
        this.count(position);
        const items: ComposeNode[] = [];
        for (const item of node.items as (Node | null)[]) {
          const converted = this.convert(item, undefined, position);
          if (converted !== REMOVED) items.push(converted);
        }
        return sequenceNode(items, position, this.source.baseDir);
      }
    } finally {
      this.depth--;
    }
    throw new ConfigurationError('unsupported YAML node', position);
  }

  private scalar(value: ComposeScalar['value'], position: ValuePosition): ComposeScalar {
    this.count(position);
    return scalarNode(value, position, this.source.baseDir);
  }

  private expandAlias(node: Node & { source: string }, path: string[] | undefined, fallback: ValuePosition): Converted {
    const position = this.position(node, fallback);
    const target = (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.document);
    if (!target)
      throw new ConfigurationError(
        `unknown YAML alias *${node.source}; define the anchor &${node.source} first`,
        position,
      );
    if (this.expanding.has(target)) {
      throw new ConfigurationError(`YAML alias *${node.source} refers to the value that contains it`, position);
    }
    this.expanding.add(target);
    try {
      return this.convert(target, path, position);
    } finally {
      this.expanding.delete(target);
    }
  }

  private map(
    pairs: Pair<Node | null, Node | null>[],
    path: string[] | undefined,
    position: ValuePosition,
  ): ComposeMap {
    this.count(position);
    const explicit = new Map<string, ValuePosition>();
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) continue;
      const key = this.keyText(pair.key, position);
      const keyPosition = this.position(pair.key, position);
      const first = explicit.get(key);
      if (first) {
        throw new ConfigurationError(
          `duplicate key \`${key}\` (first defined at line ${first.line}); a key may appear once in a map`,
          keyPosition,
        );
      }
      explicit.set(key, keyPosition);
    }
    const entries = new Map<string, { keyPosition: ValuePosition; value: ComposeNode }>();
    for (const pair of pairs) {
      const keyPosition = this.position(pair.key, position);
      if (isMergeKey(pair.key)) {
        // YAML merge keys (`<<`): explicit keys win, and among merged maps the earlier one wins.
        for (const [key, entry] of this.mergeSources(pair.value, path, keyPosition)) {
          if (!explicit.has(key) && !entries.has(key)) entries.set(key, entry);
        }
        continue;
      }
      const key = this.keyText(pair.key, position);
      const value = this.convert(pair.value, path ? [...path, key] : undefined, keyPosition);
      if (value !== REMOVED) entries.set(key, { keyPosition, value });
    }
    return mapNode(entries, position, this.source.baseDir);
  }

  private mergeSources(
    value: Node | null,
    path: string[] | undefined,
    position: ValuePosition,
  ): Map<string, { keyPosition: ValuePosition; value: ComposeNode }> {
    const merged = new Map<string, { keyPosition: ValuePosition; value: ComposeNode }>();
    const resolved = this.resolveAliasNode(value);
    const sources = isSeq(resolved) ? (resolved.items as (Node | null)[]) : [value];
    for (const source of sources) {
      const converted = this.convert(source, path, position);
      if (converted === REMOVED) continue;
      if (converted.kind !== 'map') {
        throw new ConfigurationError(
          `a YAML merge key (<<) takes a map or a list of maps, found ${describeNode(converted)}`,
          converted.position,
        );
      }
      for (const [key, entry] of converted.entries) if (!merged.has(key)) merged.set(key, entry);
    }
    return merged;
  }

  private resolveAliasNode(node: Node | null): Node | null {
    if (node && isAlias(node)) return node.resolve(this.document) ?? null;
    return node;
  }

  private keyText(key: Node | null, fallback: ValuePosition): string {
    const resolved = this.resolveAliasNode(key);
    if (isScalar(resolved) && !isMap(resolved) && !isSeq(resolved)) {
      if (typeof resolved.value === 'string') return resolved.value;
      if (resolved.value === null) {
        throw new ConfigurationError(
          `a map key is empty; ${this.dialect.reader} needs a name before the colon`,
          this.position(key, fallback),
        );
      }
      return resolved.source ?? String(resolved.value);
    }
    throw new ConfigurationError('a map key must be a plain string, not a list or a map', this.position(key, fallback));
  }
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol';
}

function scalarValue(value: unknown, source: string | undefined): ComposeScalar['value'] {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return source ?? String(value);
}

function yamlError(error: YAMLError, at: (offset: number) => ValuePosition, dialect: YamlDialect): ConfigurationError {
  const position = at(error.pos[0]);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return new ConfigurationError('tabs are not allowed for indentation in YAML; indent with spaces', position);
    case 'DUPLICATE_KEY':
      return new ConfigurationError('duplicate key; a key may appear once in a map', position);
    default:
      if (error.message.includes('Maximum call stack size exceeded')) {
        return new ConfigurationError(`the YAML nests lists or maps too deeply to be a ${dialect.what}`, position);
      }
      return new ConfigurationError(`YAML syntax error: ${withoutQuotedSource(error.message)}`, position);
  }
}
