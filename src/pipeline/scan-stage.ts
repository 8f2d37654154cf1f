import type { FeedsCache } from './feeds-stage.js';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ImageInput } from '../image/image-input.js';
import type { ScanOptions } from '../scan/scan-options.js';
import type { TrivyRegistryAccess } from '../image/source/registry/trivy-access.js';
import type { Logger } from '../util/logger.js';
import type { BundledTrivy } from '../offline/use-bundle.js';
import { locateTrivy, type LocateTrivyOptions } from '../scan/install/locate-trivy.js';
import { describeVerification } from '../scan/install/release-trust.js';
import { resolveDbOptions } from '../scan/runner/trivy-db.js';
import { readDbAge, requireOfflineDb } from '../scan/runner/db-age.js';
import { recordChangedTrivyDbs, verifyTrivyDbs } from '../scan/runner/trivy-db-record.js';
import { readTrivyReport, type ParsedTrivyReport } from '../scan/report/trivy-report.js';
import { runTrivyScan, type TrivyScanRequest } from '../scan/runner/trivy-runner.js';
import {
  readCachedScan,
  saveCachedScan,
  scanCacheEntryFiles,
  scanCacheKey,
  type ScanCacheKey,
} from '../scan/runner/scan-cache.js';

/** What differs between the Action and the CLI when scanning: where tools and the DB live, and DB caching. */
export interface ScanEnvironment {
  trivyInstallCache: LocateTrivyOptions['cache'];
  /** The entry point's process environment: Trivy inherits it (filtered) and trivy is looked up on its PATH. */
  processEnv: Record<string, string | undefined>;
  /** Trivy's cache dir when the user names none. */
  defaultCacheDir: string;
  /** Restores Trivy's DB before the scan and saves it after, whatever the gate decides (the Action's cache). */
  dbCache?: TrivyDbCache;
  /**
   * Brings one scan-cache entry (src/scan/runner/scan-cache.ts) from a CI cache into the cache dir before it is
   * looked up, and keeps a newly saved one there (the Action's cache; GitLab caches the whole dir itself).
   */
  scanCache?: ScanCacheStore;
  /** Trivy release downloads (tests and mirrors). */
  trivyDownloadBaseUrl?: string;
  /** Keeps the KEV/EPSS feeds (`<cache dir>/feeds/`) across runs (the Action's cache); see the feeds stage. */
  feedsCache?: FeedsCache;
}

/** A CI cache holding scan-cache entries, one per key; failures are warnings, never a failed run. */
export interface ScanCacheStore {
  restore(entry: { name: string; files: string[] }): Promise<void>;
  save(entry: { name: string; files: string[] }): Promise<void>;
}

/** Restores Trivy's DB into the cache dir before the scan; the handle saves it afterwards. */
export interface TrivyDbCache {
  restore(cacheDir: string): Promise<{ save(): Promise<void> }>;
}

export interface ScanStageRequest {
  scan: ScanOptions;
  /** The image to scan: for a build, the daemon reference of what was built. */
  image: Exclude<ImageInput, { kind: 'build' } | { kind: 'none' }>;
  platform?: string;
  outDir: string;
  displayPath: (file: string) => string;
  /** For an image read from a registry: what Trivy needs to reach it there. */
  registry?: TrivyRegistryAccess;
  /** Have Trivy list every package (`--list-all-pkgs`), for the SBOM, in the one scan it runs. */
  listAllPackages?: boolean;
  /** The image's identity for the scan cache (src/scan/runner/scan-cache.ts); no cache without it. */
  cacheIdentity?: { imageId: string; diffIds: string[] };
  /** `--no-scan-cache`: always run Trivy and save nothing. */
  noScanCache?: boolean;
  /** Redacts Trivy's report file in place (before it is cached): no secret the run knows is kept. */
  redact?: (file: string) => Promise<void>;
  /**
   * `--offline`: no download of Trivy, its DBs or checksums, no CI cache service; the cached DB is used whatever its
   * age (its age is reported), and a missing binary or DB is a ToolError naming it.
   */
  offline?: boolean;
  /**
   * `--offline-bundle`: run the bundle's Trivy (checked against the pin like any install), never one on PATH, with its
   * DB: both from the run's private verified copy.
   */
  trivyBundle?: BundledTrivy;
}

