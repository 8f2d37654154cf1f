import { stat } from 'node:fs/promises';
import type { ImageInput } from '../image-input.js';
import { createRegionHasher, HASH_WORKERS_FROM_BYTES, type RegionHasher } from '../layers/region-hasher.js';
import { isGzipFile } from './gzip-file.js';

/**
 * The hashing threads for an image read from a large local tar, started before anything else of the run, so that
 * their start-up (each thread boots a Node environment of its own, ~25 ms of CPU) overlaps the policy load and the
 * archive index instead of delaying the first layer. Only where the reader would start them anyway: an uncompressed
 * archive file (a gzip one is read as one stream, hashed on the main thread) of at least HASH_WORKERS_FROM_BYTES.
 * Layout directories are left to the reader, which adds up their blobs' sizes. Anything unreadable is left to the
 * reader too, which reports it. The caller closes the pool.
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
