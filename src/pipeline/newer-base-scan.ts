import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { baseTrivyAccess } from '../image/source/registry/base-credentials.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import type { ScanOptions } from '../scan/scan-options.js';
import type { ScanFacts } from '../scan/types.js';
import type { BundledTrivy } from '../offline/use-bundle.js';
import type { Logger } from '../util/logger.js';
import { runScanStage, type ScanEnvironment } from './scan-stage.js';

/**
 * Issue 18 item 5: Trivy on the newer base by registry reference (`registry/repository@sha256:…`), with the run's
 * scanners, DB and cache, its report kept under `<out>/base-scan/`. Only the vulnerabilities are compared, so only
 * they are asked for.
 *
 * The reference names the newer base's manifest for the image's platform (the freshness stage resolved it), never a
 * multi-platform index: no `--platform` is passed, since Trivy would otherwise pick the index's image for the
 * runner's platform or the run's `--platform`, which need not be the image's.
 *
 * The base is named by the image or its Dockerfile, so its registry may be anyone's: outside the image's registry
 * it gets neither imagegate's credential variables nor the job's inherited TRIVY_* credentials (baseTrivyAccess).
 */
export async function scanNewerBase(
  reference: string,
  run: {
    config: RunConfig;
    scan: Extract<ScanOptions, { kind: 'trivy' }>;
    environment: ScanEnvironment;
    displayPath: (file: string) => string;
    logger: Logger;
    imageRegistryReference?: string;
    /** The main scan's bundle, if any: the same DB (an offline run scans no newer base: the stage returns first). */
    trivyBundle?: BundledTrivy;
  },
): Promise<ScanFacts | undefined> {
  const { config } = run;
  const parsed = parseImageReference(reference);
  const report = await runScanStage(
    {
      scan: { ...run.scan, scanners: ['vuln'] },
      image: { kind: 'registry', reference },
      registry: baseTrivyAccess(parsed, run.imageRegistryReference, config.environment, config.insecureRegistries),
      outDir: newerBaseScanDir(config.outDir, parsed),
      displayPath: run.displayPath,
      ...(run.trivyBundle ? { trivyBundle: run.trivyBundle } : {}),
    },
    run.environment,
    { logger: run.logger },
  );
  return report?.scan;
}

/**
 * `<out>/base-scan/<registry>/<repository>`: the registry host is part of the name, so the same repository path in two
 * registries (a mirror and the original, or two bases of a compose run) gets two folders, not one overwritten. Both
 * parts are made safe folder names: a host's `:port` (or an IPv6 host's brackets and colons) become `_`, which no host
 * name has; a repository's `/` and anything else outside `[A-Za-z0-9._-]` become `-`. Neither can be `.` or `..`:
 * parseImageReference accepts only host and path components that start with a letter or digit.
 */
export function newerBaseScanDir(outDir: string, base: Pick<ImageReference, 'registry' | 'repository'>): string {
  return path.join(
    outDir,
    'base-scan',
    base.registry.replace(/[^A-Za-z0-9.-]/g, '_'),
    base.repository.replace(/[^A-Za-z0-9._-]+/g, '-'),
  );
}
