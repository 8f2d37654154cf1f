import { copyFile, lstat, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, ToolError } from '../util/errors.js';
import { exec } from '../util/exec.js';
import type { Logger } from '../util/logger.js';
import { FEEDS_DIR, fetchFeed } from '../scan/feeds/feed-cache.js';
import { DEFAULT_EPSS_URLS, DEFAULT_KEV_URLS } from '../scan/feeds/load-feeds.js';
import { MAX_EPSS_BYTES, parseEpss } from '../scan/feeds/epss-feed.js';
import { MAX_KEV_BYTES, parseKev } from '../scan/feeds/kev-feed.js';
import { locateTrivy } from '../scan/install/locate-trivy.js';
import { recordChangedTrivyDbs, verifyTrivyDbs } from '../scan/runner/trivy-db-record.js';
import { isFreshToday, readTrivyDbState, resolveDbOptions, TRIVY_DATABASES } from '../scan/runner/trivy-db.js';
import { buildTrivyDbDownloadArgs } from '../scan/runner/trivy-run-args.js';
import { trivyEnv, withoutRegistryCredentials } from '../scan/runner/trivy-run-env.js';
import { BUNDLE_FORMAT, BUNDLE_MANIFEST, sha256Of, type BundleFile, type BundleManifest } from './bundle-manifest.js';

/**
 * `imagegate offline bundle --out DIR` (issue 18 item 3): everything an air-gapped `imagegate check` needs, in one
 * directory to copy across: the pinned, checksum-verified Trivy (from the install cache, installed first when
 * missing), its DB (downloaded by Trivy first unless today's is cached) and the Java DB when cached, the KEV and EPSS feeds
 * (today's cached copy or a download; a feed that cannot be had is left out with a warning), and the manifest.
 * Laid out as the caches are (`trivy/<version>/<os>-<arch>/`, `db/`, `java-db/`, `feeds/`), so using it is copying.
 */

export interface MakeBundleRequest {
  out: string;
  /** The Trivy install root (the CLI's cache) and the DB cache dir to collect from. */
  installDir: string;
  cacheDir: string;
  trivyVersion?: string;
  trivySha256?: string;
  downloadBaseUrl?: string;
  kevUrls?: readonly string[];
  epssUrls?: readonly string[];
  /** `--trivy-db-repository` / `--trivy-java-db-repository`: the DB mirrors, in order of preference. */
  dbRepositories?: readonly string[];
  javaDbRepositories?: readonly string[];
  env: Record<string, string | undefined>;
  now: Date;
  logger: Logger;
}

