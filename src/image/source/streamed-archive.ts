import { ConfigurationError } from '../../util/errors.js';
import { normalizeEntryName, resolvePointer } from './archive-paths.js';
import { missingEntry, type ImageStore, type LayerReadOptions } from './image-store.js';
import { LayerAnalyzer, type LayerEntryVisitor, type LayerStats } from '../layers/layer-analyzer.js';
import type { LayerTreeCollector } from '../layers/layer-tree.js';
import type { ImageReadLimits } from '../read-options.js';
import { TarParser, type TarBodySink, type TarEntry, type TarEntryType } from '../../tar/tar-reader.js';

/**
 * An archive that can only be read once, front to back: `docker save` piped from the daemon, or a `.tar.gz`.
 * Its manifest may come last (docker save writes it after the layers), so every entry is handled as it passes:
 * JSON documents are kept (capped), anything else is analyzed as a layer right away and only its figures are kept.
 * The result answers the same questions as an indexed archive, which lets one manifest reader serve both.
 */

export interface StreamedArchiveOptions {
  /** Compute layer digests while streaming (the daemon fallback only needs sizes). */
  hash: boolean;
  limits: ImageReadLimits;
  /** Per layer entry, by archive name: sees its tar entries. */
  visitorFor?: (name: string) => LayerEntryVisitor | undefined;
  /** Records every layer's file tree as it passes; the store hands it on as `recorded`. */
  collector?: LayerTreeCollector;
}

interface StreamedEntry {
  type: TarEntryType;
  size: number;
  linkname: string;
  headerOffset: number;
}

type Outcome =
  { kind: 'document'; bytes: Buffer } | { kind: 'layer'; stats: LayerStats } | { kind: 'failed'; error: unknown };

const SNIFF_BYTES = 512;
const MAX_LINK_HOPS = 16;

/** Reads `source` to its end and returns a store over what it held. */
export async function readStreamedArchive(
  source: AsyncIterable<Buffer>,
  archive: string,
  options: StreamedArchiveOptions,
): Promise<ImageStore> {
  const entries = new Map<string, StreamedEntry>();
  const outcomes = new Map<string, Outcome>();
  let pending: Promise<void>[] = [];
  const budget = { documentBytes: 0 };
  const parser = new TarParser(
    { path: archive },
    (entry) => {
      const name = normalizeEntryName(entry.name, archive, entry.headerOffset);
      if (name === '') return undefined;
      entries.set(name, {
        type: entry.type,
        size: entry.size,
        linkname: entry.linkname,
        headerOffset: entry.headerOffset,
      });
      if (entry.type !== 'file') return undefined;
      return new SniffingSink(name, entry, archive, options, budget, outcomes, (work) => pending.push(work));
    },
    { maxMetaBytes: options.limits.maxTarMetaBytes },
  );
  for await (const chunk of source) {
    parser.write(chunk);
    if (pending.length > 0) {
      const waiting = pending;
      pending = [];
      await Promise.all(waiting);
    }
  }
  parser.end();
  await Promise.all(pending);
  return new StreamedStore(archive, entries, outcomes, options.hash, options.collector);
}

/** Decides from an entry's first bytes whether it is a document (JSON) or a layer, then handles it. */
class SniffingSink implements TarBodySink {
  private head: Buffer[] = [];
  private headBytes = 0;
  private mode: 'sniff' | 'document' | 'layer' | 'failed' = 'sniff';
  private analyzer: LayerAnalyzer | undefined;

  constructor(
    private readonly name: string,
    private readonly entry: TarEntry,
    private readonly archive: string,
    private readonly options: StreamedArchiveOptions,
    private readonly budget: { documentBytes: number },
    private readonly outcomes: Map<string, Outcome>,
    private readonly wait: (work: Promise<void>) => void,
  ) {}

  data(chunk: Buffer): void {
    if (this.mode === 'sniff' || this.mode === 'document') {
      this.head.push(Buffer.from(chunk));
      this.headBytes += chunk.length;
      if (this.mode === 'sniff' && this.headBytes >= SNIFF_BYTES) this.decide();
      return;
    }
    if (this.mode === 'layer') this.toLayer(chunk);
  }

  end(): void {
    if (this.mode === 'sniff') this.decide();
    if (this.mode === 'document') {
      this.outcomes.set(this.name, { kind: 'document', bytes: Buffer.concat(this.head, this.headBytes) });
      this.head = [];
    } else if (this.mode === 'layer' && this.analyzer) {
      const analyzer = this.analyzer;
      this.wait(
        analyzer.end().then(
          (stats) => void this.outcomes.set(this.name, { kind: 'layer', stats }),
          (error: unknown) => this.failed(error),
        ),
      );
    }
  }

