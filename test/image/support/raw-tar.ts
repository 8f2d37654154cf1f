/**
 * Tar bytes built by hand, block by block, for cases no library writes on request: GNU long names, global pax
 * headers, base-256 sizes, broken checksums. Independent of src/image so the reader is checked against the format,
 * not against itself.
 */

export interface RawEntry {
  name: string;
  /** Type flag character; default '0'. */
  type?: string;
  body?: Buffer | string;
  /** Size written in the header; default the body length. */
  size?: number;
  linkname?: string;
  prefix?: string;
  /** 'posix' (ustar\0 00), 'gnu' (ustar  \0) or 'v7' (none). */
  magic?: 'posix' | 'gnu' | 'v7';
  /** Write the size field as base-256. */
  base256?: boolean;
  /** Add this to the stored checksum (0 = correct). */
  checksumDelta?: number;
}

export function rawHeader(entry: RawEntry): Buffer {
  const block = Buffer.alloc(512);
  const body = entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body);
  const size = entry.size ?? body.length;
  block.write(entry.name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  if (entry.base256) {
    block[124] = 0x80;
    let rest = size;
    for (let i = 135; i > 124; i -= 1) {
      block[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
  } else {
    block.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  }
  block.write('00000000000\0', 136, 'latin1');
  block.write(entry.type ?? '0', 156, 'latin1');
  if (entry.linkname) block.write(entry.linkname, 157, 100, 'utf8');
  const magic = entry.magic ?? 'posix';
  if (magic === 'posix') {
    block.write('ustar\0', 257, 'latin1');
    block.write('00', 263, 'latin1');
  } else if (magic === 'gnu') {
    block.write('ustar  \0', 257, 'latin1');
  }
  if (entry.prefix) block.write(entry.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  sum += entry.checksumDelta ?? 0;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** Header, body and padding of each entry, then the two end-of-archive blocks. */
export function rawTar(entries: RawEntry[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(rawHeader(entry));
    const body = entry.body === undefined ? Buffer.alloc(0) : Buffer.from(entry.body);
    parts.push(body);
    const pad = (512 - (body.length % 512)) % 512;
    parts.push(Buffer.alloc(pad));
  }
  if (options.end ?? true) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

/** A pax extended header body: `<len> key=value\n` records. */
export function paxBody(records: Record<string, string>): Buffer {
  let text = '';
  for (const [key, value] of Object.entries(records)) {
    const rest = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(rest) + 1;
    while (String(length).length + Buffer.byteLength(rest) !== length) length += 1;
    text += `${length}${rest}`;
  }
  return Buffer.from(text);
}
