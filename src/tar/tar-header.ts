import { ConfigurationError } from '../util/errors.js';
import { excerptValue } from '../util/excerpt.js';

/** Decoding one tar header block and pax records: numbers (octal or base-256), names, checksum, type flags. */

export const BLOCK = 512;

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'directory' | 'char' | 'block' | 'fifo' | 'other';

/** Where errors point: the file a person can find, and what inside it is being read (e.g. a layer). */
export interface TarLabel {
  path: string;
  what?: string;
}

export function tarError(label: TarLabel, message: string): ConfigurationError {
  return new ConfigurationError(label.what ? `${label.what}: ${message}` : message, { path: label.path });
}

export const HEADER_ONLY: ReadonlySet<TarEntryType> = new Set([
  'hardlink',
  'symlink',
  'directory',
  'char',
  'block',
  'fifo',
]);

export function entryType(flag: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

export interface RawHeader {
  name: string;
  linkname: string;
  typeflag: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  /** Scratch, not a field: a word view of the memory the last header was read from (see wordChecksum). */
  words?: Uint32Array | undefined;
}

/** Decodes the header block at `at` into `into` (a parser reuses one, so no object per entry) and returns it. */
export function decodeHeader(
  block: Buffer,
  at: number,
  offset: number,
  entryCount: number,
  label: TarLabel,
  into: RawHeader = emptyRawHeader(),
): RawHeader {
  const stored = parseNumber(block, at + 148, 8);
  const unsigned = unsignedChecksum(block, at, into);
  // Compared byte by byte: a string per header would be garbage for every entry of every layer.
  const posix = hasUstarMagic(block, at, 0);
  const isUstar = posix || hasUstarMagic(block, at, 0x20);
  // Some old writers summed signed bytes; that sum is only worth computing when the usual one does not match.
  if (stored === undefined || (stored !== unsigned && stored !== signedChecksum(block, at))) {
    if (offset === 0 && !isUstar) {
      const gzip = block[at] === 0x1f && block[at + 1] === 0x8b;
      throw tarError(label, gzip ? 'not a tar archive: the data is gzip-compressed' : 'not a tar archive');
    }
    throw tarError(
      label,
      stored === undefined
        ? `not a tar header at byte ${offset} (entry #${entryCount + 1}): the checksum field is not a number`
        : `bad header checksum at byte ${offset} (entry #${entryCount + 1}): stored ${stored}, computed ${unsigned}`,
    );
  }
  let name = cString(block, at, 100);
  // The ustar prefix field only exists with the POSIX magic; GNU tar keeps times there.
  if (posix) {
    const prefix = cString(block, at + 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  into.name = name;
  into.linkname = cString(block, at + 157, 100);
  into.typeflag = String.fromCharCode(block[at + 156] ?? 0);
  into.size = headerField(block, at, 124, 12, 'size', offset, entryCount, label);
  into.mode = headerField(block, at, 100, 8, 'mode', offset, entryCount, label);
  into.uid = headerField(block, at, 108, 8, 'uid', offset, entryCount, label);
  into.gid = headerField(block, at, 116, 8, 'gid', offset, entryCount, label);
  into.mtime = headerField(block, at, 136, 12, 'mtime', offset, entryCount, label);
  return into;
}

export function emptyRawHeader(): RawHeader {
  return { name: '', linkname: '', typeflag: '', size: 0, mode: 0, uid: 0, gid: 0, mtime: 0, words: undefined };
}

// Header fields and checksums run once per entry of every layer: plain loops, no closures, no allocations.
function headerField(
  block: Buffer,
  at: number,
  start: number,
  length: number,
  what: string,
  offset: number,
  entryCount: number,
  label: TarLabel,
): number {
  const value = parseNumber(block, at + start, length);
  if (value === undefined) {
    throw tarError(label, `header at byte ${offset} (entry #${entryCount + 1}) has an invalid ${what} field`);
  }
  return value;
}

/** Sum of the header's bytes with the checksum field counted as spaces. */
function unsignedChecksum(block: Buffer, at: number, into: RawHeader): number {
  const start = block.byteOffset + at;
  if ((start & 3) === 0) {
    const words = wordsOf(into, block.buffer);
    if (words) return wordChecksum(words, start >>> 2);
  }
  let sum = 8 * 0x20;
  for (let i = at; i < at + 148; i += 1) sum += block[i] as number;
  for (let i = at + 156; i < at + BLOCK; i += 1) sum += block[i] as number;
  return sum;
}

/**
 * The same sum over 4-byte words, two bytes added per 16-bit lane at once (the header is 512-aligned in a layer and
 * the walk's chunks start aligned, so this is the usual case). A lane holds at most 128 × 2 × 255 < 65,536, so no
 * lane overflows into the next. Words 37 and 38 are the checksum field, counted as eight spaces.
 */
function wordChecksum(words: Uint32Array, first: number): number {
  let lanes = 0;
  for (let i = first; i < first + 128; i += 1) {
    if (i === first + 37) i += 2;
    const word = words[i] as number;
    lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff);
  }
  return 8 * 0x20 + (lanes & 0xffff) + (lanes >>> 16);
}

/** The word view of `block`'s memory that `into` remembers (one per parser: its chunks come from one buffer). */
function wordsOf(into: RawHeader, buffer: ArrayBufferLike): Uint32Array | undefined {
  if (into.words?.buffer === buffer) return into.words;
  if (buffer.byteLength < BLOCK) return undefined;
  into.words = new Uint32Array(buffer, 0, buffer.byteLength >>> 2);
  return into.words;
}

function signedChecksum(block: Buffer, at: number): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i += 1) {
    if (i >= 148 && i < 156) continue;
    const byte = block[at + i] as number;
    sum += byte > 127 ? byte - 256 : byte;
  }
  return sum;
}

