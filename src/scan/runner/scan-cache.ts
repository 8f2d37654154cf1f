import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../util/logger.js';
import { readTrivyReport, type ParsedTrivyReport } from '../report/trivy-report.js';
import { sha256File } from '../install/installed-binary.js';
import { readTrivyDbState } from './trivy-db.js';
import { AtomicFileSet } from '../../util/atomic-write.js';

/**
 * Trivy's results kept per image, beside Trivy's DB (`<cache-dir>/imagegate-scans/`), so that the next run on the
 * same image (the next push of a pull request that did not change it) reads them instead of running Trivy again.
 * The entry is Trivy's own report, before any policy: what the policy makes of it is decided again every run.
 *
 * Keyed by everything that changes what Trivy writes: the image (config digest and layer diff IDs), Trivy's
 * version, the DBs' UpdatedAt, the scanners, the platform and whether every package was listed. An entry is used
 * only when this run would not update the DB (a DB from today): a run whose DB is due for an update scans, and
 * saves under the new DB's timestamp.
 *
 * Trust: the cache dir is written by earlier jobs (the Action's and GitLab's caches), so an entry is untrusted
 * input. It is size-capped, its report must match the SHA-256 its index file names, it is read by the same parser
 * as a report the user brings, and its image must be this image. Anything else is a warning and a fresh scan.
 */

export const SCAN_CACHE_DIR = 'imagegate-scans';
/** Larger reports are neither saved nor read: the cache is for the common case, not the 100k-finding one. */
export const MAX_CACHED_REPORT_BYTES = 64 * 1024 * 1024;
/** Index files are small; anything larger is not one of ours. */
const MAX_INDEX_BYTES = 64 * 1024;
/** Entries kept per cache dir; the oldest go first. */
const MAX_ENTRIES = 32;
const FORMAT = 'imagegate-scan-cache/v1';

export interface ScanCacheKey {
  imageId: string;
  diffIds: string[];
  trivyVersion: string;
  /** The DBs' UpdatedAt (RFC 3339); the Java DB's only when one is cached. */
  dbUpdatedAt: string;
  javaDbUpdatedAt?: string;
  scanners: string[];
  platform?: string;
  listAllPackages: boolean;
}

interface IndexFile {
  format: typeof FORMAT;
  key: ScanCacheKey;
  savedAt: string;
  reportSha256: string;
  reportBytes: number;
}

/** How a cached scan is described in the results: when it was saved and how old it was when used. */
export interface CachedScanFacts {
  savedAt: string;
  ageSeconds: number;
}

/** The key for a scan about to run, or undefined when the DB is not current (Trivy would update it) or absent. */
export async function scanCacheKey(
  cacheDir: string,
  identity: Omit<ScanCacheKey, 'dbUpdatedAt' | 'javaDbUpdatedAt'>,
): Promise<ScanCacheKey | undefined> {
  const db = await readTrivyDbState(cacheDir, 'db');
  const updatedAt = db.hasDatabase ? db.metadata?.updatedAt : undefined;
  if (!updatedAt) return undefined;
  const java = await readTrivyDbState(cacheDir, 'javaDb');
  const javaUpdatedAt = java.hasDatabase ? java.metadata?.updatedAt : undefined;
  return {
    ...identity,
    scanners: [...identity.scanners].sort(),
    dbUpdatedAt: updatedAt.toISOString(),
    ...(javaUpdatedAt ? { javaDbUpdatedAt: javaUpdatedAt.toISOString() } : {}),
  };
}

/** The files of one entry: what a CI cache restores and saves for it (src/action/trivy-scan-cache.ts). */
export function scanCacheEntryFiles(cacheDir: string, key: ScanCacheKey): { name: string; files: string[] } {
  const name = entryName(key);
  const dir = path.join(cacheDir, SCAN_CACHE_DIR);
  return { name, files: [path.join(dir, `${name}.json`), path.join(dir, `${name}.trivy.json`)] };
}

function entryName(key: ScanCacheKey): string {
  return createHash('sha256').update(canonicalKey(key)).digest('hex').slice(0, 32);
}

function canonicalKey(key: ScanCacheKey): string {
  return JSON.stringify([
    key.imageId,
    key.diffIds,
    key.trivyVersion,
    key.dbUpdatedAt,
    key.javaDbUpdatedAt ?? null,
    key.scanners,
    key.platform ?? null,
    key.listAllPackages,
  ]);
}

/**
 * The cached report for `key`, copied to `outputFile` (Trivy's report in the out dir, as a scan would leave it),
 * or undefined when there is none or it cannot be trusted (then a warning says why).
 */
