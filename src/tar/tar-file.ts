import type { FileHandle } from 'node:fs/promises';
import { TarParser, type TarEntryHandler, type TarLabel } from './tar-reader.js';

/**
 * Reading tar data that lives in a file (a whole archive, or a layer tar stored uncompressed inside one):
 * large positioned reads, and bodies nobody asked for are skipped by seeking instead of being read.
 */

export const READ_CHUNK = 1024 * 1024;

export interface FileRegion {
  /** First byte of the region in the file. */
  offset: number;
  /** Bytes in the region. */
  length: number;
}

/**
 * Walks the tar stored in `region` of an open file, header to header. Bodies are read only for entries whose
 * handler returns a sink; any other body larger than what one read brings in is skipped by offset.
 */
export async function walkTarFile(
  file: FileHandle,
  region: FileRegion,
  label: TarLabel,
  onEntry: TarEntryHandler,
  options: { chunkSize?: number; stopWhenDone?: boolean } = {},
): Promise<TarParser> {
  const parser = new TarParser(label, onEntry, { baseOffset: 0 });
  const end = region.offset + region.length;
  const buffer = Buffer.allocUnsafe(Math.min(options.chunkSize ?? READ_CHUNK, Math.max(region.length, 512)));
  let position = region.offset;
  while (position < end && !parser.done) {
    const want = Math.min(buffer.length, end - position);
    const { bytesRead } = await file.read(buffer, 0, want, position);
    if (bytesRead === 0) break;
    parser.write(buffer.subarray(0, bytesRead));
    position += bytesRead;
    const skip = Math.min(parser.skippable(), end - position);
    if (skip > 0) {
      parser.skip(skip);
      position += skip;
    }
  }
  parser.end();
  return parser;
}

/** The bytes of a file region as fresh buffers (safe to hand to zlib, which keeps them until it is done). */
export async function* readRegion(
  file: FileHandle,
  region: FileRegion,
  chunkSize = READ_CHUNK,
): AsyncGenerator<Buffer, void, undefined> {
  let position = region.offset;
  const end = region.offset + region.length;
  while (position < end) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, end - position));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }
}
