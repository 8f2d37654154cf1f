import type { ConfigurationError } from '../util/errors.js';
import {
  BLOCK,
  cString,
  decodeHeader,
  emptyRawHeader,
  entryType,
  HEADER_ONLY,
  parsePax,
  parsePaxNumber,
  tarError,
  type TarEntryType,
  type TarLabel,
} from './tar-header.js';
import { ENTRY_NAME_MAX, excerptValue } from '../util/excerpt.js';

export { tarError, type TarEntryType, type TarLabel } from './tar-header.js';

/**
 * A push-style tar parser of our own: ustar, pax (`x`, `g`), GNU long names (`L`, `K`) and base-256 numbers, with
 * every header checksum verified. It is fed chunks of any size and never buffers a body: bodies go to a sink the
 * caller chooses per entry, or are skipped. Callers that read from a file can ask how many bytes may be skipped
 * and seek past them (see tar-file.ts), which is how an archive is walked header to header without reading bodies.
 * Semantics follow Go's archive/tar (what Docker uses): header-only types have no body whatever their size field
 * says, a global pax header (`g`) is validated but not applied, and the archive may end at a header boundary.
 */

export interface TarEntry {
  /** Path as stored (pax `path`, GNU long name or ustar prefix/name); directories usually end in `/`. */
  name: string;
  type: TarEntryType;
  /** The raw type flag character (`0`, `5`, `S`, …). */
  typeflag: string;
  /** Bytes of body that follow the header (0 for header-only types). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Target of a symlink or hardlink. */
  linkname: string;
  /** Byte offset of the entry's first header block (its pax or long-name header when it has one). */
  headerOffset: number;
  /** Byte offset of the first body byte. */
  dataOffset: number;
  /** 0-based position among the archive's real entries (metadata headers do not count). */
  index: number;
}

/** Receives an entry's body, chunk by chunk; chunks are only valid during the call. */
export interface TarBodySink {
  data(chunk: Buffer): void;
  end(): void;
}

/** Called for each entry; returns a sink for its body or undefined to skip it. */
export type TarEntryHandler = (entry: TarEntry) => TarBodySink | undefined;

export interface TarParserOptions {
  /** Offset of the first byte fed, for messages and entry offsets (a tar nested in a file region). */
  baseOffset?: number;
  /** Largest pax or GNU long-name body accepted. */
  maxMetaBytes?: number;
}

const DEFAULT_MAX_META = 1024 * 1024;

const enum State {
  Header,
  Body,
  Padding,
  Meta,
  AfterZeroBlock,
  End,
}

export class TarParser {
  private state = State.Header;
  private readonly header = Buffer.alloc(BLOCK);
  /** Reused for every header: its fields are copied into the entry the handler sees. */
  private readonly raw = emptyRawHeader();
  private headerFill = 0;
  private position: number;
  private remaining = 0;
  private padding = 0;
  private sink: TarBodySink | undefined;
  private current: TarEntry | undefined;
  private entryCount = 0;
  private metaType = '';
  private metaParts: Buffer[] = [];
  private metaFill = 0;
  private metaHeaderOffset = -1;
  private pendingPax: Map<string, string> | undefined;
  private pendingLongName: string | undefined;
  private pendingLongLink: string | undefined;
  private readonly maxMetaBytes: number;

  constructor(
    private readonly label: TarLabel,
    private readonly onEntry: TarEntryHandler,
    options: TarParserOptions = {},
  ) {
    this.position = options.baseOffset ?? 0;
    this.maxMetaBytes = options.maxMetaBytes ?? DEFAULT_MAX_META;
  }

  /** True once the end-of-archive blocks were read; later bytes are ignored. */
  get done(): boolean {
    return this.state === State.End;
  }

  /** Offset of the next byte the parser expects. */
  get offset(): number {
    return this.position;
  }

  /** Number of real entries seen so far. */
  get entries(): number {
    return this.entryCount;
  }

