import {
  KIND_DIRECTORY,
  KIND_FILE,
  KIND_HARDLINK,
  KIND_OPAQUE,
  KIND_SYMLINK,
  KIND_WHITEOUT,
  type LayerRecording,
  type LayerTrees,
} from './layer-tree.js';

/**
 * Applies an image's layers in order, as the engine's overlay does, and follows every copy of every regular file:
 * which layer wrote it and, if it is not in the final filesystem, which layer replaced or removed it.
 *
 * Per layer, deletions first and then the entries in tar order, so a whiteout only ever hides lower layers (OCI
 * image spec): a `.wh.NAME` removes NAME and everything below it, `.wh..wh..opq` removes everything below its
 * directory. An entry replaces what is at its path (a directory stays when a directory replaces it; anything else
 * replacing a directory removes the directory's contents), and a path whose parent is not a directory turns that
 * parent into one. A hardlink is another name of the same copy: the copy is gone only when all its names are.
 *
 * State lives in typed arrays indexed by path id and copy id; nothing here is per-layer or per-object.
 */

export const NODE_ABSENT = 0;
export const NODE_DIRECTORY = 1;
export const NODE_FILE = 2;
export const NODE_SYMLINK = 3;
export const NODE_OTHER = 4;

/** How a copy left the filesystem. */
export const HOW_LIVE = 0;
/** A later entry at the same path with new content. */
export const HOW_REPLACED = 1;
/** A later entry at the same path with the same size and mtime: a chmod/chown (or identical re-copy). */
export const HOW_METADATA = 2;
/** A whiteout or opaque directory (of the path or a parent), or a parent replaced by a non-directory. */
export const HOW_DELETED = 3;

export class OverlayReplay {
  /** Per path id: NODE_* in the final filesystem. */
  readonly state: Uint8Array;
  /** Per path id: the copy a file node holds, -1 otherwise. */
  readonly copyOf: Int32Array;
  /** Per path id: the layer that last wrote the node (-1 for an implicit directory nobody wrote). */
  readonly nodeLayer: Int32Array;
  /** Per path id: the row of that entry in its layer's recording (its mode and owner), -1 with nodeLayer -1. */
  readonly nodeRow: Int32Array;
  /** Per copy (regular file entries in layer order): layer, row in its recording, path id, bytes. */
  readonly copyLayer: Int32Array;
  readonly copyRow: Int32Array;
  readonly copyPath: Int32Array;
  readonly copyBytes: Float64Array;
  /** Live names of each copy (hardlinks add names); 0 once it is gone. */
  private readonly copyNames: Int32Array;
  /** The layer that removed the copy, -1 while it is live. */
  readonly copyRemovedBy: Int32Array;
  /** HOW_* */
  readonly copyHow: Uint8Array;
  copyCount = 0;
  private readonly stack: number[] = [];

  constructor(readonly trees: LayerTrees) {
    const nodes = trees.paths.size;
    this.state = new Uint8Array(nodes);
    this.copyOf = new Int32Array(nodes).fill(-1);
    this.nodeLayer = new Int32Array(nodes).fill(-1);
    this.nodeRow = new Int32Array(nodes).fill(-1);
    this.state[0] = NODE_DIRECTORY;
    let copies = 0;
    for (const layer of trees.layers) {
      for (let row = 0; row < layer.count; row += 1) {
        const kind = layer.kinds[row] as number;
        if (
          kind === KIND_FILE ||
          ((kind === KIND_WHITEOUT || kind === KIND_OPAQUE) && (layer.sizes[row] as number) > 0)
        )
          copies += 1;
      }
    }
    this.copyLayer = new Int32Array(copies);
    this.copyRow = new Int32Array(copies);
    this.copyPath = new Int32Array(copies);
    this.copyBytes = new Float64Array(copies);
    this.copyNames = new Int32Array(copies);
    this.copyRemovedBy = new Int32Array(copies).fill(-1);
    this.copyHow = new Uint8Array(copies);
    trees.layers.forEach((recording, index) => this.apply(recording, index));
  }

  /** Whether copy `copy` is in the final filesystem. */
  isLive(copy: number): boolean {
    return this.copyRemovedBy[copy] === -1;
  }

  private apply(recording: LayerRecording, layer: number): void {
    for (let row = 0; row < recording.count; row += 1) {
      const kind = recording.kinds[row] as number;
      const path = recording.pathIds[row] as number;
      if (kind === KIND_WHITEOUT) this.removeSubtree(path, layer, HOW_DELETED);
      else if (kind === KIND_OPAQUE && this.state[path] === NODE_DIRECTORY) this.removeChildren(path, layer);
    }
    for (let row = 0; row < recording.count; row += 1) {
      const kind = recording.kinds[row] as number;
      const path = recording.pathIds[row] as number;
      if (kind === KIND_WHITEOUT || kind === KIND_OPAQUE) {
        // A marker with a body: its bytes are in the layer but never in any filesystem.
        if ((recording.sizes[row] as number) > 0)
          this.release(this.newCopy(layer, row, path, recording), layer, HOW_DELETED);
        continue;
      }
      this.ensureDirectory(this.trees.paths.parent(path), layer);
      if (kind === KIND_DIRECTORY) this.putDirectory(path, layer);
      else if (kind === KIND_FILE) this.putFile(path, layer, row, recording);
      else if (kind === KIND_HARDLINK) this.putHardlink(path, layer, recording.links[row] as number);
      else this.putNode(path, layer, kind === KIND_SYMLINK ? NODE_SYMLINK : NODE_OTHER);
      this.nodeRow[path] = row;
    }
  }

