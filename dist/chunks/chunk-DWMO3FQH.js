import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  nestingProblem,
  require_dist
} from "./chunk-GO6V4V27.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";
import {
  __toESM
} from "./chunk-GVHAVQQT.js";

// src/json/read-json.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile, stat } from "node:fs/promises";

// src/json/json-error.ts
function findJsonSyntaxError(text) {
  const scanner = new Scanner(text);
  try {
    scanner.document();
    return void 0;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    const { line, column } = lineColumn(text, error.offset);
    return { offset: error.offset, line, column, message: error.message };
  }
}
var SyntaxProblem = class extends Error {
  constructor(message, offset) {
    super(message);
    this.offset = offset;
  }
  offset;
};
var MAX_DEPTH = 512;
var Scanner = class {
  constructor(text) {
    this.text = text;
  }
  text;
  i = 0;
  document() {
    this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail("unexpected text after the document");
  }
  value(depth) {
    if (depth > MAX_DEPTH) this.fail("nested too deeply");
    this.space();
    const c = this.text[this.i];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return this.string();
    if (c === "-" || c !== void 0 && c >= "0" && c <= "9") return this.number();
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.fail(c === void 0 ? "unexpected end of the document" : `unexpected ${JSON.stringify(c)}; expected a value`);
  }
  object(depth) {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "}") {
      this.i += 1;
      return;
    }
    for (; ; ) {
      this.space();
      if (this.text[this.i] !== '"') this.fail("expected a property name in double quotes");
      this.string();
      this.space();
      if (this.text[this.i] !== ":") this.fail("expected ':' after the property name");
      this.i += 1;
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === "}") return;
      if (c !== ",") this.fail("expected ',' or '}'", this.i - 1);
    }
  }
  array(depth) {
    this.i += 1;
    this.space();
    if (this.text[this.i] === "]") {
      this.i += 1;
      return;
    }
    for (; ; ) {
      this.value(depth + 1);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === "]") return;
      if (c !== ",") this.fail("expected ',' or ']'", this.i - 1);
    }
  }
  string() {
    const start = this.i;
    this.i += 1;
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c === 34) {
        this.i += 1;
        return;
      }
      if (c < 32) this.fail("control character in a string");
      if (c === 92) {
        const next = this.text[this.i + 1] ?? "";
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail("bad \\u escape");
          this.i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === "") this.fail("bad escape in a string");
        this.i += 2;
        continue;
      }
      this.i += 1;
    }
    this.fail("unterminated string", start);
  }
  number() {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match) this.fail("malformed number");
    this.i += match[0].length;
  }
  space() {
    while (this.i < this.text.length && " 	\n\r".includes(this.text[this.i])) this.i += 1;
  }
  fail(message, at = this.i) {
    throw new SyntaxProblem(message, at);
  }
};
function lineColumn(text, offset) {
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

// src/json/read-json.ts
var JsonInput = class {
  constructor(display, text, value, expected) {
    this.display = display;
    this.text = text;
    this.value = value;
    this.expected = expected;
  }
  display;
  text;
  value;
  expected;
  /** Throws a ConfigurationError at the node `at` (or the deepest part of it the document has). */
  fail(at, message) {
    const where = at.length > 0 ? `${formatPath(at)}: ` : "";
    throw new ConfigurationError(`${where}${message}; ${this.expected}`, positionIn(this.text, this.display, at));
  }
  /** The file:line:column of each node (or the deepest part of it the document has), with one positions pass. */
  positionsOf(paths) {
    if (paths.length === 0) return [];
    const parsed = parsePositions(this.text);
    return paths.map((at) => positionInParsed(parsed, this.display, at));
  }
};
async function readJsonInput(file, expected, options = {}) {
  const what = options.what ?? "the file";
  const display = options.display ?? file;
  let text;
  try {
    if (options.maxBytes !== void 0) {
      const info = await stat(file);
      if (!info.isDirectory() && info.size > options.maxBytes) {
        throw new ConfigurationError(`${what} is ${info.size} bytes, more than ${options.maxBytes}; ${expected}`, {
          path: display
        });
      }
    }
    text = await readFile(file, "utf8");
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const code = error.code;
    if (code === "ENOENT" && options.absent === "undefined") return void 0;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : error.message;
    throw new ConfigurationError(`cannot read ${what}: ${reason}; ${expected}`, { path: display });
  }
  return parseJsonInput(text, display, expected, what);
}
function parseJsonInput(text, display, expected, what = "the file") {
  const body = text.charCodeAt(0) === 65279 ? text.slice(1) : text;
  const deep = nestingProblem(body);
  if (deep) {
    throw new ConfigurationError(`${what} ${deep.message}; ${expected}`, {
      path: display,
      line: deep.line,
      column: deep.column
    });
  }
  let value;
  try {
    value = JSON.parse(body);
  } catch {
    const problem = findJsonSyntaxError(body);
    throw new ConfigurationError(`${what} is not JSON (${problem?.message ?? "syntax error"}); ${expected}`, {
      path: display,
      ...problem ? { line: problem.line, column: problem.column } : {}
    });
  }
  return new JsonInput(display, body, value, expected);
}
function formatPath(at) {
  let text = "";
  for (const segment of at) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
function positionIn(text, display, at) {
  return positionInParsed(parsePositions(text), display, at);
}
function parsePositions(text) {
  const lineCounter = new import_yaml.LineCounter();
  return { lineCounter, document: (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) };
}
function positionInParsed({ lineCounter, document }, display, at) {
  let node = document.contents ?? void 0;
  for (const segment of at) {
    const current = (0, import_yaml.isAlias)(node) ? node.resolve(document) ?? void 0 : node;
    let next;
    if ((0, import_yaml.isMap)(current)) {
      const pair = current.items.filter((item) => (0, import_yaml.isScalar)(item.key) && String(item.key.value) === String(segment));
      next = pair[pair.length - 1]?.value ?? void 0;
    } else if ((0, import_yaml.isSeq)(current)) {
      next = current.items[Number(segment)] ?? void 0;
    }
    if (!next) break;
    node = next;
  }
  const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0);
  return { path: display, line, column: col };
}

export {
  findJsonSyntaxError,
  readJsonInput,
  parseJsonInput
};
//# sourceMappingURL=chunk-DWMO3FQH.js.map
