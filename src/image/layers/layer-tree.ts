import { CAPTURED_PATHS, captureBody, type CapturedBody } from './captured-files.js';
import type { LayerEntryVisitor } from './layer-analyzer.js';
import { parseLayerName } from './layer-paths.js';
import { PathTable } from './path-table.js';
import type { TarEntryType, TarLabel } from '../../tar/tar-header.js';
import type { TarBodySink, TarEntry } from '../../tar/tar-reader.js';

/**
 * Per-layer file trees, recorded while the layer blobs stream past (the blob is never extracted nor kept): one row
 * per tar entry in typed-array columns (path id, type, size, mode, owner, mtime, link), paths interned in a shared
 * PathTable. About 40 bytes per entry plus each distinct path once, whatever the layers' byte sizes.
 *
 * The collector is keyed by the blob's name in its store because a streamed `docker save` delivers layers in
 * archive order before its manifest says which is which; `trees(names)` puts them in image order afterwards.
 */

export type LayerEntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'char'
  | 'block'
  | 'fifo'
  | 'other'
  /** `.wh.NAME`: deletes `path` (and everything below it) from lower layers. */
  | 'whiteout'
  /** `.wh..wh..opq`: hides everything below directory `path` from lower layers. */
  | 'opaque';

/** One entry of a layer, as a person would read `tar -tv`, with whiteouts already decoded. */
export interface LayerTreeEntry {
  /** Canonical path without a leading `/` (`usr/bin/env`); for a whiteout the path it deletes. */
  path: string;
  type: LayerEntryType;
  /** Body bytes (regular files; 0 for everything else). */
  size: number;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
  /** Seconds since the epoch. */
  mtime: number;
  /** Symlink target as written, or the canonical path a hardlink points at. */
  linkTarget?: string;
}

export const ENTRY_TYPES: readonly LayerEntryType[] = [
  'file',
  'directory',
  'symlink',
  'hardlink',
  'char',
  'block',
  'fifo',
  'other',
  'whiteout',
  'opaque',
];
export const KIND_FILE = 0;
export const KIND_DIRECTORY = 1;
export const KIND_SYMLINK = 2;
export const KIND_HARDLINK = 3;
export const KIND_WHITEOUT = 8;
export const KIND_OPAQUE = 9;
/** By tar entry type: a property read per entry, not a Map lookup (the index in ENTRY_TYPES). */
const KIND_BY_TAR_TYPE: Readonly<Record<TarEntryType, number>> = {
  file: 0,
  directory: 1,
  symlink: 2,
  hardlink: 3,
  char: 4,
  block: 5,
  fifo: 6,
  other: 7,
};

const INITIAL_ROWS = 256;

/** The entries of one layer, in tar order, as columns. */
export class LayerRecording {
  count = 0;
  pathIds = new Int32Array(INITIAL_ROWS);
  kinds = new Uint8Array(INITIAL_ROWS);
  sizes = new Float64Array(INITIAL_ROWS);
  modes = new Uint16Array(INITIAL_ROWS);
  uids = new Uint32Array(INITIAL_ROWS);
  gids = new Uint32Array(INITIAL_ROWS);
  mtimes = new Float64Array(INITIAL_ROWS);
  /** Symlinks: id in the collector's text table; hardlinks: path id; -1 otherwise. */
  links = new Int32Array(INITIAL_ROWS);
  /** Bytes of regular-file bodies (whiteout markers with a body included, as the layer's size counts them). */
  fileBytes = 0;
  /** By row: the bodies of the CAPTURED_PATHS files this layer wrote (rarely more than three entries). */
  captured: Map<number, CapturedBody> | undefined;

  add(pathId: number, kind: number, size: number, entry: TarEntry, link: number): void {
    if (this.count === this.pathIds.length) this.grow();
    const row = this.count;
    this.pathIds[row] = pathId;
    this.kinds[row] = kind;
    this.sizes[row] = size;
    this.modes[row] = entry.mode & 0o7777;
    this.uids[row] = entry.uid >>> 0;
    this.gids[row] = entry.gid >>> 0;
    this.mtimes[row] = entry.mtime;
    this.links[row] = link;
    this.count += 1;
  }

