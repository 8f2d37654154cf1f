import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import { isInside } from '../../util/workspace-paths.js';
import { entryLocation } from './archive-paths.js';
import { analyzeFileRegion, missingEntry, type ImageStore, type LayerReadOptions } from './image-store.js';
import type { LayerStats } from '../layers/layer-analyzer.js';

/**
 * An OCI image layout directory. Only names the readers built from validated digests or fixed names
 * (`index.json`, `oci-layout`, `blobs/sha256/<hex>`) are opened, so no name from the layout can leave it.
 * Blobs are looked up on demand: a layout used as a cache may hold thousands. The layout may come from the
 * repository or a CI artifact, so a symlink in it (`index.json`, `blobs/`, a blob) that resolves outside the
 * layout directory, or an entry that is not a regular file (a FIFO, a device), is refused rather than read.
 */
export class DirectoryStore implements ImageStore {
  readonly localFiles = true;

  /** The layout directory's own real path, resolved on first use. */
  private root: string | undefined;

  constructor(readonly path: string) {}

  locate(name: string): string {
    return entryLocation(this.path, name, true);
  }

  async has(name: string): Promise<boolean> {
    return (await this.size(name)) !== undefined;
  }

  async size(name: string): Promise<number | undefined> {
    return (await this.resolve(name))?.size;
  }

  async readBytes(name: string, maxBytes: number, what: string): Promise<Buffer> {
    const size = await this.require(name, what);
    if (size > maxBytes) {
      throw new ConfigurationError(`${what} is ${size} bytes; imagegate reads at most ${maxBytes} bytes of it`, {
        path: this.locate(name),
      });
    }
    const file = await open(await this.realPath(name), 'r');
    try {
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await file.read(buffer, 0, size, 0);
      if (bytesRead !== size) {
        throw new ConfigurationError(`${what} changed while it was read`, { path: this.locate(name) });
      }
      return buffer;
    } finally {
      await file.close();
    }
  }

  async analyzeLayer(name: string, options: LayerReadOptions): Promise<LayerStats> {
    const size = await this.require(name, 'layer');
    const real = await this.realPath(name);
    const file = await open(real, 'r');
    try {
      const label = { path: this.locate(name), what: 'layer' };
      return await analyzeFileRegion(file, { offset: 0, length: size }, label, options, real);
    } finally {
      await file.close();
    }
  }

  async close(): Promise<void> {}

  private async require(name: string, what: string): Promise<number> {
    const size = await this.size(name);
    if (size === undefined) throw missingEntry(this, name, what);
    return size;
  }

  /**
   * The entry's real path and size; undefined when it does not exist. Throws when it resolves outside the layout
   * or is not a regular file.
   */
  private async resolve(name: string): Promise<{ real: string; size: number } | undefined> {
    let real: string;
    try {
      this.root ??= await realpath(this.path);
      real = await realpath(this.fullPath(name));
    } catch {
      return undefined;
    }
    if (!isInside(this.root, real)) {
      throw new ConfigurationError(
        `${name} resolves through a symlink to ${real}, outside the OCI layout directory; ` +
          'imagegate reads only files inside the layout',
        { path: this.locate(name) },
      );
    }
    const info = await stat(real).catch(() => undefined);
    if (info === undefined || info.isDirectory()) return undefined;
    if (!info.isFile()) {
      throw new ConfigurationError(`${name} is not a regular file (a FIFO, socket or device); it is not read`, {
        path: this.locate(name),
      });
    }
    return { real, size: info.size };
  }

  private async realPath(name: string): Promise<string> {
    const resolved = await this.resolve(name);
    if (!resolved) throw missingEntry(this, name, name);
    return resolved.real;
  }

  private fullPath(name: string): string {
    return path.join(this.path, ...name.split('/'));
  }
}
