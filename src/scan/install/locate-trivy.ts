import semver from 'semver';
import type { Logger } from '../../util/logger.js';
import { directoryStore } from './directory-store.js';
import { installReleaseInto } from './install-release.js';
import { findOnPath, probeTrivyVersion } from './path-trivy.js';
import { PINNED_TRIVY_VERSION } from './pinned-releases.js';
import { assetPlatformFor, checkDownloadBaseUrl, DEFAULT_TRIVY_DOWNLOAD_BASE_URL } from './release-assets.js';
import { toolCacheStore } from './tool-cache-store.js';
import type { TrivyStore } from './trivy-store.js';
import { compromisedReason, normalizeRequestedVersion, SUPPORTED_TRIVY_RANGE } from './trivy-versions.js';

export interface TrivyBinary {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'download';
}

export interface LocateTrivyOptions {
  logger: Logger;
  /** Requested version ('0.72.0' or 'v0.72.0'); undefined = use a trivy on PATH in the supported range, else the pinned default. */
  version?: string;
  /** Where downloaded versions are kept: Action → the runner tool cache via @actions/tool-cache (cacheDir/find);
   *  CLI → `${XDG_CACHE_HOME:-~/.cache}/imagegate/trivy/<version>/<os>-<arch>/trivy`. */
  cache: { kind: 'tool-cache' } | { kind: 'directory'; dir: string };
  /** Release download base, default https://github.com/aquasecurity/trivy/releases/download (tests/mirrors override). */
  downloadBaseUrl?: string;
  /** PATH lookup (default process.env.PATH); injectable for tests. */
  searchPath?: string;
  platform?: NodeJS.Platform;
  arch?: string; // default process.platform/arch
}

/**
 * The trivy to run: one on PATH when its version fits (the requested one, or any in SUPPORTED_TRIVY_RANGE),
 * else the wanted version from the cache, else downloaded, verified and cached. Compromised versions are never
 * used. Throws ConfigurationError for a bad request or platform, ToolError when an install fails.
 */
export async function locateTrivy(options: LocateTrivyOptions): Promise<TrivyBinary> {
  const { logger } = options;
  const requested = options.version === undefined ? undefined : normalizeRequestedVersion(options.version);
  if (requested !== undefined && !semver.satisfies(requested, SUPPORTED_TRIVY_RANGE)) {
    logger.warning(
      `Trivy ${requested} is newer than the versions imagegate was tried with (${SUPPORTED_TRIVY_RANGE}); ` +
        'using it because it was asked for',
    );
  }
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const version = requested ?? PINNED_TRIVY_VERSION;

  const onPath = await trivyOnPath(options, platform, requested, version);
  if (onPath) return onPath;

  const assetPlatform = assetPlatformFor(platform, arch, version);
  const baseUrl = checkDownloadBaseUrl(options.downloadBaseUrl ?? DEFAULT_TRIVY_DOWNLOAD_BASE_URL);
  const store: TrivyStore =
    options.cache.kind === 'tool-cache'
      ? toolCacheStore(version, arch)
      : directoryStore(options.cache.dir, version, platform, arch);
  const cached = await store.find(logger);
  if (cached !== undefined) {
    logger.debug(`using Trivy ${version} from the cache: ${cached}`);
    return { path: cached, version, source: 'cache' };
  }
  const installed = await store.install(
    (stagingDir) => installReleaseInto(stagingDir, { version, assetPlatform, baseUrl, logger }),
    logger,
  );
  return { path: installed, version, source: 'download' };
}

async function trivyOnPath(
  options: LocateTrivyOptions,
  platform: NodeJS.Platform,
  requested: string | undefined,
  fallback: string,
): Promise<TrivyBinary | undefined> {
  const { logger } = options;
  const file = await findOnPath(options.searchPath ?? process.env['PATH'] ?? '', platform);
  if (file === undefined) {
    logger.debug('no trivy on PATH');
    return undefined;
  }
  const instead = `using Trivy ${fallback} from the cache or a verified download instead`;
  const probe = await probeTrivyVersion(file, logger);
  if ('problem' in probe) {
    logger.warning(`not using ${file}: ${probe.problem}; ${instead}`);
    return undefined;
  }
  const { version } = probe;
  const compromised = compromisedReason(version);
  if (compromised !== undefined) {
    logger.warning(
      `refusing ${file}: it is Trivy ${version}, a known-compromised version. ${compromised} ` +
        `Remove it from this machine and treat the machine's credentials as exposed; ${instead}`,
    );
    return undefined;
  }
  if (requested !== undefined && version !== requested) {
    logger.info(`not using ${file}: it is Trivy ${version}, not the requested ${requested}; ${instead}`);
    return undefined;
  }
  if (requested === undefined && !semver.satisfies(version, SUPPORTED_TRIVY_RANGE)) {
    logger.info(
      `not using ${file}: Trivy ${version} is outside the range imagegate supports (${SUPPORTED_TRIVY_RANGE}); ${instead}`,
    );
    return undefined;
  }
  return { path: file, version, source: 'path' };
}
