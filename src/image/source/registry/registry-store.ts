import { ConfigurationError } from '../../../util/errors.js';
import { blobPath, digestOfBlobPath } from '../archive-paths.js';
import { missingEntry, type ImageStore, type LayerReadOptions } from '../image-store.js';
import { LayerAnalyzer, type LayerStats } from '../../layers/layer-analyzer.js';
import type { BlobDescriptor, RegistryClient } from './registry-client.js';

/**
 * A registry repository seen through the ImageStore interface the archive readers use: entries are the blobs one
 * image's manifest lists, named `blobs/sha256/<hex>` as in an OCI layout. Layers are streamed from the registry into
 * the same one-pass analyzer (and entry visitors) as archive layers, so everything built on ImageStore — sizes,
 * digests, file trees — works on registry images unchanged. Nothing is written to disk.
 */
export class RegistryBlobStore implements ImageStore {
  private readonly blobs = new Map<string, BlobDescriptor>();

  /** `path` is how messages name the image (its reference); `blobs` are those its manifest lists. */
  constructor(
    readonly path: string,
    private readonly client: RegistryClient,
    private readonly repository: string,
    blobs: readonly BlobDescriptor[],
  ) {
    for (const blob of blobs) this.blobs.set(blobPath(blob.digest, path, 'blob'), blob);
  }

  locate(name: string): string {
    const digest = digestOfBlobPath(name);
    return digest ? `${this.client.registry}/${this.repository}@${digest}` : `${this.path}!/${name}`;
  }

  async has(name: string): Promise<boolean> {
    return this.blobs.has(name);
  }

  async size(name: string): Promise<number | undefined> {
    return this.blobs.get(name)?.size;
  }

  async readBytes(name: string, maxBytes: number, what: string): Promise<Buffer> {
    const blob = this.require(name, what);
    if (blob.size > maxBytes) {
      throw new ConfigurationError(`${what} is ${blob.size} bytes; imagegate reads at most ${maxBytes} bytes of it`, {
        path: this.locate(name),
      });
    }
    return this.client.readBlob(this.repository, blob, what);
  }

  /** The blob as it arrives from the registry (size and digest checked at its end). */
  openBlob(name: string, what = 'layer'): AsyncGenerator<Buffer> {
    return this.client.blobStream(this.repository, this.require(name, what), what);
  }

  async analyzeLayer(name: string, options: LayerReadOptions): Promise<LayerStats> {
    // The stream checks the blob's digest itself (a mismatch ends it with an error): no second hash here.
    const analyzer = new LayerAnalyzer({ path: this.locate(name), what: 'layer' }, { ...options, hashBlob: false });
    const stream = this.openBlob(name);
    try {
      for await (const chunk of stream) {
        const wait = analyzer.write(chunk);
        if (wait) await wait;
      }
      const stats = await analyzer.end();
      return options.hash ? { ...stats, blobDigest: this.require(name, 'layer').digest } : stats;
    } finally {
      analyzer.destroy();
      await stream.return(undefined);
    }
  }

  async close(): Promise<void> {}

  private require(name: string, what: string): BlobDescriptor {
    const blob = this.blobs.get(name);
    if (!blob) throw missingEntry(this, name, what);
    return blob;
  }
}