  private grow(): void {
    const capacity = this.pathIds.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array | Uint16Array | Uint32Array>(array: T): T => {
      const next = new (array.constructor as new (length: number) => T)(capacity);
      next.set(array);
      return next;
    };
    this.pathIds = grown(this.pathIds);
    this.kinds = grown(this.kinds);
    this.sizes = grown(this.sizes);
    this.modes = grown(this.modes);
    this.uids = grown(this.uids);
    this.gids = grown(this.gids);
    this.mtimes = grown(this.mtimes);
    this.links = grown(this.links);
  }
}

/** Records the layers of one image (or of a whole archive, when streamed) as their blobs are read. */
export class LayerTreeCollector {
  readonly paths = new PathTable();
  private readonly textIds = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly recordings = new Map<string, LayerRecording>();

  /** A visitor that records the entries of blob `name` (a fresh recording if the name is read again). */
  visitorFor(name: string, label: TarLabel): LayerEntryVisitor {
    const recording = new LayerRecording();
    this.recordings.set(name, recording);
    return (entry) => this.record(recording, entry, label);
  }

  has(name: string): boolean {
    return this.recordings.has(name);
  }

  /** The trees of the image's layers, bottom first (a blob listed twice appears twice). */
  trees(names: readonly string[]): LayerTrees {
    const layers = names.map((name) => {
      const recording = this.recordings.get(name);
      if (!recording) throw new Error(`layer ${name} was not recorded`);
      return recording;
    });
    return new LayerTrees(this.paths, layers, this.texts);
  }

  private record(recording: LayerRecording, entry: TarEntry, label: TarLabel): TarBodySink | undefined {
    const name = parseLayerName(entry.name, label, entry.headerOffset);
    if (name.kind === 'skip') return undefined;
    const size = entry.type === 'file' ? entry.size : 0;
    recording.fileBytes += size;
    const pathId = this.paths.intern(name.path);
    if (name.kind !== 'path') {
      recording.add(pathId, name.kind === 'whiteout' ? KIND_WHITEOUT : KIND_OPAQUE, size, entry, -1);
      return undefined;
    }
    const kind = KIND_BY_TAR_TYPE[entry.type];
    let link = -1;
    if (entry.type === 'symlink') link = this.text(entry.linkname);
    else if (entry.type === 'hardlink') {
      const target = parseLayerName(entry.linkname, label, entry.headerOffset);
      link = target.kind === 'path' ? this.paths.intern(target.path) : -1;
    }
    let sink: TarBodySink | undefined;
    if (entry.type === 'file' && CAPTURED_PATHS.has(name.path)) {
      const body: CapturedBody = { size };
      (recording.captured ??= new Map()).set(recording.count, body);
      sink = captureBody(size, body);
    }
    recording.add(pathId, kind, size, entry, link);
    return sink;
  }

  private text(value: string): number {
    let id = this.textIds.get(value);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(value);
      this.textIds.set(value, id);
    }
    return id;
  }
}

/** The file trees of an image's layers, bottom first. */
export class LayerTrees {
  constructor(
    readonly paths: PathTable,
    readonly layers: readonly LayerRecording[],
    private readonly texts: readonly string[],
  ) {}

  get count(): number {
    return this.layers.length;
  }

  /** Row `row` of layer `layer`, as an object (for tests, tools and reports; the analysis reads the columns). */
  entry(layer: number, row: number): LayerTreeEntry {
    const recording = this.layers[layer] as LayerRecording;
    const kind = recording.kinds[row] as number;
    const link = recording.links[row] as number;
    const type = ENTRY_TYPES[kind] as LayerEntryType;
    return {
      path: this.paths.path(recording.pathIds[row] as number),
      type,
      size: recording.sizes[row] as number,
      mode: recording.modes[row] as number,
      uid: recording.uids[row] as number,
      gid: recording.gids[row] as number,
      mtime: recording.mtimes[row] as number,
      ...(link >= 0
        ? { linkTarget: kind === KIND_HARDLINK ? this.paths.path(link) : (this.texts[link] as string) }
        : {}),
    };
  }

  /** Every entry of one layer, in tar order. */
  *entries(layer: number): Generator<LayerTreeEntry> {
    const recording = this.layers[layer] as LayerRecording;
    for (let row = 0; row < recording.count; row += 1) yield this.entry(layer, row);
  }

  /** Symlink target text by id. */
  text(id: number): string {
    return this.texts[id] as string;
  }

  /** The captured body of row `row` of layer `layer` (see captured-files.ts), if that entry's body was captured. */
  captured(layer: number, row: number): CapturedBody | undefined {
    return this.layers[layer]?.captured?.get(row);
  }
}