  private putDirectory(path: number, layer: number): void {
    if (this.state[path] !== NODE_DIRECTORY) {
      this.removeSubtree(path, layer, HOW_REPLACED);
      this.state[path] = NODE_DIRECTORY;
    }
    this.nodeLayer[path] = layer;
  }

  private putFile(path: number, layer: number, row: number, recording: LayerRecording): void {
    const copy = this.newCopy(layer, row, path, recording);
    const old = this.state[path] === NODE_FILE ? (this.copyOf[path] as number) : -1;
    if (old >= 0) {
      const previous = this.trees.layers[this.copyLayer[old] as number] as LayerRecording;
      const previousRow = this.copyRow[old] as number;
      const sameContentLikely =
        previous.sizes[previousRow] === recording.sizes[row] && previous.mtimes[previousRow] === recording.mtimes[row];
      this.release(old, layer, sameContentLikely ? HOW_METADATA : HOW_REPLACED);
    } else {
      this.removeSubtree(path, layer, HOW_DELETED);
    }
    this.state[path] = NODE_FILE;
    this.copyOf[path] = copy;
    this.nodeLayer[path] = layer;
  }

  private putHardlink(path: number, layer: number, target: number): void {
    if (target < 0 || target === path || this.state[target] !== NODE_FILE) {
      // Dangling, or a link to a directory or symlink: a name without bytes of its own.
      this.putNode(path, layer, NODE_OTHER);
      return;
    }
    const copy = this.copyOf[target] as number;
    // Count the new name before dropping the old one, so relinking a name to its own copy frees nothing.
    (this.copyNames[copy] as number) += 1;
    this.removeSubtree(path, layer, HOW_REPLACED);
    this.state[path] = NODE_FILE;
    this.copyOf[path] = copy;
    this.nodeLayer[path] = layer;
  }

  private putNode(path: number, layer: number, state: number): void {
    this.removeSubtree(path, layer, this.state[path] === NODE_DIRECTORY ? HOW_DELETED : HOW_REPLACED);
    this.state[path] = state;
    this.nodeLayer[path] = layer;
  }

  /** Makes `path` and its parents directories, replacing whatever non-directory stands in the way. */
  private ensureDirectory(path: number, layer: number): void {
    let node = path;
    while (node > 0 && this.state[node] !== NODE_DIRECTORY) {
      if (this.state[node] !== NODE_ABSENT) this.removeSubtree(node, layer, HOW_REPLACED);
      this.state[node] = NODE_DIRECTORY;
      node = this.trees.paths.parent(node);
    }
  }

  private newCopy(layer: number, row: number, path: number, recording: LayerRecording): number {
    const copy = this.copyCount;
    this.copyCount += 1;
    this.copyLayer[copy] = layer;
    this.copyRow[copy] = row;
    this.copyPath[copy] = path;
    this.copyBytes[copy] = recording.sizes[row] as number;
    this.copyNames[copy] = 1;
    return copy;
  }

  private release(copy: number, layer: number, how: number): void {
    const names = (this.copyNames[copy] as number) - 1;
    this.copyNames[copy] = names;
    if (names > 0) return;
    this.copyRemovedBy[copy] = layer;
    this.copyHow[copy] = how;
  }

  /** Removes a node and, for a directory, everything below it; a file's copy loses that name (with `how`). */
  private removeSubtree(root: number, layer: number, how: number): void {
    if (this.state[root] === NODE_ABSENT) return;
    const stack = this.stack;
    stack.push(root);
    while (stack.length > 0) {
      const node = stack.pop() as number;
      const state = this.state[node];
      if (state === NODE_FILE) {
        this.release(this.copyOf[node] as number, layer, node === root ? how : HOW_DELETED);
        this.copyOf[node] = -1;
      } else if (state === NODE_DIRECTORY) {
        this.pushLiveChildren(node);
      }
      this.state[node] = NODE_ABSENT;
      this.nodeLayer[node] = -1;
      this.nodeRow[node] = -1;
    }
  }

  private removeChildren(directory: number, layer: number): void {
    const paths = this.trees.paths;
    for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
      this.removeSubtree(child, layer, HOW_DELETED);
    }
  }

  private pushLiveChildren(directory: number): void {
    const paths = this.trees.paths;
    // An absent node has no live descendants (removal is always of whole subtrees), so it is not descended into.
    for (let child = paths.firstChild(directory); child !== -1; child = paths.nextSibling(child)) {
      if (this.state[child] !== NODE_ABSENT) this.stack.push(child);
    }
  }
}