  write(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.Header:
        case State.AfterZeroBlock: {
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
        case State.Body: {
          const take = Math.min(this.remaining, n - i);
          if (this.sink) this.sink.data(chunk.subarray(i, i + take));
          i += take;
          this.position += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishBody();
          break;
        }
        case State.Padding: {
          const take = Math.min(this.padding, n - i);
          i += take;
          this.position += take;
          this.padding -= take;
          if (this.padding === 0) this.state = State.Header;
          break;
        }
        case State.Meta: {
          const take = Math.min(this.remaining, n - i);
          this.metaParts.push(Buffer.from(chunk.subarray(i, i + take)));
          this.metaFill += take;
          i += take;
          this.position += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishMeta();
          break;
        }
        case State.End:
          this.position += n - i;
          return;
      }
    }
  }

  /** Bytes at the current position that nobody will look at (an unwanted body and its padding). */
  skippable(): number {
    if (this.state === State.Body && this.sink === undefined) return this.remaining + this.padding;
    if (this.state === State.Padding) return this.padding;
    return 0;
  }

  /** Advances over `count` bytes the caller did not read (at most `skippable()`). */
  skip(count: number): void {
    if (count > this.skippable()) throw new Error(`TarParser.skip(${count}) beyond ${this.skippable()}`);
    let left = count;
    if (this.state === State.Body) {
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
      if (this.padding === 0) this.state = State.Header;
    }
  }

  /** Declares the input finished; throws when the archive is truncated. */
  end(): void {
    switch (this.state) {
      case State.End:
      case State.AfterZeroBlock:
        return;
      case State.Header:
        if (this.headerFill === 0 && this.metaHeaderOffset < 0) return;
        if (this.headerFill === 0) throw this.error(`truncated after a metadata header at byte ${this.position}`);
        throw this.error(
          `truncated in the header of entry #${this.entryCount + 1} at byte ${this.position}: ` +
            `${this.headerFill} of ${BLOCK} header bytes present`,
        );
      case State.Body:
        throw this.error(
          `truncated in the body of ${excerptValue(this.current?.name, ENTRY_NAME_MAX)} (entry #${this.entryCount}): ` +
            `${this.remaining} of ${this.current?.size} bytes missing, the archive ends at byte ${this.position}`,
        );
      case State.Padding:
        throw this.error(
          `truncated in the padding after ${excerptValue(this.current?.name, ENTRY_NAME_MAX)} (entry #${this.entryCount}) ` +
            `at byte ${this.position}`,
        );
      case State.Meta:
        throw this.error(`truncated in a metadata header (type ${this.metaType}) at byte ${this.position}`);
    }
  }

  private onBlock(block: Buffer, at: number): void {
    const blockOffset = this.position;
    this.position += BLOCK;
    if (isZeroBlock(block, at)) {
      if (this.state === State.AfterZeroBlock) this.state = State.End;
      else if (this.metaHeaderOffset >= 0)
        throw this.error(`a metadata header at byte ${this.metaHeaderOffset} is followed by an empty block`);
      else this.state = State.AfterZeroBlock;
      return;
    }
    if (this.state === State.AfterZeroBlock) {
      throw this.error(`data after an end-of-archive block: a header at byte ${blockOffset} follows an empty block`);
    }
    const raw = decodeHeader(block, at, blockOffset, this.entryCount, this.label, this.raw);
    const headerOffset = this.metaHeaderOffset >= 0 ? this.metaHeaderOffset : blockOffset;
    if (raw.typeflag === 'x' || raw.typeflag === 'g' || raw.typeflag === 'L' || raw.typeflag === 'K') {
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
      else this.state = State.Meta;
      return;
    }
    const pax = this.pendingPax;
    let name = raw.name;
    let linkname = raw.linkname;
    let size = raw.size;
    if (this.pendingLongName !== undefined) name = this.pendingLongName;
    if (this.pendingLongLink !== undefined) linkname = this.pendingLongLink;
    if (pax) {
      name = pax.get('path') ?? name;
      linkname = pax.get('linkpath') ?? linkname;
      const paxSize = pax.get('size');
      if (paxSize !== undefined) size = parsePaxNumber(paxSize, 'size', blockOffset, this.label);
    }
    this.pendingPax = undefined;
    this.pendingLongName = undefined;
    this.pendingLongLink = undefined;
    this.metaHeaderOffset = -1;
    const type = entryType(raw.typeflag);
    if (HEADER_ONLY.has(type)) size = 0;
    const entry: TarEntry = {
      name,
      type,
      typeflag: raw.typeflag,
      size,
      mode: raw.mode,
      uid: pax?.has('uid') ? parsePaxNumber(pax.get('uid') ?? '', 'uid', blockOffset, this.label) : raw.uid,
      gid: pax?.has('gid') ? parsePaxNumber(pax.get('gid') ?? '', 'gid', blockOffset, this.label) : raw.gid,
      mtime: raw.mtime,
      linkname,
      headerOffset,
      dataOffset: this.position,
      index: this.entryCount,
    };
    this.entryCount += 1;
    this.current = entry;
    this.sink = this.onEntry(entry);
    this.remaining = size;
    this.padding = padFor(size);
    if (size === 0) this.finishBody();
    else this.state = State.Body;
  }

  private finishBody(): void {
    const sink = this.sink;
    this.sink = undefined;
    this.state = this.padding > 0 ? State.Padding : State.Header;
    sink?.end();
  }

  private finishMeta(): void {
    const body = Buffer.concat(this.metaParts, this.metaFill);
    this.metaParts = [];
    this.state = this.padding > 0 ? State.Padding : State.Header;
    const at = this.metaHeaderOffset;
    if (this.metaType === 'L') this.pendingLongName = cString(body, 0, body.length);
    else if (this.metaType === 'K') this.pendingLongLink = cString(body, 0, body.length);
    else {
      const records = parsePax(body, at, this.label);
      // Global headers are validated but, as in Go's archive/tar, not applied to later entries.
      if (this.metaType === 'x') {
        this.pendingPax ??= new Map();
        for (const [key, value] of records) this.pendingPax.set(key, value);
      }
    }
    if (this.metaType === 'g') this.metaHeaderOffset = -1;
  }

  /** A ConfigurationError naming the archive and, when nested, what in it is being read. */
  error(message: string): ConfigurationError {
    return tarError(this.label, message);
  }
}

function padFor(size: number): number {
  const rest = size % BLOCK;
  return rest === 0 ? 0 : BLOCK - rest;
}

function isZeroBlock(block: Buffer, at: number): boolean {
  for (let i = at; i < at + BLOCK; i += 1) if (block[i] !== 0) return false;
  return true;
}
