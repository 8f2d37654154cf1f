import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';
import type { Transform } from 'node:stream';
import { ToolError } from '../../util/errors.js';
import type { ImageReadLimits } from '../read-options.js';
import { TarParser, tarError, type TarBodySink, type TarEntry, type TarLabel } from '../../tar/tar-reader.js';

/**
 * One pass over a layer blob: its digest, its compression (by magic bytes, not by media type), the digest of the
 * uncompressed tar (the diffId) and what the engine counts as the layer's size, the bytes of its regular files.
 * Fed chunk by chunk (push), so the same code serves a region of a file, a nested entry of a streamed archive and,
 * later, a registry blob. Nothing is buffered beyond what zlib holds between two writes.
 */

export type LayerCompression = 'none' | 'gzip' | 'zstd';

export interface LayerStats {
  compression: LayerCompression;
  /** Bytes of the blob as stored. */
  blobSize: number;
  /** sha256 of the blob as stored; only when hashing. */
  blobDigest?: string;
  /** Bytes of the uncompressed tar. */
  tarSize: number;
  /** sha256 of the uncompressed tar; only when hashing. */
  diffId?: string;
  /** Sum of regular-file sizes (symlinks, directories and hardlinks count 0). */
  regularBytes: number;
  /** Entries in the layer tar. */
  entries: number;
  /**
   * The blob's sha256 while another thread is still computing it (a RegionHasher); when it settles it is the blob
   * digest, and for an uncompressed blob the diffId too. The caller awaits it, so a layer's walk and the next
   * layers' walks need not wait for its hash.
   */
  pendingDigest?: Promise<string>;
}

/**
 * Sees every entry of a layer, in order (issue 6 builds file trees from these). It may return a sink for the entry's
 * body (the few small files the checks read, such as /etc/passwd): the body is then fed to it in the same pass.
 */
export type LayerEntryVisitor = (entry: TarEntry) => TarBodySink | undefined | void | unknown;

/** The body sink a visitor returned, if it returned one (a visitor written as `(e) => list.push(e)` returns a number). */
export function visitorSink(result: unknown): TarBodySink | undefined {
  return typeof result === 'object' && result !== null && 'data' in result ? (result as TarBodySink) : undefined;
}

export interface LayerAnalyzerOptions {
  /** Compute digests; without it only sizes and entries are gathered. */
  hash: boolean;
  /** With `hash`, also hash the blob as stored (default true); off when a caller hashes it elsewhere. */
  hashBlob?: boolean;
  limits: Pick<ImageReadLimits, 'maxInflatedLayerBytes' | 'maxTarMetaBytes'>;
  visitor?: LayerEntryVisitor;
}

