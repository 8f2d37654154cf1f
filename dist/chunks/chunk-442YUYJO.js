import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ENTRY_NAME_MAX,
  excerptValue
} from "./chunk-G7D7EWW2.js";
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/tar/tar-header.ts
var BLOCK = 512;
function tarError(label, message) {
  return new ConfigurationError(label.what ? `${label.what}: ${message}` : message, { path: label.path });
}
var HEADER_ONLY = /* @__PURE__ */ new Set([
  "hardlink",
  "symlink",
  "directory",
  "char",
  "block",
  "fifo"
]);
function entryType(flag) {
  switch (flag) {
    case "0":
    case "\0":
    case "7":
      return "file";
    case "1":
      return "hardlink";
    case "2":
      return "symlink";
    case "3":
      return "char";
    case "4":
      return "block";
    case "5":
      return "directory";
    case "6":
      return "fifo";
    default:
      return "other";
  }
}
function decodeHeader(block, at, offset, entryCount, label, into = emptyRawHeader()) {
  const stored = parseNumber(block, at + 148, 8);
  const unsigned = unsignedChecksum(block, at, into);
  const posix = hasUstarMagic(block, at, 0);
  const isUstar = posix || hasUstarMagic(block, at, 32);
  if (stored === void 0 || stored !== unsigned && stored !== signedChecksum(block, at)) {
    if (offset === 0 && !isUstar) {
      const gzip = block[at] === 31 && block[at + 1] === 139;
      throw tarError(label, gzip ? "not a tar archive: the data is gzip-compressed" : "not a tar archive");
    }
    throw tarError(
      label,
      stored === void 0 ? `not a tar header at byte ${offset} (entry #${entryCount + 1}): the checksum field is not a number` : `bad header checksum at byte ${offset} (entry #${entryCount + 1}): stored ${stored}, computed ${unsigned}`
    );
  }
  let name = cString(block, at, 100);
  if (posix) {
    const prefix = cString(block, at + 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  into.name = name;
  into.linkname = cString(block, at + 157, 100);
  into.typeflag = String.fromCharCode(block[at + 156] ?? 0);
  into.size = headerField(block, at, 124, 12, "size", offset, entryCount, label);
  into.mode = headerField(block, at, 100, 8, "mode", offset, entryCount, label);
  into.uid = headerField(block, at, 108, 8, "uid", offset, entryCount, label);
  into.gid = headerField(block, at, 116, 8, "gid", offset, entryCount, label);
  into.mtime = headerField(block, at, 136, 12, "mtime", offset, entryCount, label);
  return into;
}
function emptyRawHeader() {
  return { name: "", linkname: "", typeflag: "", size: 0, mode: 0, uid: 0, gid: 0, mtime: 0, words: void 0 };
}
function headerField(block, at, start, length, what, offset, entryCount, label) {
  const value = parseNumber(block, at + start, length);
  if (value === void 0) {
    throw tarError(label, `header at byte ${offset} (entry #${entryCount + 1}) has an invalid ${what} field`);
  }
  return value;
}
function unsignedChecksum(block, at, into) {
  const start = block.byteOffset + at;
  if ((start & 3) === 0) {
    const words = wordsOf(into, block.buffer);
    if (words) return wordChecksum(words, start >>> 2);
  }
  let sum = 8 * 32;
  for (let i = at; i < at + 148; i += 1) sum += block[i];
  for (let i = at + 156; i < at + BLOCK; i += 1) sum += block[i];
  return sum;
}
function wordChecksum(words, first) {
  let lanes = 0;
  for (let i = first; i < first + 128; i += 1) {
    if (i === first + 37) i += 2;
    const word = words[i];
    lanes += (word & 16711935) + (word >>> 8 & 16711935);
  }
  return 8 * 32 + (lanes & 65535) + (lanes >>> 16);
}
function wordsOf(into, buffer) {
  if (into.words?.buffer === buffer) return into.words;
  if (buffer.byteLength < BLOCK) return void 0;
  into.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
  return into.words;
}
function signedChecksum(block, at) {
  let sum = 8 * 32;
  for (let i = 0; i < BLOCK; i += 1) {
    if (i >= 148 && i < 156) continue;
    const byte = block[at + i];
    sum += byte > 127 ? byte - 256 : byte;
  }
  return sum;
}
function parseNumber(block, start, length) {
  const first = block[start] ?? 0;
  if (first & 128) {
    if (first === 255) return void 0;
    let value2 = first & 127;
    for (let i2 = start + 1; i2 < start + length; i2 += 1) value2 = value2 * 256 + (block[i2] ?? 0);
    return Number.isSafeInteger(value2) ? value2 : void 0;
  }
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 32 || block[i] === 0)) i += 1;
  let value = 0;
  let digits = 0;
  for (; i < end; i += 1) {
    const c = block[i] ?? 0;
    if (c === 32 || c === 0) break;
    if (c < 48 || c > 55) return void 0;
    value = value * 8 + (c - 48);
    digits += 1;
  }
  for (; i < end; i += 1) if (block[i] !== 32 && block[i] !== 0) return void 0;
  return digits === 0 ? 0 : value;
}
function hasUstarMagic(block, at, last) {
  return block[at + 257] === 117 && block[at + 258] === 115 && block[at + 259] === 116 && block[at + 260] === 97 && block[at + 261] === 114 && block[at + 262] === last;
}
function cString(block, start, length) {
  let end = start;
  let high = 0;
  const limit = start + length;
  for (let byte = block[end]; end < limit && byte !== 0; byte = block[++end]) high |= byte;
  if (end === start) return "";
  return block.toString(high < 128 ? "latin1" : "utf8", start, end);
}
function parsePax(body, at, label) {
  const records = /* @__PURE__ */ new Map();
  let i = 0;
  while (i < body.length) {
    if (body[i] === 0) break;
    const space = body.indexOf(32, i);
    const length = space > i ? Number(body.toString("latin1", i, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - i + 1 || i + length > body.length) {
      throw tarError(label, `malformed pax header at byte ${at}: bad record length at record offset ${i}`);
    }
    if (body[i + length - 1] !== 10) {
      throw tarError(label, `malformed pax header at byte ${at}: record at offset ${i} does not end in a newline`);
    }
    const record = body.toString("utf8", space + 1, i + length - 1);
    const eq = record.indexOf("=");
    if (eq <= 0) throw tarError(label, `malformed pax header at byte ${at}: record without key=value`);
    records.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return records;
}
function parsePaxNumber(value, key, at, label) {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw tarError(label, `pax header before byte ${at} has an invalid ${key}: ${excerptValue(value)}`);
  }
  return Number(value);
}

// src/tar/tar-reader.ts
var DEFAULT_MAX_META = 1024 * 1024;
var TarParser = class {
  constructor(label, onEntry, options = {}) {
    this.label = label;
    this.onEntry = onEntry;
    this.position = options.baseOffset ?? 0;
    this.maxMetaBytes = options.maxMetaBytes ?? DEFAULT_MAX_META;
  }
  label;
  onEntry;
  state = 0 /* Header */;
  header = Buffer.alloc(BLOCK);
  /** Reused for every header: its fields are copied into the entry the handler sees. */
  raw = emptyRawHeader();
  headerFill = 0;
  position;
  remaining = 0;
  padding = 0;
  sink;
  current;
  entryCount = 0;
  metaType = "";
  metaParts = [];
  metaFill = 0;
  metaHeaderOffset = -1;
  pendingPax;
  pendingLongName;
  pendingLongLink;
  maxMetaBytes;
  /** True once the end-of-archive blocks were read; later bytes are ignored. */
  get done() {
    return this.state === 5 /* End */;
  }
  /** Offset of the next byte the parser expects. */
  get offset() {
    return this.position;
  }
  /** Number of real entries seen so far. */
  get entries() {
    return this.entryCount;
  }
  write(chunk) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case 0 /* Header */:
        case 4 /* AfterZeroBlock */: {
          if (this.headerFill === 0 && n - i >= BLOCK) {
            this.onBlock(chunk, i);
            i += BLOCK;
          } else {
            const take = Math.min(BLOCK - this.headerFill, n - i);
            chunk.copy(this.header, this.headerFill, i, i + take);
            this.headerFill += take;
            i += take;
            if (this.headerFill === BLOCK) {
              this.headerFill = 0;
              this.onBlock(this.header, 0);
            }
          }
          break;
        }
        case 1 /* Body */: {
          const take = Math.min(this.remaining, n - i);
          if (this.sink) this.sink.data(chunk.subarray(i, i + take));
          i += take;
          this.position += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishBody();
          break;
        }
        case 2 /* Padding */: {
          const take = Math.min(this.padding, n - i);
          i += take;
          this.position += take;
          this.padding -= take;
          if (this.padding === 0) this.state = 0 /* Header */;
          break;
        }
        case 3 /* Meta */: {
          const take = Math.min(this.remaining, n - i);
          this.metaParts.push(Buffer.from(chunk.subarray(i, i + take)));
          this.metaFill += take;
          i += take;
          this.position += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishMeta();
          break;
        }
        case 5 /* End */:
          this.position += n - i;
          return;
      }
    }
  }
  /** Bytes at the current position that nobody will look at (an unwanted body and its padding). */
  skippable() {
    if (this.state === 1 /* Body */ && this.sink === void 0) return this.remaining + this.padding;
    if (this.state === 2 /* Padding */) return this.padding;
    return 0;
  }
  /** Advances over `count` bytes the caller did not read (at most `skippable()`). */
  skip(count) {
    if (count > this.skippable()) throw new Error(`TarParser.skip(${count}) beyond ${this.skippable()}`);
    let left = count;
    if (this.state === 1 /* Body */) {
      const fromBody = Math.min(left, this.remaining);
      this.remaining -= fromBody;
      this.position += fromBody;
      left -= fromBody;
      if (this.remaining > 0) return;
      this.finishBody();
    }
    if (left > 0) {
      this.padding -= left;
      this.position += left;
      if (this.padding === 0) this.state = 0 /* Header */;
    }
  }
  /** Declares the input finished; throws when the archive is truncated. */
  end() {
    switch (this.state) {
      case 5 /* End */:
      case 4 /* AfterZeroBlock */:
        return;
      case 0 /* Header */:
        if (this.headerFill === 0 && this.metaHeaderOffset < 0) return;
        if (this.headerFill === 0) throw this.error(`truncated after a metadata header at byte ${this.position}`);
        throw this.error(
          `truncated in the header of entry #${this.entryCount + 1} at byte ${this.position}: ${this.headerFill} of ${BLOCK} header bytes present`
        );
      case 1 /* Body */:
        throw this.error(
          `truncated in the body of ${excerptValue(this.current?.name, ENTRY_NAME_MAX)} (entry #${this.entryCount}): ${this.remaining} of ${this.current?.size} bytes missing, the archive ends at byte ${this.position}`
        );
      case 2 /* Padding */:
        throw this.error(
          `truncated in the padding after ${excerptValue(this.current?.name, ENTRY_NAME_MAX)} (entry #${this.entryCount}) at byte ${this.position}`
        );
      case 3 /* Meta */:
        throw this.error(`truncated in a metadata header (type ${this.metaType}) at byte ${this.position}`);
    }
  }
  onBlock(block, at) {
    const blockOffset = this.position;
    this.position += BLOCK;
    if (isZeroBlock(block, at)) {
      if (this.state === 4 /* AfterZeroBlock */) this.state = 5 /* End */;
      else if (this.metaHeaderOffset >= 0)
        throw this.error(`a metadata header at byte ${this.metaHeaderOffset} is followed by an empty block`);
      else this.state = 4 /* AfterZeroBlock */;
      return;
    }
    if (this.state === 4 /* AfterZeroBlock */) {
      throw this.error(`data after an end-of-archive block: a header at byte ${blockOffset} follows an empty block`);
    }
    const raw = decodeHeader(block, at, blockOffset, this.entryCount, this.label, this.raw);
    const headerOffset = this.metaHeaderOffset >= 0 ? this.metaHeaderOffset : blockOffset;
    if (raw.typeflag === "x" || raw.typeflag === "g" || raw.typeflag === "L" || raw.typeflag === "K") {
      if (raw.size > this.maxMetaBytes) {
        throw this.error(`a ${raw.typeflag} metadata header at byte ${blockOffset} claims ${raw.size} bytes`);
      }
      if (this.metaHeaderOffset < 0) this.metaHeaderOffset = blockOffset;
      this.metaType = raw.typeflag;
      this.metaParts = [];
      this.metaFill = 0;
      this.remaining = raw.size;
      this.padding = padFor(raw.size);
      if (raw.size === 0) this.finishMeta();
      else this.state = 3 /* Meta */;
      return;
    }
    const pax = this.pendingPax;
    let name = raw.name;
    let linkname = raw.linkname;
    let size = raw.size;
    if (this.pendingLongName !== void 0) name = this.pendingLongName;
    if (this.pendingLongLink !== void 0) linkname = this.pendingLongLink;
    if (pax) {
      name = pax.get("path") ?? name;
      linkname = pax.get("linkpath") ?? linkname;
      const paxSize = pax.get("size");
      if (paxSize !== void 0) size = parsePaxNumber(paxSize, "size", blockOffset, this.label);
    }
    this.pendingPax = void 0;
    this.pendingLongName = void 0;
    this.pendingLongLink = void 0;
    this.metaHeaderOffset = -1;
    const type = entryType(raw.typeflag);
    if (HEADER_ONLY.has(type)) size = 0;
    const entry = {
      name,
      type,
      typeflag: raw.typeflag,
      size,
      mode: raw.mode,
      uid: pax?.has("uid") ? parsePaxNumber(pax.get("uid") ?? "", "uid", blockOffset, this.label) : raw.uid,
      gid: pax?.has("gid") ? parsePaxNumber(pax.get("gid") ?? "", "gid", blockOffset, this.label) : raw.gid,
      mtime: raw.mtime,
      linkname,
      headerOffset,
      dataOffset: this.position,
      index: this.entryCount
    };
    this.entryCount += 1;
    this.current = entry;
    this.sink = this.onEntry(entry);
    this.remaining = size;
    this.padding = padFor(size);
    if (size === 0) this.finishBody();
    else this.state = 1 /* Body */;
  }
  finishBody() {
    const sink = this.sink;
    this.sink = void 0;
    this.state = this.padding > 0 ? 2 /* Padding */ : 0 /* Header */;
    sink?.end();
  }
  finishMeta() {
    const body = Buffer.concat(this.metaParts, this.metaFill);
    this.metaParts = [];
    this.state = this.padding > 0 ? 2 /* Padding */ : 0 /* Header */;
    const at = this.metaHeaderOffset;
    if (this.metaType === "L") this.pendingLongName = cString(body, 0, body.length);
    else if (this.metaType === "K") this.pendingLongLink = cString(body, 0, body.length);
    else {
      const records = parsePax(body, at, this.label);
      if (this.metaType === "x") {
        this.pendingPax ??= /* @__PURE__ */ new Map();
        for (const [key, value] of records) this.pendingPax.set(key, value);
      }
    }
    if (this.metaType === "g") this.metaHeaderOffset = -1;
  }
  /** A ConfigurationError naming the archive and, when nested, what in it is being read. */
  error(message) {
    return tarError(this.label, message);
  }
};
function padFor(size) {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}
function isZeroBlock(block, at) {
  for (let i = at; i < at + BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}

export {
  tarError,
  TarParser
};
//# sourceMappingURL=chunk-442YUYJO.js.map