/**
 * The scan: a report the user brings, or Trivy run on the image (installed when needed, DB from the cache).
 * Returns undefined when scanning is off. Trivy's own report is kept in the out dir beside imagegate's.
 */
export async function runScanStage(
  request: ScanStageRequest,
  environment: ScanEnvironment,
  context: { logger: Logger },
): Promise<ParsedTrivyReport | undefined> {
  const { scan } = request;
  if (scan.kind === 'skip') {
    context.logger.warning('vulnerability scan skipped (--skip-scan): only the image policy is checked');
    return undefined;
  }
  if (scan.kind === 'report') return readTrivyReport(scan.file, request.displayPath(scan.file));
  if (request.image.kind === 'trivy-report')
    throw new Error('a Trivy run needs an image; the entry point must give one');

  const { logger } = context;
  const bundle = request.trivyBundle;
  const binary = await locateTrivy({
    logger,
    cache: bundle ? { kind: 'directory', dir: bundle.installDir } : environment.trivyInstallCache,
    searchPath: bundle ? '' : (environment.processEnv['PATH'] ?? ''),
    ...(bundle ? { version: bundle.version } : scan.version ? { version: scan.version } : {}),
    ...(environment.trivyDownloadBaseUrl ? { downloadBaseUrl: environment.trivyDownloadBaseUrl } : {}),
    ...(scan.sha256 ? { sha256: scan.sha256 } : {}),
    ...(scan.trustOnFirstUse ? { trustOnFirstUse: true } : {}),
    ...(request.offline ? { offline: true } : {}),
  });
  const verified = describeVerification(binary.verification);
  if (binary.verification === 'trust-on-first-use') {
    logger.warning(`running Trivy ${binary.version} at ${binary.path}: ${verified}`);
  } else {
    logger.info(`trivy ${binary.version} (${binary.source}): ${binary.path}; ${verified}`);
  }
  // A bundle's DBs are used from its private verified copy, never copied into the shared cache (see use-bundle.ts).
  const cacheDir = bundle?.cacheDir ?? scan.cacheDir ?? environment.defaultCacheDir;
  await mkdir(cacheDir, { recursive: true });
  await mkdir(request.outDir, { recursive: true });
  const offline = request.offline === true;
  // Offline, the CI's cache service is network too: the cache dir (or the bundle) is all there is.
  const restored = offline ? undefined : await environment.dbCache?.restore(cacheDir);
  let scanned = false;
  try {
    // A DB that does not match the record of its download (a cache another job wrote) is deleted, not used.
    await verifyTrivyDbs(cacheDir, { logger });
    const db = await resolveDbOptions({
      cacheDir,
      ...(scan.dbRepositories ? { repositories: scan.dbRepositories } : {}),
      ...(scan.javaDbRepositories ? { javaRepositories: scan.javaDbRepositories } : {}),
      now: new Date(),
      ...(offline ? { offline: true } : {}),
    });
    if (offline) await requireOfflineDb(cacheDir);
    const outputFile = path.join(request.outDir, 'trivy.json');
    const identity = request.cacheIdentity && {
      ...request.cacheIdentity,
      trivyVersion: binary.version,
      scanners: scan.scanners,
      listAllPackages: request.listAllPackages ?? false,
      ...(request.platform ? { platform: request.platform } : {}),
    };
    // Only when this run would not update the DB (db.skipUpdate): otherwise Trivy scans with a newer DB.
    const key: ScanCacheKey | undefined =
      identity && !request.noScanCache ? await scanCacheKey(cacheDir, identity) : undefined;
    if (key && db.skipUpdate && (key.javaDbUpdatedAt === undefined || db.skipJavaUpdate)) {
      if (!offline) await environment.scanCache?.restore(scanCacheEntryFiles(cacheDir, key));
      const hit = await readCachedScan(cacheDir, key, outputFile, { logger, now: new Date() });
      if (hit) {
        logger.info(
          `scan cache: Trivy ${binary.version}'s results for ${describeTarget(request.image)} with the DB of ` +
            `${key.dbUpdatedAt}, saved ${hit.cached.savedAt}; Trivy not run`,
        );
        const { report } = hit;
        // Redacted when saved, but with that run's secrets: this run's are removed too.
        await request.redact?.(outputFile);
        report.scan.binary = { path: binary.path, version: binary.version, verification: binary.verification };
        report.scan.cached = hit.cached;
        await addDbAge(report, cacheDir, offline);
        if (request.listAllPackages) report.scan.packages ??= [];
        return report;
      }
    }
    const scanRequest: TrivyScanRequest = {
      binary: binary.path,
      env: environment.processEnv,
      target: scanTarget(request.image),
      outputFile,
      scanners: scan.scanners,
      cacheDir,
      db,
      ...(scan.timeout ? { timeout: scan.timeout } : {}),
      ...(request.platform ? { platform: request.platform } : {}),
      ...(request.listAllPackages ? { listAllPackages: true } : {}),
      ...(request.registry?.credentials ? { credentials: request.registry.credentials } : {}),
      ...(request.registry?.insecure ? { extraEnv: { TRIVY_INSECURE: 'true' } } : {}),
      ...(request.registry?.dropInheritedCredentials ? { dropInheritedCredentials: true } : {}),
    };
    await logger.group(`trivy image ${describeTarget(request.image)}`, () => runTrivyScan(scanRequest, { logger }));
    scanned = true;
    // What Trivy downloaded in this run is recorded before anything can cache it.
    await recordChangedTrivyDbs(cacheDir);
    const report = await readTrivyReport(outputFile, request.displayPath(outputFile));
    await request.redact?.(outputFile);
    if (identity && !request.noScanCache) {
      // Keyed by the DB Trivy scanned with, which it may have just downloaded.
      const saveKey = await scanCacheKey(cacheDir, identity);
      if (saveKey && (await saveCachedScan(cacheDir, saveKey, outputFile, { logger, now: new Date() }))) {
        if (!offline) await environment.scanCache?.save(scanCacheEntryFiles(cacheDir, saveKey));
      }
    }
    report.scan.binary = { path: binary.path, version: binary.version, verification: binary.verification };
    await addDbAge(report, cacheDir, offline);
    // With --list-all-pkgs, no Packages anywhere means the image has none (FROM scratch), not a partial list.
    if (request.listAllPackages) report.scan.packages ??= [];
    return report;
  } finally {
    // Saved whatever the gate decides next (a failed gate must not cost tomorrow's run a DB download), but only
    // after Trivy succeeded: a DB from a failed run may be half-written.
    if (scanned) await restored?.save();
  }
}

/** The DB's age beside the results, and a log line saying it (the summary and imagegate.json show it too). */
async function addDbAge(report: ParsedTrivyReport, cacheDir: string, offline: boolean): Promise<void> {
  const age = await readDbAge(cacheDir, new Date(), offline);
  if (age) report.scan.db = age;
}

function scanTarget(
  image: Exclude<ImageInput, { kind: 'build' } | { kind: 'trivy-report' } | { kind: 'none' }>,
): TrivyScanRequest['target'] {
  switch (image.kind) {
    case 'daemon':
      return { kind: 'image', reference: image.reference };
    case 'registry':
      // What was read from the registry is scanned there: a daemon holding the same name is never asked.
      return { kind: 'image', reference: image.reference, remoteOnly: true };
    case 'archive':
      return { kind: 'archive', path: image.path };
    case 'oci-layout':
      return { kind: 'oci-layout', path: image.path };
  }
}

function describeTarget(image: ScanStageRequest['image']): string {
  if (image.kind === 'daemon' || image.kind === 'registry') return image.reference;
  return image.kind === 'trivy-report' ? 'report' : image.path;
}
