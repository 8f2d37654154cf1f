import semver from 'semver';
import { BASE_DIGEST_LABEL, BASE_NAME_LABEL } from '../checks/base.js';
import { countFixedByNewerBase } from '../checks/base-freshness.js';
import { externalBase } from '../dockerfile/parse.js';
import type { Dockerfile, Stage } from '../dockerfile/types.js';
import type { ImageFacts } from '../image/facts.js';
import { platformText } from '../image/source/image-select.js';
import { baseRegistryEnvironment } from '../image/source/registry/base-credentials.js';
import { DIGEST } from '../image/source/registry/digests.js';
import { resolveRegistryImage, type ResolvedRegistryImage } from '../image/source/registry/read-registry.js';
import { RegistryClient } from '../image/source/registry/registry-client.js';
import type { BaseFreshness, BuiltOnSource } from '../model/base-freshness.js';
import type { Location } from '../model/findings.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { matchImagePattern } from '../policy/image-match.js';
import type { BaseRules } from '../policy/types.js';
import { parseTagRules, selectTags, tagVersion } from '../policy/tag-rules.js';
import { baseMaterials } from '../provenance/base-materials.js';
import type { ProvenanceFacts } from '../provenance/types.js';
import type { ScanFacts } from '../scan/types.js';
import { ConfigurationError, describeError, ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

export interface BaseFreshnessStageInput {
  rules: BaseRules;
  dockerfile?: Dockerfile;
  stage?: Stage;
  image: ImageFacts;
  /** Where findings about a base named only by the image's label point. */
  imageLocation: Location;
  /** The image's SLSA provenance, when the provenance stage read it: its materials name the digests built on. */
  provenance?: ProvenanceFacts[];
  /** The image's own registry reference when it was read from one (whose credentials a base there may use). */
  imageRegistryReference?: string;
  access: { environment: Record<string, string | undefined>; insecureRegistries?: string[] };
  logger: Logger;
  /** The image's scan, when one ran: with `scanNewer`, how many of its vulnerabilities the newer base fixes. */
  imageScan?: ScanFacts;
  /** Scans a registry reference (`registry/repository@sha256:…`) with the run's scanner; undefined: no scan. */
  scanNewer?: (reference: string) => Promise<ScanFacts | undefined>;
  /** `--offline` (or a bundle): no registry is asked and no newer base scanned; said as a "Not checked" line. */
  offline?: boolean;
}

export interface BaseFreshnessStageResult {
  bases: BaseFreshness[];
  /** What could not be checked and why ("Not checked" lines in the summary); never a failed gate. */
  warnings: string[];
}

/** Newer tags listed in a finding at most: the newest are kept. */
const MAX_NEWER_TAGS = 10;
/**
 * Freshness is advice about the base, not a fact about the image: a registry that does not answer costs the run two
 * tries (not the five image reads get) before it becomes a warning.
 */
const FRESHNESS_RETRY = { attempts: 2 };

export interface Target {
  reference: ImageReference;
  location: Location;
  /** The base named by the image's label, with the digest the label records. */
  labelDigest?: string;
}

/**
 * Issue 18 item 5: for each FROM in the base rules' scope (the final stage's base, or every stage's with
 * `scope: all-stages`; without a Dockerfile, the base the image's org.opencontainers.image.base.name label names, when
 * base.allow lists it),
 * asks the base's registry what the tag points at now and compares it with the digest the image was built on: the
 * FROM's `@sha256:` pin, else the image's provenance materials, else its base.digest label; none known is said, not
 * guessed. Newer patch and minor tags (same major, semver as `rescan` reads tags) are listed. The built-on base's
 * config gives its age (`base.maxAge`) and its layers, so that a scan of the newer base can tell how many of the
 * image's vulnerabilities it fixes. Nothing runs unless the policy asks; a registry that cannot be reached is a
 * warning, never a failed gate.
 */
export async function runBaseFreshnessStage(input: BaseFreshnessStageInput): Promise<BaseFreshnessStageResult> {
  const { rules } = input;
  const result: BaseFreshnessStageResult = { bases: [], warnings: [] };
  if (!rules.requireCurrent && rules.maxAge === undefined) return result;
  if (input.offline) {
    // Asking a registry is network: an offline run says what it did not check (a warning, never a failed gate).
    const warning = 'base freshness: offline run: the bases’ registries are not asked and no newer base is scanned';
    input.logger.warning(warning);
    result.warnings.push(warning);
    return result;
  }
  const seen = new Set<string>();
  for (const target of targets(input, result.warnings)) {
    const key = `${target.reference.normalized}@${target.location.kind === 'source' ? target.location.line : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (target.reference.digest && !target.reference.tag) {
      input.logger.info(`base freshness: ${target.reference.normalized} is pinned by digest only: no tag to follow`);
      continue;
    }
    try {
      const base = await inspect(target, input, result.warnings);
      if (base) result.bases.push(base);
    } catch (error) {
      if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
      const warning = `base freshness of ${target.reference.normalized}: its registry could not be asked: ${describeError(error)}`;
      input.logger.warning(warning);
      result.warnings.push(warning);
    }
  }
  return result;
}

function targets(input: BaseFreshnessStageInput, warnings: string[]): Target[] {
  const { dockerfile, stage, rules } = input;
  if (dockerfile && stage) {
    const froms =
      rules.scope === 'all-stages'
        ? dockerfile.stages.filter((s) => s.from.stageRef === undefined).map((s) => s.from)
        : [externalBase(dockerfile, stage)];
    const found: Target[] = [];
    for (const from of froms) {
      // scratch has no registry; an unresolved FROM is the base rules' finding (base/unverifiable).
      if (from.isScratch || from.stageRef !== undefined || from.unresolved.length > 0) continue;
      try {
        const reference = parseImageReference(from.image);
        found.push({
          reference,
          location: { kind: 'source', path: dockerfile.path, line: from.line, column: from.column },
        });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
      }
    }
    return found;
  }
  const labels = input.image.config.labels;
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : undefined;
  if (!name) return [];
  let reference: ImageReference;
  try {
    reference = parseImageReference(name);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    return []; // the base rules report a label that names no image
  }
  // The label is image data (often inherited from a third party's base): the registry it names is contacted only
  // when the policy approves that base, so an image cannot point the gate at a host of its choosing.
  if (!(rules.allow ?? []).some((pattern) => matchImagePattern(pattern, reference))) {
    const warning =
      `base freshness of ${reference.normalized}: the base is named only by the image's ${BASE_NAME_LABEL} label, ` +
      'and its registry is asked only when base.allow lists it (or give the Dockerfile with --dockerfile)';
    input.logger.warning(warning);
    warnings.push(warning);
    return [];
  }
  const digest = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : undefined;
  return [
    {
      reference,
      location: input.imageLocation,
      ...(digest && DIGEST.test(digest) ? { labelDigest: digest } : {}),
    },
  ];
}

/** The digest the image was built on for this base, and where it was read; undefined when nothing records it. */
export function builtOnDigest(
  target: Target,
  input: BaseFreshnessStageInput,
): { digest: string; source: BuiltOnSource } | undefined {
  const { reference } = target;
  if (reference.digest) return { digest: reference.digest, source: 'pinned' };
  const sameRepository = (other: ImageReference | undefined) =>
    other !== undefined && other.registry === reference.registry && other.repository === reference.repository;
  const materials = (input.provenance ?? []).flatMap((document) => baseMaterials(document.materials));
  // Only the material of the same repository and tag: another tag's digest (a build stage FROM base:1.2.2) is not
  // what this FROM was built on.
  const material = materials.find(
    (m) => m.digest && sameRepository(m.reference) && (m.reference?.tag ?? 'latest') === (reference.tag ?? 'latest'),
  );
  if (material?.digest) return { digest: material.digest, source: 'provenance' };
  if (target.labelDigest) return { digest: target.labelDigest, source: 'label' };
  const labels = input.image.config.labels;
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : undefined;
  const digest = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : undefined;
  if (!name || !digest || !DIGEST.test(digest)) return undefined;
  try {
    const labelled = parseImageReference(name);
    // The labels describe the final stage's base: they count for the FROM that names the same repository and tag.
    if (sameRepository(labelled) && (labelled.tag ?? 'latest') === (reference.tag ?? 'latest')) {
      return { digest, source: 'label' };
    }
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
  }
  return undefined;
}

async function inspect(
  target: Target,
  input: BaseFreshnessStageInput,
  warnings: string[],
): Promise<BaseFreshness | undefined> {
  const { reference } = target;
  const { logger, rules } = input;
  const tag = reference.tag ?? 'latest';
  const tagged = `${reference.name}:${tag}`;
  const builtOn = builtOnDigest(target, input);
  if (!builtOn) {
    const warning =
      `base freshness of ${tagged}: base digest unknown (no @sha256: pin in the FROM, no provenance material and no ` +
      `${BASE_DIGEST_LABEL} label names it), so whether the tag moved and how old the base is cannot be told`;
    logger.warning(warning);
    warnings.push(warning);
    return undefined;
  }
  const client = await RegistryClient.open(reference.registry, {
    environment: baseRegistryEnvironment(reference, input.imageRegistryReference, input.access.environment),
    insecureRegistries: input.access.insecureRegistries ?? [],
    retry: FRESHNESS_RETRY,
    logger,
  });
  try {
    const platform = platformText(input.image.platform);
    const resolve = (text: string) =>
      resolveRegistryImage(text, {
        client,
        logger,
        platform,
        access: { environment: {}, insecureRegistries: input.access.insecureRegistries ?? [] },
      });
    const head = await client.headManifest(reference.repository, tag);
    let current = { digest: head.digest, manifest: head.digest };
    let moved = head.digest !== builtOn.digest;
    // The newer base's manifest for the image's platform, once resolved: what its scan must target.
    let platformManifest: string | undefined;
    if (moved) {
      // The image may have recorded the platform's manifest of a multi-platform base rather than its index.
      const now = await resolve(tagged).catch((error: unknown) => {
        if (error instanceof ConfigurationError) return undefined; // e.g. no manifest for this platform any more
        throw error;
      });
      if (now) {
        current = { digest: now.digest, manifest: now.manifest.digest };
        platformManifest = now.manifest.digest;
        moved = builtOn.digest !== now.digest && builtOn.digest !== now.manifest.digest;
      }
    }
    const newerTags = await newerVersions(client, reference.repository, tag);
    let built: ResolvedRegistryImage | undefined;
    const { scanNewer, imageScan } = input;
    const wantScan = moved && rules.requireCurrent === true && scanNewer !== undefined && imageScan !== undefined;
    if (rules.maxAge !== undefined || wantScan) {
      try {
        built = await resolve(`${reference.name}@${builtOn.digest}`);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        const warning = `base freshness of ${tagged}: the base the image was built on (${builtOn.digest}) could not be read: ${describeError(error)}`;
        logger.warning(warning);
        warnings.push(warning);
      }
    }
    const base: BaseFreshness = {
      reference: reference.normalized,
      repository: reference.name,
      tag,
      location: target.location,
      builtOn,
      current,
      moved,
      ...(built?.config.created ? { created: built.config.created } : {}),
      newerTags,
    };
    if (wantScan && built && !platformManifest) {
      const warning = `base freshness of ${tagged}: the tag could not be resolved for ${platform}, so the newer base was not scanned`;
      logger.warning(warning);
      warnings.push(warning);
    }
    if (wantScan && built && platformManifest) {
      // The platform's manifest, not the index: Trivy would scan an index's image for the runner's platform.
      const newer = `${reference.name}@${platformManifest}`;
      try {
        const report = await scanNewer(newer);
        if (report) base.fixes = countFixedByNewerBase(imageScan, built.config.diffIds, report);
      } catch (error) {
        if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
        const warning = `base freshness of ${tagged}: the newer base ${newer} could not be scanned: ${describeError(error)}`;
        logger.warning(warning);
        warnings.push(warning);
      }
    }
    logger.info(
      `base ${tagged}: built on ${builtOn.digest}; the tag is at ${current.digest}` +
        (moved ? ' (moved)' : ' (current)') +
        (newerTags.length > 0 ? `; newer tags: ${newerTags.join(', ')}` : ''),
    );
    return base;
  } finally {
    client.close();
  }
}

/**
 * Newer patch and minor releases of a version tag (`1.2.3` → `1.2.4`, `1.3.0`; not `2.0.0`, not prereleases), read
 * with the tag rules `rescan` uses; none for a tag that is no full version (`3.20`, `latest`, `1.2.3-alpine`).
 */
async function newerVersions(client: RegistryClient, repository: string, tag: string): Promise<string[]> {
  const version = tagVersion(tag);
  if (!version || version.prerelease.length > 0) return [];
  const [rule] = parseTagRules([`semver:>${version.version} <${version.major + 1}.0.0-0`], 'base freshness');
  let tags: string[];
  try {
    tags = await client.listTags(repository);
  } catch (error) {
    // A registry may refuse to list tags (some do for anonymous users): the finding then lists none.
    if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
    return [];
  }
  const selected = selectTags(tags, rule ? [rule] : []).tags;
  return selected
    .map((candidate) => ({ candidate, parsed: tagVersion(candidate) }))
    .filter((entry): entry is { candidate: string; parsed: semver.SemVer } => entry.parsed !== undefined)
    .sort((a, b) => semver.compare(a.parsed, b.parsed) || a.candidate.localeCompare(b.candidate))
    .map((entry) => entry.candidate)
    .slice(-MAX_NEWER_TAGS);
}
