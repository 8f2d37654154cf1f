import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import type { Platform } from '../image/facts.js';
import type { ImageInput } from '../image/image-input.js';
import { listOciLayoutPlatforms } from '../image/source/oci-layout.js';
import { RegistryClient } from '../image/source/registry/registry-client.js';
import {
  listRegistryPlatforms,
  readFromRegistry,
  resolveRegistryImage,
  type ResolvedRegistryImage,
} from '../image/source/registry/read-registry.js';
import { useOfflineBundle } from '../offline/use-bundle.js';
import { parseImageReference } from '../model/image-reference.js';
import { mergePlatformResults, type GatedPlatform } from '../report/platform-merge.js';
import { RULE_DOCS_LINKS } from '../report/rule-docs.js';
import type { PipelineOutcome } from '../report/run-result.js';
import { platformSlug } from '../report/sarif-platforms.js';
import { writeReports } from '../report/write-reports.js';
import { ConfigurationError } from '../util/errors.js';
import { VERSION } from '../version.js';
import { acquireImage, registryScanInput, type AcquiredImage } from './acquire-image.js';
import type { PipelineContext } from './pipeline.js';
import { selectPlatforms, type PlatformRequest } from './platform-request.js';

/**
 * `--platform all` (or a list): a loop of the one-platform pipeline around every platform of the index, then one
 * result (src/report/platform-merge.ts) and one set of report files. The stages stay as they are; each platform's
 * run is the ordinary pipeline with `platform` set and its image already read, writing its own reports under
 * `platforms/<os-arch>/`. From a registry, every platform's manifests and config are read first and concurrently
 * through one client, so its request limit holds for all platforms together; the layers, the scans and the checks
 * then run one platform at a time, so the memory a run holds does not grow with the number of platforms.
 */

type SinglePipeline = (config: RunConfig, context: PipelineContext) => Promise<PipelineOutcome>;

type ReadableInput = Extract<ImageInput, { kind: 'registry' | 'oci-layout' | 'archive' | 'daemon' }>;

export const PLATFORMS_DIR = 'platforms';

export async function runPlatforms(
  config: RunConfig,
  request: PlatformRequest,
  context: PipelineContext,
  runOne: SinglePipeline,
): Promise<PipelineOutcome> {
  const { logger } = context;
  const input = readableInput(config);
  refuseSingleRunOptions(config);
  const available = await listPlatforms(input, config, context);
  const platforms = selectPlatforms(request, available, describeInput(input));
  if (input.kind === 'daemon' && platforms.length > 1) {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ''}: the Docker daemon holds one platform of ${input.reference}; ` +
        'add --pull never to read every platform from its registry',
    );
  }
  if (platforms.length <= 1) {
    const only = platforms[0];
    const { platform: _all, ...rest } = config;
    return runOne(only ? { ...rest, platform: only } : rest, context);
  }
  const chosen = platforms.filter((platform): platform is string => platform !== undefined);
  logger.info(`gating ${chosen.length} platforms: ${chosen.join(', ')}`);
  // One verification (and private copy) of an offline bundle for the whole run, not one per platform; a rescan
  // shard hands its own (one for all its images), which it removes itself.
  const ownBundle =
    !context.trivyBundle && config.offlineBundle
      ? await useOfflineBundle(
          config.offlineBundle,
          (config.scan.kind === 'trivy' ? config.scan.cacheDir : undefined) ?? context.scan.defaultCacheDir,
          logger,
        )
      : undefined;
  const trivyBundle = context.trivyBundle ?? ownBundle;
  const gated: GatedPlatform[] = [];
  try {
    const readers = await platformReaders(input, chosen, config, context);
    for (const [index, platform] of chosen.entries()) {
      const reportDir = `${PLATFORMS_DIR}/${platformSlug(platform)}`;
      logger.info(`platform ${platform}: gating (reports in ${reportDir})`);
      // Read here, gated, then dropped: only one platform's layer contents are held at a time.
      const acquired = await (readers[index] as () => Promise<AcquiredImage>)();
      const outcome = await runOne(
        { ...config, image: input, platform, outDir: path.join(config.outDir, PLATFORMS_DIR, platformSlug(platform)) },
        { ...context, acquired, ...(trivyBundle ? { trivyBundle } : {}) },
      );
      logger.info(`platform ${platform}: ${outcome.result.verdict}`);
      gated.push({ platform, result: outcome.result, reportDir, category: outcome.category });
    }
  } finally {
    // The bundle's private copy (src/offline/use-bundle.ts) is this run's alone: removed however the run ends.
    await ownBundle?.cleanup();
  }
  const result = mergePlatformResults(gated);
  const category = config.category ?? (gated[0] as GatedPlatform).category ?? 'imagegate';
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    toolVersion: VERSION,
    category,
    ...(config.sarifAnchor !== undefined ? { unlocated: { anchorUri: config.sarifAnchor } } : {}),
    markdown: { links: context.reportLinks ?? RULE_DOCS_LINKS },
    platforms: gated,
  });
  return { result, reports, category };
}

function readableInput(config: RunConfig): ReadableInput {
  const input = config.image;
  if (input.kind === 'build') {
    // Debian's docker 20.10 has no buildx, and a docker-container builder cannot pull its BuildKit image offline:
    // one build makes one platform here, so a multi-platform build is refused rather than faked.
    throw new ConfigurationError(
      `--platform ${config.platform ?? ''} with --context: the builder here builds one platform per run; ` +
        'build and push the multi-platform image (docker buildx build --platform …), then gate it with --image ' +
        'REGISTRY-REFERENCE or --oci-layout',
    );
  }
  if (input.kind === 'trivy-report' || input.kind === 'none') {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ''} needs an image with an index: --image (a registry reference), ` +
        '--oci-layout or --archive',
    );
  }
  // A daemon holds one platform per tag: with a pull policy the index is in the registry, and is read there.
  if (input.kind === 'daemon' && input.pull !== undefined) return { kind: 'registry', reference: input.reference };
  return input;
}