/** Octal (NUL/space padded) or base-256 (high bit set); undefined when it is neither. */
function parseNumber(block: Buffer, start: number, length: number): number | undefined {
  const first = block[start] ?? 0;
  if (first & 0x80) {
    if (first === 0xff) return undefined; // negative
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i += 1) value = value * 256 + (block[i] ?? 0);
    return Number.isSafeInteger(value) ? value : undefined;
  }
  let i = start;
  const end = start + length;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i += 1;
  let value = 0;
  let digits = 0;
  for (; i < end; i += 1) {
    const c = block[i] ?? 0;
    if (c === 0x20 || c === 0) break;
    if (c < 0x30 || c > 0x37) return undefined;
    value = value * 8 + (c - 0x30);
    digits += 1;
  }
  for (; i < end; i += 1) if (block[i] !== 0x20 && block[i] !== 0) return undefined;
  return digits === 0 ? 0 : value;
}

/** `ustar` followed by `last` (NUL: POSIX ustar; space: GNU's `ustar ` magic). */
function hasUstarMagic(block: Buffer, at: number, last: number): boolean {
  return (
    block[at + 257] === 0x75 &&
    block[at + 258] === 0x73 &&
    block[at + 259] === 0x74 &&
    block[at + 260] === 0x61 &&
    block[at + 261] === 0x72 &&
    block[at + 262] === last
  );
}

export function cString(block: Buffer, start: number, length: number): string {
  let end = start;
  let high = 0;
  const limit = start + length;
  for (let byte = block[end] as number; end < limit && byte !== 0; byte = block[++end] as number) high |= byte;
  if (end === start) return '';
  // Names are nearly always ASCII, which latin1 decodes to the same string as UTF-8, with no validation pass.
  return block.toString(high < 0x80 ? 'latin1' : 'utf8', start, end);
}

/** Pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePax(body: Buffer, at: number, label: TarLabel): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    if (body[i] === 0) break; // some writers pad the body with NULs
    const space = body.indexOf(0x20, i);
    const length = space > i ? Number(body.toString('latin1', i, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - i + 1 || i + length > body.length) {
      throw tarError(label, `malformed pax header at byte ${at}: bad record length at record offset ${i}`);
    }
    if (body[i + length - 1] !== 0x0a) {
      throw tarError(label, `malformed pax header at byte ${at}: record at offset ${i} does not end in a newline`);
    }
    const record = body.toString('utf8', space + 1, i + length - 1);
    const eq = record.indexOf('=');
    if (eq <= 0) throw tarError(label, `malformed pax header at byte ${at}: record without key=value`);
    records.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return records;
}

export function parsePaxNumber(value: string, key: string, at: number, label: TarLabel): number {
  // mtime-like values may carry a fraction; sizes and ids must be whole.
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw tarError(label, `pax header before byte ${at} has an invalid ${key}: ${excerptValue(value)}`);
  }
  return Number(value);
}
