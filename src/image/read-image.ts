import type { ImageInput } from '../config/run-config.js';
import { readFromDaemon } from './daemon.js';
import { readDockerArchive } from './docker-archive.js';
import type { ImageFacts } from './facts.js';
import { readOciLayout } from './oci-layout.js';
import type { ImageReadOptions } from './read-options.js';

/** How the pipeline asks for an image's facts, whatever holds the image. */
export interface ReadImageContext extends ImageReadOptions {
  /** The docker client for the daemon source (default `docker` on PATH). */
  docker?: string;
}

/**
 * Reads the facts of an image that already exists: from the daemon, a `docker save` archive (either layout;
 * an OCI layout tar is accepted too) or an OCI image layout directory (or tar).
 */
export async function readImage(
  input: Exclude<ImageInput, { kind: 'build' } | { kind: 'trivy-report' }>,
  context: ReadImageContext,
): Promise<ImageFacts> {
  switch (input.kind) {
    case 'daemon':
      return readFromDaemon(input.reference, context);
    case 'archive':
      return readDockerArchive(input.path, context);
    case 'oci-layout':
      return readOciLayout(input.path, context);
  }
}
