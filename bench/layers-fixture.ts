import type { ImageSpec, LayerEntrySpec, StepSpec } from '../tools/archive/archive-writer.js';

/**
 * A synthetic image for the layer-analysis benchmark, the same shape at every size: 24 layers and about 62,000 file
 * entries (directories, symlinks, hardlinks, files rewritten by later layers, metadata-only rewrites, single-file
 * whiteouts, whole directories deleted with one whiteout, opaque directories, package caches and a compiler). Only
 * file sizes scale with `targetBytes`, so peak memory can be compared across sizes: it depends on entries, not bytes.
 * Fully deterministic (a fixed xorshift seed), so every run measures the same bytes.
 */

/** The default shape: 24 layers, ~62,000 entries. */
export const DEFAULT_SHAPE: LayersBenchShape = { layers: 24, newFilesPerLayer: 1_500 };
/** The issue-17 shape: 20 layers, ~48,000 files (~52,000 entries). */
export const ISSUE_SHAPE: LayersBenchShape = { layers: 20, newFilesPerLayer: 1_150 };
const BASE_DIRS = 600;
const FILES_PER_BASE_DIR = 40;
const REWRITES_PER_LAYER = 300;
const DELETES_PER_LAYER = 100;
/** Rough tar overhead per file (header + half a block of padding), used to aim the archive at its target size. */
const OVERHEAD_PER_FILE = 768;

export interface LayersBenchShape {
  /** Layers in the image (at least 4: a base, the application layers and three cache layers). */
  layers: number;
  /** New files per application layer (rounded down to whole 50-file modules). */
  newFilesPerLayer: number;
}

interface FileSlot {
  path: string;
  weight: number;
  deleted: boolean;
}