/** What one run writes once (a signed verdict, an exported VEX document) cannot yet be made for several images. */
function refuseSingleRunOptions(config: RunConfig): void {
  const refused = [
    config.attestKey || config.attestKeyless ? '--attest' : undefined,
    config.vexOut ? '--vex-out' : undefined,
  ].filter((flag): flag is string => flag !== undefined);
  if (refused.length > 0) {
    throw new ConfigurationError(
      `--platform ${config.platform ?? ''}: ${refused.join(' and ')} ${refused.length > 1 ? 'write' : 'writes'} ` +
        'one document for one image; give one --platform',
    );
  }
}

async function listPlatforms(input: ReadableInput, config: RunConfig, context: PipelineContext): Promise<Platform[]> {
  const options = { logger: context.logger };
  switch (input.kind) {
    case 'registry':
      return listRegistryPlatforms(input.reference, { ...options, access: registryAccess(config) });
    case 'oci-layout':
    case 'archive':
      // An OCI image tar given as --archive lists its index's platforms; a `docker save` archive lists none.
      return listOciLayoutPlatforms(input.path, options);
    case 'daemon':
      // A daemon holds one platform per tag.
      return [];
  }
}

/**
 * A reader per platform. From a registry, every platform's manifests and config are resolved first, concurrently
 * through one client (so its request limit holds for them all, and a missing platform fails before any layer is
 * read); each reader then streams that platform's layers when its turn comes, pinned to what was resolved. The layer
 * contents (file lists, sizes) are what costs memory, so they are read one platform at a time and released after
 * its gate; a layout or archive is on disk already and is read the same way, one platform at a time.
 */
async function platformReaders(
  input: ReadableInput,
  platforms: readonly string[],
  config: RunConfig,
  context: PipelineContext,
): Promise<Array<() => Promise<AcquiredImage>>> {
  const { logger } = context;
  if (input.kind === 'registry') {
    const reference = parseImageReference(input.reference);
    const access = registryAccess(config);
    const client = await RegistryClient.open(reference.registry, { ...access, logger });
    let resolved: ResolvedRegistryImage[];
    try {
      resolved = await Promise.all(
        platforms.map((platform) => resolveRegistryImage(input.reference, { logger, access, client, platform })),
      );
    } finally {
      client.close();
    }
    return platforms.map((platform, index) => async () => {
      const options = { logger, access, platform, contents: true, resolved: resolved[index] };
      const facts = await readFromRegistry(input.reference, options);
      return { facts, scanInput: registryScanInput(facts) };
    });
  }
  return platforms.map((platform) => () => acquireImage({ ...config, platform }, input, logger));
}

function registryAccess(config: RunConfig) {
  return { environment: config.environment, insecureRegistries: config.insecureRegistries ?? [] };
}

function describeInput(input: ReadableInput): string {
  return input.kind === 'registry' || input.kind === 'daemon' ? input.reference : input.path;
}