export async function readCachedScan(
  cacheDir: string,
  key: ScanCacheKey,
  outputFile: string,
  context: { logger: Logger; now: Date },
): Promise<{ report: ParsedTrivyReport; cached: CachedScanFacts } | undefined> {
  const dir = path.join(cacheDir, SCAN_CACHE_DIR);
  const name = entryName(key);
  const indexPath = path.join(dir, `${name}.json`);
  const reportPath = path.join(dir, `${name}.trivy.json`);
  const indexInfo = await stat(indexPath).catch(() => undefined);
  if (!indexInfo) return undefined;
  const ignore = (why: string): undefined => {
    context.logger.warning(`scan cache: ignoring the cached scan ${name} (${why}); running Trivy`);
    return undefined;
  };
  try {
    if (!indexInfo.isFile() || indexInfo.size > MAX_INDEX_BYTES) return ignore('its index is not a small file');
    const index = parseIndex(await readFile(indexPath, 'utf8'));
    if (!index) return ignore('its index is not valid JSON of the expected shape');
    if (canonicalKey(index.key) !== canonicalKey(key)) return ignore('it was saved for another image or DB');
    const reportInfo = await stat(reportPath).catch(() => undefined);
    if (!reportInfo?.isFile()) return ignore('its report is missing');
    if (reportInfo.size > MAX_CACHED_REPORT_BYTES) return ignore(`its report is over ${MAX_CACHED_REPORT_BYTES} bytes`);
    if (reportInfo.size !== index.reportBytes) return ignore('its report is not the size its index records');
    await mkdir(path.dirname(outputFile), { recursive: true });
    await copyFile(reportPath, outputFile);
    if ((await sha256File(outputFile)) !== index.reportSha256) {
      await rm(outputFile, { force: true });
      return ignore('its report does not match the SHA-256 its index records');
    }
    let report: ParsedTrivyReport;
    try {
      report = await readTrivyReport(outputFile, `scan cache ${name}`, { maxBytes: MAX_CACHED_REPORT_BYTES });
    } catch (error) {
      await rm(outputFile, { force: true });
      return ignore(
        `it is not a Trivy report imagegate reads: ${error instanceof Error ? error.message : 'unreadable'}`,
      );
    }
    // As for a fresh scan (src/pipeline/pipeline.ts): a report that names its image's layers must name this one's.
    const layers = report.image?.layers.map((layer) => layer.diffId);
    if (layers && layers.join() !== key.diffIds.join()) {
      await rm(outputFile, { force: true });
      return ignore('its report describes another image');
    }
    const savedAt = new Date(index.savedAt);
    const ageSeconds = Math.max(0, Math.round((context.now.getTime() - savedAt.getTime()) / 1000));
    return { report, cached: { savedAt: savedAt.toISOString(), ageSeconds } };
  } catch (error) {
    return ignore(error instanceof Error ? error.message : 'unreadable');
  }
}

/**
 * Saves Trivy's report (`reportFile`, already redacted) under `key`. Failing to save is a warning, never a failed
 * run; a report over the cap is not saved. Old entries beyond MAX_ENTRIES are removed.
 */
export async function saveCachedScan(
  cacheDir: string,
  key: ScanCacheKey,
  reportFile: string,
  context: { logger: Logger; now: Date },
): Promise<boolean> {
  try {
    const info = await stat(reportFile);
    if (info.size > MAX_CACHED_REPORT_BYTES) {
      context.logger.info(`scan cache: Trivy's report is over ${MAX_CACHED_REPORT_BYTES} bytes; not cached`);
      return false;
    }
    const dir = path.join(cacheDir, SCAN_CACHE_DIR);
    await mkdir(dir, { recursive: true });
    const name = entryName(key);
    // Read once: the index records the hash and size of the very bytes staged.
    const report = await readFile(reportFile);
    const index: IndexFile = {
      format: FORMAT,
      key,
      savedAt: context.now.toISOString(),
      reportSha256: createHash('sha256').update(report).digest('hex'),
      reportBytes: report.length,
    };
    // Staged and renamed together, report before index, so a concurrent reader sees a whole entry or none.
    await new AtomicFileSet({ what: 'the scan cache', place: dir, placeKind: 'directory' }).run(async (files) => {
      await files.stageBytes(path.join(dir, `${name}.trivy.json`), report);
      await files.stage(path.join(dir, `${name}.json`), (sink) => sink.writeFile(`${JSON.stringify(index)}\n`, 'utf8'));
    });
    await pruneEntries(dir);
    return true;
  } catch (error) {
    context.logger.warning(`scan cache: could not save the scan: ${error instanceof Error ? error.message : error}`);
    return false;
  }
}

async function pruneEntries(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((file) => /^[0-9a-f]{32}\.json$/.test(file));
  if (names.length <= MAX_ENTRIES) return;
  const dated = await Promise.all(
    names.map(async (file) => ({ file, mtime: (await stat(path.join(dir, file))).mtimeMs })),
  );
  dated.sort((a, b) => a.mtime - b.mtime);
  for (const { file } of dated.slice(0, dated.length - MAX_ENTRIES)) {
    const name = file.slice(0, -'.json'.length);
    await rm(path.join(dir, file), { force: true });
    await rm(path.join(dir, `${name}.trivy.json`), { force: true });
  }
}

function parseIndex(text: string): IndexFile | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const index = value as Partial<IndexFile>;
  const key = index.key as Partial<ScanCacheKey> | undefined;
  const strings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((item) => typeof item === 'string');
  if (
    index.format !== FORMAT ||
    typeof index.savedAt !== 'string' ||
    Number.isNaN(Date.parse(index.savedAt)) ||
    typeof index.reportSha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(index.reportSha256) ||
    typeof index.reportBytes !== 'number' ||
    typeof key !== 'object' ||
    key === null ||
    typeof key.imageId !== 'string' ||
    !strings(key.diffIds) ||
    typeof key.trivyVersion !== 'string' ||
    typeof key.dbUpdatedAt !== 'string' ||
    !(key.javaDbUpdatedAt === undefined || typeof key.javaDbUpdatedAt === 'string') ||
    !strings(key.scanners) ||
    !(key.platform === undefined || typeof key.platform === 'string') ||
    typeof key.listAllPackages !== 'boolean'
  ) {
    return undefined;
  }
  return index as IndexFile;
}
