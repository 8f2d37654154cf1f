import { stat } from 'node:fs/promises';
import type { ImageInput } from '../image-input.js';
import { createRegionHasher, HASH_WORKERS_FROM_BYTES, type RegionHasher } from '../layers/region-hasher.js';
import { isGzipFile } from './gzip-file.js';

/**
 * The hashing threads for an image read from a large local tar, started before anything else of the run, so that
 * their start-up (each thread boots a Node environment of its own, ~25 ms of CPU) overlaps the policy load and the
 * archive index instead of delaying the first layer. Judged by the archive file, before anything says which image of
 * it is read: an uncompressed archive file (a gzip one is read as one stream, hashed on the main thread) of at least
 * HASH_WORKERS_FROM_BYTES. So a large multi-image or multi-platform archive gets them even when the image chosen is
 * smaller than that (the reader alone would hash it on the main thread), and a run that fails before the read has
 * started them for nothing: ~25 ms of CPU per thread, against that much saved on every large read. Layout directories
 * are left to the reader, which adds up their blobs' sizes. Anything unreadable is left to the reader too, which
 * reports it. The caller closes the pool.
 */
export async function startEarlyHasher(input: ImageInput): Promise<RegionHasher | undefined> {
  if (input.kind !== 'archive' && input.kind !== 'oci-layout') return undefined;
  try {
    const info = await stat(input.path);
    if (!info.isFile() || info.size < HASH_WORKERS_FROM_BYTES) return undefined;
    if (await isGzipFile(input.path)) return undefined;
  } catch {
    return undefined;
  }
  return createRegionHasher();
}
