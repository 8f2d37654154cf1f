import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../util/errors.js';
import { entryLocation } from './archive-paths.js';
import { analyzeFileRegion, missingEntry, type ImageStore, type LayerReadOptions } from './image-store.js';
import type { LayerStats } from './layer-analyzer.js';

/**
 * An OCI image layout directory. Only names the readers built from validated digests or fixed names
 * (`index.json`, `oci-layout`, `blobs/sha256/<hex>`) are opened, so no name from the layout can leave it.
 * Blobs are looked up on demand: a layout used as a cache may hold thousands.
 */
export class DirectoryStore implements ImageStore {
  readonly localFiles = true;

  constructor(readonly path: string) {}

  locate(name: string): string {
    return entryLocation(this.path, name, true);
  }

  async has(name: string): Promise<boolean> {
    return (await this.size(name)) !== undefined;
  }

  async size(name: string): Promise<number | undefined> {
    try {
      const info = await stat(this.fullPath(name));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  async readBytes(name: string, maxBytes: number, what: string): Promise<Buffer> {
    const size = await this.require(name, what);
    if (size > maxBytes) {
      throw new ConfigurationError(`${what} is ${size} bytes; imagegate reads at most ${maxBytes} bytes of it`, {
        path: this.locate(name),
      });
    }
    const file = await open(this.fullPath(name), 'r');
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
    const file = await open(this.fullPath(name), 'r');
    try {
      const label = { path: this.locate(name), what: 'layer' };
      return await analyzeFileRegion(file, { offset: 0, length: size }, label, options, this.fullPath(name));
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

  private fullPath(name: string): string {
    return path.join(this.path, ...name.split('/'));
  }
}