export function layersBenchSpec(
  targetBytes: number,
  tag = 'imagegate-bench/layers:1',
  shape: LayersBenchShape = DEFAULT_SHAPE,
): ImageSpec {
  const LAYERS = shape.layers;
  const NEW_FILES_PER_LAYER = shape.newFilesPerLayer;
  const random = xorshift(0x2545f491);
  const weight = (): number => {
    // Mostly small files, a few large ones: roughly what a distribution's /usr looks like.
    const r = random();
    return r < 0.9 ? 1 + Math.floor(random() * 40) : r < 0.995 ? 40 + Math.floor(random() * 400) : 2000;
  };
  const layers: Array<Array<{ spec: Omit<LayerEntrySpec, 'size'>; weight: number }>> = [];
  const files: FileSlot[] = [];
  const deletedDirs = new Set<number>();

  const base: (typeof layers)[number] = [];
  for (let d = 0; d < BASE_DIRS; d += 1) {
    const dir = `usr/lib/pkg${String(d).padStart(3, '0')}`;
    base.push({ spec: { path: `${dir}/`, type: 'dir' }, weight: 0 });
    for (let f = 0; f < FILES_PER_BASE_DIR; f += 1) {
      const slot = { path: `${dir}/lib${f}.so`, weight: weight(), deleted: false };
      files.push(slot);
      base.push({ spec: { path: slot.path, type: 'file', mode: 0o755 }, weight: slot.weight });
    }
    base.push({ spec: { path: `${dir}/current.so`, type: 'symlink', linkname: 'lib0.so' }, weight: 0 });
  }
  base.push({ spec: { path: 'usr/bin/', type: 'dir' }, weight: 0 });
  base.push({ spec: { path: 'usr/bin/tool', type: 'file', mode: 0o755 }, weight: 50 });
  base.push({ spec: { path: 'usr/bin/tool-again', type: 'hardlink', linkname: 'usr/bin/tool' }, weight: 0 });
  layers.push(base);

  for (let layer = 1; layer < LAYERS - 3; layer += 1) {
    const entries: (typeof layers)[number] = [];
    const dir = `opt/app${layer}`;
    for (let m = 0; m < Math.floor(NEW_FILES_PER_LAYER / 50); m += 1) {
      entries.push({ spec: { path: `${dir}/mod${m}/`, type: 'dir' }, weight: 0 });
      for (let f = 0; f < 50; f += 1) {
        const slot = { path: `${dir}/mod${m}/f${f}.js`, weight: weight(), deleted: false };
        files.push(slot);
        entries.push({ spec: { path: slot.path, type: 'file' }, weight: slot.weight });
      }
    }
    const live = (): FileSlot | undefined => {
      for (let tries = 0; tries < 20; tries += 1) {
        const slot = files[Math.floor(random() * files.length)] as FileSlot;
        if (!slot.deleted && !entries.some((entry) => entry.spec.path === slot.path)) return slot;
      }
      return undefined;
    };
    for (let r = 0; r < REWRITES_PER_LAYER; r += 1) {
      const slot = live();
      if (!slot) continue;
      // Half are chmod-style rewrites (same size), half new content of another size.
      if (random() < 0.5) slot.weight = weight();
      entries.push({ spec: { path: slot.path, type: 'file', mode: 0o700 }, weight: slot.weight });
    }
    for (let r = 0; r < DELETES_PER_LAYER; r += 1) {
      const slot = live();
      if (!slot) continue;
      slot.deleted = true;
      const slash = slot.path.lastIndexOf('/');
      entries.push({
        spec: { path: `${slot.path.slice(0, slash)}/.wh.${slot.path.slice(slash + 1)}`, type: 'file' },
        weight: 0,
      });
    }
    // `rm -rf` of two whole base directories: one whiteout each hides 40 files.
    for (let r = 0; r < 2; r += 1) {
      const d = (layer * 37 + r * 11) % BASE_DIRS;
      const name = `pkg${String(d).padStart(3, '0')}`;
      if (deletedDirs.has(d) || entries.some((entry) => entry.spec.path.startsWith(`usr/lib/${name}/`))) continue;
      deletedDirs.add(d);
      for (const slot of files) if (slot.path.startsWith(`usr/lib/${name}/`)) slot.deleted = true;
      entries.push({ spec: { path: `usr/lib/.wh.${name}`, type: 'file' }, weight: 0 });
    }
    if (layer % 5 === 0) {
      // An opaque directory: the earlier layer's module 0 is replaced wholesale.
      const opaque = `opt/app${layer - 1}/mod0`;
      for (const slot of files) if (slot.path.startsWith(`${opaque}/`)) slot.deleted = true;
      entries.push({ spec: { path: `${opaque}/`, type: 'dir' }, weight: 0 });
      entries.push({ spec: { path: `${opaque}/.wh..wh..opq`, type: 'file' }, weight: 0 });
      entries.push({ spec: { path: `${opaque}/replacement.js`, type: 'file' }, weight: 5 });
    }
    layers.push(entries);
  }
  // Package lists and a cache written, then removed a layer too late; a pip cache and a compiler left behind.
  const caches: (typeof layers)[number] = [];
  for (let i = 0; i < 200; i += 1) {
    caches.push({ spec: { path: `var/lib/apt/lists/deb_${i}_Packages`, type: 'file' }, weight: 20 });
  }
  for (let i = 0; i < 100; i += 1) {
    caches.push({ spec: { path: `root/.cache/pip/http/${i % 10}/${i}`, type: 'file' }, weight: 10 });
  }
  caches.push({ spec: { path: 'usr/bin/gcc-12', type: 'file', mode: 0o755 }, weight: 300 });
  caches.push({ spec: { path: 'usr/bin/gcc', type: 'symlink', linkname: 'gcc-12' }, weight: 0 });
  layers.push(caches);
  layers.push([{ spec: { path: 'var/lib/apt/.wh.lists', type: 'file' }, weight: 0 }]);
  layers.push([{ spec: { path: 'app/VERSION', type: 'file' }, weight: 1 }]);

  const fileCount = layers.flat().filter((entry) => entry.spec.type === 'file').length;
  const totalWeight = layers.flat().reduce((sum, entry) => sum + entry.weight, 0);
  const perWeight = Math.max(1, Math.floor((targetBytes - fileCount * OVERHEAD_PER_FILE) / totalWeight));
  const steps: StepSpec[] = layers.map((entries, index) => ({
    createdBy: index === 0 ? 'ADD rootfs.tar / # buildkit' : `RUN step ${index} # buildkit`,
    entries: entries.map(({ spec, weight: w }) =>
      spec.type === 'file'
        ? { ...spec, ...(spec.path.includes('.wh.') ? { size: 0 } : { size: w * perWeight }) }
        : spec,
    ),
  }));
  return { repoTags: [tag], created: '2024-01-01T00:00:00Z', config: { User: '1000' }, steps };
}

/** Deterministic numbers in [0, 1). */
function xorshift(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}
