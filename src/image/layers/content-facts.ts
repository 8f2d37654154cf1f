import type { FilesystemFacts } from './filesystem-facts.js';

/**
 * What an image's layers contain, beyond their sizes: how many of their bytes reach the final filesystem, which
 * copies of files a later layer replaced or deleted (and which layers did both), and what builds leave behind
 * (package-manager caches, compilers). Layers are referred to by index into `ImageFacts.layers`; paths are absolute
 * paths in the container (`/usr/bin/env`).
 *
 * Definitions (README, "Wasted bytes and efficiency"):
 * - A copy of a file is every regular-file entry of every layer. It is wasted when a later layer replaces it
 *   (new content, or the same content written again by a chmod/chown) or deletes it (a whiteout of the file or of a
 *   directory above it, an opaque directory, or a parent replaced by a non-directory).
 * - totalBytes = Σ bytes of all copies (= Σ layer sizes); finalBytes = Σ bytes of copies still in the final
 *   filesystem; wastedBytes = totalBytes − finalBytes; efficiency = finalBytes ÷ totalBytes (1 when totalBytes is 0).
 */
export interface ContentFacts {
  totalBytes: number;
  finalBytes: number;
  wastedBytes: number;
  efficiency: number;
  /** Regular files in the final filesystem (hardlinked names count once). */
  finalFiles: number;
  /** Wasted copies. */
  wastedFiles: number;
  /** Per layer, same order as `ImageFacts.layers`. */
  layers: LayerContentFacts[];
  /** The largest wasted copies, largest first (ties: bottom layer and tar order first). */
  topWasted: WastedFile[];
  /** Wasted bytes per (layer that wrote, layer that removed), largest first. */
  wastedByLayer: WastedLayerPair[];
  leftovers: BuildLeftovers;
  /** Modes, privileged programs and accounts of the final filesystem (the hardening rules: fs/*, user/*). */
  filesystem?: FilesystemFacts;
}

export interface LayerContentFacts {
  /** Tar entries, whiteouts included. */
  entries: number;
  /** Regular files written (copies). */
  files: number;
  /** Their bytes (the layer's size). */
  bytes: number;
  whiteouts: number;
  opaqueDirectories: number;
  /** Bytes and copies this layer wrote that a later layer replaced or deleted. */
  wastedBytes: number;
  wastedFiles: number;
  /** Bytes and copies of lower layers (or earlier in this one) that this layer replaced or deleted. */
  removedBytes: number;
  removedFiles: number;
}

export type WasteKind = 'replaced' | 'metadata' | 'deleted';

export interface WastedFile {
  /** Where the copy was written. */
  path: string;
  bytes: number;
  /** The layer that wrote the copy. */
  layer: number;
  /** The layer that replaced or deleted it. */
  removedBy: number;
  /**
   * `replaced`: written again with new content; `metadata`: written again with the same size and mtime, i.e. a
   * chmod/chown (or an identical copy); `deleted`: a whiteout, an opaque directory or a replaced parent removed it.
   */
  how: WasteKind;
}

export interface WastedLayerPair {
  layer: number;
  removedBy: number;
  bytes: number;
  files: number;
}

export type PackageCacheKind =
  | 'apt-lists'
  | 'apt-cache'
  | 'apk-cache'
  | 'dnf-cache'
  | 'yum-cache'
  | 'pip-cache'
  | 'npm-cache'
  | 'yarn-cache'
  | 'go-build-cache'
  | 'go-module-cache'
  | 'user-cache';

/** A package-manager cache or list directory left in the final filesystem. */
export interface PackageCacheFact {
  kind: PackageCacheKind;
  /** The cache directory (`/var/lib/apt/lists`, `/root/.cache/pip`). */
  path: string;
  bytes: number;
  files: number;
  /** The layer that wrote most of its bytes. */
  layer: number;
}

/** A compiler or build tool in the final filesystem. */
export interface ToolchainFact {
  /** `gcc`, `g++`, `clang`, `make`, `cmake`, `go`, `rustc`, `cargo`, `javac`. */
  tool: string;
  /** The program found (`/usr/bin/gcc-12`). */
  path: string;
  /** Bytes of the program and the directories that belong to it (`/usr/lib/gcc`, `/usr/local/go`, a JDK). */
  bytes: number;
  /** The layer that wrote the program. */
  layer: number;
}

export interface BuildLeftovers {
  packageCaches: PackageCacheFact[];
  toolchains: ToolchainFact[];
}