  private decide(): void {
    const head = Buffer.concat(this.head, this.headBytes);
    const first = head.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
    const looksJson = first === 0x7b || first === 0x5b;
    const compressed =
      (head[0] === 0x1f && head[1] === 0x8b) || (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd);
    // Smaller than one tar block and not compressed: a text file such as VERSION, not a layer.
    if (looksJson || (!compressed && this.entry.size < SNIFF_BYTES)) {
      if (this.entry.size > this.options.limits.maxJsonBytes) {
        this.failed(new ConfigurationError(`${this.name} is ${this.entry.size} bytes, more than imagegate reads`));
        return;
      }
      this.budget.documentBytes += this.entry.size;
      if (this.budget.documentBytes > this.options.limits.maxStreamedDocumentBytes) {
        throw new ConfigurationError(
          `the archive holds more than ${this.options.limits.maxStreamedDocumentBytes} bytes of small documents ` +
            `(at entry ${this.name}); an image archive has a few`,
          { path: this.archive },
        );
      }
      this.mode = 'document';
      return;
    }
    this.mode = 'layer';
    this.head = [];
    const label = { path: this.archive, what: `layer ${this.name}` };
    const visitor = this.options.collector?.visitorFor(this.name, label) ?? this.options.visitorFor?.(this.name);
    this.analyzer = new LayerAnalyzer(label, {
      hash: this.options.hash,
      limits: this.options.limits,
      ...(visitor ? { visitor } : {}),
    });
    this.toLayer(head);
  }

  private toLayer(chunk: Buffer): void {
    try {
      const work = this.analyzer?.write(chunk);
      if (work) this.wait(work);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (!(error instanceof ConfigurationError)) throw error;
    this.mode = 'failed';
    this.analyzer?.destroy();
    this.outcomes.set(this.name, { kind: 'failed', error });
  }
}

class StreamedStore implements ImageStore {
  constructor(
    readonly path: string,
    private readonly entries: Map<string, StreamedEntry>,
    private readonly outcomes: Map<string, Outcome>,
    private readonly hashed: boolean,
    readonly recorded?: LayerTreeCollector,
  ) {}

  locate(name: string): string {
    return `${this.path}!/${name}`;
  }

  async has(name: string): Promise<boolean> {
    return this.resolve(name)?.entry.type === 'file';
  }

  async size(name: string): Promise<number | undefined> {
    const found = this.resolve(name);
    return found?.entry.type === 'file' ? found.entry.size : undefined;
  }

  async readBytes(name: string, maxBytes: number, what: string): Promise<Buffer> {
    const { outcome, entry } = this.require(name, what);
    if (entry.size > maxBytes || outcome?.kind !== 'document') {
      if (outcome?.kind === 'failed' && entry.size <= maxBytes) throw outcome.error;
      throw new ConfigurationError(
        entry.size > maxBytes
          ? `${what} ${name} is ${entry.size} bytes; imagegate reads at most ${maxBytes} bytes of it`
          : `${what} ${name} is not a JSON document`,
        { path: this.path },
      );
    }
    return outcome.bytes;
  }

  async analyzeLayer(name: string, options: LayerReadOptions): Promise<LayerStats> {
    const { outcome } = this.require(name, 'layer');
    if (options.hash && !this.hashed) throw new Error('streamed archive was read without hashing');
    if (outcome?.kind === 'layer') return outcome.stats;
    if (outcome?.kind === 'failed') throw outcome.error;
    throw new ConfigurationError(`layer ${name} is not a tar archive (it holds JSON)`, { path: this.path });
  }

  async close(): Promise<void> {}

  private require(name: string, what: string): { entry: StreamedEntry; outcome: Outcome | undefined } {
    const found = this.resolve(name);
    if (!found) throw missingEntry(this, name, what);
    if (found.entry.type !== 'file') {
      throw new ConfigurationError(`${what} ${name} is a ${found.entry.type}, not a regular file`, { path: this.path });
    }
    return { entry: found.entry, outcome: this.outcomes.get(found.name) };
  }

  private resolve(name: string): { name: string; entry: StreamedEntry } | undefined {
    let current = name;
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop += 1) {
      const entry = this.entries.get(current);
      if (!entry) return undefined;
      if (entry.type !== 'symlink' && entry.type !== 'hardlink') return { name: current, entry };
      const what = `link ${current} (header at byte ${entry.headerOffset})`;
      current = resolvePointer(entry.linkname, entry.type === 'symlink' ? current : '', this.path, what);
    }
    throw new ConfigurationError(`${name}: more than ${MAX_LINK_HOPS} links in a row`, { path: this.path });
  }
}
