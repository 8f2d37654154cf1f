import { findBuildLeftovers } from './build-leftovers.js';
import type { ContentFacts, LayerContentFacts, WasteKind, WastedFile, WastedLayerPair } from './content-facts.js';
import { findFilesystemFacts } from './filesystem-facts.js';
import { KIND_OPAQUE, KIND_WHITEOUT, type LayerTrees } from './layer-tree.js';
import { HOW_DELETED, HOW_METADATA, OverlayReplay } from './overlay-replay.js';

/** How much of the analysis ends up in the facts (the trees themselves are dropped once summarized). */
export interface ContentAnalysisOptions {
  /** Longest `topWasted` list (default 50); the rest are only counted. */
  maxWastedFiles?: number;
  /** Sees the per-layer trees and the replay before they are dropped (tests, tools). */
  inspect?: (trees: LayerTrees, replay: OverlayReplay) => void;
}

export const DEFAULT_MAX_WASTED_FILES = 50;

/** Replays the layers and summarizes: totals, efficiency, per-layer figures, top wasted copies, leftovers. */
export function analyzeContents(trees: LayerTrees, options: ContentAnalysisOptions = {}): ContentFacts {
  const replay = new OverlayReplay(trees);
  const layers: LayerContentFacts[] = trees.layers.map((recording) => {
    let whiteouts = 0;
    let opaqueDirectories = 0;
    for (let row = 0; row < recording.count; row += 1) {
      if (recording.kinds[row] === KIND_WHITEOUT) whiteouts += 1;
      else if (recording.kinds[row] === KIND_OPAQUE) opaqueDirectories += 1;
    }
    return {
      entries: recording.count,
      files: 0,
      bytes: 0,
      whiteouts,
      opaqueDirectories,
      wastedBytes: 0,
      wastedFiles: 0,
      removedBytes: 0,
      removedFiles: 0,
    };
  });
  const pairs = new Map<number, WastedLayerPair>();
  const wasted: number[] = [];
  let totalBytes = 0;
  let finalBytes = 0;
  let finalFiles = 0;
  for (let copy = 0; copy < replay.copyCount; copy += 1) {
    const bytes = replay.copyBytes[copy] as number;
    const writer = layers[replay.copyLayer[copy] as number] as LayerContentFacts;
    writer.files += 1;
    writer.bytes += bytes;
    totalBytes += bytes;
    if (replay.isLive(copy)) {
      finalBytes += bytes;
      finalFiles += 1;
      continue;
    }
    wasted.push(copy);
    const removedBy = replay.copyRemovedBy[copy] as number;
    const remover = layers[removedBy] as LayerContentFacts;
    writer.wastedBytes += bytes;
    writer.wastedFiles += 1;
    remover.removedBytes += bytes;
    remover.removedFiles += 1;
    const key = (replay.copyLayer[copy] as number) * 65536 + removedBy;
    const pair = pairs.get(key) ?? { layer: replay.copyLayer[copy] as number, removedBy, bytes: 0, files: 0 };
    pair.bytes += bytes;
    pair.files += 1;
    pairs.set(key, pair);
  }
  const limit = options.maxWastedFiles ?? DEFAULT_MAX_WASTED_FILES;
  // Copy ids follow layer order then tar order, so ties stay in the same order for every source of the image.
  const top = wasted
    .sort((a, b) => (replay.copyBytes[b] as number) - (replay.copyBytes[a] as number) || a - b)
    .slice(0, limit)
    .map((copy): WastedFile => wastedFile(replay, copy));
  options.inspect?.(trees, replay);
  return {
    totalBytes,
    finalBytes,
    wastedBytes: totalBytes - finalBytes,
    efficiency: totalBytes === 0 ? 1 : finalBytes / totalBytes,
    finalFiles,
    wastedFiles: wasted.length,
    layers,
    topWasted: top,
    wastedByLayer: [...pairs.values()].sort(
      (a, b) => b.bytes - a.bytes || a.layer - b.layer || a.removedBy - b.removedBy,
    ),
    leftovers: findBuildLeftovers(replay),
    filesystem: findFilesystemFacts(replay),
  };
}

function wastedFile(replay: OverlayReplay, copy: number): WastedFile {
  const how = replay.copyHow[copy];
  const kind: WasteKind = how === HOW_DELETED ? 'deleted' : how === HOW_METADATA ? 'metadata' : 'replaced';
  return {
    path: `/${replay.trees.paths.path(replay.copyPath[copy] as number)}`,
    bytes: replay.copyBytes[copy] as number,
    layer: replay.copyLayer[copy] as number,
    removedBy: replay.copyRemovedBy[copy] as number,
    how: kind,
  };
}
