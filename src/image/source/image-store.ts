import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { ConfigurationError } from '../../util/errors.js';
import { findJsonSyntaxError } from '../../json/json-error.js';
import { LayerAnalyzer, visitorSink, type LayerEntryVisitor, type LayerStats } from '../layers/layer-analyzer.js';
import type { LayerTreeCollector } from '../layers/layer-tree.js';
import type { ImageReadLimits } from '../read-options.js';
import type { RegionHasher } from '../layers/region-hasher.js';
import { readRegion, walkTarFile, type FileRegion } from '../../tar/tar-file.js';
import { TarParser, type TarBodySink, type TarEntry, type TarLabel } from '../../tar/tar-reader.js';
import { ENTRY_NAME_MAX, excerpt } from '../../util/excerpt.js';

/**
 * What the docker-save and OCI readers need from where an image is stored: named entries, small documents read
 * whole (size-capped) and layer blobs analyzed in one pass. Implemented by an indexed tar file, a layout directory
 * and a streamed (unindexable) archive, so the manifest logic is written once.
 */
export interface ImageStore {
  /** The file or directory a person can find; errors point at it. */
  readonly path: string;
  /** How messages name an entry of this store. */
  locate(name: string): string;
  /** Whether a regular entry of that name exists (links followed). */
  has(name: string): Promise<boolean>;
  /** Bytes of a regular entry (links followed), or undefined. */
  size(name: string): Promise<number | undefined>;
  /** Reads a small entry whole; a ConfigurationError when it is missing or larger than `maxBytes`. */
  readBytes(name: string, maxBytes: number, what: string): Promise<Buffer>;
  /** One pass over a layer blob. */
  analyzeLayer(name: string, options: LayerReadOptions): Promise<LayerStats>;
  close(): Promise<void>;
  /** Layer blobs lie in local files read by offset, so worker threads can hash them (`LayerReadOptions.hasher`). */
  readonly localFiles?: boolean;
  /** Layer file trees recorded while the store itself was read (a streamed archive cannot be read again). */
  readonly recorded?: LayerTreeCollector;
}

export interface LayerReadOptions {
  hash: boolean;
  limits: ImageReadLimits;
  visitor?: LayerEntryVisitor;
  /** Hashes blobs stored in local files on worker threads, beside the header walk. */
  hasher?: RegionHasher;
}

export function missingEntry(store: ImageStore, name: string, what: string): ConfigurationError {
  return new ConfigurationError(`${what} ${excerpt(name, ENTRY_NAME_MAX)} is not in the archive`, { path: store.path });
}

/** Parses a JSON document of the store; a syntax error names the entry, line and column. */
export async function readJson(
  store: ImageStore,
  name: string,
  limits: ImageReadLimits,
  what: string,
): Promise<{
  value: unknown;
  bytes: Buffer;
}> {
  const bytes = await store.readBytes(name, limits.maxJsonBytes, what);
  return { value: parseJson(bytes, store.locate(name), what), bytes };
}

export function parseJson(bytes: Buffer, location: string, what: string): unknown {
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = findJsonSyntaxError(text);
    if (!problem) throw error;
    throw new ConfigurationError(`${what} is not valid JSON: ${problem.message}`, {
      path: location,
      line: problem.line,
      column: problem.column,
    });
  }
}

/**
 * A layer stored in a file region (an entry of an uncompressed tar, or a blob file; `filePath` names that file for
 * the hasher's workers). An uncompressed layer is walked header to header without reading file bodies, while the
 * hasher (when hashing) reads the whole region on another thread; without a hasher, hashing reads every byte here.
 */
export async function analyzeFileRegion(
  file: FileHandle,
  region: FileRegion,
  label: TarLabel,
  options: LayerReadOptions,
  filePath?: string,
): Promise<LayerStats> {
  const hasher = filePath !== undefined ? options.hasher : undefined;
  const compressed = region.length >= 4 && (await isCompressed(file, region.offset));
  if (!compressed && region.length >= 4 && (!options.hash || hasher)) {
    let regularBytes = 0;
    const visitor = options.visitor;
    const onEntry = (entry: TarEntry): TarBodySink | undefined => {
      if (entry.type === 'file') regularBytes += entry.size;
      return visitor ? visitorSink(visitor(entry)) : undefined;
    };
    let digest: Promise<string> | undefined;
    let parser: TarParser;
    if (options.hash && hasher) {
      // Every byte is read once, on a worker that hashes it and hands it over: the walk needs no reads of its own.
      const stream = hasher.stream(filePath as string, region);
      digest = stream.digest;
      // Awaited by the caller (pendingDigest); a walk that fails first must not leave its failure unhandled.
      digest.catch(() => undefined);
      parser = new TarParser(label, onEntry, { baseOffset: 0 });
      for await (const chunk of stream.chunks) parser.write(chunk);
      parser.end();
    } else {
      parser = await walkTarFile(file, region, label, onEntry);
    }
    return {
      compression: 'none',
      blobSize: region.length,
      tarSize: region.length,
      regularBytes,
      entries: parser.entries,
      ...(digest ? { pendingDigest: digest } : {}),
    };
  }
  // Compressed: the tar must be inflated here, but the blob's own digest can still be computed on a worker.
  const blobDigest = options.hash && compressed ? hasher?.hash(filePath as string, region) : undefined;
  blobDigest?.catch(() => undefined);
  const analyzer = new LayerAnalyzer(label, { ...options, hashBlob: blobDigest === undefined });
  try {
    for await (const chunk of readRegion(file, region)) {
      const wait = analyzer.write(chunk);
      if (wait) await wait;
    }
    const stats = await analyzer.end();
    return blobDigest ? { ...stats, pendingDigest: blobDigest } : stats;
  } finally {
    analyzer.destroy();
  }
}

async function isCompressed(file: FileHandle, offset: number): Promise<boolean> {
  const head = Buffer.alloc(4);
  // Four bytes: a positioned read on this thread costs microseconds, a trip through the thread pool far more.
  readSync(file.fd, head, 0, 4, offset);
  return (head[0] === 0x1f && head[1] === 0x8b) || head.readUInt32BE(0) === 0x28b52ffd;
}
