import { ConfigurationError, ToolError } from '../../util/errors.js';
import { exec } from '../../util/exec.js';
import { execStream } from '../../util/exec-stream.js';
import type { Logger } from '../../util/logger.js';
import { readDockerSaveFromStore } from './docker-archive.js';
import type { ImageFacts } from '../facts.js';
import { isObject, platformOf, runConfigFacts } from '../image-config.js';
import { LayerTreeCollector } from '../layers/layer-tree.js';
import { contentOptions, resolveReadLimits, type ImageReadLimits, type ImageReadOptions } from '../read-options.js';
import { readStreamedArchive } from './streamed-archive.js';

/**
 * Image facts from the Docker daemon: `docker image inspect` for names, digests and the run config, and the image
 * itself streamed from `docker save` through the archive reader (never written to disk) for the exact config
 * history and layer sizes.
 *
 * Why not `docker history`: it does not say which entries are metadata-only, and its sizes are the engine's own.
 * For layers the engine unpacked from a tar (pulled, loaded, BuildKit-built) those equal the regular-file bytes an
 * archive reader counts; for layers it committed from a container (classic builder, `docker commit`) it walked the
 * directory and also counted symlink target lengths. Reading the tars gives one definition of a layer's size
 * whichever source the image comes from, and the layer contents are what deeper analysis needs anyway.
 */

export interface DaemonReadOptions {
  logger: Logger;
  limits?: Partial<ImageReadLimits>;
  /** The docker client to run (default `docker` on PATH). */
  docker?: string;
  /** Also analyze the layers' contents, from the same `docker save` stream (`ImageFacts.contents`). */
  contents?: ImageReadOptions['contents'];
}

const NOT_FOUND = /no such image|no such object|reference does not exist/i;

/** The daemon answered that it has no such image (the registry source falls back on this, see pull-policy.ts). */
export class ImageNotInDaemonError extends ConfigurationError {}

export async function readFromDaemon(reference: string, options: DaemonReadOptions): Promise<ImageFacts> {
  const { logger } = options;
  const docker = options.docker ?? 'docker';
  if (reference.trim() === '' || reference.startsWith('-')) {
    throw new ConfigurationError(`${JSON.stringify(reference)} is not an image reference`);
  }
  const inspected = await inspect(docker, reference, logger);
  // By id from here on, so a tag moved by a concurrent build cannot mix two images.
  const saved = await readSaved(docker, inspected.id, reference, resolveReadLimits(options.limits), logger, options);
  if (saved.layers.map((layer) => layer.diffId).join() !== inspected.diffIds.join()) {
    throw new ToolError(`docker save ${reference} returned different layers than docker image inspect`, {
      command: `${docker} save ${inspected.id}`,
    });
  }
  if (saved.size !== inspected.size) {
    logger.debug(`${reference}: layer tars hold ${saved.size} bytes of files; the engine reports ${inspected.size}`);
  }
  const digest = inspected.repoDigests[0]?.split('@')[1];
  return {
    source: 'daemon',
    reference,
    id: inspected.id,
    ...(digest ? { digest } : {}),
    repoTags: inspected.repoTags,
    repoDigests: inspected.repoDigests,
    platform: inspected.platform,
    ...(inspected.created ? { created: inspected.created } : {}),
    size: saved.size,
    config: inspected.config,
    layers: saved.layers.map((layer) => ({
      diffId: layer.diffId,
      size: layer.size,
      ...(layer.historyIndex !== undefined ? { historyIndex: layer.historyIndex } : {}),
    })),
    history: saved.history,
    ...(saved.contents ? { contents: saved.contents } : {}),
  };
}

async function inspect(docker: string, reference: string, logger: Logger) {
  let stdout: string;
  try {
    ({ stdout } = await exec(docker, ['image', 'inspect', '--', reference], { logger, timeoutMs: 120_000 }));
  } catch (error) {
    if (error instanceof ToolError && NOT_FOUND.test(error.stderrTail)) {
      throw new ImageNotInDaemonError(
        `image ${JSON.stringify(reference)} is not in the Docker daemon (build it, pull it, or pass an archive)`,
        undefined,
        { cause: error },
      );
    }
    throw error;
  }
  const parsed = parseOutput(stdout, `docker image inspect ${reference}`);
  const image = Array.isArray(parsed) ? (parsed[0] as unknown) : undefined;
  if (!isObject(image) || typeof image.Id !== 'string') {
    throw new ToolError(`docker image inspect ${reference} printed no image`, { command: `docker image inspect` });
  }
  const rootfs = isObject(image.RootFS) ? image.RootFS : {};
  const diffIds = Array.isArray(rootfs.Layers) ? rootfs.Layers.filter((l): l is string => typeof l === 'string') : [];
  return {
    id: image.Id,
    repoTags: strings(image.RepoTags),
    repoDigests: strings(image.RepoDigests),
    created: typeof image.Created === 'string' ? image.Created : undefined,
    platform: platformOf(image.Os, image.Architecture, image.Variant),
    config: runConfigFacts(image.Config),
    diffIds,
    size: typeof image.Size === 'number' ? image.Size : 0,
  };
}

async function readSaved(
  docker: string,
  id: string,
  reference: string,
  limits: ImageReadLimits,
  logger: Logger,
  options: Pick<DaemonReadOptions, 'contents'>,
): Promise<ImageFacts> {
  const label = `docker save ${reference}`;
  const contents = contentOptions(options);
  try {
    return await execStream(docker, ['save', id], { logger }, async (stdout) => {
      const store = await readStreamedArchive(stdout, label, {
        hash: false,
        limits,
        ...(contents ? { collector: new LayerTreeCollector() } : {}),
      });
      return readDockerSaveFromStore(store, {
        logger,
        limits,
        image: id,
        verifyDigests: false,
        ...(contents ? { contents } : {}),
      });
    });
  } catch (error) {
    // The daemon wrote this archive: if it cannot be read, the tool failed, not the user.
    if (!(error instanceof ConfigurationError)) throw error;
    throw new ToolError(`docker save ${reference} produced an archive imagegate cannot read: ${error.message}`, {
      command: `${docker} save ${id}`,
    });
  }
}

function parseOutput(text: string, command: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ToolError(`${command} printed something that is not JSON`, { command, stderrTail: text.slice(0, 2000) });
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