const INFLATE_CHUNK = 256 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export class LayerAnalyzer {
  private readonly blobHash: Hash | undefined;
  private tarHash: Hash | undefined;
  private readonly parser: TarParser;
  private compression: LayerCompression | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private blobSize = 0;
  private tarSize = 0;
  private regularBytes = 0;
  private inflater: Transform | undefined;
  private inflaterDone: Promise<void> | undefined;
  private failure: unknown;

  constructor(
    private readonly label: TarLabel,
    private readonly options: LayerAnalyzerOptions,
  ) {
    this.blobHash = options.hash && options.hashBlob !== false ? createHash('sha256') : undefined;
    const visitor = options.visitor;
    this.parser = new TarParser(
      label,
      (entry) => {
        if (entry.type === 'file') this.regularBytes += entry.size;
        return visitor ? visitorSink(visitor(entry)) : undefined;
      },
      { maxMetaBytes: options.limits.maxTarMetaBytes },
    );
  }

  /** Feeds the next bytes of the blob; when it returns a promise, wait for it before writing more. */
  write(chunk: Buffer): Promise<void> | undefined {
    this.throwIfFailed();
    if (chunk.length === 0) return undefined;
    this.blobSize += chunk.length;
    this.blobHash?.update(chunk);
    if (this.compression === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < ZSTD_MAGIC.length) return undefined;
      return this.start();
    }
    return this.feed(chunk);
  }

  /** Finishes the blob: flushes the decompressor, checks the tar ended properly and returns the figures. */
  async end(): Promise<LayerStats> {
    this.throwIfFailed();
    if (this.compression === undefined) await this.start();
    if (this.inflater) {
      this.inflater.end();
      await this.inflaterDone;
    }
    this.throwIfFailed();
    this.parser.end();
    const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest('hex')}` : undefined;
    const compression = this.compression ?? 'none';
    // Uncompressed, the blob is the tar: one hash serves as both digests.
    const diffId = compression === 'none' ? blobDigest : this.tarHash && `sha256:${this.tarHash.digest('hex')}`;
    return {
      compression,
      blobSize: this.blobSize,
      ...(blobDigest ? { blobDigest } : {}),
      tarSize: compression === 'none' ? this.blobSize : this.tarSize,
      ...(diffId ? { diffId } : {}),
      regularBytes: this.regularBytes,
      entries: this.parser.entries,
    };
  }

  /** Stops a decompressor early (the caller gave up); safe to call more than once. */
  destroy(): void {
    this.inflater?.destroy();
  }

  private start(): Promise<void> | undefined {
    const head = Buffer.concat(this.head, this.headBytes);
    this.head = [];
    this.compression = hasMagic(head, GZIP_MAGIC) ? 'gzip' : hasMagic(head, ZSTD_MAGIC) ? 'zstd' : 'none';
    if (this.compression !== 'none') this.startInflater(this.compression);
    return head.length > 0 ? this.feed(head) : undefined;
  }

  private feed(chunk: Buffer): Promise<void> | undefined {
    if (!this.inflater) {
      this.parser.write(chunk);
      return undefined;
    }
    if (this.inflater.write(chunk)) return undefined;
    const inflater = this.inflater;
    return new Promise((resolve) => {
      const settle = (): void => {
        inflater.off('drain', settle);
        inflater.off('close', settle);
        inflater.off('error', settle);
        resolve();
      };
      inflater.on('drain', settle);
      inflater.on('close', settle);
      inflater.on('error', settle);
    });
  }

  private startInflater(compression: 'gzip' | 'zstd'): void {
    this.tarHash = this.options.hash ? createHash('sha256') : undefined;
    const inflater = compression === 'gzip' ? zlib.createGunzip({ chunkSize: INFLATE_CHUNK }) : createZstd(this.label);
    const cap = this.options.limits.maxInflatedLayerBytes;
    inflater.on('data', (chunk: Buffer) => {
      if (this.failure !== undefined) return;
      this.tarSize += chunk.length;
      if (this.tarSize > cap) {
        this.fail(
          tarError(
            this.label,
            `decompresses to more than ${cap} bytes (the limit on an uncompressed layer) ` +
              `after ${this.blobSize} compressed bytes: refusing a possible compression bomb`,
          ),
        );
        return;
      }
      this.tarHash?.update(chunk);
      try {
        this.parser.write(chunk);
      } catch (error) {
        this.fail(error);
      }
    });
    this.inflaterDone = new Promise((resolve) => {
      inflater.on('end', resolve);
      inflater.on('close', resolve);
      inflater.on('error', (error: NodeJS.ErrnoException) => {
        if (this.failure === undefined) {
          const truncated = error.code === 'Z_BUF_ERROR' || /unexpected end/i.test(error.message);
          this.failure = tarError(
            this.label,
            truncated
              ? `the ${compression} stream is truncated (${this.blobSize} compressed bytes)`
              : `the ${compression} data is corrupt: ${error.message}`,
          );
        }
        resolve();
      });
    });
    this.inflater = inflater;
  }

  private fail(error: unknown): void {
    if (this.failure === undefined) this.failure = error;
    this.inflater?.destroy();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

function hasMagic(head: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, i) => head[i] === byte);
}

function createZstd(label: TarLabel): Transform {
  const factory = (zlib as unknown as { createZstdDecompress?: (options?: object) => Transform }).createZstdDecompress;
  if (!factory) {
    throw new ToolError(
      `${label.what ?? label.path}: the layer is zstd-compressed, which needs Node.js 22.15 or later ` +
        `(this is ${process.version})`,
      { command: 'node' },
    );
  }
  return factory({ chunkSize: INFLATE_CHUNK });
}
