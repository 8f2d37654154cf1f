import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import zlib from 'node:zlib';
import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { DirectoryStore } from './directory-store.js';
import { isGzipFile } from './gzip-file.js';
import type { ImageStore } from './image-store.js';
import { LayerTreeCollector } from '../layers/layer-tree.js';
import { contentOptions, resolveReadLimits, type ImageReadLimits, type ImageReadOptions } from '../read-options.js';
import { readStreamedArchive } from './streamed-archive.js';
import { TarArchiveStore } from './tar-archive-store.js';

/**
 * Opens where an image is stored: a layout directory, a tar file (indexed by offset), or a gzip-compressed tar,
 * which cannot be indexed and is therefore read once as a stream.
 */
export async function openImageStore(
  location: string,
  options: { logger: Logger; limits: ImageReadLimits; verifyDigests: boolean; contents?: boolean },
): Promise<ImageStore> {
  const info = await stat(location).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigurationError(
      error.code === 'ENOENT' ? 'no such file or directory' : `cannot read it: ${error.message}`,
      { path: location },
    );
  });
  if (info.isDirectory()) return new DirectoryStore(location);
  if (!info.isFile()) throw new ConfigurationError('expected an image archive file or a directory', { path: location });
  if (await isGzipFile(location)) {
    options.logger.debug(`${location}: gzip-compressed archive, reading it as a stream`);
    // Read once: the layer trees must be recorded on the way, before anyone knows which layers are wanted.
    return readStreamedArchive(gunzipped(location, options.limits.maxInflatedLayerBytes), location, {
      hash: options.verifyDigests,
      limits: options.limits,
      ...(options.contents ? { collector: new LayerTreeCollector() } : {}),
    });
  }
  return TarArchiveStore.open(location, options.limits, options.logger);
}

/** Opens the store at `location` for one image read, and closes it whatever `read` does. */
export async function withImageStore<T>(
  location: string,
  options: ImageReadOptions,
  read: (store: ImageStore) => Promise<T>,
): Promise<T> {
  const store = await openImageStore(location, {
    logger: options.logger,
    limits: resolveReadLimits(options.limits),
    verifyDigests: options.verifyDigests ?? true,
    contents: contentOptions(options) !== undefined,
  });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

async function* gunzipped(location: string, cap: number): AsyncGenerator<Buffer> {
  const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
  const input = createReadStream(location, { highWaterMark: 1024 * 1024 });
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  let total = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) {
        throw new ConfigurationError(`decompresses to more than ${cap} bytes: refusing a possible compression bomb`, {
          path: location,
        });
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const err = error as NodeJS.ErrnoException;
    const truncated = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
    throw new ConfigurationError(
      truncated ? 'the gzip stream is truncated' : `the gzip data is corrupt: ${err.message}`,
      {
        path: location,
      },
    );
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}
