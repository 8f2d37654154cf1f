/**
 * Every path seen in an image's layers, interned once: a path string is kept one time however many layers touch it,
 * and the directory tree is kept as typed arrays (parent, first child, next sibling) rather than objects, so a
 * million-entry image costs tens of megabytes, not hundreds. Id 0 is the root (`''`).
 */
export class PathTable {
  private readonly ids = new Map<string, number>();
  private readonly paths: string[] = [''];
  private parents: Int32Array = new Int32Array(1024);
  private firstChildren: Int32Array = new Int32Array(1024).fill(-1);
  private nextSiblings: Int32Array = new Int32Array(1024).fill(-1);
  /** The path interned last and the parent of the path added last, with their ids (see intern). */
  private recent = '';
  private recentId = 0;
  private recentParent = '';
  private recentParentId = 0;

  constructor() {
    this.ids.set('', 0);
    this.parents[0] = -1;
  }

  /** Number of ids handed out (root included). */
  get size(): number {
    return this.paths.length;
  }

  /** The id of a canonical path (`usr/bin/env`, no leading or trailing `/`), creating it and its parents. */
  intern(path: string): number {
    const known = this.ids.get(path);
    if (known !== undefined) {
      this.recent = path;
      this.recentId = known;
      return known;
    }
    const slash = path.lastIndexOf('/');
    let id: number;
    // Tar lists a directory, then what is in it: the parent of a new path is nearly always the path interned just
    // before or that path's parent, which a comparison tells without slicing and hashing the parent's name.
    if (slash > 0 && slash === this.recent.length && path.startsWith(this.recent)) {
      id = this.add(path, this.recentId);
    } else if (slash > 0 && slash === this.recentParent.length && path.startsWith(this.recentParent)) {
      id = this.add(path, this.recentParentId);
    } else id = this.internWithAncestors(path);
    this.recent = path;
    this.recentId = id;
    return id;
  }

  private internWithAncestors(path: string): number {
    // A loop, not recursion: the layer decides how deep a path is, and the stack must not be its to exhaust.
    const missing: string[] = [path];
    let parent = 0;
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const ancestor = path.slice(0, slash);
      const id = this.ids.get(ancestor);
      if (id !== undefined) {
        parent = id;
        break;
      }
      missing.push(ancestor);
    }
    for (let index = missing.length - 1; index >= 0; index -= 1) parent = this.add(missing[index] as string, parent);
    return parent;
  }

  private add(path: string, parent: number): number {
    const id = this.paths.length;
    this.recentParent = this.paths[parent] as string;
    this.recentParentId = parent;
    if (id === this.parents.length) this.grow();
    this.paths.push(path);
    this.ids.set(path, id);
    this.parents[id] = parent;
    this.nextSiblings[id] = this.firstChildren[parent] as number;
    this.firstChildren[parent] = id;
    return id;
  }

  /** The id of a path that was interned, or undefined. */
  lookup(path: string): number | undefined {
    return this.ids.get(path);
  }

  path(id: number): string {
    return this.paths[id] as string;
  }

  /** -1 for the root. */
  parent(id: number): number {
    return this.parents[id] as number;
  }

  /** First child id, or -1; children come newest-interned first. */
  firstChild(id: number): number {
    return this.firstChildren[id] as number;
  }

  nextSibling(id: number): number {
    return this.nextSiblings[id] as number;
  }

  /** Last path component. */
  name(id: number): string {
    const path = this.paths[id] as string;
    return path.slice(path.lastIndexOf('/') + 1);
  }

  private grow(): void {
    const capacity = this.parents.length * 2;
    this.parents = resize(this.parents, capacity, 0);
    this.firstChildren = resize(this.firstChildren, capacity, -1);
    this.nextSiblings = resize(this.nextSiblings, capacity, -1);
  }
}

export function resize(array: Int32Array, capacity: number, fill: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}
