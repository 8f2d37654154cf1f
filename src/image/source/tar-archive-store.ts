import { open, type FileHandle } from 'node:fs/promises';
import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { entryLocation, normalizeEntryName, resolvePointer } from './archive-paths.js';
import { analyzeFileRegion, missingEntry, type ImageStore, type LayerReadOptions } from './image-store.js';
import type { LayerStats } from '../layers/layer-analyzer.js';
import type { ImageReadLimits } from '../read-options.js';
import { readRegion, walkTarFile } from '../../tar/tar-file.js';
import type { TarEntryType } from '../../tar/tar-reader.js';

/**
 * An image archive that is a plain tar file: indexed once by walking its headers (bodies are skipped by offset),
 * then entries are read where they lie. Nothing is extracted.
 */

interface IndexedEntry {
  type: TarEntryType;
  offset: number;
  size: number;
  linkname: string;
  headerOffset: number;
}

const MAX_LINK_HOPS = 16;

export class TarArchiveStore implements ImageStore {
  readonly localFiles = true;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly entries: Map<string, IndexedEntry>,
  ) {}

  /** Opens and indexes `archivePath`; throws a ConfigurationError for anything that is not a sound tar. */
  static async open(archivePath: string, limits: ImageReadLimits, logger: Logger): Promise<TarArchiveStore> {
    const file = await open(archivePath, 'r');
    try {
      const { size } = await file.stat();
      const entries = new Map<string, IndexedEntry>();
      let count = 0;
      await walkTarFile(
        file,
        { offset: 0, length: size },
        { path: archivePath },
        (entry) => {
          count += 1;
          if (count > limits.maxArchiveEntries) {
            throw new ConfigurationError(
              `the archive has more than ${limits.maxArchiveEntries} entries; an image archive has a few per layer`,
              { path: archivePath },
            );
          }
          const name = normalizeEntryName(entry.name, archivePath, entry.headerOffset);
          if (name === '') return undefined;
          if (entries.has(name)) logger.debug(`${archivePath}: entry ${name} appears twice; the later one is used`);
          entries.set(name, {
            type: entry.type,
            offset: entry.dataOffset,
            size: entry.size,
            linkname: entry.linkname,
            headerOffset: entry.headerOffset,
          });
          return undefined;
        },
        { chunkSize: 64 * 1024 },
      );
      if (entries.size === 0) throw new ConfigurationError('the archive is empty', { path: archivePath });
      logger.debug(`${archivePath}: indexed ${entries.size} entries`);
      return new TarArchiveStore(archivePath, file, entries);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  locate(name: string): string {
    return entryLocation(this.path, name, false);
  }

  async has(name: string): Promise<boolean> {
    return this.find(name)?.type === 'file';
  }

  async size(name: string): Promise<number | undefined> {
    const entry = this.find(name);
    return entry?.type === 'file' ? entry.size : undefined;
  }

  /** Every entry name (regular files only), for format detection and messages. */
  names(): string[] {
    return [...this.entries.entries()].filter(([, entry]) => entry.type === 'file').map(([name]) => name);
  }

  async readBytes(name: string, maxBytes: number, what: string): Promise<Buffer> {
    const entry = this.require(name, what);
    if (entry.size > maxBytes) {
      throw new ConfigurationError(
        `${what} ${name} is ${entry.size} bytes; imagegate reads at most ${maxBytes} bytes of it`,
        { path: this.path },
      );
    }
    const buffer = Buffer.alloc(entry.size);
    const { bytesRead } = await this.file.read(buffer, 0, entry.size, entry.offset);
    if (bytesRead !== entry.size) throw new ConfigurationError(`${what} ${name} is truncated`, { path: this.path });
    return buffer;
  }

  analyzeLayer(name: string, options: LayerReadOptions): Promise<LayerStats> {
    const entry = this.require(name, 'layer');
    return analyzeFileRegion(
      this.file,
      { offset: entry.offset, length: entry.size },
      { path: this.path, what: `layer ${name}` },
      options,
      this.path,
    );
  }

  /** The raw bytes of an entry, streamed (e.g. to copy a layer into another archive). */
  entryStream(name: string): AsyncIterable<Buffer> {
    const entry = this.require(name, 'entry');
    return readRegion(this.file, { offset: entry.offset, length: entry.size });
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private require(name: string, what: string): IndexedEntry {
    const entry = this.find(name);
    if (!entry) throw missingEntry(this, name, what);
    if (entry.type !== 'file') {
      throw new ConfigurationError(`${what} ${name} is a ${entry.type}, not a regular file`, { path: this.path });
    }
    return entry;
  }

  /** The entry a name leads to, following symlinks and hardlinks inside the archive (docker save links layers). */
  private find(name: string): IndexedEntry | undefined {
    let current = name;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop += 1) {
      const entry = this.entries.get(current);
      if (!entry || (entry.type !== 'symlink' && entry.type !== 'hardlink')) return entry;
      const what = `link ${current} (header at byte ${entry.headerOffset})`;
      current =
        entry.type === 'symlink'
          ? resolvePointer(entry.linkname, current, this.path, what)
          : resolvePointer(entry.linkname, '', this.path, what);
    }
    throw new ConfigurationError(`${name}: more than ${MAX_LINK_HOPS} links in a row`, { path: this.path });
  }
}