export async function makeOfflineBundle(request: MakeBundleRequest): Promise<BundleManifest> {
  const { logger, cacheDir } = request;
  const out = path.resolve(request.out);
  const existing = await readdir(out).catch(() => undefined);
  if (existing && existing.length > 0) {
    throw new ConfigurationError(`offline bundle --out ${out}: the directory is not empty; name a new one`);
  }
  const trivy = await locateTrivy({
    logger,
    cache: { kind: 'directory', dir: request.installDir },
    searchPath: '',
    ...(request.trivyVersion ? { version: request.trivyVersion } : {}),
    ...(request.trivySha256 ? { sha256: request.trivySha256 } : {}),
    ...(request.downloadBaseUrl ? { downloadBaseUrl: request.downloadBaseUrl } : {}),
  });
  await mkdir(cacheDir, { recursive: true });
  await verifyTrivyDbs(cacheDir, { logger });
  await downloadDbs(trivy.path, cacheDir, request);
  const db = await readTrivyDbState(cacheDir, 'db');
  if (!db.hasDatabase) {
    throw new ToolError(`no Trivy DB in ${cacheDir} after the download`, { command: 'trivy --download-db-only' });
  }
  await downloadJavaDb(trivy.path, cacheDir, request);
  const javaDb = await readTrivyDbState(cacheDir, 'javaDb');

  await mkdir(out, { recursive: true });
  const files: BundleFile[] = [];
  const add = async (from: string, relative: string) => {
    const target = path.join(out, ...relative.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(from, target);
    const info = await lstat(target);
    files.push({ path: relative, sha256: await sha256Of(target), bytes: info.size });
  };
  const platformDir = path.dirname(trivy.path);
  const trivyDir = `trivy/${trivy.version}/${path.basename(platformDir)}`;
  for (const name of (await readdir(platformDir)).sort()) {
    if ((await lstat(path.join(platformDir, name))).isFile())
      await add(path.join(platformDir, name), `${trivyDir}/${name}`);
  }
  for (const layout of Object.values(TRIVY_DATABASES)) {
    const dir = path.join(cacheDir, layout.dir);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if ((await lstat(path.join(dir, name))).isFile()) await add(path.join(dir, name), `${layout.dir}/${name}`);
    }
  }
  const feeds: BundleManifest['feeds'] = [];
  for (const feed of ['kev', 'epss'] as const) {
    const urls = (feed === 'kev' ? request.kevUrls : request.epssUrls) ?? [];
    try {
      const got = await fetchFeed({
        feed,
        urls: urls.length > 0 ? urls : feed === 'kev' ? DEFAULT_KEV_URLS : DEFAULT_EPSS_URLS,
        cacheDir,
        now: request.now,
        maxBytes: feed === 'kev' ? MAX_KEV_BYTES : MAX_EPSS_BYTES,
        logger,
        // Only a feed that parses goes into the bundle: an air-gapped run has no other copy to fall back on.
        parse: (body: Buffer, source: string): unknown =>
          feed === 'kev' ? parseKev(body.toString('utf8'), source) : parseEpss(body, source),
      });
      await add(path.join(cacheDir, FEEDS_DIR, feed), `${FEEDS_DIR}/${feed}`);
      await add(path.join(cacheDir, FEEDS_DIR, `${feed}.record.json`), `${FEEDS_DIR}/${feed}.record.json`);
      feeds.push({ feed, downloadedAt: got.downloadedAt, url: got.url });
    } catch (error) {
      logger.warning(`offline bundle: the ${feed} feed is left out: ${(error as Error).message}`);
    }
  }
  const dates = (state: typeof db) => ({
    updatedAt: state.metadata?.updatedAt?.toISOString() ?? null,
    downloadedAt: state.metadata?.downloadedAt?.toISOString() ?? null,
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: 1,
    createdAt: request.now.toISOString(),
    trivy: {
      version: trivy.version,
      platform: process.platform,
      arch: process.arch,
      dir: trivyDir,
    },
    db: dates(db),
    javaDb: javaDb.hasDatabase ? dates(javaDb) : null,
    feeds,
    files,
  };
  await writeFile(path.join(out, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  logger.info(
    `offline bundle: ${files.length} files in ${out} (Trivy ${trivy.version}, DB of ${manifest.db.updatedAt})`,
  );
  return manifest;
}

/** Trivy downloads the vulnerability DB into the cache dir unless today's is there. */
async function downloadDbs(binary: string, cacheDir: string, request: MakeBundleRequest): Promise<void> {
  if (isFreshToday(await readTrivyDbState(cacheDir, 'db'), 'db', request.now)) return;
  const options = await resolveDbOptions(dbRequest(cacheDir, request));
  const args = buildTrivyDbDownloadArgs({ database: 'db', cacheDir, db: options });
  await exec(binary, args, { logger: request.logger, env: dbDownloadEnv(request.env), timeoutMs: 15 * 60_000 });
  await recordChangedTrivyDbs(cacheDir);
}

/**
 * The Java DB (review of int18, finding 8): Trivy downloads it (`--download-java-db-only`, from the Java DB
 * repositories) unless today's is cached, so that an air-gapped scan of an image with JARs has it. It is large and
 * its registry often rate-limits: a failed download is a warning, and the bundle then holds the cached copy if there
 * is one, else no Java DB (an air-gapped scan of an image without JARs never needs it; one with JARs says so, exit 3).
 */
async function downloadJavaDb(binary: string, cacheDir: string, request: MakeBundleRequest): Promise<void> {
  if (isFreshToday(await readTrivyDbState(cacheDir, 'javaDb'), 'javaDb', request.now)) return;
  const options = await resolveDbOptions(dbRequest(cacheDir, request));
  const args = buildTrivyDbDownloadArgs({ database: 'javaDb', cacheDir, db: options });
  try {
    await exec(binary, args, { logger: request.logger, env: dbDownloadEnv(request.env), timeoutMs: 30 * 60_000 });
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    request.logger.warning(`offline bundle: the Java DB could not be downloaded: ${error.message}`);
  }
  await recordChangedTrivyDbs(cacheDir);
}

/**
 * The DB registries never get registry credentials: the job's TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN are for its
 * image registry, and Trivy would send them to every registry (see src/scan/runner/trivy-db-prefetch.ts).
 */
function dbDownloadEnv(parent: Record<string, string | undefined>): Record<string, string | undefined> {
  return withoutRegistryCredentials(trivyEnv(parent, { dropInheritedCredentials: true }).env);
}

function dbRequest(cacheDir: string, request: MakeBundleRequest) {
  return {
    cacheDir,
    now: request.now,
    ...(request.dbRepositories?.length ? { repositories: request.dbRepositories } : {}),
    ...(request.javaDbRepositories?.length ? { javaRepositories: request.javaDbRepositories } : {}),
  };
}
