import type { ImageInput } from './image-input.js';
import { readFromDaemon } from './source/daemon.js';
import { readDockerArchive } from './source/docker-archive.js';
import type { ImageFacts } from './facts.js';
import { readOciLayout } from './source/oci-layout.js';
import type { ImageReadOptions } from './read-options.js';
import { readWithPullPolicy } from './source/registry/pull-policy.js';
import { readFromRegistry } from './source/registry/read-registry.js';
import type { RegistryAccess } from './source/registry/registry-client.js';

/** How the pipeline asks for an image's facts, whatever holds the image. */
export interface ReadImageContext extends ImageReadOptions {
  /** The docker client for the daemon source (default `docker` on PATH). */
  docker?: string;
  /** How registries are reached (registry source, `--pull`); anonymous with no insecure registries when unset. */
  registry?: RegistryAccess;
}

/**
 * Reads the facts of an image that already exists: from the daemon, a `docker save` archive (either layout;
 * an OCI layout tar is accepted too) or an OCI image layout directory (or tar).
 */
export async function readImage(
  input: Exclude<ImageInput, { kind: 'build' } | { kind: 'trivy-report' } | { kind: 'none' }>,
  context: ReadImageContext,
): Promise<ImageFacts> {
  switch (input.kind) {
    case 'daemon':
      if (input.pull === undefined) return readFromDaemon(input.reference, context);
      return readWithPullPolicy(input.reference, input.pull, { ...context, registry: registryAccess(context) });
    case 'registry':
      return readFromRegistry(input.reference, { ...context, access: registryAccess(context) });
    case 'archive':
      return readDockerArchive(input.path, context);
    case 'oci-layout':
      return readOciLayout(input.path, context);
  }
}

function registryAccess(context: ReadImageContext): RegistryAccess {
  return context.registry ?? { environment: {} };
}
