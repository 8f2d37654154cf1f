import { ConfigurationError, ToolError } from '../util/errors.js';
import { exec } from '../util/exec.js';
import { execStream } from '../util/exec-stream.js';
import type { Logger } from '../util/logger.js';
import { readDockerSaveFromStore } from './docker-archive.js';
import type { HistoryEntry, ImageFacts, LayerFacts } from './facts.js';
import { isObject, linkHistory, platformOf, runConfigFacts } from './image-config.js';
import { resolveReadLimits, type ImageReadLimits } from './read-options.js';
import { readStreamedArchive } from './streamed-archive.js';

/**
 * Image facts from the Docker daemon: `docker image inspect` and `docker history`. History does not say which
 * entries are empty (metadata-only), and a layer can be 0 bytes (e.g. `RUN busybox --install -s` makes only
 * symlinks), so sizes alone identify the layers only when as many entries have a size as the image has layers.
 * Otherwise the exact config history comes from `docker save`, streamed through the archive reader, never
 * written to disk.
 *
 * Sizes: `docker history` gives the engine's own numbers. For layers it unpacked from a tar (pulled, loaded,
 * BuildKit-built) they are the regular-file bytes an archive reader counts; for layers it committed from a container
 * (legacy builder, `docker commit`) it walked the directory and also counted symlink target lengths, so those come
 * out a few bytes larger than in the image's archive. `exactSizes` always takes sizes from `docker save`.
 */

export interface DaemonReadOptions {
  logger: Logger;
  limits?: Partial<ImageReadLimits>;
  /** The docker client to run (default `docker` on PATH). */
  docker?: string;
  /** Count layer sizes from the layer tars (`docker save`) even when `docker history` would do. */
  exactSizes?: boolean;
}

interface HistoryLine {
  createdBy: string;
  created?: string;
  comment?: string;
  size: number;
}

const NOT_FOUND = /no such image|no such object|reference does not exist/i;

export async function readFromDaemon(reference: string, options: DaemonReadOptions): Promise<ImageFacts> {
  const { logger } = options;
  const docker = options.docker ?? 'docker';
  if (reference.trim() === '' || reference.startsWith('-')) {
    throw new ConfigurationError(`${JSON.stringify(reference)} is not an image reference`);
  }
  const inspected = await inspect(docker, reference, logger);
  const id = inspected.id;
  // By id from here on, so a tag moved by a concurrent build cannot mix two images.
  const history = await readHistory(docker, id, logger);
  const diffIds = inspected.diffIds;
  const sized = history.filter((line) => line.size > 0).length;
  let layers: LayerFacts[];
  let entries: HistoryEntry[];
  if (sized === diffIds.length && !options.exactSizes) {
    entries = history.map((line) => ({
      createdBy: line.createdBy,
      ...(line.created !== undefined ? { created: line.created } : {}),
      ...(line.comment !== undefined ? { comment: line.comment } : {}),
      emptyLayer: line.size === 0,
    }));
    const sizes = history.filter((line) => line.size > 0).map((line) => line.size);
    layers = diffIds.map((diffId, i) => ({ diffId, size: sizes[i] ?? 0 }));
    linkHistory(entries, layers, logger, reference);
  } else {
    logger.debug(
      options.exactSizes
        ? `${reference}: reading layer sizes from docker save`
        : `${reference}: ${sized} history entries have a size for ${diffIds.length} layers (some layers are ` +
            '0 bytes); reading the exact history from docker save',
    );
    const saved = await readSaved(docker, id, reference, resolveReadLimits(options.limits), logger);
    const savedDiffIds = saved.layers.map((layer) => layer.diffId);
    if (savedDiffIds.join() !== diffIds.join()) {
      throw new ToolError(`docker save ${reference} returned different layers than docker image inspect`, {
        command: `${docker} save ${id}`,
      });
    }
    layers = saved.layers.map((layer) => ({
      diffId: layer.diffId,
      size: layer.size,
      ...(layer.historyIndex !== undefined ? { historyIndex: layer.historyIndex } : {}),
    }));
    entries = saved.history;
  }
  const size = layers.reduce((sum, layer) => sum + layer.size, 0);
  if (size !== inspected.size)
    logger.debug(`${reference}: layers sum to ${size} bytes, the daemon reports ${inspected.size}`);
  const digest = inspected.repoDigests[0]?.split('@')[1];
  return {
    source: 'daemon',
    reference,
    id,
    ...(digest ? { digest } : {}),
    repoTags: inspected.repoTags,
    repoDigests: inspected.repoDigests,
    platform: inspected.platform,
    ...(inspected.created ? { created: inspected.created } : {}),
    size,
    config: inspected.config,
    layers,
    history: entries,
  };
}

async function inspect(docker: string, reference: string, logger: Logger) {
  let stdout: string;
  try {
    ({ stdout } = await exec(docker, ['image', 'inspect', '--', reference], { logger, timeoutMs: 120_000 }));
  } catch (error) {
    if (error instanceof ToolError && NOT_FOUND.test(error.stderrTail)) {
      throw new ConfigurationError(
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

/** `docker history`, oldest entry first, sizes in bytes. */
async function readHistory(docker: string, id: string, logger: Logger): Promise<HistoryLine[]> {
  const args = ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', '--', id];
  const { stdout } = await exec(docker, args, { logger, timeoutMs: 120_000 });
  const lines = stdout.split('\n').filter((line) => line.trim() !== '');
  return lines
    .map((line) => {
      const entry = parseOutput(line, 'docker history');
      if (!isObject(entry))
        throw new ToolError('docker history printed an unexpected line', { command: 'docker history' });
      const size = Number(entry.Size);
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new ToolError(`docker history printed size ${JSON.stringify(entry.Size)}; expected bytes`, {
          command: 'docker history --human=false',
        });
      }
      const created = typeof entry.CreatedAt === 'string' && entry.CreatedAt !== '' ? entry.CreatedAt : undefined;
      const comment = typeof entry.Comment === 'string' && entry.Comment !== '' ? entry.Comment : undefined;
      return {
        createdBy: typeof entry.CreatedBy === 'string' ? entry.CreatedBy : '',
        ...(created ? { created } : {}),
        ...(comment ? { comment } : {}),
        size,
      };
    })
    .reverse();
}

async function readSaved(
  docker: string,
  id: string,
  reference: string,
  limits: ImageReadLimits,
  logger: Logger,
): Promise<ImageFacts> {
  const label = `docker save ${reference}`;
  try {
    return await execStream(docker, ['save', id], { logger }, async (stdout) => {
      const store = await readStreamedArchive(stdout, label, { hash: false, limits });
      return readDockerSaveFromStore(store, { logger, limits, image: id, verifyDigests: false });
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
