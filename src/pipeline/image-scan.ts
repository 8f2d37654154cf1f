import type { RunConfig } from '../config/run-config.js';
import { trivyRegistryAccess } from '../image/source/registry/trivy-access.js';
import { useOfflineBundle, type BundledTrivy } from '../offline/use-bundle.js';
import type { ScanOptions } from '../scan/scan-options.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import type { AcquiredImage } from './acquire-image.js';
import { redactToolOutput } from './config-secrets-stage.js';
import { runScanStage, type ScanEnvironment } from './scan-stage.js';

/** What the scan of the image under test needs from the run. */
export interface ImageScanRequest {
  config: RunConfig;
  scan: ScanOptions;
  /** The image as read; none for a brought Trivy report. */
  acquired: AcquiredImage | undefined;
  environment: ScanEnvironment;
  redactor: Redactor;
  displayPath: (file: string) => string;
  logger: Logger;
  /** An offline bundle a `--platform all` run already verified for every platform (multi-platform.ts). */
  handedBundle?: BundledTrivy;
  /** Where this run registers what it made for itself (the bundle's private copy), removed when the run ends. */
  cleanups: Array<() => Promise<void>>;
}

/**
 * The image's Trivy scan (or the brought report), with the run's offline bundle, scan-cache identity and secret
 * redaction. The bundle is copied into a private dir and verified there before anything in it is used
 * (src/offline/use-bundle.ts); the bundle is returned so the feeds and the newer-base scan use the same copy.
 */
export async function scanImage(request: ImageScanRequest) {
  const { config, scan, acquired, logger } = request;
  const ownBundle =
    !request.handedBundle && config.offlineBundle
      ? await useOfflineBundle(
          config.offlineBundle,
          (scan.kind === 'trivy' ? scan.cacheDir : undefined) ?? request.environment.defaultCacheDir,
          logger,
        )
      : undefined;
  if (ownBundle) request.cleanups.push(ownBundle.cleanup);
  const trivyBundle = request.handedBundle ?? ownBundle;
  const report = await runScanStage(
    {
      scan,
      image: acquired?.scanInput ?? { kind: 'trivy-report' },
      ...(config.platform ? { platform: config.platform } : {}),
      ...(acquired?.scanInput.kind === 'registry'
        ? {
            registry: trivyRegistryAccess(acquired.scanInput.reference, config.environment, config.insecureRegistries),
          }
        : {}),
      outDir: config.outDir,
      displayPath: request.displayPath,
      ...(config.sbom?.length ? { listAllPackages: true } : {}),
      ...(acquired
        ? { cacheIdentity: { imageId: acquired.facts.id, diffIds: acquired.facts.layers.map((l) => l.diffId) } }
        : {}),
      ...(config.noScanCache ? { noScanCache: true } : {}),
      ...(config.offline ? { offline: true } : {}),
      ...(trivyBundle ? { trivyBundle } : {}),
      redact: (file: string) => redactToolOutput(file, request.redactor),
    },
    request.environment,
    { logger },
  );
  return { report, trivyBundle };
}
