import { buildImage } from '../image/source/docker-build.js';
import type { ImageInput } from '../image/image-input.js';
import type { Logger } from '../util/logger.js';
import type { RegionHasher } from '../image/layers/region-hasher.js';
import type { ImageFacts } from '../image/facts.js';
import { readImage } from '../image/read-image.js';
import { parseImageReference } from '../model/image-reference.js';

/** An image ready to check: its facts, and how a scanner can reach the same image. */
export interface AcquiredImage {
  facts: ImageFacts;
  /** For a build, the daemon reference of what was built; otherwise the input as given. */
  scanInput: Exclude<ImageInput, { kind: 'build' } | { kind: 'trivy-report' } | { kind: 'none' }>;
}

/** What acquiring needs from the run: how to build, which platform, how to reach registries. */
export interface AcquireOptions {
  dockerfile?: string;
  buildArgs: Record<string, string>;
  target?: string;
  /** `os/arch[/variant]`: the platform to build, or to pick from a multi-platform archive or layout. */
  platform?: string;
  /** Registry credentials and proxies come from here, never from process.env. */
  environment: Record<string, string | undefined>;
  insecureRegistries?: string[];
}

/** Builds the image (when asked to) and reads its facts from wherever it is. */
export async function acquireImage(
  config: AcquireOptions,
  input: Exclude<ImageInput, { kind: 'trivy-report' } | { kind: 'none' }>,
  logger: Logger,
  /** Hashing threads started early for this input (src/image/source/early-hasher.ts); the caller closes them. */
  hasher?: RegionHasher,
): Promise<AcquiredImage> {
  const platform = config.platform ? { platform: config.platform } : {};
  if (input.kind !== 'build') {
    const registry = { environment: config.environment, insecureRegistries: config.insecureRegistries ?? [] };
    const facts = await readImage(input, {
      logger,
      ...platform,
      registry,
      contents: true,
      ...(hasher ? { hasher } : {}),
    });
    return { facts, scanInput: facts.source === 'registry' ? registryScanInput(facts) : input };
  }
  if (!config.dockerfile) throw new Error('a build needs a Dockerfile; the entry point must resolve one');
  const built = await buildImage(
    {
      context: input.context,
      dockerfile: config.dockerfile,
      buildArgs: config.buildArgs,
      tag: input.tag,
      ...(config.target ? { target: config.target } : {}),
      ...platform,
    },
    { logger },
  );
  logger.info(`built ${built.tag} (${built.imageId}) with ${built.builder}`);
  const scanInput = { kind: 'daemon' as const, reference: built.tag };
  return { facts: await readImage(scanInput, { logger, contents: true }), scanInput };
}

/** What was read from a registry is scanned there too, pinned to the digest read, so a moved tag cannot differ. */
export function registryScanInput(facts: ImageFacts): Extract<ImageInput, { kind: 'registry' }> {
  const reference = parseImageReference(facts.reference ?? '');
  return { kind: 'registry', reference: facts.digest ? `${reference.name}@${facts.digest}` : reference.original };
}
