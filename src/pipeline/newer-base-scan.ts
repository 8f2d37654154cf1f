import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import { baseRegistryEnvironment } from '../image/source/registry/base-credentials.js';
import { trivyRegistryAccess } from '../image/source/registry/trivy-access.js';
import { parseImageReference } from '../model/image-reference.js';
import type { ScanOptions } from '../scan/scan-options.js';
import type { ScanFacts } from '../scan/types.js';
import type { BundledTrivy } from '../offline/use-bundle.js';
import type { Logger } from '../util/logger.js';
import { runScanStage, type ScanEnvironment } from './scan-stage.js';

/**
 * Issue 18 item 5: Trivy on the newer base by registry reference (`registry/repository@sha256:…`), with the run's
 * scanners, DB and cache, its report kept under `<out>/base-scan/`. The base's registry gets only its own
 * credentials (baseRegistryEnvironment). Only the vulnerabilities are compared, so only they are asked for.
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
    /** The main scan's offline settings: the newer base is scanned with the same DB, never a download. */
    offline?: boolean;
    trivyBundle?: BundledTrivy;
  },
): Promise<ScanFacts | undefined> {
  const { config } = run;
  const parsed = parseImageReference(reference);
  const environment = baseRegistryEnvironment(parsed, run.imageRegistryReference, config.environment);
  const report = await runScanStage(
    {
      scan: { ...run.scan, scanners: ['vuln'] },
      image: { kind: 'registry', reference },
      ...(config.platform ? { platform: config.platform } : {}),
      registry: trivyRegistryAccess(reference, environment, config.insecureRegistries),
      outDir: path.join(config.outDir, 'base-scan', parsed.repository.replace(/[^A-Za-z0-9._-]+/g, '-')),
      displayPath: run.displayPath,
      ...(run.offline ? { offline: true } : {}),
      ...(run.trivyBundle ? { trivyBundle: run.trivyBundle } : {}),
    },
    run.environment,
    { logger: run.logger },
  );
  return report?.scan;
}
