import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  describeNode,
  mapNode,
  scalarNode,
  sequenceNode
} from "./chunk-TFUQI7BM.js";
import {
  nestingProblem,
  require_dist
} from "./chunk-GO6V4V27.js";
import {
  withoutQuotedSource
} from "./chunk-G7D7EWW2.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/yaml/positioned-yaml.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile, stat } from "node:fs/promises";
var MAX_YAML_FILE_BYTES = 10 * 1024 * 1024;
var MAX_EXPANDED_VALUES = 25e4;
var MAX_DEPTH = 200;
var MAX_FLOW_DEPTH = 1e3;
var COMPOSE_DIALECT = {
  what: "compose file",
  reader: "compose",
  resetTags: true,
  unknownTag: (tag) => `unknown YAML tag ${tag}; compose knows only !reset and !override, the value is read as is`
};
async function readYamlText(source, position, paths, what) {
  const checked = await paths.check(source.absolute);
  if (!checked.ok && checked.problem === "refused") {
    throw new ConfigurationError(`${what} ${source.display} is refused: ${checked.reason}`, position);
  }
  let size;
  try {
    const info = await stat(source.absolute);
    if (!info.isFile()) throw new ConfigurationError(`${source.display} is not a file`, position);
    size = info.size;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = error.code;
    const reason = code === "ENOENT" ? "the file does not exist" : code ?? error.message;
    throw new ConfigurationError(`cannot read ${what} ${source.display}: ${reason}`, position);
  }
  checkYamlSize(size, source.display, what, position);
  try {
    return await readFile(source.absolute, "utf8");
  } catch (error) {
    const code = error.code;
    throw new ConfigurationError(
      `cannot read ${what} ${source.display}: ${code ?? error.message}`,
      position
    );
  }
}
function checkYamlSize(size, display, what, position) {
  if (size > MAX_YAML_FILE_BYTES) {
    throw new ConfigurationError(
      `${display} is ${size} bytes; imagegate reads ${what}s up to ${MAX_YAML_FILE_BYTES} bytes`,
      position
    );
  }
}
function parsePositionedYaml(text, source, warn, dialect) {
  const lineCounter = new import_yaml.LineCounter();
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const deep = nestingProblem(body, { max: MAX_FLOW_DEPTH, yaml: true });
  if (deep) {
    throw new ConfigurationError(
      `the YAML nests lists or maps too deeply to be a ${dialect.what} (more than ${MAX_FLOW_DEPTH} levels)`,
      { path: source.display, line: deep.line, column: deep.column }
    );
  }
  const documents = (0, import_yaml.parseAllDocuments)(body, { lineCounter, merge: true, uniqueKeys: false, prettyErrors: false });
  const at = (offset) => {
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
function commentLines(body, from, to, at) {
  const found = [];
  let offset = from;
  while (offset < to) {
    const end = body.indexOf("\n", offset);
    const lineEnd = end === -1 || end > to ? to : end;
    const line = body.slice(offset, lineEnd);
    const trimmed = line.trimStart();
    if (trimmed.startsWith("#")) {
      found.push({ text: trimmed.slice(1).trim(), position: at(offset + line.length - trimmed.length) });
    }
    offset = lineEnd + 1;
  }
  return found;
}
var REMOVED = /* @__PURE__ */ Symbol("removed by !reset");
var DocumentConverter = class {
  constructor(document, source, at, warn, dialect) {
    this.document = document;
    this.source = source;
    this.at = at;
    this.warn = warn;
    this.dialect = dialect;
  }
  document;
  source;
  at;
  warn;
  dialect;
  built = 0;
  depth = 0;
  resetPaths = [];
  expanding = /* @__PURE__ */ new Set();
  warnedTags = /* @__PURE__ */ new Set();
  run() {
    const contents = this.document.contents;
    if (contents === null || (0, import_yaml.isScalar)(contents) && contents.value === null && contents.tag === void 0) {
      return { root: void 0, rootRemoved: false, position: this.at(this.document.range[0]), resetPaths: [] };
    }
    const position = this.at(contents.range?.[0] ?? 0);
    const root = this.convert(contents, [], this.at(0));
    if (root === REMOVED) return { root: void 0, rootRemoved: true, position, resetPaths: this.resetPaths };
    return { root, rootRemoved: false, position, resetPaths: this.resetPaths };
  }
  position(node, fallback) {
    const range = node?.range;
    if (!range || (0, import_yaml.isScalar)(node) && node.value === null && range[0] === range[1]) return fallback;
    return this.at(range[0]);
  }
  count(position) {
    this.built++;
    if (this.built > MAX_EXPANDED_VALUES) {
      throw new ConfigurationError(
        `${this.source.display} expands to more than ${MAX_EXPANDED_VALUES} values through YAML aliases (nested aliases as in a "billion laughs" document); write the values out instead of nesting aliases`,
        position
      );
    }
  }
  /** `path` is the map-key path for `!reset`/`!override`, or undefined inside lists (compose cannot reset there). */
  convert(node, path, fallback) {
    if (node === null) return this.scalar(null, fallback);
    if ((0, import_yaml.isAlias)(node)) return this.expandAlias(node, path, fallback);
    const tag = node.tag;
    if (tag === "!reset" && this.dialect.resetTags) {
      if (path) this.resetPaths.push(path);
      return REMOVED;
    }
    if (tag === "!override" && this.dialect.resetTags) {
      if (path) this.resetPaths.push(path);
    } else if (tag !== void 0 && !tag.startsWith("tag:yaml.org,2002:") && !this.warnedTags.has(tag)) {
      this.warnedTags.add(tag);
      if (this.dialect.unknownTag) this.warn(this.dialect.unknownTag(tag), this.position(node, fallback));
    }
    const position = this.position(node, fallback);
    if ((0, import_yaml.isScalar)(node)) return this.scalar(scalarValue(node.value, node.source), position);
    if (this.depth >= MAX_DEPTH) {
      throw new ConfigurationError(`the YAML nests lists or maps more than ${MAX_DEPTH} levels deep`, position);
    }
    this.depth++;
    try {
      if ((0, import_yaml.isMap)(node)) return this.map(node.items, path, position);
      if ((0, import_yaml.isSeq)(node)) {
        this.count(position);
        const items = [];
        for (const item of node.items) {
          const converted = this.convert(item, void 0, position);
          if (converted !== REMOVED) items.push(converted);
        }
        return sequenceNode(items, position, this.source.baseDir);
      }
    } finally {
      this.depth--;
    }
    throw new ConfigurationError("unsupported YAML node", position);
  }
  scalar(value, position) {
    this.count(position);
    return scalarNode(value, position, this.source.baseDir);
  }
  expandAlias(node, path, fallback) {
    const position = this.position(node, fallback);
    const target = node.resolve(this.document);
    if (!target)
      throw new ConfigurationError(
        `unknown YAML alias *${node.source}; define the anchor &${node.source} first`,
        position
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
  map(pairs, path, position) {
    this.count(position);
    const explicit = /* @__PURE__ */ new Map();
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) continue;
      const key = this.keyText(pair.key, position);
      const keyPosition = this.position(pair.key, position);
      const first = explicit.get(key);
      if (first) {
        throw new ConfigurationError(
          `duplicate key \`${key}\` (first defined at line ${first.line}); a key may appear once in a map`,
          keyPosition
        );
      }
      explicit.set(key, keyPosition);
    }
    const entries = /* @__PURE__ */ new Map();
    for (const pair of pairs) {
      const keyPosition = this.position(pair.key, position);
      if (isMergeKey(pair.key)) {
        for (const [key2, entry] of this.mergeSources(pair.value, path, keyPosition)) {
          if (!explicit.has(key2) && !entries.has(key2)) entries.set(key2, entry);
        }
        continue;
      }
      const key = this.keyText(pair.key, position);
      const value = this.convert(pair.value, path ? [...path, key] : void 0, keyPosition);
      if (value !== REMOVED) entries.set(key, { keyPosition, value });
    }
    return mapNode(entries, position, this.source.baseDir);
  }
  mergeSources(value, path, position) {
    const merged = /* @__PURE__ */ new Map();
    const resolved = this.resolveAliasNode(value);
    const sources = (0, import_yaml.isSeq)(resolved) ? resolved.items : [value];
    for (const source of sources) {
      const converted = this.convert(source, path, position);
      if (converted === REMOVED) continue;
      if (converted.kind !== "map") {
        throw new ConfigurationError(
          `a YAML merge key (<<) takes a map or a list of maps, found ${describeNode(converted)}`,
          converted.position
        );
      }
      for (const [key, entry] of converted.entries) if (!merged.has(key)) merged.set(key, entry);
    }
    return merged;
  }
  resolveAliasNode(node) {
    if (node && (0, import_yaml.isAlias)(node)) return node.resolve(this.document) ?? null;
    return node;
  }
  keyText(key, fallback) {
    const resolved = this.resolveAliasNode(key);
    if ((0, import_yaml.isScalar)(resolved) && !(0, import_yaml.isMap)(resolved) && !(0, import_yaml.isSeq)(resolved)) {
      if (typeof resolved.value === "string") return resolved.value;
      if (resolved.value === null) {
        throw new ConfigurationError(
          `a map key is empty; ${this.dialect.reader} needs a name before the colon`,
          this.position(key, fallback)
        );
      }
      return resolved.source ?? String(resolved.value);
    }
    throw new ConfigurationError("a map key must be a plain string, not a list or a map", this.position(key, fallback));
  }
};
function isMergeKey(key) {
  return (0, import_yaml.isScalar)(key) && typeof key.value === "symbol";
}
function scalarValue(value, source) {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  return source ?? String(value);
}
function yamlError(error, at, dialect) {
  const position = at(error.pos[0]);
  switch (error.code) {
    case "TAB_AS_INDENT":
      return new ConfigurationError("tabs are not allowed for indentation in YAML; indent with spaces", position);
    case "DUPLICATE_KEY":
      return new ConfigurationError("duplicate key; a key may appear once in a map", position);
    default:
      if (error.message.includes("Maximum call stack size exceeded")) {
        return new ConfigurationError(`the YAML nests lists or maps too deeply to be a ${dialect.what}`, position);
      }
      return new ConfigurationError(`YAML syntax error: ${withoutQuotedSource(error.message)}`, position);
  }
}

export {
  MAX_YAML_FILE_BYTES,
  COMPOSE_DIALECT,
  readYamlText,
  checkYamlSize,
  parsePositionedYaml
};
//# sourceMappingURL=chunk-PX7WTPDF.js.map
